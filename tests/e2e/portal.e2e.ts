/** The demo portal on its own (no extension): it behaves like a real declaration form. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error plain ESM module without types
import { startPortal } from '../portal/server.mjs';
import { CHROMIUM, SHOTS_DIR } from './harness';

let portal: { url: string; received(): any[]; close(): Promise<void> };
let browser: Browser;
let page: Page;

beforeAll(async () => {
  portal = await startPortal({ port: 0 });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
});

async function typeRow(frame: ReturnType<Page['frameLocator']>, index: number, v: Record<string, string>) {
  const row = frame.locator('.el-table__body tr').nth(index);
  await row.locator('.el-select').nth(0).click();
  await page.keyboard.type(v.hospital.slice(0, 4));
  await frame.locator('.el-select-dropdown__item:visible', { hasText: v.hospital }).first().click();
  await row.locator('.el-select').nth(1).click();
  await frame.locator('.el-select-dropdown__item:visible', { hasText: v.kind }).first().click();
  // columns: 序号, 医疗机构, 就诊类别, 票据代码, 票据号码, 校验码, 开票日期, 金额, 操作
  const cell = (i: number) => row.locator('td').nth(i).locator('input').first();
  await cell(3).fill(v.billCode);
  await cell(4).fill(v.billNumber);
  await cell(5).fill(v.checkCode);
  await cell(6).click();
  await cell(6).fill(v.issueDate);
  await cell(6).press('Enter');
  await cell(7).fill(v.amount);
  await cell(7).blur();
}

describe('demo portal', () => {
  it('saves a draft with rows typed like a person, rows living in an iframe', async () => {
    await page.goto(portal.url);
    const frame = page.frameLocator('iframe.detail-frame');
    await frame.locator('text=新增一行').waitFor();
    await page.getByLabel('参保人姓名').fill('张三');
    await page.getByLabel('证件号码').fill('110101199003071234');
    await page.locator('.el-form-item', { hasText: '参保类型' }).locator('.el-select').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '职工' }).click();
    await page.locator('.el-form-item', { hasText: '申报原因' }).locator('.el-select').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '急诊未持卡' }).click();

    await typeRow(frame, 0, { hospital: '北京大学第一医院', kind: '门诊', billCode: '11060124', billNumber: '0012345678', checkCode: '8f3a2c', issueDate: '2024-05-12', amount: '285.6' });
    await frame.locator('text=新增一行').click();
    await typeRow(frame, 1, { hospital: '北京大学第一医院', kind: '门诊', billCode: '11060124', billNumber: '0012345679', checkCode: 'A1B2C3', issueDate: '2024-06-01', amount: '1020.05' });

    const rows = await page.frames().find((f) => f.url().includes('detail.html'))!.evaluate(() => (window as any).__portal.getRows());
    expect(rows[0]).toMatchObject({ hospital: '北京大学第一医院', kind: '门诊', billCode: '11060124', billNumber: '0012345678', checkCode: '8f3a2c', issueDate: '2024-05-12', amount: 285.6 });
    expect(rows[1].issueDate).toBe('2024-06-01');

    mkdirSync(SHOTS_DIR, { recursive: true });
    await page.screenshot({ path: join(SHOTS_DIR, 'portal-filled.png'), fullPage: true });

    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.locator('.el-message--success').waitFor();
    const got = portal.received();
    expect(got).toHaveLength(1);
    expect(got[0].kind).toBe('draft');
    expect(got[0].rows).toHaveLength(2);
    expect(got[0].rows[0].billNumber).toBe('0012345678');
  });

  it('refuses to save mixed hospitals or malformed codes, with Chinese messages', async () => {
    await page.goto(portal.url);
    const frame = page.frameLocator('iframe.detail-frame');
    await frame.locator('text=新增一行').waitFor();
    await fetch(portal.url + 'api/reset', { method: 'POST' });
    await frame.locator('.el-table__body tr').first().locator('td').nth(3).locator('input').fill('1106');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect.poll(async () => frame.locator('[data-portal-test=row-errors]').innerText()).toContain('票据代码应为 8 位数字');
    await expect.poll(async () => page.locator('.el-message--error').first().innerText()).toMatch(/[\u4e00-\u9fff]/);
    expect(portal.received()).toHaveLength(0); // nothing was saved
  });
});
