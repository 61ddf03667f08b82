/**
 * Filling in real Chromium through the extension's own path: the demo portal (Vue + Element Plus,
 * rows in an iframe) checked against what the widgets really hold, and two other styles of page
 * through the contract command `npm run e2e:fill`. Nothing is ever saved or submitted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
import { readdirSync, readFileSync, mkdirSync, mkdtempSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error plain ESM module without types
import { startPortal } from '../portal/server.mjs';
import { FIXTURES, launchWithExtension, openPanelWindow, ROOT, SHOTS_DIR, waitImported, type ExtensionSession } from './harness';

const born = ['pdf', 'ofd'].flatMap((k) => readdirSync(join(FIXTURES, k)).filter((f) => !f.endsWith('.json')).map((f) => join(FIXTURES, k, f)));
const truth = (f: string) => JSON.parse(readFileSync(f.replace(/\.(pdf|ofd)$/, '.json'), 'utf8'));
let portal: { url: string; received(): any[]; close(): Promise<void> };

beforeAll(async () => {
  portal = await startPortal({ port: 0, roots: { '/pages/': join(ROOT, 'tests/fill-pages'), '/vendor/vue/': join(ROOT, 'node_modules/vue/dist'), '/vendor/ep/': join(ROOT, 'node_modules/element-plus/dist') } });
  mkdirSync(SHOTS_DIR, { recursive: true });
});
afterAll(async () => portal?.close());

describe('filling the demo portal', () => {
  let session: ExtensionSession;
  afterAll(async () => session?.close());

  it('fills every ok receipt row by row; the Vue state equals the receipts; nothing submitted', async () => {
    session = await launchWithExtension();
    const page = await session.context.newPage();
    await page.goto(portal.url);
    await page.frameLocator('iframe.detail-frame').locator('text=新增一行').waitFor();
    const panel = await openPanelWindow(session);
    await page.bringToFront();
    await panel.setInputFiles('[data-testid=import-input]', born);
    await waitImported(panel, born.length);
    const ok = await panel.$$eval('[data-testid=receipt-item][data-state=ok]', (els) => els.map((e) => ({ id: e.getAttribute('data-receipt-id')!, file: e.getAttribute('data-file-name')! })));
    expect(ok.length).toBeGreaterThanOrEqual(18);
    const times: number[] = [];
    for (const r of ok) {
      await panel.click(`[data-receipt-id="${r.id}"]`);
      await panel.click('[data-testid=fill-button]');
      await panel.waitForSelector('[data-testid=fill-result]', { timeout: 20_000 }).catch(async (e) => {
        await panel.screenshot({ path: join(SHOTS_DIR, 'fill-no-result.png') });
        throw new Error(`${r.file}: no fill result; panel shows: ${(await panel.locator('.fill').first().innerText().catch(() => '?')).slice(0, 400)} (${e.message})`);
      });
      expect(await panel.getAttribute('[data-testid=fill-result]', 'data-ok'), r.file).toBe('true');
      times.push(Number(await panel.getAttribute('[data-testid=fill-result]', 'data-ms')));
      await panel.click('.detail-nav button');
    }
    const frame = page.frames().find((f) => f.url().includes('detail.html'))!;
    const rows = await frame.evaluate(() => (window as any).__portal.getRows());
    expect(rows).toHaveLength(ok.length);
    ok.forEach((r, i) => {
      const t = truth(born.find((f) => f.endsWith(r.file))!);
      expect(rows[i], r.file).toMatchObject({
        hospital: t.hospitalName,
        kind: t.kind === 'inpatient' ? '住院' : '门诊',
        billCode: t.billCode,
        billNumber: t.billNumber,
        checkCode: t.checkCode.toLowerCase(),
        issueDate: t.issueDate,
        amount: Number(t.totalAmount),
      });
    });
    await page.screenshot({ path: join(SHOTS_DIR, 'portal-after-fill.png'), fullPage: true });
    expect(portal.received()).toEqual([]); // never saved or submitted
    times.sort((a, b) => a - b);
    console.log(`fill+read-back per row on the demo portal: median ${times[Math.floor(times.length / 2)]} ms, max ${times[times.length - 1]} ms`);
  });

  it('spot check reads the row the receipt went into and marks a difference typed on the page', async () => {
    const page = session.context.pages().find((p) => p.url().startsWith(portal.url))!;
    const panel = session.context.pages().find((p) => p.url().includes('sidepanel.html'))!;
    const frame = page.frames().find((f) => f.url().includes('detail.html'))!;
    const id = await panel.getAttribute('[data-testid=receipt-item][data-state=filled]', 'data-receipt-id');
    await panel.click(`[data-receipt-id="${id}"]`);
    const file = await panel.getAttribute(`[data-receipt-id="${id}"]`, 'data-file-name').catch(() => null);
    await panel.click('[data-testid=spot-check]');
    await panel.waitForSelector('[data-testid=spot-result]');
    expect(await panel.getAttribute('[data-testid=spot-result]', 'data-diff'), file ?? '').toBe('0');
    const row = Number(await panel.getAttribute('[data-testid=spot-result]', 'data-row'));
    // the clerk (or a page script) changes 票据号码 in that row: the spot check shows it
    const input = frame.locator('.el-table__body tbody tr').nth(row).locator('td:nth-child(5) input');
    const before = await input.inputValue();
    await input.fill(before.slice(0, -1) + (before.endsWith('9') ? '0' : '9'));
    await input.blur();
    await panel.click('[data-testid=spot-check]');
    await expect.poll(() => panel.getAttribute('[data-testid=spot-result]', 'data-diff')).toBe('1');
    expect(await panel.getAttribute('[data-spot-field=billNumber]', 'data-same')).toBe('false');
    await input.fill(before);
    await input.blur();
    await panel.click('.detail-nav button'); // back to the list
  });

  it('undo removes the row the fill added', async () => {
    const page = session.context.pages().find((p) => p.url().startsWith(portal.url))!;
    const panel = session.context.pages().find((p) => p.url().includes('sidepanel.html'))!;
    const frame = page.frames().find((f) => f.url().includes('detail.html'))!;
    const before = (await frame.evaluate(() => (window as any).__portal.getRows())).length;
    const first = await panel.getAttribute('[data-testid=receipt-item][data-state=filled]', 'data-receipt-id');
    await panel.click(`[data-receipt-id="${first}"]`);
    await panel.click('[data-testid=fill-button]');
    await panel.waitForSelector('[data-testid=fill-result]');
    expect((await frame.evaluate(() => (window as any).__portal.getRows())).length).toBe(before + 1);
    await panel.click('[data-testid=fill-undo]');
    await expect.poll(async () => (await frame.evaluate(() => (window as any).__portal.getRows())).length).toBe(before);
  });
});

describe('teaching a field the page does not name clearly', () => {
  it('remembers the clerk\'s click per portal and uses it for the next rows', async () => {
    const session = await launchWithExtension();
    try {
      const page = await session.context.newPage();
      await page.goto(portal.url + 'pages/unlabeled.html');
      const panel = await openPanelWindow(session);
      await page.bringToFront();
      await panel.setInputFiles('[data-testid=import-input]', born.slice(0, 1));
      await waitImported(panel, 1);
      await panel.click('[data-testid=receipt-item]');
      await panel.click('[data-testid=fill-button]');
      await panel.waitForSelector('[data-testid=fill-result]');
      // 编号A is not a name for 票据号码: the fill says so instead of guessing
      expect(await panel.getAttribute('[data-fill-field=billNumber]', 'data-fill-state')).toBe('not-found');
      await panel.click('.teach summary');
      await panel.selectOption('[data-testid=teach-field]', 'billNumber');
      await panel.click('[data-testid=teach-button]');
      await panel.waitForFunction(() => document.querySelector('[data-testid=teach-note]')?.textContent?.includes('点击'));
      await page.locator('#t tbody tr').first().locator('input').nth(1).click();
      await panel.waitForFunction(() => document.querySelector('[data-testid=teach-note]')?.textContent?.includes('已记住'));
      await panel.click('[data-testid=fill-button]');
      await panel.waitForFunction(() => document.querySelector('[data-fill-field=billNumber]')?.getAttribute('data-fill-state') === 'filled');
      const rows = await page.evaluate(() => (window as any).__rows());
      const t = truth(born[0]);
      expect(rows[1]).toEqual([t.billCode, t.billNumber, t.checkCode.toLowerCase(), t.issueDate, t.totalAmount]);
    } finally {
      await session.close();
    }
  });
});

describe('npm run e2e:fill on pages of other styles', () => {
  // the 20 born-digital receipts in one folder
  const twenty = mkdtempSync(join(tmpdir(), 'receipt-clerk-20-'));
  for (const f of born) symlinkSync(f, join(twenty, f.split('/').pop()!));
  afterAll(() => rmSync(twenty, { recursive: true, force: true }));

  for (const p of ['pages/plain.html', 'pages/widgets.html', 'pages/ep-cards.html', 'antd.html', '']) {
    // async: the portal server lives in this process and must keep answering
    it(`fills ${p || 'the demo portal'} through the contract command`, async () => {
      let out: string;
      try {
        ({ stdout: out } = await run(process.execPath, ['tests/e2e-fill/e2e-fill.mjs', '--url', portal.url + p, '--files', twenty], { cwd: ROOT, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 }));
      } catch (e: any) {
        throw new Error(`e2e:fill failed: ${String(e.stderr ?? e.message).split('\n').filter((l: string) => !/Warning: Parameter/.test(l)).slice(-8).join('\n')}`);
      }
      const lines = out.trim().split('\n').map((l) => JSON.parse(l));
      const summary = lines.pop();
      expect(summary.summary).toBe(true);
      expect(summary.files).toBe(20);
      expect(summary.submitted).toBe(false);
      expect(summary.filled, JSON.stringify(lines.filter((l) => !l.filled).slice(0, 3))).toBeGreaterThanOrEqual(18);
      expect(summary.verifiedAll).toBe(summary.filled);
      for (const l of lines.filter((l) => l.filled)) expect(Object.values(l.verified).every(Boolean), l.file).toBe(true);
    });
  }
});
