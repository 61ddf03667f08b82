/**
 * The demo portal on its own (no extension): it behaves like a real declaration form.
 * Needs `npm run portal:build` first. Values are typed key by key, like a person at the keyboard.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromium, type Browser, type FrameLocator, type Page } from 'playwright-core';
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
  page = await browser.newPage({ viewport: { width: 1360, height: 1000 }, locale: 'zh-CN' });
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
});

interface RowValues { hospital: string; kind: string; billCode: string; billNumber: string; checkCode: string; issueDate: string; amount: string }
const ROWS: RowValues[] = [
  { hospital: '北京大学第一医院', kind: '门诊', billCode: '11060124', billNumber: '0012345678', checkCode: '8f3a2c', issueDate: '2024-05-12', amount: '285.6' },
  { hospital: '北京大学第一医院', kind: '门诊', billCode: '11060124', billNumber: '0012345679', checkCode: 'A1B2C3', issueDate: '2024-06-01', amount: '1020.05' },
  { hospital: '北京大学第一医院', kind: '住院', billCode: '11060224', billNumber: '0000807711', checkCode: 'x9Y8z7', issueDate: '2024-11-30', amount: '12850' },
];

const detailFrame = () => page.frames().find((f) => f.url().includes('detail.html'))!;
const frameRows = () => detailFrame().evaluate(() => (window as any).__portal.getRows());

async function open(): Promise<FrameLocator> {
  await page.goto(portal.url);
  const frame = page.frameLocator('iframe.detail-frame');
  await frame.getByRole('button', { name: '新增一行' }).waitFor();
  await fetch(portal.url + 'api/reset', { method: 'POST' });
  return frame;
}

/** Clicks into the cell under a column header and types like a person. */
async function typeInto(frame: FrameLocator, row: number, header: string, text: string, then: 'Tab' | 'Enter' = 'Tab') {
  const headers = await frame.locator('.el-table__header th').allInnerTexts();
  const col = headers.findIndex((h) => h.trim() === header);
  expect(col, header).toBeGreaterThanOrEqual(0);
  const input = frame.locator('.el-table__body tr.el-table__row').nth(row).locator('td').nth(col).locator('input').first();
  await input.click();
  await input.press('Control+A');
  await input.pressSequentially(text, { delay: 5 });
  await input.press(then);
}

async function choose(frame: FrameLocator, row: number, header: string, typed: string, option: string) {
  const headers = await frame.locator('.el-table__header th').allInnerTexts();
  const col = headers.findIndex((h) => h.trim() === header);
  await frame.locator('.el-table__body tr.el-table__row').nth(row).locator('td').nth(col).locator('.el-select').click();
  if (typed) await page.keyboard.type(typed, { delay: 5 });
  await frame.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}

async function typeRow(frame: FrameLocator, i: number, v: RowValues) {
  await choose(frame, i, '医疗机构', v.hospital.slice(0, 4), v.hospital);
  await choose(frame, i, '就诊类别', '', v.kind);
  await typeInto(frame, i, '票据代码', v.billCode);
  await typeInto(frame, i, '票据号码', v.billNumber);
  await typeInto(frame, i, '校验码', v.checkCode);
  await typeInto(frame, i, '开票日期', v.issueDate, 'Enter');
  await typeInto(frame, i, '金额（元）', v.amount);
}

async function fillApplicant() {
  await page.getByLabel('参保人姓名').pressSequentially('张三', { delay: 5 });
  await page.getByLabel('证件号码').pressSequentially('110101199003071234', { delay: 5 });
  await page.getByLabel('联系电话').pressSequentially('13800001234', { delay: 5 });
  await page.locator('.el-form-item', { hasText: '参保类型' }).locator('.el-select').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '职工' }).click();
  await page.locator('.el-form-item', { hasText: '申报原因' }).locator('.el-select').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '急诊未持卡' }).click();
}

describe('demo portal', () => {
  beforeEach(() => mkdirSync(SHOTS_DIR, { recursive: true }));

  it('saves a draft of three rows typed like a person; the rows live in an iframe', async () => {
    const frame = await open();
    await fillApplicant();
    for (let i = 0; i < ROWS.length; i++) {
      if (i > 0) await frame.getByRole('button', { name: '新增一行' }).click();
      await typeRow(frame, i, ROWS[i]);
    }
    const rows = await frameRows();
    expect(rows).toHaveLength(3);
    ROWS.forEach((v, i) => expect(rows[i]).toEqual({ ...v, amount: Number(v.amount) }));
    // the top page sees the same state
    expect(await page.evaluate(() => (window as any).__portal.getRows())).toEqual(rows);
    expect(await page.evaluate(() => (window as any).__portal.getApplicant())).toMatchObject({ name: '张三', insuredType: '职工', reason: '急诊未持卡' });
    await expect.poll(() => frame.locator('[data-portal-test=total]').innerText()).toBe('14,155.65');
    expect(await frame.locator('.el-form-item__error').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS_DIR, 'portal-filled.png'), fullPage: true });

    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.locator('.el-message--success').waitFor();
    const stored = await (await fetch(portal.url + 'api/declarations')).json();
    expect(stored).toHaveLength(1);
    expect(stored[0].kind).toBe('draft');
    expect(stored[0].applicant).toMatchObject({ name: '张三', idNumber: '110101199003071234', phone: '13800001234' });
    expect(stored[0].rows).toEqual(rows);

    // submit asks for confirmation first
    await page.getByRole('button', { name: '提交申报' }).click();
    const dialog = page.locator('.el-message-box');
    await expect.poll(() => dialog.innerText()).toContain('票据 3 张，合计 14,155.65 元');
    await dialog.getByRole('button', { name: '确认提交' }).click();
    await page.locator('.el-message-box', { hasText: '提交成功' }).waitFor();
    expect(portal.received().map((r) => r.kind)).toEqual(['draft', 'submit']);

    await page.goto(portal.url + 'list.html');
    await expect.poll(() => page.locator('[data-portal-test=declarations] .el-table__body').innerText()).toContain('已提交');
    expect(await page.locator('[data-portal-test=declarations] .el-table__body').innerText()).toContain('14,155.65');

    await page.locator('[data-portal-test=declarations] .el-table__expand-icon').first().click();
    await page.screenshot({ path: join(SHOTS_DIR, 'portal-list.png'), fullPage: true });

    // a draft can be opened again: the applicant and all rows come back into the widgets
    await page.getByRole('button', { name: '继续编辑' }).click();
    await page.waitForURL(/index\.html\?draft=/);
    await expect.poll(async () => (await frameRows()).length).toBe(3);
    expect(await frameRows()).toEqual(rows);
    await expect.poll(() => page.getByLabel('证件号码').inputValue()).toBe('110101199003071234');
    expect(await page.frameLocator('iframe.detail-frame').locator('.el-table__body tr.el-table__row').nth(2).locator('input').nth(2).inputValue()).toBe('11060224');
  });

  it('refuses malformed codes with Chinese messages under the cell; nothing is saved', async () => {
    const frame = await open();
    await fillApplicant();
    await typeRow(frame, 0, { ...ROWS[0], billCode: '1106' });
    await expect.poll(() => frame.locator('.el-form-item__error').allInnerTexts()).toEqual(['票据代码应为 8 位数字']);
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect.poll(() => page.locator('.el-message--error').first().innerText()).toBe('第 1 行：票据代码应为 8 位数字');
    expect(await frame.locator('[data-portal-test=row-errors]').innerText()).toContain('票据代码应为 8 位数字');
    expect(portal.received()).toHaveLength(0);
  });

  it('refuses rows of different hospitals and empty required fields', async () => {
    const frame = await open();
    await typeRow(frame, 0, ROWS[0]);
    await frame.getByRole('button', { name: '新增一行' }).click();
    await typeRow(frame, 1, { ...ROWS[1], hospital: '北京协和医院' });
    await expect.poll(() => frame.locator('.el-form-item__error').allInnerTexts()).toEqual(['不同医疗机构的票据请分别申报']);
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect.poll(() => page.locator('.el-message--error').first().innerText()).toBe('不同医疗机构的票据请分别申报');
    await expect.poll(() => page.locator('.el-form-item__error').allInnerTexts()).toEqual(['请输入参保人姓名', '请输入证件号码', '请选择参保类型', '请选择申报原因']);
    await page.screenshot({ path: join(SHOTS_DIR, 'portal-invalid.png'), fullPage: true });
    expect(portal.received()).toHaveLength(0);
    // deleting the odd row clears the error
    await frame.locator('.el-table__body tr.el-table__row').nth(1).getByRole('button', { name: '删除' }).click();
    await expect.poll(() => frame.locator('.el-form-item__error').count()).toBe(0);
  });

  it('flags the same receipt typed twice and a date after today', async () => {
    const frame = await open();
    await typeRow(frame, 0, ROWS[0]);
    await frame.getByRole('button', { name: '新增一行' }).click();
    const future = `${new Date().getFullYear() + 1}-01-15`;
    await typeRow(frame, 1, { ...ROWS[0], issueDate: future });
    // the widget keeps what was typed; the form says what is wrong
    expect((await frameRows())[1].issueDate).toBe(future);
    await expect.poll(() => frame.locator('.el-form-item__error').allInnerTexts()).toEqual(['与第 1 行票据重复', '开票日期不能晚于今天']);
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect.poll(() => frame.locator('[data-portal-test=row-errors]').innerText()).toContain('第 2 行：与第 1 行票据重复');
    expect(portal.received()).toHaveLength(0);
  });
});
