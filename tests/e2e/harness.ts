/**
 * Real-browser harness: Debian's Chromium with the built extension (.output/chrome-mv3) loaded.
 * Used by every tests/e2e/*.e2e.ts file.
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const EXTENSION_DIR = join(ROOT, '.output/chrome-mv3');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SHOTS_DIR = join(ROOT, 'tests/.tmp/screenshots');

export interface ExtensionSession {
  context: BrowserContext;
  /** Close the browser and start it again on the same profile (what a crash or restart does). */
  restart(): Promise<void>;
  extensionId: string;
  /** Opens the side panel page as a normal tab (a headless test cannot click the toolbar icon). */
  openSidePanel(): Promise<Page>;
  close(): Promise<void>;
}

export async function launchWithExtension(opts: { locale?: string } = {}): Promise<ExtensionSession> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`Built extension not found in ${EXTENSION_DIR}: run "npm run build:e2e" first`);
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'receipt-clerk-e2e-'));
  const launch = () => chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: false,
    locale: opts.locale ?? 'en-US',
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
    ],
  });
  const start = async () => {
    const ctx = await launch();
    let [worker] = ctx.serviceWorkers();
    if (!worker) worker = await ctx.waitForEvent('serviceworker', { timeout: 30_000 });
    return { ctx, id: new URL(worker.url()).host };
  };
  const first = await start();
  const extensionId = first.id;
  const session: ExtensionSession = {
    context: first.ctx,
    extensionId,
    async restart() {
      await session.context.close();
      session.context = (await start()).ctx;
    },
    async openSidePanel() {
      const page = await session.context.newPage();
      await page.goto(`chrome-extension://${extensionId}/sidepanel.html`);
      return page;
    },
    async close() {
      await session.context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
  return session;
}

/** Send one protocol message the way @webext-core/messaging frames it, from an extension page. */
export async function sendRaw(page: Page, type: string, data: unknown, target?: { tabId: number; frameId?: number }) {
  return page.evaluate(
    ({ type, data, target }) =>
      new Promise<any>((resolve, reject) => {
        const message = { id: Math.floor(Math.random() * 1e6), type, data, timestamp: Date.now() };
        const cb = (response: any) => {
          const err = (globalThis as any).chrome.runtime.lastError;
          if (err) reject(new Error(err.message));
          else resolve(response);
        };
        const chrome = (globalThis as any).chrome;
        if (target) chrome.tabs.sendMessage(target.tabId, message, target.frameId != null ? { frameId: target.frameId } : undefined, cb);
        else chrome.runtime.sendMessage(message, cb);
      }),
    { type, data, target },
  );
}

/** Tab id of the tab showing `url` (queried from an extension page). */
export async function tabIdOf(extPage: Page, urlPrefix: string): Promise<number> {
  return extPage.evaluate(async (prefix) => {
    const tabs = await (globalThis as any).chrome.tabs.query({});
    const tab = tabs.find((t: any) => typeof t.url === 'string' && t.url.startsWith(prefix));
    if (!tab) throw new Error('tab not found: ' + prefix);
    return tab.id as number;
  }, urlPrefix);
}

/**
 * Opens the side panel page in its own window (as it sits beside the page for a clerk), so the
 * portal stays the visible tab of its window.
 */
export async function openPanelWindow(session: ExtensionSession): Promise<Page> {
  const opener = await session.openSidePanel();
  const [panel] = await Promise.all([
    session.context.waitForEvent('page', { timeout: 15_000 }),
    opener.evaluate(() => (globalThis as any).chrome.windows.create({ url: (globalThis as any).chrome.runtime.getURL('sidepanel.html'), width: 440, height: 900 })),
  ]);
  await opener.close();
  await panel.waitForLoadState();
  await panel.setViewportSize({ width: 440, height: 900 });
  return panel;
}

export async function waitImported(panel: Page, count: number, timeout = 180_000) {
  await panel.waitForFunction((n) => document.querySelectorAll('[data-testid=receipt-item]').length >= n, count, { timeout });
  await panel.waitForFunction(() => document.querySelector('[data-testid=import-progress]')?.getAttribute('data-pending') === '0', null, { timeout });
}

export const FIXTURES = join(ROOT, 'tests/fixtures/receipts');
