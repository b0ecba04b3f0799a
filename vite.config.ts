import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig, type ViteUserConfig } from 'vitest/config';
import pkg from './package.json' with { type: 'json' };

const here = fileURLToPath(new URL('.', import.meta.url));

/** Identifies one build; the update prompt and error reports name it. Overridable for tests. */
function buildId(): string {
  if (process.env.OUTPOST_BUILD_ID) return process.env.OUTPOST_BUILD_ID;
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: here }).toString();
    return `${pkg.version}+${sha.trim()}`;
  } catch {
    return pkg.version;
  }
}

const config: ViteUserConfig = {
  root: `${here}client`,
  define: { __BUILD_ID__: JSON.stringify(buildId()) },
  build: {
    outDir: process.env.OUTPOST_CLIENT_OUT ?? `${here}dist/client`,
    emptyOutDir: true,
    sourcemap: true,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
  plugins: [
    react(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'sw',
      filename: 'sw.ts',
      // The app registers the worker itself with workbox-window: no injected inline script.
      injectRegister: false,
      registerType: 'prompt',
      injectManifest: { globPatterns: ['**/*.{js,css,html,svg,png,ico,webmanifest,woff2}'] },
      manifest: {
        id: '/',
        name: 'Outpost',
        short_name: 'Outpost',
        description: 'Offline-first sales tool: contacts, campaigns and ideal-customer profile.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#1f3a5f',
        background_color: '#f6f7f9',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          {
            src: '/icons/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
    }),
  ],
  test: {
    projects: [
      {
        extends: false,
        test: {
          name: 'unit',
          root: here,
          include: ['shared/**/*.test.ts', 'sync-server/**/*.test.ts', 'bench/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'client',
          root: `${here}client`,
          include: ['src/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
        },
      },
      {
        extends: false,
        test: {
          name: 'e2e',
          root: here,
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['e2e/support/global-setup.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 240_000,
          // One Chromium at a time: the machine has two cores.
          fileParallelism: false,
        },
      },
    ],
  },
};

export default defineConfig(({ command }) => {
  // A build run from a test runner inherits NODE_ENV=test, which Vite turns into a development
  // bundle (import.meta.env.DEV, no service worker, error details shown). Builds are production
  // unless a development build is asked for explicitly, as Vite documents (NODE_ENV=development).
  if (command === 'build' && process.env.NODE_ENV !== 'development') {
    process.env.NODE_ENV = 'production';
  }
  return config;
});
