/**
 * Content-script side of filling: collect fields with every label source, find/add the row,
 * drive each widget like a person would, read every value back, undo. Never clicks save/submit.
 */
import { FILL_FIELDS, matchFields, sameOnPage, type FieldDescriptor, type FillField } from './match';

const MARK = 'data-rc-field';
const FORBIDDEN = /(保存|提交|确认|确定|申报|删除全部|暂存|打印|下一步|完成|登录)/;
const ADD_ROW = /^(\+\s*)?(新增|添加|增加|新增一行|添加一行|增加一行|添加票据|新增票据|增行|加一行)$/;

let seq = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

function isVisible(el: Element): boolean {
  const he = el as HTMLElement;
  if (!he.isConnected) return false;
  const style = getComputedStyle(he);
  if (style.display === 'none' || style.visibility === 'hidden') return false;
  const r = he.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
}

/** The element the clerk would see as "the field" (wrapper for custom widgets). */
function widgetOf(input: HTMLElement): { root: HTMLElement; kind: string } {
  const elSelect = input.closest('.el-select') as HTMLElement | null;
  if (elSelect) return { root: elSelect, kind: 'el-select' };
  const elDate = input.closest('.el-date-editor') as HTMLElement | null;
  if (elDate) return { root: input, kind: 'el-date' };
  const elNum = input.closest('.el-input-number') as HTMLElement | null;
  if (elNum) return { root: input, kind: 'el-number' };
  const antDate = input.closest('.ant-picker') as HTMLElement | null;
  if (antDate) return { root: input, kind: 'el-date' }; // typed entry + Enter, like Element Plus
  const antSel = input.closest('.ant-select') as HTMLElement | null;
  if (antSel) return { root: antSel, kind: 'ant-select' };
  const combo = input.closest('[role=combobox]') as HTMLElement | null;
  if (combo && combo !== input) return { root: combo, kind: 'combobox' };
  if (input.getAttribute('role') === 'combobox' || input.getAttribute('aria-haspopup') === 'listbox') return { root: input, kind: 'combobox' };
  if (input instanceof HTMLSelectElement) return { root: input, kind: 'select' };
  if (input instanceof HTMLTextAreaElement) return { root: input, kind: 'textarea' };
  if ((input as HTMLInputElement).readOnly && /date|日期/i.test((input as HTMLInputElement).type + (input.getAttribute('placeholder') ?? '') + (input.className ?? ''))) return { root: input, kind: 'readonly-date' };
  return { root: input, kind: (input as HTMLInputElement).type === 'number' ? 'number' : 'text' };
}

function columnHeader(el: HTMLElement): string | null {
  const cell = el.closest('td, [role=gridcell], [role=cell]') as HTMLTableCellElement | null;
  if (!cell) return null;
  // Element Plus: header in a separate table, same column class
  const colClass = [...cell.classList].find((c) => /_column_\d+$/.test(c));
  if (colClass) {
    const table = cell.closest('.el-table');
    const th = table?.querySelector(`th.${colClass}`);
    if (th) return text(th);
  }
  const row = cell.parentElement as HTMLTableRowElement | null;
  const table = cell.closest('table');
  if (!row || !table) return null;
  const idx = [...row.children].indexOf(cell);
  const headRow = table.querySelector('thead tr') ?? table.querySelector('tr');
  if (!headRow || headRow === row) return null;
  const th = headRow.children[idx];
  return th ? text(th) : null;
}

function labelsOf(input: HTMLElement, root: HTMLElement): string[] {
  const out: string[] = [];
  const push = (s: string | null | undefined) => {
    const t = (s ?? '').replace(/\s+/g, ' ').trim();
    if (t && t.length <= 40 && !out.includes(t)) out.push(t);
  };
  const doc = input.ownerDocument;
  if (input.id) doc.querySelectorAll(`label[for="${CSS.escape(input.id)}"]`).forEach((l) => push(text(l)));
  push(text(input.closest('label')));
  push(input.getAttribute('aria-label'));
  for (const id of (input.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean)) push(text(doc.getElementById(id)));
  push(input.getAttribute('title'));
  push(input.getAttribute('name'));
  const formItem = root.closest('.el-form-item, .ant-form-item, .form-group, .layui-form-item');
  if (formItem) push(text(formItem.querySelector('.el-form-item__label, .ant-form-item-label, label, .layui-form-label')));
  push(columnHeader(root));
  // text immediately to the left: previous sibling text / previous cell
  const cell = root.closest('td, th');
  if (cell?.previousElementSibling && !cell.previousElementSibling.querySelector('input, select, textarea')) push(text(cell.previousElementSibling));
  let prev = root.previousElementSibling;
  if (prev && !prev.querySelector('input, select, textarea') && text(prev).length <= 20) push(text(prev));
  if (!prev && root.parentElement) {
    prev = root.parentElement.previousElementSibling;
    if (prev && !prev.querySelector('input, select, textarea') && text(prev).length <= 20) push(text(prev));
  }
  push(input.getAttribute('placeholder'));
  return out;
}

function currentValue(root: HTMLElement, kind: string): string {
  if (kind === 'el-select') {
    const sel = root.querySelector('.el-select__placeholder:not(.is-transparent), .el-select__selected-item:not(.el-select__input-wrapper):not(.el-select__placeholder):not(.is-transparent), .el-select__selection .el-tag__content, .el-select__tags-text');
    if (sel && text(sel)) return text(sel);
    const input = root.querySelector('input') as HTMLInputElement | null;
    return input?.value ?? '';
  }
  if (kind === 'ant-select') return text(root.querySelector('.ant-select-selection-item, .ant-select-content-has-value')); // v5, v6
  if (kind === 'combobox') {
    if (root instanceof HTMLInputElement) return root.value;
    if (root.dataset.value != null) return root.dataset.value;
    // the shown text, without the (hidden) option list inside the widget
    const clone = root.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('[role=listbox], ul, ol').forEach((x) => x.remove());
    return blankIfPlaceholder(text(clone));
  }
  if (root instanceof HTMLSelectElement) {
    const o = root.options[root.selectedIndex];
    return !o || o.value === '' ? '' : blankIfPlaceholder(text(o));
  }
  return (root as HTMLInputElement).value ?? '';
}

const blankIfPlaceholder = (s: string) => (/^[-\s]*(请选择|请输入|选择|--)[^]{0,8}$/.test(s) ? '' : s);
const FIELD_SELECTOR = 'input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=button]):not([type=submit]):not([type=file]), select, textarea, [role=combobox]';

interface Found {
  desc: FieldDescriptor;
  input: HTMLElement;
  root: HTMLElement;
  rowEl: Element | null;
}

/** The record a field belongs to: its table row, or the nearest ancestor holding several fields. */
function rowOf(root: HTMLElement): Element | null {
  const count = (el: Element) => el.querySelectorAll(FIELD_SELECTOR).length;
  const row = root.closest('tr, [role=row]');
  if (row && count(row) >= 2) return row;
  for (let el = root.parentElement; el && el !== root.ownerDocument.body; el = el.parentElement) {
    const c = count(el);
    if (c >= 3) return c <= 30 ? el : null;
  }
  return null;
}

export function collectFields(doc: Document = document): Found[] {
  const found: Found[] = [];
  const seen = new Set<HTMLElement>();
  const nodes = doc.querySelectorAll<HTMLElement>(`${FIELD_SELECTOR}, [contenteditable=true]`);
  const rows: Element[] = [];
  for (const input of nodes) {
    const { root, kind } = widgetOf(input);
    if (seen.has(root)) continue;
    seen.add(root);
    let id = root.getAttribute(MARK);
    // a row cloned by the page ("添加") carries the marks of the row it was copied from
    if (!id || found.some((f) => f.desc.id === id)) {
      id = `f${++seq}`;
      root.setAttribute(MARK, id);
    }
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
        labels: labelsOf(input, root),
        kind,
        row,
        visible: isVisible(root),
        disabled: !!el.disabled || root.classList.contains('is-disabled') || root.getAttribute('aria-disabled') === 'true',
        readonly: !!el.readOnly && !['el-select', 'el-date', 'ant-select', 'combobox', 'readonly-date'].includes(kind),
        value: currentValue(root, kind),
      },
    });
  }
  return found;
}

// ---------- strategies ----------

function setNativeValue(el: HTMLInputElement | HTMLTextAreaElement, value: string) {
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')!.set!;
  setter.call(el, value);
}

function fire(el: Element, type: string, init: any = {}) {
  const Ctor = type.startsWith('key') ? KeyboardEvent : type === 'input' ? InputEvent : type.startsWith('mouse') || type === 'click' ? MouseEvent : type === 'focus' || type === 'blur' || type === 'focusin' || type === 'focusout' ? FocusEvent : Event;
  el.dispatchEvent(new (Ctor as any)(type, { bubbles: type !== 'focus' && type !== 'blur', cancelable: true, composed: true, ...init }));
}

function click(el: HTMLElement) {
  for (const t of ['pointerdown', 'mousedown', 'pointerup', 'mouseup']) fire(el, t, { button: 0 });
  el.click();
}

async function typeInto(el: HTMLInputElement | HTMLTextAreaElement, value: string, { enter = false, blur = true } = {}) {
  el.focus();
  fire(el, 'focus');
  fire(el, 'focusin');
  setNativeValue(el, value);
  fire(el, 'input', { data: value, inputType: 'insertText' });
  fire(el, 'change');
  if (enter) {
    fire(el, 'keydown', { key: 'Enter', code: 'Enter', keyCode: 13 });
    fire(el, 'keyup', { key: 'Enter', code: 'Enter', keyCode: 13 });
  }
  if (blur) {
    fire(el, 'blur');
    fire(el, 'focusout');
    el.blur();
  }
}

async function waitFor<T>(fn: () => T | null | undefined | false, timeout = 1500, step = 25): Promise<T | null> {
  const t0 = performance.now();
  while (performance.now() - t0 < timeout) {
    const v = fn();
    if (v) return v as T;
    await sleep(step);
  }
  return null;
}

function visibleOptions(doc: Document, selector: string): HTMLElement[] {
  return [...doc.querySelectorAll<HTMLElement>(selector)].filter(isVisible);
}

function pickOption(options: HTMLElement[], want: string): HTMLElement | null {
  const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
  const w = norm(want);
  return options.find((o) => norm(text(o)) === w) ?? (options.filter((o) => norm(text(o)).includes(w)).length === 1 ? options.find((o) => norm(text(o)).includes(w))! : null);
}

async function fillElSelect(root: HTMLElement, value: string): Promise<boolean> {
  const doc = root.ownerDocument;
  const trigger = (root.querySelector('.el-select__wrapper, .el-input__wrapper, .el-select__selection') as HTMLElement) ?? root;
  click(trigger);
  const input = root.querySelector('input') as HTMLInputElement | null;
  if (input && !input.readOnly && root.classList.contains('is-filterable') !== false) {
    input.focus();
    setNativeValue(input, value);
    fire(input, 'input', { data: value, inputType: 'insertText' });
  }
  // scope to this select's own dropdown (aria-controls), not a stale one of another row
  const listId = (root.querySelector('[aria-controls]') as HTMLElement | null)?.getAttribute('aria-controls');
  const scoped = () => {
    const list = listId ? doc.getElementById(listId) : null;
    const scope: ParentNode = list?.closest('.el-select-dropdown') ?? list ?? doc;
    return [...scope.querySelectorAll<HTMLElement>('.el-select-dropdown__item:not(.is-disabled)')].filter(isVisible);
  };
  const opt = await waitFor(() => pickOption(scoped(), value));
  if (!opt) {
    fire(input ?? trigger, 'keydown', { key: 'Escape', code: 'Escape', keyCode: 27 });
    return false;
  }
  click(opt);
  await sleep(30);
  return true;
}

async function fillAntSelect(root: HTMLElement, value: string): Promise<boolean> {
  const doc = root.ownerDocument;
  click((root.querySelector('.ant-select-selector, .ant-select-content') as HTMLElement) ?? root);
  const input = root.querySelector('input') as HTMLInputElement | null;
  if (input && !input.readOnly) {
    setNativeValue(input, value);
    fire(input, 'input', { data: value });
  }
  const opt = await waitFor(() => pickOption(visibleOptions(doc, '.ant-select-item-option'), value));
  if (!opt) return false;
  click(opt);
  return true;
}

async function fillCombobox(root: HTMLElement, value: string): Promise<boolean> {
  const doc = root.ownerDocument;
  click(root);
  const listId = root.getAttribute('aria-controls') ?? root.getAttribute('aria-owns');
  const opt = await waitFor(() => {
    const scope = listId ? doc.getElementById(listId) : null;
    const opts = [...(scope ?? doc).querySelectorAll<HTMLElement>('[role=option]')].filter(isVisible);
    return pickOption(opts, value);
  });
  if (!opt) {
    fire(root, 'keydown', { key: 'Escape', code: 'Escape', keyCode: 27 });
    return false;
  }
  click(opt);
  await sleep(20);
  return true;
}

/**
 * Readonly date input with a popup calendar, driven like a person: open it, read the shown
 * month, step with the previous/next buttons, click the day.
 */
async function fillReadonlyDate(root: HTMLInputElement, value: string): Promise<boolean> {
  const doc = root.ownerDocument;
  const [ty, tm, td] = value.split('-').map(Number);
  const target = ty * 12 + (tm - 1);
  click(root);
  const popup = await waitFor(() =>
    [...doc.querySelectorAll<HTMLElement>('[class*=calendar], [class*=datepicker], [class*=date-picker], [class*=cal], [role=dialog], [role=grid]')].find(
      (el) => isVisible(el) && /\d{4}\s*[年\-/.]\s*\d{1,2}/.test(text(el)) && !el.contains(root),
    ),
  );
  if (!popup) return false;
  for (let i = 0; i < 400; i++) {
    const byData = [...popup.querySelectorAll<HTMLElement>(`[data-date="${value}"]`)].find(isVisible);
    if (byData) {
      click(byData);
      break;
    }
    const m = /(\d{4})\s*[年\-/.]\s*(\d{1,2})/.exec(text(popup));
    if (!m) return false;
    const shown = Number(m[1]) * 12 + (Number(m[2]) - 1);
    if (shown === target) {
      const day = [...popup.querySelectorAll<HTMLElement>('td, [role=gridcell], button')].find(
        (c) => text(c) === String(td) && isVisible(c) && !/other|prev|next|disabled|outside/i.test(c.className) && c.getAttribute('aria-disabled') !== 'true',
      );
      if (!day) return false;
      click(day);
      break;
    }
    const back = shown > target;
    const nav = [...popup.querySelectorAll<HTMLElement>('button, a, [role=button], span')].find((b) => {
      const t = text(b) + ' ' + (b.getAttribute('aria-label') ?? '') + ' ' + (b.getAttribute('title') ?? '') + ' ' + b.className;
      return isVisible(b) && (back ? /‹|^<$|上一?月|prev|previous/i.test(t) : /›|^>$|下一?月|next/i.test(t)) && !/年|year/i.test(t);
    });
    if (!nav) return false;
    click(nav);
    await sleep(5);
  }
  await sleep(20);
  return root.value !== '';
}

async function setField(f: Found, value: string): Promise<boolean> {
  const { root, input, desc } = f;
  switch (desc.kind) {
    case 'el-select':
      return fillElSelect(root, value);
    case 'ant-select':
      return fillAntSelect(root, value);
    case 'combobox':
      return fillCombobox(root, value);
    case 'select': {
      const sel = root as HTMLSelectElement;
      const opt = [...sel.options].find((o) => text(o) === value || o.value === value) ?? [...sel.options].find((o) => text(o).includes(value));
      if (!opt) return false;
      sel.focus();
      sel.value = opt.value;
      fire(sel, 'input');
      fire(sel, 'change');
      sel.blur();
      return true;
    }
    case 'el-date': {
      const el = input as HTMLInputElement;
      click(el);
      await typeInto(el, value, { enter: true, blur: false });
      await sleep(20);
      fire(el, 'keydown', { key: 'Escape', code: 'Escape', keyCode: 27 });
      el.blur();
      fire(el, 'blur');
      return true;
    }
    case 'readonly-date':
      return fillReadonlyDate(input as HTMLInputElement, value);
    default: {
      const el = input as HTMLInputElement;
      if (el.isContentEditable) {
        el.textContent = value;
        fire(el, 'input');
        return true;
      }
      await typeInto(el, value);
      return true;
    }
  }
}

// ---------- rows ----------

function addRowButton(doc: Document, near: Element | null): HTMLElement | null {
  const scope = (near?.closest('.el-table, table')?.parentElement ?? doc.body) as HTMLElement;
  const buttons = [...doc.querySelectorAll<HTMLElement>('button, a, [role=button], input[type=button], .btn')].filter(isVisible);
  const ok = buttons.filter((b) => {
    const t = (text(b) || (b as HTMLInputElement).value || b.getAttribute('title') || '').replace(/\s+/g, '');
    return ADD_ROW.test(t) && !FORBIDDEN.test(t);
  });
  return ok.find((b) => scope.contains(b)) ?? ok[0] ?? null;
}

export interface FillFieldResult {
  field: FillField;
  state: 'filled' | 'differs' | 'not-found' | 'ambiguous' | 'skipped';
  expected: string;
  actual?: string;
}

export interface FillReport {
  ok: boolean;
  results: FillFieldResult[];
  addedRow: boolean;
  rowIndex: number | null;
  ms: number;
  message?: string;
}

interface UndoEntry {
  addedRow: Element | null;
  previous: Array<{ id: string; value: string; kind: string }>;
}
let lastUndo: UndoEntry | null = null;

function groupByRow(all: Found[]) {
  const rows = new Map<number | null, Found[]>();
  for (const f of all) rows.set(f.desc.row, [...(rows.get(f.desc.row) ?? []), f]);
  return rows;
}

/** How well this frame's page matches a declaration row (used to pick the frame). */
export function detectForm(doc: Document = document, taught: Taught = {}) {
  const all = collectFields(doc);
  let best = { matched: [] as FillField[], row: null as number | null, rows: 0 };
  for (const [row, fs] of groupByRow(all)) {
    const m = matchFields(fs.map((f) => f.desc), taughtIds(fs, taught));
    const matched = Object.keys(m.map) as FillField[];
    if (matched.length > best.matched.length) best = { matched, row, rows: 0 };
  }
  best.rows = new Set(all.map((f) => f.desc.row).filter((r) => r != null)).size;
  return { url: location.href, fields: all.length, matched: best.matched, rows: best.rows, hasAddRow: !!addRowButton(doc, null) };
}

function isRowEmpty(fs: Found[], map: Partial<Record<FillField, string>>): boolean {
  return Object.values(map).every((id) => {
    const f = fs.find((x) => x.desc.id === id);
    return !f || !currentValue(f.root, f.desc.kind).trim();
  });
}

/** What the clerk taught: a field's position within its record (row), so it carries over to new rows. */
export type Taught = Partial<Record<FillField, string>>; // field → "pos:N"

function taughtIds(fs: Found[], taught: Taught): Partial<Record<FillField, string>> {
  const out: Partial<Record<FillField, string>> = {};
  for (const [field, key] of Object.entries(taught) as Array<[FillField, string]>) {
    const m = /^pos:(\d+)$/.exec(key ?? '');
    const f = m ? fs[Number(m[1])] : undefined;
    if (f) out[field] = f.desc.id;
  }
  return out;
}

export function fieldPosition(el: Element, doc: Document = document): { pos: number; labels: string[] } | null {
  const all = collectFields(doc);
  const hit = all.find((f) => f.root === el || f.root.contains(el) || f.input === el);
  if (!hit) return null;
  const fs = groupByRow(all).get(hit.desc.row) ?? [];
  return { pos: fs.indexOf(hit), labels: hit.desc.labels };
}

export async function fillRow(values: Partial<Record<FillField, string>>, taught: Taught = {}, doc: Document = document): Promise<FillReport> {
  const t0 = performance.now();
  let all = collectFields(doc);
  const candidates = () =>
    [...groupByRow(all)]
      .map(([row, fs]) => ({ row, fs, m: matchFields(fs.map((f) => f.desc), taughtIds(fs, taught)) }))
      .filter((x) => Object.keys(x.m.map).length >= 3)
      .sort((a, b) => (a.row ?? -1) - (b.row ?? -1));
  let rows = candidates();
  if (!rows.length) return { ok: false, results: [], addedRow: false, rowIndex: null, ms: performance.now() - t0, message: '当前页面未找到申报表字段（票据代码、票据号码等）' };
  let target = rows.find((r) => isRowEmpty(r.fs, r.m.map));
  let addedRow: Element | null = null;
  if (!target) {
    const btn = addRowButton(doc, rows[rows.length - 1].fs[0].root);
    if (!btn) return { ok: false, results: [], addedRow: false, rowIndex: null, ms: performance.now() - t0, message: '没有空行，也找不到“新增一行”按钮：请先在页面上添加一行' };
    const before = new Set(rows.map((r) => r.fs[0].rowEl));
    click(btn);
    const appeared = await waitFor(() => {
      all = collectFields(doc);
      rows = candidates();
      return rows.find((r) => !before.has(r.fs[0].rowEl) && isRowEmpty(r.fs, r.m.map));
    }, 2000);
    if (!appeared) return { ok: false, results: [], addedRow: false, rowIndex: null, ms: performance.now() - t0, message: '点击“新增”后没有出现新的一行' };
    target = appeared;
    addedRow = appeared.fs[0].rowEl;
  }
  const { fs, m } = target;
  const byId = new Map(fs.map((f) => [f.desc.id, f]));
  lastUndo = { addedRow, previous: Object.values(m.map).map((id) => ({ id: id!, value: currentValue(byId.get(id!)!.root, byId.get(id!)!.desc.kind), kind: byId.get(id!)!.desc.kind })) };
  const results: FillFieldResult[] = [];
  for (const field of FILL_FIELDS) {
    const want = values[field];
    if (want == null || want === '') continue;
    const amb = m.ambiguous.find((a) => a.field === field);
    if (amb) {
      results.push({ field, state: 'ambiguous', expected: want });
      continue;
    }
    const id = m.map[field];
    const f = id ? byId.get(id) : undefined;
    if (!f) {
      results.push({ field, state: 'not-found', expected: want });
      continue;
    }
    try {
      await setField(f, want);
    } catch {
      /* read-back reports it */
    }
  }
  await sleep(60);
  // read back every field from the live DOM (framework may have re-rendered)
  const fresh = collectFields(doc);
  for (const field of FILL_FIELDS) {
    const want = values[field];
    if (want == null || want === '' || results.some((r) => r.field === field)) continue;
    const f = fresh.find((x) => x.desc.id === m.map[field]);
    const actual = f ? currentValue(f.root, f.desc.kind) : '';
    results.push({ field, state: f && sameOnPage(field, want, actual) ? 'filled' : 'differs', expected: want, actual });
    if (f) {
      (f.root as HTMLElement).style.outline = sameOnPage(field, want, actual) ? '2px solid #2da44e' : '2px solid #cf222e';
      setTimeout(() => ((f.root as HTMLElement).style.outline = ''), 4000);
    }
  }
  const rowIndex = target.row;
  return { ok: results.every((r) => r.state === 'filled'), results, addedRow: !!addedRow, rowIndex, ms: performance.now() - t0 };
}

/** Read what the page holds in the last filled row (or the first row), for spot checks. */
export function readRow(rowIndex: number | null = null, doc: Document = document, taught: Taught = {}): Partial<Record<FillField, string>> {
  const all = collectFields(doc);
  const rows = [...groupByRow(all)].map(([row, fs]) => ({ row, fs, m: matchFields(fs.map((f) => f.desc), taughtIds(fs, taught)) })).filter((x) => Object.keys(x.m.map).length >= 3);
  const r = rows.find((x) => x.row === rowIndex) ?? rows[rows.length - 1];
  const out: Partial<Record<FillField, string>> = {};
  if (!r) return out;
  for (const [field, id] of Object.entries(r.m.map)) {
    const f = r.fs.find((x) => x.desc.id === id)!;
    out[field as FillField] = currentValue(f.root, f.desc.kind);
  }
  return out;
}

export async function undoLastFill(doc: Document = document): Promise<{ ok: boolean; message?: string }> {
  const u = lastUndo;
  if (!u) return { ok: false, message: '没有可以撤销的填写' };
  lastUndo = null;
  if (u.addedRow && u.addedRow.isConnected) {
    const del = [...u.addedRow.querySelectorAll<HTMLElement>('button, a, [role=button]')].find((b) => /^删除$|^移除$/.test(text(b)));
    if (del) {
      click(del);
      return { ok: true };
    }
  }
  const all = collectFields(doc);
  for (const p of u.previous) {
    const f = all.find((x) => x.desc.id === p.id);
    if (!f) continue;
    if (['text', 'number', 'el-number', 'textarea', 'el-date'].includes(f.desc.kind)) await typeInto(f.input as HTMLInputElement, p.value);
  }
  return { ok: true };
}

/** Teach mode: the next click on a page field answers which field it is (position in its row). */
export function pickFieldOnce(doc: Document = document, timeoutMs = 60_000): Promise<{ pos: number; labels: string[] } | null> {
  return new Promise((resolve) => {
    const style = doc.createElement('style');
    style.textContent = 'input:hover, select:hover, textarea:hover, [role=combobox]:hover, .el-select:hover { outline: 3px dashed #bf8700 !important; cursor: crosshair !important; }';
    doc.head.appendChild(style);
    const done = (v: { pos: number; labels: string[] } | null) => {
      doc.removeEventListener('click', onClick, true);
      style.remove();
      clearTimeout(timer);
      resolve(v);
    };
    const onClick = (e: MouseEvent) => {
      const pos = e.target instanceof Element ? fieldPosition(e.target, doc) : null;
      if (!pos) return;
      e.preventDefault();
      e.stopPropagation();
      done(pos);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    doc.addEventListener('click', onClick, true);
  });
}
