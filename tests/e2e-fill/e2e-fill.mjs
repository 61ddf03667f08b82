#!/usr/bin/env node
/**
 * npm run e2e:fill -- --url <page url> --files <dir> [--timeout-per-file 60]
 * The clerk's path, scripted (contract §3): open the page, load every receipt file of <dir> into the
 * side panel, keep what the pipeline reads, and fill every receipt whose five elements are all ok
 * with the extension's own fill button. Never presses save/submit. One JSON line per file, then a summary.
 */
import { chromium } from 'playwright-core';
import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const EXT = join(ROOT, '.output/chrome-mv3');
const arg = (n, d) => {
  const i = process.argv.indexOf(`--${n}`);
  return i > 0 ? process.argv[i + 1] : d;
};
const url = arg('url');
const dir = arg('files');
if (!url || !dir) {
  console.error('用法 / usage: npm run e2e:fill -- --url <page url> --files <dir>');
  process.exit(2);
}
const perFile = Number(arg('timeout-per-file', 60)) * 1000;
const log = (...a) => console.error(...a);

if (!existsSync(join(EXT, 'manifest.json'))) {
  log('building the extension (.output/chrome-mv3) …');
  execSync('npm run build:e2e', { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

const EXTS = /\.(png|jpe?g|webp|pdf|ofd)$/i;
function walk(d) {
  return readdirSync(d).sort().flatMap((f) => {
    const p = join(d, f);
    return statSync(p).isDirectory() ? walk(p) : EXTS.test(f) ? [p] : [];
  });
}
const files = walk(resolve(dir));

const profile = mkdtempSync(join(tmpdir(), 'receipt-clerk-fill-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: false,
  viewport: { width: 1280, height: 900 },
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`],
});
// Watch every frame of the page for clicks on save/submit-like controls (there must be none).
await context.addInitScript(() => {
  document.addEventListener(
    'click',
    (e) => {
      const el = e.target instanceof Element ? e.target.closest('button, a, input[type=submit], input[type=button], [role=button]') : null;
      const text = (el?.textContent || el?.value || '').replace(/\s+/g, '');
      if (el && /(保存|提交|确认|确定|申报|submit|save)/i.test(text)) {
        try {
          (window.top ?? window).__rcSaveClicks = ((window.top ?? window).__rcSaveClicks ?? 0) + 1;
        } catch {
          window.__rcSaveClicks = (window.__rcSaveClicks ?? 0) + 1;
        }
      }
    },
    true,
  );
});
let submitted = false;
context.on('request', (r) => {
  if (r.url().startsWith('chrome-extension:') || r.method() === 'GET') return;
  // a save/submit-like endpoint, or any form posted by navigation
  if (/submit|save|draft|declar|apply|提交/i.test(decodeURIComponent(r.url())) || (r.isNavigationRequest() && r.method() === 'POST')) submitted = true;
});

let code = 0;
try {
  let [worker] = context.serviceWorkers();
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 30_000 });
  const id = new URL(worker.url()).host;
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});
  // The side panel sits beside the page for a clerk; here it gets its own window so the
  // portal stays the visible tab of its window (pages animate dropdowns only when visible).
  const opener = await context.newPage();
  await opener.goto(`chrome-extension://${id}/sidepanel.html`);
  const [panel] = await Promise.all([
    context.waitForEvent('page', { timeout: 15_000 }),
    opener.evaluate(() => chrome.windows.create({ url: chrome.runtime.getURL('sidepanel.html'), width: 440, height: 900 })),
  ]);
  await opener.close();
  await panel.waitForLoadState();
  await panel.setViewportSize({ width: 440, height: 900 });
  await page.bringToFront();
  const tabId = await panel.evaluate(async (u) => {
    const tabs = await chrome.tabs.query({});
    return tabs.find((t) => t.url && t.url.startsWith(u.split('#')[0]))?.id ?? tabs.find((t) => /^https?:/.test(t.url ?? ''))?.id;
  }, url);

  await panel.setInputFiles('[data-testid=import-input]', files);
  await panel.waitForFunction((n) => document.querySelectorAll('[data-testid=receipt-item]').length >= n, files.length, { timeout: 60_000 });
  // done when no item is queued or processing (and the import progress, when shown, says so too)
  await panel.waitForFunction(
    () =>
      !document.querySelector('[data-testid=receipt-item][data-state=queued], [data-testid=receipt-item][data-state=processing]') &&
      (document.querySelector('[data-testid=import-progress]')?.getAttribute('data-pending') ?? '0') === '0',
    null,
    { timeout: Math.max(120_000, files.length * perFile), polling: 250 },
  );

  const items = await panel.$$eval('[data-testid=receipt-item]', (els) => els.map((e) => ({ id: e.dataset.receiptId, file: e.dataset.fileName, state: e.dataset.state })));
  const byName = new Map(items.map((i) => [i.file, i]));
  const summary = { summary: true, files: files.length, filled: 0, verifiedAll: 0, skippedReview: 0, errors: 0, fillFailed: 0, submitted: false, medianFillMs: 0 };
  const fillTimes = [];
  for (const file of files) {
    const name = file.split('/').pop();
    const item = byName.get(name);
    const line = { file: relative(resolve(dir), file) };
    if (!item) {
      Object.assign(line, { filled: false, reason: 'not imported' });
      summary.errors++;
    } else if (item.state !== 'ok') {
      Object.assign(line, { filled: false, reason: item.state === 'error' ? 'error' : 'needs review', state: item.state });
      if (item.state === 'error') summary.errors++;
      else summary.skippedReview++;
    } else {
      await panel.click(`[data-testid=receipt-item][data-receipt-id="${item.id}"]`);
      await panel.waitForSelector(`[data-testid=receipt-detail][data-receipt-id="${item.id}"]`);
      if (tabId != null) await panel.selectOption('[data-testid=fill-target]', String(tabId)).catch(() => {});
      const t0 = Date.now();
      await panel.click('[data-testid=fill-button]');
      const res = await panel
        .waitForSelector('[data-testid=fill-result], .fill .error[role=alert]', { timeout: perFile })
        .then(() => panel.evaluate(() => {
          const r = document.querySelector('[data-testid=fill-result]');
          const err = document.querySelector('.fill .error[role=alert]')?.textContent;
          if (!r) return { error: err ?? 'no result' };
          const verified = {};
          for (const li of r.querySelectorAll('[data-fill-field]')) verified[li.getAttribute('data-fill-field')] = li.getAttribute('data-fill-state') === 'filled';
          return { verified, ms: Number(r.getAttribute('data-ms')) };
        }))
        .catch((e) => ({ error: String(e.message ?? e) }));
      fillTimes.push(Date.now() - t0);
      if (res.error) {
        Object.assign(line, { filled: false, reason: res.error });
        summary.fillFailed++;
      } else {
        const all = Object.values(res.verified).every(Boolean);
        Object.assign(line, { filled: true, verified: res.verified, ms: res.ms });
        if (!all) line.reason = 'read-back differs: ' + Object.keys(res.verified).filter((k) => !res.verified[k]).join(',');
        summary.filled++;
        if (all) summary.verifiedAll++;
      }
      await panel.click('.detail-nav button').catch(() => {});
    }
    console.log(JSON.stringify(line));
  }
  const clicks = await page.evaluate(() => window.__rcSaveClicks ?? 0).catch(() => 0);
  summary.submitted = submitted || clicks > 0;
  fillTimes.sort((a, b) => a - b);
  summary.medianFillMs = fillTimes.length ? fillTimes[Math.floor(fillTimes.length / 2)] : 0;
  console.log(JSON.stringify(summary));
} catch (e) {
  log(`e2e:fill 失败 / failed: ${e?.message ?? e}`);
  code = 1;
} finally {
  await context.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
}
process.exit(code);
