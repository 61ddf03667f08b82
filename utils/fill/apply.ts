/**
 * Content-script side of one fill: pick the row, build the pure plan, drive each widget with its
 * strategy, read every field back, highlight, keep a one-step undo. Never clicks save/submit.
 */
import { collectFields, currentValue, FIELD_SELECTOR, refind, type Found } from './detect';
import { click, isVisible, key, text, waitFor } from './dom-util';
import { FILL_FIELDS, type FillField } from './match';
import { buildPlan, verify, type FieldResult, type FillPlan } from './plan';
import { addRowButton, receiptRecords, targetRow, type Taught } from './rows';
import { heldNumber, restoreField, setField, setFieldSync, SYNC_KINDS } from './strategies';

export type { Taught } from './rows';
export type FillFieldResult = FieldResult;

export interface FillReport {
  ok: boolean;
  results: FieldResult[];
  addedRow: boolean;
  rowIndex: number | null;
  ms: number;
  message?: string;
  /** where the time went: row pick/add, each field, read-back (ms) */
  timings?: Record<string, number>;
}

interface UndoEntry {
  addedRow: Element | null;
  previous: Array<{ id: string; selector?: string; kind: string; value: string }>;
}
let lastUndo: UndoEntry | null = null;

// ---------- highlight ----------
const HIGHLIGHT_MS = 6000;
const lit = new Map<HTMLElement, { outline: string; timer: ReturnType<typeof setTimeout> }>();
function highlight(el: HTMLElement, ok: boolean) {
  unhighlight(el);
  const outline = el.style.outline;
  el.style.outline = ok ? '2px solid #2da44e' : '2px solid #cf222e';
  lit.set(el, { outline, timer: setTimeout(() => unhighlight(el), HIGHLIGHT_MS) });
}
function unhighlight(el: HTMLElement) {
  const h = lit.get(el);
  if (!h) return;
  clearTimeout(h.timer);
  el.style.outline = h.outline;
  lit.delete(el);
}
export function clearHighlights() {
  for (const el of [...lit.keys()]) unhighlight(el);
}

// ---------- detection summary ----------
export function detectForm(doc: Document = document, taught: Taught = {}) {
  const all = collectFields(doc);
  const recs = receiptRecords(all, taught);
  // the best record, even below three matches, tells the panel how close this frame came
  let matched: FillField[] = [];
  for (const r of recs) if (Object.keys(r.m.map).length > matched.length) matched = Object.keys(r.m.map) as FillField[];
  return {
    url: doc.location?.href ?? '',
    fields: all.length,
    matched,
    rows: new Set(all.map((f) => f.desc.row).filter((r) => r != null)).size,
    hasAddRow: !!addRowButton(doc, null),
  };
}

/** Displayed and held value of a field, for read-back. */
export function readField(f: Found): { shown: string; held?: string } {
  const shown = currentValue(f.root, f.desc.kind);
  if (f.desc.kind === 'el-number') return { shown, held: heldNumber(f.input) };
  return { shown };
}

export async function fillRow(values: Partial<Record<FillField, string>>, taught: Taught = {}, doc: Document = document): Promise<FillReport> {
  const t0 = performance.now();
  const fail = (message: string): FillReport => ({ ok: false, results: [], addedRow: false, rowIndex: null, ms: performance.now() - t0, message });
  const timings: Record<string, number> = {};
  let tp = performance.now();
  const lap = (k: string) => {
    const now = performance.now();
    timings[k] = Math.round(now - tp);
    tp = now;
  };
  const pick = await targetRow(doc, taught);
  lap('row');
  if ('error' in pick) return fail(pick.error);
  const { target, addedRow } = pick;
  const plan: FillPlan = buildPlan(target.fs.map((f) => f.desc), target.m, values);
  const byId = new Map(target.fs.map((f) => [f.desc.id, f]));
  lastUndo = {
    addedRow,
    previous: plan.steps.map((s) => ({ id: s.id, selector: s.selector, kind: s.kind, value: byId.get(s.id)!.desc.value })),
  };
  clearHighlights();
  // the fields found when the row was picked; re-collect only when the page replaced one
  let fresh: Found[] | null = null;
  const live = (step: { id: string; selector?: string }): Found | undefined => {
    const f = byId.get(step.id);
    if (f && f.root.isConnected && (f.input === f.root || f.input.isConnected)) return f;
    fresh ??= collectFields(doc);
    return refind(doc, step, fresh);
  };
  // plain inputs back to back without yielding (one re-render of the page), then the widgets
  const sync = plan.steps.filter((s) => SYNC_KINDS.has(s.kind));
  for (const step of sync) {
    const f = live(step);
    try {
      if (f) setFieldSync(f, step.value);
    } catch {
      /* the read-back reports it */
    }
  }
  if (sync.length) lap('inputs');
  for (const step of plan.steps.filter((s) => !SYNC_KINDS.has(s.kind))) {
    const f = live(step);
    if (!f) continue;
    try {
      await setField(f, step.value);
    } catch {
      /* the read-back reports it */
    }
    lap(step.field);
  }
  // read every field back from the live DOM (the framework may have re-rendered)
  const read = async () => {
    fresh = null;
    const back: Record<string, { shown: string; held?: string } | undefined> = {};
    for (const s of plan.steps) {
      const f = live(s);
      back[s.id] = f ? readField(f) : undefined;
    }
    return { results: verify(plan, back) };
  };
  let rb = await read();
  // frameworks settle asynchronously: give a differing field a short moment before reporting
  if (rb.results.some((r) => r.state === 'differs')) {
    for (let i = 0; i < 6 && rb.results.some((r) => r.state === 'differs'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      rb = await read();
    }
  }
  lap('readBack');
  for (const r of rb.results) {
    const step = plan.steps.find((s) => s.field === r.field);
    const f = step && live(step);
    if (f) highlight(f.root, r.state === 'filled');
  }
  return { ok: rb.results.length > 0 && rb.results.every((r) => r.state === 'filled'), results: rb.results, addedRow: !!addedRow, rowIndex: target.row, ms: performance.now() - t0, timings };
}

/** What the page holds in every receipt row (for spot checks). */
export function readRows(doc: Document = document, taught: Taught = {}): Array<{ row: number | null; values: Partial<Record<FillField, string>> }> {
  return receiptRecords(collectFields(doc), taught).map((r) => {
    const values: Partial<Record<FillField, string>> = {};
    for (const field of FILL_FIELDS) {
      const id = r.m.map[field];
      const f = id ? r.fs.find((x) => x.desc.id === id) : undefined;
      if (f) values[field] = currentValue(f.root, f.desc.kind);
    }
    return { row: r.row, values };
  });
}

/** What the page holds in one row (default: the last receipt row). */
export function readRow(rowIndex: number | null = null, doc: Document = document, taught: Taught = {}): Partial<Record<FillField, string>> {
  const rows = readRows(doc, taught);
  return (rows.find((x) => x.row === rowIndex) ?? rows[rows.length - 1])?.values ?? {};
}

export async function undoLastFill(doc: Document = document): Promise<{ ok: boolean; message?: string }> {
  const u = lastUndo;
  if (!u) return { ok: false, message: '没有可以撤销的填写' };
  lastUndo = null;
  clearHighlights();
  if (u.addedRow && u.addedRow.isConnected) {
    // the row's own delete control: inside the record, or in a wrapper (card) that holds only this record
    const own = u.addedRow.querySelectorAll(FIELD_SELECTOR).length;
    let del: HTMLElement | undefined;
    for (let box: Element | null = u.addedRow; box && box !== doc.body && !del; box = box.parentElement) {
      if (box.querySelectorAll(FIELD_SELECTOR).length > own) break;
      del = [...box.querySelectorAll<HTMLElement>('button, a, [role=button]')].find((b) => isVisible(b) && /^(删除|移除|删除此行|删除本行|删除票据)$/.test(text(b).replace(/\s+/g, '')));
    }
    if (del) {
      click(del);
      const gone = await waitFor(() => !u.addedRow!.isConnected || !isVisible(u.addedRow!), 1500);
      if (gone) return { ok: true };
      // a confirmation dialog: never confirm it; close it and clear the row instead
      key(doc.activeElement ?? doc.body, 'Escape');
    }
  }
  const all = collectFields(doc);
  const failed: string[] = [];
  for (const p of u.previous) {
    const f = refind(doc, p, all);
    if (!f) continue;
    const done = await restoreField(f, p.value).catch(() => false);
    if (!done) failed.push(f.desc.labels[0] ?? p.id);
  }
  const note = u.addedRow ? '新增的行未能自动删除，已清空其内容，请在页面上删除该行。' : '';
  return failed.length
    ? { ok: false, message: `${note}以下字段无法恢复原值，请手动处理：${failed.join('、')}` }
    : { ok: true, ...(note ? { message: note } : {}) };
}
