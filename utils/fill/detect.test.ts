// @vitest-environment happy-dom
/**
 * Field detection + matching on saved DOM snapshots of varied forms (rendered Element Plus table,
 * plain table form, ARIA widgets, unlabeled columns, an ambiguous form).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectFields, detectForm } from './dom';
import { matchFields } from './match';

const SNAP = join(import.meta.dirname, '../../tests/fill-pages/snapshots');

beforeAll(() => {
  // happy-dom has no layout: give elements a size unless they or an ancestor are display:none
  HTMLElement.prototype.getBoundingClientRect = function (this: HTMLElement) {
    for (let el: HTMLElement | null = this; el; el = el.parentElement) {
      if (el.style?.display === 'none' || el.hidden) return { x: 0, y: 0, width: 0, height: 0, top: 0, left: 0, right: 0, bottom: 0, toJSON() {} } as DOMRect;
    }
    return { x: 0, y: 0, width: 100, height: 20, top: 0, left: 0, right: 100, bottom: 20, toJSON() {} } as DOMRect;
  };
});

function load(name: string) {
  const html = readFileSync(join(SNAP, name), 'utf8');
  document.documentElement.innerHTML = html.replace(/<link[^>]*>/g, '').replace(/^<!doctype html>\s*/i, '').replace(/^<html[^>]*>|<\/html>$/g, '');
}

function rowMatch(rowIndex: number | null = 0) {
  const fs = collectFields(document).filter((f) => f.desc.row === rowIndex);
  return { fs, m: matchFields(fs.map((f) => f.desc)) };
}

describe('detection on snapshots', () => {
  it('Element Plus table: column headers name the widgets, selects are recognised as el-select', () => {
    load('element-plus-detail.html');
    const { fs, m } = rowMatch(0);
    expect(Object.keys(m.map).sort()).toEqual(['billCode', 'billNumber', 'checkCode', 'hospitalName', 'issueDate', 'kind', 'totalAmount'].sort());
    const kindOf = (id: string | undefined) => fs.find((f) => f.desc.id === id)?.desc.kind;
    expect(kindOf(m.map.hospitalName)).toBe('el-select');
    expect(kindOf(m.map.issueDate)).toBe('el-date');
    expect(kindOf(m.map.totalAmount)).toBe('el-number');
    expect(detectForm(document).hasAddRow).toBe(true);
  });

  it('plain table form: labels in the cell to the left', () => {
    load('plain.html');
    const all = collectFields(document);
    const row = all.find((f) => f.desc.labels.includes('电子票据代码'))!.desc.row;
    const { m } = rowMatch(row);
    expect(m.map.billCode && m.map.billNumber && m.map.checkCode && m.map.issueDate && m.map.totalAmount && m.map.hospitalName && m.map.kind).toBeTruthy();
    // the operator field at the top is not part of the receipt
    expect(all.find((f) => f.desc.labels.includes('operator'))?.desc.row).not.toBe(row);
  });

  it('ARIA widgets: aria-label names, div comboboxes, readonly calendar date', () => {
    load('widgets-frame.html');
    const all = collectFields(document);
    const row = all.find((f) => f.desc.labels.includes('票据编码'))!.desc.row;
    const { fs, m } = rowMatch(row);
    expect(Object.keys(m.map)).toHaveLength(7);
    expect(fs.find((f) => f.desc.id === m.map.kind)!.desc.kind).toBe('combobox');
    expect(fs.find((f) => f.desc.id === m.map.issueDate)!.desc.kind).toBe('readonly-date');
  });

  it('refuses to guess: an unclear column stays unmatched', () => {
    load('unlabeled.html');
    const { m } = rowMatch(0);
    expect(m.map.billCode).toBeTruthy();
    expect(m.map.billNumber).toBeUndefined();
    expect(m.missing).toContain('billNumber');
  });

  it('refuses to guess between two equal fields; skips disabled, hidden and personal fields', () => {
    load('ambiguous.html');
    const fs = collectFields(document);
    const m = matchFields(fs.map((f) => f.desc));
    expect(m.map.billNumber).toBeUndefined();
    expect(m.ambiguous.map((a) => a.field)).toContain('billNumber');
    expect(m.map.billCode).toBeTruthy();
    expect(m.map.issueDate).toBeUndefined(); // disabled
    expect(m.map.totalAmount).toBeUndefined(); // hidden
    expect(Object.values(m.map)).not.toContain(fs.find((f) => f.desc.labels.includes('证件号码'))!.desc.id);
  });
});

describe('more label sources', () => {
  it('a column header naming two receipt fields is reported, not guessed', () => {
    load('combined-labels.html');
    const { fs, m } = rowMatch(0);
    expect(m.map.billCode).toBeUndefined();
    expect(m.map.billNumber).toBeUndefined();
    expect(m.ambiguous.map((a) => [a.field, a.reason])).toEqual([
      ['billCode', 'label-two-fields'],
      ['billNumber', 'label-two-fields'],
    ]);
    expect(m.map.checkCode && m.map.issueDate && m.map.totalAmount && m.map.hospitalName).toBeTruthy();
    expect(fs.every((f) => f.desc.selector?.startsWith('#bills'))).toBe(true);
  });

  it('ARIA grid, aria-labelledby, contenteditable, text before the field, stable selectors', () => {
    document.body.innerHTML = `
      <div role="grid" id="g">
        <div role="row"><span role="columnheader">票据代码</span><span role="columnheader">票据号码</span><span role="columnheader">校验码</span></div>
        <div role="row"><span role="gridcell"><input></span><span role="gridcell"><input></span><span role="gridcell"><div contenteditable="true"></div></span></div>
      </div>
      <p><span id="lbl">开具日期</span> <input aria-labelledby="lbl" id="el-id-1234-5"></p>
      <p>发票金额：<input id="amount"></p>`;
    const all = collectFields(document);
    const byLabel = (l: string) => all.find((f) => f.desc.labels.includes(l));
    expect(byLabel('票据代码')?.desc.kind).toBe('text');
    expect(byLabel('校验码')?.desc.kind).toBe('contenteditable');
    expect(byLabel('开具日期')).toBeTruthy();
    expect(byLabel('发票金额：')?.desc.selector).toBe('#amount');
    // generated ids are not stable: a path instead, that finds the same element
    const gen = byLabel('开具日期')!.desc.selector!;
    expect(gen).not.toContain('el-id');
    expect(document.querySelector(gen)).toBe(byLabel('开具日期')!.root);
    const g = matchFields(all.filter((f) => f.desc.row === byLabel('票据代码')!.desc.row).map((f) => f.desc));
    expect(Object.keys(g.map).sort()).toEqual(['billCode', 'billNumber', 'checkCode']);
  });
});

describe('labels above the field', () => {
  it('stacked layouts: the label block above a wrapped input names it', () => {
    document.body.innerHTML = `
      <div class="item"><div class="lbl">票据代码</div><div class="ctl"><span class="wrap"><input></span></div></div>
      <div class="item"><div class="lbl">票据号码</div><div class="ctl"><span class="wrap"><input></span></div></div>
      <div class="item"><div class="lbl">校验码</div><div class="ctl"><span class="wrap"><input></span></div></div>`;
    const all = collectFields(document);
    expect(all.map((f) => f.desc.labels[0])).toEqual(['票据代码', '票据号码', '校验码']);
    const m = matchFields(all.map((f) => f.desc));
    expect(Object.keys(m.map).sort()).toEqual(['billCode', 'billNumber', 'checkCode']);
  });
});
