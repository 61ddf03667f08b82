// @vitest-environment happy-dom
/**
 * The content-script engine on a live (happy-dom) page: first empty row or the page's add-row
 * control, controlled inputs and native selects, read-back, highlight, undo, and never a save click.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectForm, fillRow, readRows, undoLastFill } from './dom';
import { click } from './dom-util';

beforeAll(() => {
  HTMLElement.prototype.getBoundingClientRect = function (this: HTMLElement) {
    for (let el: HTMLElement | null = this; el; el = el.parentElement) {
      if (el.style?.display === 'none' || el.hidden) return { x: 0, y: 0, width: 0, height: 0, top: 0, left: 0, right: 0, bottom: 0, toJSON() {} } as DOMRect;
    }
    return { x: 0, y: 0, width: 100, height: 20, top: 0, left: 0, right: 100, bottom: 20, toJSON() {} } as DOMRect;
  };
});

const ROW = `<tr><td><select class="kind"><option value="">请选择</option><option value="1">门诊</option><option value="2">住院</option></select></td>
  <td><input class="code"></td><td><input class="num"></td><td><input class="chk"></td><td><input class="date" placeholder="例如 2024-05-12"></td>
  <td><input class="amt"></td><td><input class="calc" readonly></td><td><button type="button" class="del">删除</button></td></tr>`;

let saves = 0;
let store: Array<Record<string, string>> = [];
function page(rows: number, filled: boolean) {
  document.body.innerHTML = `<form id="f"><table id="t"><thead><tr><th>就诊类别</th><th>票据代码</th><th>票据号码</th><th>校验码</th><th>开票日期</th><th>金额（元）</th><th>报销金额</th><th>操作</th></tr></thead>
    <tbody>${ROW.repeat(rows)}</tbody></table>
    <button type="button" id="add">添加</button> <button type="button" id="save">保存</button> <button type="submit">提交申报</button></form>`;
  saves = 0;
  document.getElementById('save')!.addEventListener('click', () => saves++);
  document.getElementById('f')!.addEventListener('submit', (e) => {
    e.preventDefault();
    saves++;
  });
  // the page keeps its own state from input/change events, like a controlled form
  store = [];
  const sync = () => {
    store = [...document.querySelectorAll('#t tbody tr')].map((tr) => Object.fromEntries([...tr.querySelectorAll<HTMLInputElement>('input, select')].map((i) => [i.className, i.value])));
  };
  document.getElementById('t')!.addEventListener('input', sync);
  document.getElementById('t')!.addEventListener('change', sync);
  document.getElementById('t')!.addEventListener('click', (e) => {
    const b = (e.target as Element).closest('.del');
    if (b) setTimeout(() => b.closest('tr')!.remove(), 20);
  });
  // like jQuery pages: clone the last row, clear it, append it a moment later
  document.getElementById('add')!.addEventListener('click', () =>
    setTimeout(() => {
      const rows = document.querySelectorAll('#t tbody tr');
      const tr = rows[rows.length - 1].cloneNode(true) as HTMLElement;
      tr.querySelectorAll<HTMLInputElement>('input, select').forEach((i) => (i.value = ''));
      document.querySelector('#t tbody')!.appendChild(tr);
    }, 30),
  );
  if (filled) {
    const tr = document.querySelector('#t tbody tr')!;
    (tr.querySelector('.code') as HTMLInputElement).value = '11060123';
    (tr.querySelector('.num') as HTMLInputElement).value = '0000000001';
  }
}

const values = { kind: '住院', billCode: '11060124', billNumber: '0012345678', checkCode: '8f3a2c', issueDate: '2024-05-12', totalAmount: '285.60' };

describe('fillRow on a plain table page', () => {
  beforeEach(() => page(1, false));

  it('detects the form and fills the first empty row, every value read back', async () => {
    expect(detectForm(document)).toMatchObject({ rows: 1, hasAddRow: true });
    const r = await fillRow(values);
    expect(r.message).toBeUndefined();
    expect(r.addedRow).toBe(false);
    expect(Object.fromEntries(r.results.map((x) => [x.field, x.state]))).toEqual({ kind: 'filled', billCode: 'filled', billNumber: 'filled', checkCode: 'filled', issueDate: 'filled', totalAmount: 'filled' });
    expect(r.ok).toBe(true);
    expect(store[0]).toMatchObject({ kind: '2', code: '11060124', num: '0012345678', chk: '8f3a2c', date: '2024-05-12', amt: '285.60', calc: '' });
    expect((document.querySelector('.code') as HTMLElement).style.outline).toContain('solid');
    expect(saves).toBe(0);
  });

  it('adds a row through the page control when none is empty; undo removes that row', async () => {
    page(1, true);
    const r = await fillRow(values);
    expect(r.message).toBeUndefined();
    expect(r.addedRow).toBe(true);
    expect(r.ok).toBe(true);
    expect(document.querySelectorAll('#t tbody tr')).toHaveLength(2);
    expect(readRows(document).map((x) => x.values.billCode)).toEqual(['11060123', '11060124']);
    expect(await undoLastFill(document)).toEqual({ ok: true });
    expect(document.querySelectorAll('#t tbody tr')).toHaveLength(1);
    expect((document.querySelector('.code') as HTMLElement).style.outline).toBe('');
    expect(saves).toBe(0);
  });

  it('a row the page reveals (hidden template row) counts as the new row', async () => {
    page(1, true);
    const tbody = document.querySelector('#t tbody')!;
    const hidden = tbody.querySelector('tr')!.cloneNode(true) as HTMLElement;
    hidden.querySelectorAll<HTMLInputElement>('input').forEach((i) => (i.value = ''));
    hidden.style.display = 'none';
    tbody.appendChild(hidden);
    const add = document.getElementById('add')!.cloneNode(true) as HTMLElement; // drop the cloning handler
    document.getElementById('add')!.replaceWith(add);
    add.addEventListener('click', () => setTimeout(() => (hidden.style.display = ''), 30));
    const r = await fillRow(values);
    expect(r.message).toBeUndefined();
    expect(r.addedRow).toBe(true);
    expect((hidden.querySelector('.num') as HTMLInputElement).value).toBe('0012345678');
    expect(r.ok).toBe(true);
  });

  it('undo on an existing empty row puts the earlier (empty) values back', async () => {
    await fillRow(values);
    expect(await undoLastFill(document)).toEqual({ ok: true });
    expect(readRows(document)[0].values).toEqual({ kind: '', billCode: '', billNumber: '', checkCode: '', issueDate: '', totalAmount: '' });
    expect(store[0]).toMatchObject({ kind: '', code: '', amt: '' });
    expect((await undoLastFill(document)).ok).toBe(false);
  });

  it('a value a select does not offer is reported, not forced', async () => {
    const r = await fillRow({ ...values, kind: '急诊' });
    expect(r.results.find((x) => x.field === 'kind')).toMatchObject({ state: 'differs', actual: '' });
    expect(r.ok).toBe(false);
  });

  it('says so when the page has no declaration form', async () => {
    document.body.innerHTML = '<form><label>用户名 <input></label><label>密码 <input type="password"></label><button>登录</button></form>';
    const r = await fillRow(values);
    expect(r.ok).toBe(false);
    expect(r.message).toContain('当前页面未找到申报表字段');
  });

  it('the click helper refuses save/submit controls', () => {
    expect(() => click(document.getElementById('save')!)).toThrow(/拒绝点击/);
    expect(() => click(document.querySelector('button[type=submit]') as HTMLElement)).toThrow();
    expect(saves).toBe(0);
  });
});
