/**
 * Renders client/public/icons/icon.svg (the one source of the app's mark) into the PNG icons the
 * web manifest and iOS need, with the system Chromium, and copies it as the favicon.
 *
 *   node scripts/make-icons.ts            (CHROMIUM=/path/to/chromium to override)
 *
 * "any" icons keep the rounded square on a transparent background. Maskable and Apple icons are
 * cropped by the OS into its own shape, so they get a full-bleed background with the mark kept
 * inside the central 80% safe zone.
 */
import { copyFile, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const publicDir = fileURLToPath(new URL('../client/public/', import.meta.url));
const source = `${publicDir}icons/icon.svg`;
const background = '#1f3a5f';

interface Target {
  file: string;
  size: number;
  /** Share of the canvas the rounded-square icon takes; below 1 only with a full-bleed background. */
  scale: number;
  fullBleed: boolean;
}

const targets: Target[] = [
  { file: 'icons/icon-192.png', size: 192, scale: 1, fullBleed: false },
  { file: 'icons/icon-512.png', size: 512, scale: 1, fullBleed: false },
  // The mark spans about 57% of the icon; at 85% it stays well inside the 80% safe circle.
  { file: 'icons/icon-maskable-512.png', size: 512, scale: 0.85, fullBleed: true },
  // iOS shows transparency as black and rounds the corners itself.
  { file: 'icons/apple-touch-icon.png', size: 180, scale: 0.9, fullBleed: true },
];

function page(svg: string, target: Target): string {
  const inner = Math.round(target.size * target.scale);
  const bg = target.fullBleed ? background : 'transparent';
  const sized = svg.replace(/width="\d+" height="\d+"/, `width="${inner}" height="${inner}"`);
  return `<!doctype html><html><body style="margin:0;width:${target.size}px;height:${target.size}px;
    display:grid;place-items:center;background:${bg}">${sized}</body></html>`;
}

const svg = await readFile(source, 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  for (const target of targets) {
    const context = await browser.newContext({
      viewport: { width: target.size, height: target.size },
      deviceScaleFactor: 1,
    });
    const tab = await context.newPage();
    await tab.setContent(page(svg, target));
    await tab.screenshot({
      path: `${publicDir}${target.file}`,
      omitBackground: !target.fullBleed,
      clip: { x: 0, y: 0, width: target.size, height: target.size },
    });
    await context.close();
    console.log(`wrote client/public/${target.file}`);
  }
} finally {
  await browser.close();
}
await copyFile(source, `${publicDir}favicon.svg`);
console.log('wrote client/public/favicon.svg');
