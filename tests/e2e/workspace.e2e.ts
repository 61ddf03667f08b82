/**
 * The clerk's workspace in real Chromium: bulk import, review a field, reload the extension,
 * nothing lost; duplicates flagged; bad files get Chinese errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { FIXTURES, launchWithExtension, SHOTS_DIR, waitImported, type ExtensionSession } from './harness';

let session: ExtensionSession;
let panel: Page;
const born = ['pdf', 'ofd'].flatMap((k) => readdirSync(join(FIXTURES, k)).filter((f) => !f.endsWith('.json')).map((f) => join(FIXTURES, k, f)));
const truthOf = (file: string) => JSON.parse(readFileSync(file.replace(/\.(pdf|ofd|png|jpg)$/, '.json'), 'utf8'));
const items = () => panel.$$eval('[data-testid=receipt-item]', (els) => els.map((e) => ({ id: e.getAttribute('data-receipt-id')!, file: e.getAttribute('data-file-name')!, state: e.getAttribute('data-state')! })));

beforeAll(async () => {
  session = await launchWithExtension();
  panel = await session.openSidePanel();
  await panel.setViewportSize({ width: 420, height: 900 });
  mkdirSync(SHOTS_DIR, { recursive: true });
});
afterAll(async () => session?.close());

describe('workspace', () => {
  it('imports 20 receipts at once and reads the born-digital ones exactly', async () => {
    expect(born.length).toBe(20);
    await panel.screenshot({ path: join(SHOTS_DIR, 'panel-empty.png') });
    await panel.setInputFiles('[data-testid=import-input]', born);
    await panel.waitForSelector('[data-testid=import-progress]');
    await panel.screenshot({ path: join(SHOTS_DIR, 'panel-importing.png') });
    await waitImported(panel, 20);
    const list = await items();
    expect(list).toHaveLength(20);
    const ok = list.filter((i) => i.state === 'ok');
    // born-digital files need no OCR; a receipt that is not ok must carry a reason, never a wrong value
    expect(ok.length).toBeGreaterThanOrEqual(18);
    for (const i of ok.slice(0, 5)) {
      await panel.click(`[data-receipt-id="${i.id}"]`);
      const truth = truthOf(born.find((f) => f.endsWith(i.file))!);
      expect(await panel.inputValue('[data-testid=field-billNumber]')).toBe(truth.billNumber);
      expect(await panel.inputValue('[data-testid=field-totalAmount]')).toBe(truth.totalAmount);
      await panel.click('.detail-nav button');
    }
  });

  it('flags a duplicate receipt (same code + number) in Chinese', async () => {
    const src = born[0];
    await panel.setInputFiles('[data-testid=import-input]', [{ name: 'again-' + src.split('/').pop(), mimeType: 'application/octet-stream', buffer: readFileSync(src) }]);
    await waitImported(panel, 21);
    const dup = (await items()).find((i) => i.file.startsWith('again-'))!;
    await panel.click(`[data-receipt-id="${dup.id}"]`);
    const warning = await panel.textContent('[data-testid=duplicate-warning]');
    expect(warning).toMatch(/重复/);
    await panel.click('.detail-nav button');
  });

  it('keeps a correction, with its source, across a browser restart', async () => {
    const target = (await items()).find((i) => i.state === 'ok' && !i.file.startsWith('again-'))!;
    await panel.click(`[data-receipt-id="${target.id}"]`);
    const input = panel.locator('[data-testid=field-payerName]');
    await input.fill('王小明');
    await input.press('Enter');
    await expect.poll(() => panel.locator('[data-testid=field-payerName]').inputValue()).toBe('王小明');
    await panel.screenshot({ path: join(SHOTS_DIR, 'panel-review.png'), fullPage: true });

    // close the browser (as a crash or the end of the day would), start it again, open the panel
    await session.restart();
    panel = await session.openSidePanel();
    await panel.setViewportSize({ width: 420, height: 900 });
    await panel.waitForSelector('[data-testid=receipt-item]');
    expect(await items()).toHaveLength(21);
    await panel.click(`[data-receipt-id="${target.id}"]`);
    expect(await panel.inputValue('[data-testid=field-payerName]')).toBe('王小明');
    expect(await panel.getAttribute('[data-testid=field-payerName]', 'data-status')).toBe('ok');
    await panel.click('.detail-nav button');
  });

  it('reads a photographed receipt with OCR inside the extension, and says why a bad file fails', async () => {
    const bad = ['corrupt.png', 'encrypted.pdf', 'empty.pdf', 'cat-photo.jpg', 'blank-page.png'].map((f) => join(FIXTURES, 'bad', f));
    const clean = join(FIXTURES, 'clean', readdirSync(join(FIXTURES, 'clean')).find((f) => f.endsWith('.png'))!);
    await panel.setInputFiles('[data-testid=import-input]', [...bad, clean]);
    await waitImported(panel, 27, 240_000);
    const list = await items();
    for (const f of ['corrupt.png', 'encrypted.pdf', 'empty.pdf', 'cat-photo.jpg', 'blank-page.png']) {
      const it = list.find((i) => i.file === f)!;
      expect(it.state, f).toBe('error');
      await panel.click(`[data-receipt-id="${it.id}"]`);
      const msg = await panel.textContent('[data-testid=receipt-detail] .error');
      expect(msg, f).toMatch(/[\u4e00-\u9fff]/);
      await panel.click('.detail-nav button');
    }
    const photo = list.find((i) => i.file === clean.split('/').pop())!;
    expect(['ok', 'review']).toContain(photo.state);
    await panel.click(`[data-receipt-id="${photo.id}"]`);
    // OCR found the receipt's labels: at least the bill code was read (ok or review, never missing)
    expect(await panel.getAttribute('[data-testid=field-billCode]', 'data-status')).not.toBe('missing');
    await panel.screenshot({ path: join(SHOTS_DIR, 'panel-ocr-review.png'), fullPage: true });
  });
});
