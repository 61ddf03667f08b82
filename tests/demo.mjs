#!/usr/bin/env node
/**
 * npm run demo: build the extension and the demo portal, start the portal, and open Debian's Chromium
 * with the extension loaded (portal in the first tab, the side panel page in the second).
 * Without a display it runs headless, saves screenshots to tests/.tmp/demo/ and keeps serving
 * (pass --once to exit after the screenshots).
 */
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startPortal } from './portal/server.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const EXT = join(ROOT, '.output/chrome-mv3');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const once = process.argv.includes('--once');
const headless = once || !process.env.DISPLAY;

if (!existsSync(CHROMIUM)) {
  console.error(`找不到 Chromium（${CHROMIUM}）。请先安装：sudo apt-get install chromium fonts-noto-cjk\nChromium not found: install Debian's chromium package.`);
  process.exit(1);
}

console.log('› 构建扩展 / building the extension …');
execSync('npx wxt build --mode e2e', { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
console.log('› 构建演示申报网站 / building the demo portal …');
execSync('npx vite build -c tests/portal/vite.config.ts', { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });

const portal = await startPortal({ port: Number(process.env.PORT ?? 5175), roots: { '/pages/': join(ROOT, 'tests/fill-pages') } });
const profile = mkdtempSync(join(tmpdir(), 'receipt-clerk-demo-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: false,
  viewport: headless ? { width: 1280, height: 900 } : null,
  args: [
    ...(headless ? ['--headless=new'] : []),
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--disable-extensions-except=${EXT}`,
    `--load-extension=${EXT}`,
  ],
});
let [worker] = context.serviceWorkers();
if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 30_000 });
const id = new URL(worker.url()).host;

const portalPage = context.pages()[0] ?? (await context.newPage());
await portalPage.goto(portal.url);
const panel = await context.newPage();
await panel.goto(`chrome-extension://${id}/sidepanel.html`);

const cleanup = async () => {
  await context.close().catch(() => {});
  await portal.close();
  rmSync(profile, { recursive: true, force: true });
};
process.on('SIGINT', () => cleanup().then(() => process.exit(0)));
process.on('SIGTERM', () => cleanup().then(() => process.exit(0)));

console.log(`
演示已启动 / The demo is running
  演示申报网站 / demo portal:  ${portal.url}
  侧边栏页面 / side panel:     chrome-extension://${id}/sidepanel.html
  扩展目录 / extension:        .output/chrome-mv3
`);

if (headless) {
  const dir = join(ROOT, 'tests/.tmp/demo');
  mkdirSync(dir, { recursive: true });
  await portalPage.waitForLoadState('networkidle').catch(() => {});
  await portalPage.screenshot({ path: join(dir, 'portal.png'), fullPage: true });
  await panel.setViewportSize({ width: 420, height: 900 });
  await panel.waitForTimeout(500);
  await panel.screenshot({ path: join(dir, 'sidepanel.png') });
  console.log(`没有图形界面，Chromium 以无头模式运行。截图 / screenshots:
  tests/.tmp/demo/portal.png
  tests/.tmp/demo/sidepanel.png
在有桌面的机器上直接运行 npm run demo（或 xvfb-run npm run demo）即可看到浏览器窗口；
点击工具栏中的扩展图标打开侧边栏，把 tests/fixtures/receipts/ 中的票据拖进去试试。
On a machine with a display, run npm run demo there (or under xvfb-run) to get a real window;
click the toolbar icon for the side panel and drop receipts from tests/fixtures/receipts/ into it.`);
  if (once) {
    await cleanup();
    process.exit(0);
  }
  console.log('演示网站继续运行，按 Ctrl+C 退出 / serving until Ctrl+C');
} else {
  console.log('在浏览器中点击工具栏的扩展图标即可打开侧边栏 / click the toolbar icon to open the side panel. Ctrl+C 退出.');
  context.on('close', () => cleanup().then(() => process.exit(0)));
}
