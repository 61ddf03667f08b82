/**
 * Field detection in one document (each frame answers for itself): inputs, selects, textareas,
 * contenteditable and custom widgets (Element Plus, Ant Design, ARIA comboboxes), each with every
 * label source the page offers → a serialisable FieldDescriptor (stable selector, row, widget kind,
 * visible/disabled/readonly flags, current value).
 */
import type { FieldDescriptor } from './match';
import { isVisible, text } from './dom-util';

export const MARK = 'data-rc-field';
export const FIELD_SELECTOR =
  'input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=button]):not([type=submit]):not([type=reset]):not([type=image]):not([type=file]), select, textarea, [role=combobox], [contenteditable=""], [contenteditable=true], [contenteditable=plaintext-only]';

export type WidgetKind = 'text' | 'number' | 'textarea' | 'select' | 'el-select' | 'el-date' | 'el-number' | 'ant-select' | 'combobox' | 'readonly-date' | 'contenteditable';

/** Kinds driven by clicking/typing into a popup: their input may be readonly by design. */
const POPUP_KINDS: WidgetKind[] = ['el-select', 'el-date', 'ant-select', 'combobox', 'readonly-date'];

export interface Found {
  desc: FieldDescriptor;
  input: HTMLElement;
  root: HTMLElement;
  rowEl: Element | null;
}

let seq = 0;

/** The element the clerk would see as "the field" (wrapper for custom widgets) and how to drive it. */
export function widgetOf(input: HTMLElement): { root: HTMLElement; kind: WidgetKind } {
  const elSelect = input.closest('.el-select') as HTMLElement | null;
  if (elSelect) return { root: elSelect, kind: 'el-select' };
  if (input.closest('.el-date-editor')) return { root: input, kind: 'el-date' };
  if (input.closest('.el-input-number')) return { root: input, kind: 'el-number' };
  if (input.closest('.ant-picker')) return { root: input, kind: 'el-date' }; // typed entry + Enter, like Element Plus
  const antSel = input.closest('.ant-select') as HTMLElement | null;
  if (antSel) return { root: antSel, kind: 'ant-select' };
  const combo = input.closest('[role=combobox]') as HTMLElement | null;
  if (combo && combo !== input) return { root: combo, kind: 'combobox' };
  if (input.getAttribute('role') === 'combobox' || input.getAttribute('aria-haspopup') === 'listbox') return { root: input, kind: 'combobox' };
  const tag = input.tagName;
  if (tag === 'SELECT') return { root: input, kind: 'select' };
  if (tag === 'TEXTAREA') return { root: input, kind: 'textarea' };
  if (tag !== 'INPUT' && input.isContentEditable !== false && input.hasAttribute('contenteditable')) return { root: input, kind: 'contenteditable' };
  const el = input as HTMLInputElement;
  if (el.readOnly && /date|日期/i.test(el.type + (el.getAttribute('placeholder') ?? '') + (typeof el.className === 'string' ? el.className : ''))) return { root: input, kind: 'readonly-date' };
  return { root: input, kind: el.type === 'number' ? 'number' : 'text' };
}

/** The column header of a field inside a table row (plain tables and Element Plus' split header table). */
export function columnHeader(el: HTMLElement): string | null {
  const cell = el.closest('td, [role=gridcell], [role=cell]') as HTMLElement | null;
  if (!cell) return null;
  const colClass = [...cell.classList].find((c) => /_column_\d+$/.test(c));
  if (colClass) {
    const th = cell.closest('.el-table')?.querySelector(`th.${colClass}`);
    if (th) return text(th);
  }
  const row = cell.parentElement;
  if (!row) return null;
  const idx = [...row.children].indexOf(cell);
  if (cell.getAttribute('role')) {
    const grid = cell.closest('[role=grid], [role=table]');
    const headRow = [...(grid?.querySelectorAll('[role=row]') ?? [])].find((r) => r.querySelector('[role=columnheader]'));
    const h = headRow?.querySelectorAll('[role=columnheader]')[idx];
    return h ? text(h) : null;
  }
  const table = cell.closest('table');
  if (!table) return null;
  const headRow = table.querySelector('thead tr') ?? table.querySelector('tr');
  if (!headRow || headRow === row) return null;
  // header cells only: a first row of inputs is not a header
  if (headRow.querySelector('input, select, textarea')) return null;
  const th = headRow.children[idx];
  return th ? text(th) : null;
}

const hasField = (el: Element) => !!el.querySelector('input, select, textarea, [role=combobox]');

/** Every label source, strongest first. */
export function labelsOf(input: HTMLElement, root: HTMLElement): string[] {
  const out: string[] = [];
  const push = (s: string | null | undefined) => {
    const t = (s ?? '').replace(/\s+/g, ' ').trim();
    if (t && t.length <= 40 && !out.includes(t)) out.push(t);
  };
  const doc = input.ownerDocument;
  if (input.id) doc.querySelectorAll(`label[for="${CSS.escape(input.id)}"]`).forEach((l) => push(text(l)));
  const wrap = input.closest('label');
  if (wrap) {
    // the wrapping label's own text, without the text of the option list etc.
    const clone = wrap.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('select, [role=listbox], ul').forEach((x) => x.remove());
    push(text(clone));
  }
  for (const src of [input, root]) {
    push(src.getAttribute('aria-label'));
    for (const id of (src.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean)) push(text(doc.getElementById(id)));
  }
  push(input.getAttribute('title'));
  push(input.getAttribute('name'));
  const formItem = root.closest('.el-form-item, .ant-form-item, .form-group, .layui-form-item, .form-item');
  if (formItem) push(text(formItem.querySelector('.el-form-item__label, .ant-form-item-label, label, .layui-form-label, .form-label')));
  push(columnHeader(root));
  // text to the left: the previous cell, the previous sibling, the parent's previous sibling
  const cell = root.closest('td, th');
  if (cell?.previousElementSibling && !hasField(cell.previousElementSibling)) push(text(cell.previousElementSibling));
  // text to the left or above: the nearest previous sibling of the field or of a wrapper that holds only this field
  let box: Element | null = root;
  for (let depth = 0; box && depth < 5; depth++) {
    const prev = box.previousElementSibling;
    if (prev) {
      if (!hasField(prev) && text(prev).length <= 20) push(text(prev));
      break;
    }
    const up: Element | null = box.parentElement;
    if (!up || up.tagName === 'TD' || up.tagName === 'BODY' || up.querySelectorAll(FIELD_SELECTOR).length > 1) break;
    box = up;
  }
  // text node right before the field ("票据代码：<input>")
  const before = root.previousSibling;
  if (before?.nodeType === 3) push(before.textContent);
  push(input.getAttribute('placeholder'));
  return out;
}

const blankIfPlaceholder = (s: string) => (/^[-\s]*(请选择|请输入|选择|--)[^]{0,8}$/.test(s) ? '' : s);

/** What the widget shows now (for Element Plus selects: the displayed label). */
export function currentValue(root: HTMLElement, kind: string): string {
  if (kind === 'el-select') {
    const sel = root.querySelector(
      '.el-select__placeholder:not(.is-transparent), .el-select__selected-item:not(.el-select__input-wrapper):not(.el-select__placeholder):not(.is-transparent), .el-select__selection .el-tag__content, .el-select__tags-text',
    );
    if (sel && text(sel)) return text(sel);
    return (root.querySelector('input') as HTMLInputElement | null)?.value ?? '';
  }
  if (kind === 'ant-select') return text(root.querySelector('.ant-select-selection-item, .ant-select-content-has-value'));
  if (kind === 'combobox') {
    if (root.tagName === 'INPUT') return (root as HTMLInputElement).value;
    if (root.dataset.value != null) return root.dataset.value;
    const clone = root.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('[role=listbox], ul, ol').forEach((x) => x.remove());
    return blankIfPlaceholder(text(clone));
  }
  if (kind === 'contenteditable') return text(root);
  if (root.tagName === 'SELECT') {
    const s = root as HTMLSelectElement;
    const o = s.options[s.selectedIndex];
    return !o || o.value === '' ? '' : blankIfPlaceholder(text(o));
  }
  return (root as HTMLInputElement).value ?? '';
}

/** The record a field belongs to: its table row, or the nearest ancestor holding several fields. */
export function rowOf(root: HTMLElement): Element | null {
  const count = (el: Element) => el.querySelectorAll(FIELD_SELECTOR).length;
  const row = root.closest('tr, [role=row]');
  if (row && count(row) >= 2) return row;
  for (let el = root.parentElement; el && el !== root.ownerDocument.body; el = el.parentElement) {
    const c = count(el);
    if (c >= 3) return c <= 30 ? el : null;
  }
  return null;
}

/** Framework-generated ids change between page loads: not stable. */
const STABLE_ID = /^(?!el-id-|rc_|:r|ant-|v-|react-)[A-Za-z][\w-]{0,40}$/;

/** A CSS selector for the element that survives a reload (stable id, else a tag:nth-of-type path). */
export function stableSelector(el: Element): string {
  const parts: string[] = [];
  for (let cur: Element | null = el; cur && cur.tagName !== 'HTML'; cur = cur.parentElement) {
    if (cur.id && STABLE_ID.test(cur.id) && cur.ownerDocument.querySelectorAll(`#${CSS.escape(cur.id)}`).length === 1) {
      parts.unshift(`#${CSS.escape(cur.id)}`);
      break;
    }
    const tag = cur.tagName.toLowerCase();
    const parent: Element | null = cur.parentElement;
    if (!parent || tag === 'body') {
      parts.unshift(tag);
      if (tag === 'body') break;
      continue;
    }
    const same = [...parent.children].filter((c) => c.tagName === cur!.tagName);
    parts.unshift(same.length > 1 ? `${tag}:nth-of-type(${same.indexOf(cur) + 1})` : tag);
  }
  return parts.join(' > ');
}

/** All fields of this document, grouped into records by `desc.row` (0-based, in page order). */
export function collectFields(doc: Document = document): Found[] {
  const found: Found[] = [];
  const seen = new Set<HTMLElement>();
  const ids = new Set<string>();
  const rows: Element[] = [];
  for (const input of doc.querySelectorAll<HTMLElement>(FIELD_SELECTOR)) {
    const { root, kind } = widgetOf(input);
    if (seen.has(root)) continue;
    seen.add(root);
    let id = root.getAttribute(MARK);
    // a row cloned by the page ("添加") carries the marks of the row it was copied from
    if (!id || ids.has(id)) {
      id = `f${++seq}-${Math.random().toString(36).slice(2, 6)}`;
      root.setAttribute(MARK, id);
    }
    ids.add(id);
    const rowEl = rowOf(root);
    let row: number | null = null;
    if (rowEl) {
      let i = rows.indexOf(rowEl);
      if (i < 0) i = rows.push(rowEl) - 1;
      row = i;
    }
    const el = input as HTMLInputElement;
    found.push({
      input,
      root,
      rowEl,
      desc: {
        id,
        selector: stableSelector(root),
        labels: labelsOf(input, root),
        kind,
        row,
        visible: isVisible(root),
        disabled: !!el.disabled || root.classList.contains('is-disabled') || root.classList.contains('ant-select-disabled') || root.getAttribute('aria-disabled') === 'true',
        readonly: !!el.readOnly && !POPUP_KINDS.includes(kind),
        value: currentValue(root, kind),
      },
    });
  }
  return found;
}

export function groupByRow(all: Found[]): Map<number | null, Found[]> {
  const rows = new Map<number | null, Found[]>();
  for (const f of all) rows.set(f.desc.row, [...(rows.get(f.desc.row) ?? []), f]);
  return rows;
}

/** Re-finds a field after the page re-rendered: by its mark, else by its selector. */
export function refind(doc: Document, desc: Pick<FieldDescriptor, 'id' | 'selector'>, all = collectFields(doc)): Found | undefined {
  return all.find((f) => f.desc.id === desc.id) ?? (desc.selector ? all.find((f) => f.desc.selector === desc.selector) : undefined);
}
