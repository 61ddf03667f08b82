#!/usr/bin/env node
/**
 * npm run demo [-- --once] [-- --no-build] [-- --port N]
 *
 * Builds the extension (wxt build --mode e2e → .output/chrome-mv3) and the demo portal, starts the
 * portal server, and opens Debian's Chromium with the extension loaded on a fresh temporary profile:
 * the portal in the first tab, the side panel page in the second.
 * Without a display (no DISPLAY / WAYLAND_DISPLAY) it runs headless, saves screenshots to
 * tests/.tmp/demo/ and keeps the portal serving until Ctrl+C; --once exits after the screenshots.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { portalArgs, startPortal } from './portal/server.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const EXT = join(ROOT, '.output/chrome-mv3');
const SHOTS = join(ROOT, 'tests/.tmp/demo');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const argv = process.argv.slice(2);
const once = argv.includes('--once');
const noBuild = argv.includes('--no-build');
const hasDisplay = !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const headless = once || !hasDisplay || argv.includes('--headless');
const rel = (p) => relative(process.cwd(), p) || '.';

if (!existsSync(CHROMIUM)) {
  console.error(`找不到 Chromium（${CHROMIUM}）。请先安装：sudo apt-get install chromium fonts-noto-cjk
Chromium not found at ${CHROMIUM}: install Debian's chromium package (or set CHROMIUM_PATH).`);
  process.exit(1);
}

function step(zh, en, cmd) {
  console.log(`› ${zh} / ${en} …`);
  try {
    execSync(cmd, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch {
    console.error(`✗ ${zh}失败 / ${en} failed: ${cmd}`);
    process.exit(1);
  }
}
const bin = (name) => (existsSync(join(ROOT, 'node_modules/.bin', name)) ? `"${join(ROOT, 'node_modules/.bin', name)}"` : `npx ${name}`);
if (!noBuild) {
  step('构建扩展', 'building the extension', 'npm run build:e2e');
  step('构建演示申报网站', 'building the demo portal', `${bin('vite')} build -c tests/portal/vite.config.ts`);
}
if (!existsSync(join(EXT, 'manifest.json'))) {
  console.error('✗ 未找到构建好的扩展 / built extension not found: .output/chrome-mv3 (run without --no-build)');
  process.exit(1);
}

const { port, file } = portalArgs(argv);
const roots = { '/pages/': join(ROOT, 'tests/fill-pages') };
let portal;
try {
  portal = await startPortal({ port, file, roots });
} catch (e) {
  if (e.code !== 'EADDRINUSE') throw e;
  console.log(`  端口 ${port} 已被占用，改用随机端口 / port ${port} is busy, using a free one`);
  portal = await startPortal({ port: 0, file, roots });
}

const profile = mkdtempSync(join(tmpdir(), 'receipt-clerk-demo-'));
let context;
let closing = false;
async function cleanup(code = 0) {
  if (closing) return;
  closing = true;
  await context?.close().catch(() => {});
  await portal.close();
  rmSync(profile, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => cleanup(0));
process.on('SIGTERM', () => cleanup(0));

try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false, // extensions need the new headless mode, asked for with the flag below
    locale: 'zh-CN',
    viewport: headless ? { width: 1360, height: 1000 } : null,
    args: [
      ...(headless ? ['--headless=new', '--disable-gpu'] : ['--start-maximized']),
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disable-extensions-except=${EXT}`,
      `--load-extension=${EXT}`,
    ],
  });
} catch (e) {
  console.error(`✗ 无法启动 Chromium / could not start Chromium: ${e.message}`);
  await cleanup(1);
}

let [worker] = context.serviceWorkers();
if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 30_000 });
const id = new URL(worker.url()).host;
const panelUrl = `chrome-extension://${id}/sidepanel.html`;

const portalPage = context.pages()[0] ?? (await context.newPage());
await portalPage.goto(portal.url);
const panel = await context.newPage();
await panel.goto(panelUrl);
await portalPage.bringToFront();

console.log(`
演示已启动 / The demo is running
  演示申报网站 / demo portal:     ${portal.url}
  已申报记录 / stored declarations: ${portal.url}list.html
  侧边栏页面 / side panel page:   ${panelUrl}
  扩展目录 / extension folder:    ${rel(EXT)}
  测试票据 / sample receipts:      ${rel(join(ROOT, 'tests/fixtures/receipts'))}
`);

if (headless) {
  mkdirSync(SHOTS, { recursive: true });
  await portalPage.frameLocator('iframe.detail-frame').getByText('新增一行').waitFor({ timeout: 15_000 }).catch(() => {});
  await portalPage.screenshot({ path: join(SHOTS, 'portal.png'), fullPage: true });
  await panel.setViewportSize({ width: 420, height: 900 });
  await panel.waitForLoadState('networkidle').catch(() => {});
  await panel.waitForTimeout(800);
  await panel.screenshot({ path: join(SHOTS, 'sidepanel.png') });
  console.log(`本机没有图形界面${hasDisplay ? '（或使用了 --once / --headless）' : ''}，Chromium 以无头模式运行。截图 / screenshots:
  ${rel(join(SHOTS, 'portal.png'))}
  ${rel(join(SHOTS, 'sidepanel.png'))}

在有桌面的电脑上运行 npm run demo 会打开真正的浏览器窗口（无桌面的 Linux 可用 xvfb-run -a npm run demo，再配合 VNC 查看）：
  1. 第一个标签页是演示申报网站，第二个标签页是扩展的侧边栏页面；
  2. 也可以点击工具栏上的扩展图标，打开真正的侧边栏；
  3. 把 tests/fixtures/receipts/ 里的票据文件拖进侧边栏，核对识别结果后点“填入”，票据会填到“票据明细”表格中。
With a display, npm run demo opens a real window (headless Linux: xvfb-run -a npm run demo, view it over VNC):
  1. tab 1 is the demo portal, tab 2 the extension's side panel page;
  2. or click the extension's toolbar icon to open the real side panel;
  3. drop files from tests/fixtures/receipts/ into the panel, check the values, press fill: rows appear in 票据明细.`);
  await context.close().catch(() => {});
  context = undefined;
  if (once) await cleanup(0);
  console.log(`\n演示网站继续运行：${portal.url}  按 Ctrl+C 退出 / the portal keeps serving, Ctrl+C to stop`);
} else {
  console.log(`使用方法 / how to use:
  1. 点击工具栏上的扩展图标（拼图图标里可固定）打开侧边栏；第二个标签页是同一个侧边栏页面，方便查看。
     Click the extension's toolbar icon (pin it from the puzzle menu) for the real side panel; tab 2 shows the same page.
  2. 把 tests/fixtures/receipts/ 里的票据拖进侧边栏，核对后点“填入”，票据会填到演示网站的“票据明细”表格。
     Drop receipts from tests/fixtures/receipts/ into the panel, check them, press fill: rows appear in 票据明细.
  关闭浏览器或按 Ctrl+C 退出 / close the browser or press Ctrl+C to stop.`);
  context.on('close', () => cleanup(0));
}
