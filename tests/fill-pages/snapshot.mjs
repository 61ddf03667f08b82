#!/usr/bin/env node
/** Saves rendered DOM snapshots of the test pages for the detection unit tests: node tests/fill-pages/snapshot.mjs */
import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPortal } from '../portal/server.mjs';
const HERE = fileURLToPath(new URL('.', import.meta.url));
const portal = await startPortal({ port: 0, roots: { '/pages/': HERE } });
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox'] });
const page = await b.newPage();
for (const [name, url] of [['element-plus-detail', 'detail.html'], ['widgets-frame', 'pages/widgets-frame.html'], ['plain', 'pages/plain.html'], ['unlabeled', 'pages/unlabeled.html']]) {
  await page.goto(portal.url + url);
  await page.waitForTimeout(300);
  const html = await page.evaluate(() => { document.querySelectorAll('script').forEach((s) => s.remove()); return '<!doctype html>\n' + document.documentElement.outerHTML; });
  writeFileSync(join(HERE, 'snapshots', `${name}.html`), html);
}
await b.close();
await portal.close();
