#!/usr/bin/env node
/**
 * node tests/bench/fill-bench.mjs [--rows 20]
 * Time of one receipt row fill on the demo portal (Vue 3 + Element Plus, rows in an iframe), in
 * real Chromium with the built extension: add the row, drive every widget, read every field back.
 * Values come from the born-digital fixtures' truth files (the fill path, not OCR). Prints
 * median/p95 of the content-script time and of the side panel's round trip, then a JSON line.
 * Target: < 500 ms per row. Never saves or submits (checked against the portal's received()).
 */
import { chromium } from 'playwright-core';
import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPortal } from '../portal/server.mjs';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const EXT = join(ROOT, '.output/chrome-mv3');
const arg = (n, d) => { const i = process.argv.indexOf(`--${n}`); return i > 0 ? process.argv[i + 1] : d; };
const N = Number(arg('rows', 20));
const q = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))]) : 0; };

const FIX = join(ROOT, 'tests/fixtures/receipts');
const truths = ['pdf', 'ofd', 'clean'].flatMap((k) => (existsSync(join(FIX, k)) ? readdirSync(join(FIX, k)).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(join(FIX, k, f), 'utf8'))) : []));
if (truths.length < N) throw new Error(`need ${N} fixture truth files, found ${truths.length}`);
const values = truths.slice(0, N).map((t) => ({ hospitalName: t.hospitalName, kind: t.kind === 'inpatient' ? '住院' : '门诊', billCode: t.billCode, billNumber: t.billNumber, checkCode: t.checkCode, issueDate: t.issueDate, totalAmount: t.totalAmount }));

// always the current code (--no-build to skip)
if (!process.argv.includes('--no-build') || !existsSync(join(EXT, 'manifest.json'))) execSync('npm run build:e2e', { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
if (!existsSync(join(ROOT, 'tests/portal/dist/index.html'))) execSync('npx vite build -c tests/portal/vite.config.ts', { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
const portal = await startPortal({ port: 0 });
const profile = mkdtempSync(join(tmpdir(), 'receipt-clerk-fill-bench-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: false,
  viewport: { width: 1280, height: 900 },
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`],
});
let out;
try {
  let [sw] = ctx.serviceWorkers();
  if (!sw) sw = await ctx.waitForEvent('serviceworker', { timeout: 30_000 });
  const id = new URL(sw.url()).host;
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  await page.goto(portal.url);
  await page.frameLocator('iframe.detail-frame').locator('text=新增一行').waitFor();
  // the panel in its own window, so the portal stays visible (dropdowns animate only when visible)
  const opener = await ctx.newPage();
  await opener.goto(`chrome-extension://${id}/sidepanel.html`);
  const [panel] = await Promise.all([ctx.waitForEvent('page'), opener.evaluate(() => chrome.windows.create({ url: chrome.runtime.getURL('sidepanel.html'), width: 440, height: 900 }))]);
  await opener.close();
  await panel.waitForLoadState();
  await page.bringToFront();
  const send = (type, data, target) => panel.evaluate(({ type, data, target }) => new Promise((res, rej) => {
    const m = { id: Math.floor(Math.random() * 1e9), type, data, timestamp: Date.now() };
    const cb = (r) => (chrome.runtime.lastError ? rej(new Error(chrome.runtime.lastError.message)) : res(r));
    if (target) chrome.tabs.sendMessage(target.tabId, m, { frameId: target.frameId }, cb);
    else chrome.runtime.sendMessage(m, cb);
  }), { type, data, target });
  const tabId = await panel.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url?.startsWith(u))?.id, portal.url);
  const inj = await send('injectContentScript', { tabId });
  const unwrap = (r) => (r && 'res' in r ? r.res : r); // @webext-core/messaging wraps replies
  let frameId = null;
  for (const f of inj.res?.frameIds ?? inj.frameIds) {
    const d = unwrap(await send('fillDetect', {}, { tabId, frameId: f }));
    if (d?.matched?.length >= 5) frameId = f;
  }
  if (frameId == null) throw new Error('demo portal form not found');
  const content = [];
  const roundTrip = [];
  let verified = 0;
  const phases = {};
  for (const v of values) {
    const t0 = Date.now();
    const r = unwrap(await send('fillRow', { values: v }, { tabId, frameId }));
    roundTrip.push(Date.now() - t0);
    content.push(r.ms);
    for (const [k, v] of Object.entries(r.timings ?? {})) (phases[k] ??= []).push(v);
    if (r.ok && r.results.every((x) => x.state === 'filled')) verified++;
    else console.error('not verified:', JSON.stringify(r.results.filter((x) => x.state !== 'filled')));
  }
  const rows = await page.frames().find((f) => f.url().includes('detail.html')).evaluate(() => window.__portal.getRows().length);
  out = {
    rows: N, verified, portalRows: rows, submitted: portal.received().length > 0,
    contentMs: { median: q(content, 0.5), p95: q(content, 0.95), max: Math.round(Math.max(...content)) },
    roundTripMs: { median: q(roundTrip, 0.5), p95: q(roundTrip, 0.95), max: Math.max(...roundTrip) },
    targetMs: 500,
    phasesMedianMs: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, q(v, 0.5)])),
  };
  console.log(`fill one row incl. add-row + read-back, demo portal, ${N} rows (${verified} verified, ${rows} rows on the page, submitted: ${out.submitted})`);
  console.log(`  content script: median ${out.contentMs.median} ms  p95 ${out.contentMs.p95} ms  max ${out.contentMs.max} ms`);
  console.log(`  panel round trip: median ${out.roundTripMs.median} ms  p95 ${out.roundTripMs.p95} ms  max ${out.roundTripMs.max} ms  (target < 500 ms)`);
  console.log(`  median per phase: ${Object.entries(out.phasesMedianMs).map(([k, v]) => `${k} ${v}`).join(' · ')} ms`);
  console.log(JSON.stringify(out));
} finally {
  await ctx.close().catch(() => {});
  await portal.close();
  rmSync(profile, { recursive: true, force: true });
}
