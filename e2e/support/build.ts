import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

export const repoRoot = `${resolve(import.meta.dirname, '../..')}/`;
const vite = `${repoRoot}node_modules/vite/bin/vite.js`;

/** Builds the PWA into `outDir` with a given build id (the update test needs two builds). */
export async function buildClient(outDir: string, buildId: string): Promise<string> {
  await promisify(execFile)(process.execPath, [vite, 'build', '--logLevel', 'error'], {
    cwd: repoRoot,
    env: { ...process.env, OUTPOST_CLIENT_OUT: outDir, OUTPOST_BUILD_ID: buildId },
    maxBuffer: 16 * 1024 * 1024,
  });
  if (!existsSync(`${outDir}/index.html`))
    throw new Error(`build produced no ${outDir}/index.html`);
  return outDir;
}
