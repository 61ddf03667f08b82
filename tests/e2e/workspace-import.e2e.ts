/**
 * The workspace's other ways in, in real Chromium: context-menu images (data: and http URLs, and
 * one the panel may not read), a dropped file, a pasted screenshot; the queue resumes after a reload
 * mid-import; delete and move can be undone; a declaration's exports and checklist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CHROMIUM, EXTENSION_DIR, FIXTURES, launchWithExtension, waitImported, type ExtensionSession } from './harness';

let session: ExtensionSession;
let panel: Page;
let server: Server;
let base = '';
const pdfs = readdirSync(join(FIXTURES, 'pdf')).filter((f) => f.endsWith('.pdf')).sort().map((f) => join(FIXTURES, 'pdf', f));
const ofds = readdirSync(join(FIXTURES, 'ofd')).filter((f) => f.endsWith('.ofd')).sort().map((f) => join(FIXTURES, 'ofd', f));
const png = join(FIXTURES, 'clean', readdirSync(join(FIXTURES, 'clean')).filter((f) => f.endsWith('.png')).sort()[0]);
const items = () => panel.$$eval('[data-testid=receipt-item]', (els) => els.map((e) => ({ id: e.getAttribute('data-receipt-id')!, file: e.getAttribute('data-file-name')!, state: e.getAttribute('data-state')! })));
const back = () => panel.click('.detail-nav button');

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/page.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>PortalDeclaration</title><body style="margin:0"><img src="/receipt.png" style="width:900px"></body>');
    } else if (req.url === '/receipt.png') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(readFileSync(png));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as any).port}`;
  session = await launchWithExtension();
  panel = await session.openSidePanel();
  await panel.setViewportSize({ width: 420, height: 900 });
});
afterAll(async () => {
  await session?.close();
  server?.close();
});

describe('workspace: ways in', () => {
  it('imports context-menu images (data: and http), and asks before reading a site it may not read', async () => {
    const dataUrl = 'data:image/png;base64,' + readFileSync(png).toString('base64');
    await panel.evaluate(
      (list) => (globalThis as any).chrome.storage.session.set({ pendingImages: list }),
      [
        { srcUrl: dataUrl, at: Date.now() },
        { srcUrl: `${base}/receipt.png`, pageUrl: `${base}/`, at: Date.now() },
        { srcUrl: 'https://portal.invalid/receipt.png', pageUrl: 'https://portal.invalid/', at: Date.now() },
      ],
    );
    await panel.waitForFunction(() => document.querySelectorAll('[data-testid=receipt-item]').length >= 2, null, { timeout: 30_000 });
    const list = await items();
    expect(list.map((i) => i.file).sort()).toEqual(expect.arrayContaining(['receipt.png']));
    expect(list.some((i) => i.file.startsWith('网页图片-'))).toBe(true);
    await panel.waitForSelector('[data-testid=blocked-images]');
    expect(await panel.textContent('[data-testid=blocked-images]')).toMatch(/允许/);
    // taken once: the queue in session storage is empty again
    expect(await panel.evaluate(async () => (await (globalThis as any).chrome.storage.session.get('pendingImages')).pendingImages)).toEqual([]);
    await panel.click('[data-testid=blocked-images] button.link');
  });

  it('imports a dropped file and a pasted screenshot', async () => {
    const before = (await items()).length;
    const pdf = readFileSync(pdfs[0]).toString('base64');
    await panel.evaluate((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'dropped.pdf', { type: 'application/pdf' }));
      document.querySelector('main')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, pdf);
    const img = readFileSync(png).toString('base64');
    await panel.evaluate((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
      window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, img);
    await waitImported(panel, before + 2, 240_000);
    const list = await items();
    expect(list.find((i) => i.file === 'dropped.pdf')?.state).toBe('ok');
    expect(list.some((i) => i.file.startsWith('粘贴的图片-'))).toBe(true);
  });

  it('resumes the queue after a reload in the middle of an import', async () => {
    const before = (await items()).length;
    await panel.setInputFiles('[data-testid=import-input]', [...ofds.slice(0, 6), png]);
    await panel.waitForFunction((n) => document.querySelectorAll('[data-testid=receipt-item]').length >= n, before + 7);
    // the photo (OCR, last in the queue) cannot be done yet: the reload really interrupts the import
    expect(Number(await panel.getAttribute('[data-testid=import-progress]', 'data-pending'))).toBeGreaterThan(0);
    await panel.reload();
    await waitImported(panel, before + 7, 240_000);
    const list = await items();
    expect(list).toHaveLength(before + 7);
    expect(list.filter((i) => i.state === 'queued' || i.state === 'processing')).toEqual([]);
  });

  it('undoes a delete and a move to another declaration', async () => {
    const target = (await items()).find((i) => i.state === 'ok')!;
    await panel.click(`[data-receipt-id="${target.id}"]`);
    await panel.click('[data-testid=receipt-detail] .detail-head button');
    await panel.waitForFunction((id) => !document.querySelector(`[data-testid=receipt-item][data-receipt-id="${id}"]`) && !document.querySelector(`[data-testid=receipt-detail][data-receipt-id="${id}"]`), target.id);
    await panel.click('[data-testid=undo]');
    await panel.keyboard.press('Escape');
    await panel.waitForSelector(`[data-testid=receipt-item][data-receipt-id="${target.id}"]`);

    await panel.click(`[data-receipt-id="${target.id}"]`);
    const groupOf = () => panel.evaluate((id) => document.querySelector(`[data-testid=receipt-item][data-receipt-id="${id}"]`)?.closest('[data-testid=declaration-group]')?.getAttribute('data-declaration-id'), target.id);
    const from = await panel.inputValue('[data-testid=declaration-select]');
    await panel.selectOption('[data-testid=declaration-select]', 'new');
    await expect.poll(() => panel.inputValue('[data-testid=declaration-select]')).not.toBe(from);
    await panel.click('[data-testid=undo]');
    await expect.poll(() => panel.inputValue('[data-testid=declaration-select]')).toBe(from);
    await back();
    expect(await groupOf()).toBe(from);
  });

  it('exports a declaration as CSV (BOM, codes as text) and opens the printable checklist', async () => {
    const group = panel.locator('[data-testid=declaration-group]').filter({ has: panel.locator('[data-state=ok]') }).first();
    const [csv] = await Promise.all([panel.waitForEvent('download'), group.locator('button', { hasText: 'CSV' }).click()]);
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toMatch(/票据代码,票据号码/);
    expect(text).toMatch(/,\d{10},/);
    const [xlsx] = await Promise.all([panel.waitForEvent('download'), group.locator('button', { hasText: 'Excel' }).click()]);
    expect(readFileSync((await xlsx.path())!).subarray(0, 2).toString()).toBe('PK');
    await group.locator('button', { hasText: '材料清单' }).click();
    await panel.waitForSelector('[data-testid=checklist]');
    expect(await panel.textContent('[data-testid=checklist]')).toMatch(/费用明细单[\s\S]*诊断证明/);
    await panel.keyboard.press('Escape');
    await panel.waitForSelector('[data-testid=receipt-item]');
  });
});

describe('workspace: capture of a tab', () => {
  it('without activeTab, the clerk picks the portal tab in Chrome\'s sharing dialog; the dragged rectangle is imported', async () => {
    // its own browser: Chrome picks the portal tab (by its title) in the sharing dialog by itself
    const profile = mkdtempSync(join(tmpdir(), 'receipt-clerk-capture-'));
    const ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: false,
      viewport: { width: 1280, height: 900 },
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--auto-select-tab-capture-source-by-title=PortalDeclaration', `--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`],
    });
    try {
      let [sw] = ctx.serviceWorkers();
      if (!sw) sw = await ctx.waitForEvent('serviceworker');
      const page = await ctx.newPage();
      await page.goto(`${base}/page.html`);
      const side = await ctx.newPage();
      await side.goto(`chrome-extension://${new URL(sw.url()).host}/sidepanel.html`);
      await side.waitForSelector('[data-testid=empty]');
      await side.click('[aria-label=更多]');
      await side.click('text=截取页面区域导入');
      await side.click('[data-testid=capture-pick]');
      await side.waitForSelector('.capture-stage img, .capture .error');
      expect(await side.locator('.capture .error').count(), (await side.locator('.capture .error').textContent().catch(() => '')) ?? '').toBe(0);
      const img = side.locator('.capture-stage img');
      const box = (await img.boundingBox())!;
      await side.mouse.move(box.x + 5, box.y + 5);
      await side.mouse.down();
      await side.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 5 });
      await side.mouse.up();
      await side.click('.capture button.primary');
      await side.waitForSelector('[data-testid=receipt-item]', { timeout: 30_000 });
      expect(await side.getAttribute('[data-testid=receipt-item]', 'data-file-name')).toMatch(/^页面截图-.*\.png$/);
    } finally {
      await ctx.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
