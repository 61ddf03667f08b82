/**
 * Rows of the 票据明细 table: the first empty receipt row, else the page's add-row control
 * (新增/添加/增加…, never save/submit/confirm), then wait (MutationObserver, bounded) for the new row.
 */
import { collectFields, FIELD_SELECTOR, groupByRow, type Found } from './detect';
import { click, FORBIDDEN, isVisible, text, waitForMutation } from './dom-util';
import { matchFields, type FillField, type MatchResult } from './match';
import { isEmptyRecord } from './plan';

export const ADD_ROW = /^(\+|＋)?(新增|添加|增加|新增一行|添加一行|增加一行|添加票据|新增票据|增行|加一行|新增明细|添加明细|增加票据)$/;

/** What the clerk taught: a field's position within its record (row), so it carries over to new rows. */
export type Taught = Partial<Record<FillField, string>>; // field → "pos:N"

export function taughtIds(fs: Array<{ desc: { id: string } }>, taught: Taught): Partial<Record<FillField, string>> {
  const out: Partial<Record<FillField, string>> = {};
  for (const [field, k] of Object.entries(taught) as Array<[FillField, string]>) {
    const m = /^pos:(\d+)$/.exec(k ?? '');
    const f = m ? fs[Number(m[1])] : undefined;
    if (f) out[field] = f.desc.id;
  }
  return out;
}

export interface RecordRow {
  row: number | null;
  fs: Found[];
  m: MatchResult;
}

/** Records with at least three receipt fields matched, in page order. */
export function receiptRecords(all: Found[], taught: Taught = {}): RecordRow[] {
  return [...groupByRow(all)]
    .map(([row, fs]) => ({ row, fs, m: matchFields(fs.map((f) => f.desc), taughtIds(fs, taught)) }))
    .filter((x) => Object.keys(x.m.map).length >= 3)
    .sort((a, b) => (a.row ?? -1) - (b.row ?? -1));
}

export function addRowButton(doc: Document, near: Element | null): HTMLElement | null {
  const scope = (near?.closest('.el-table, table, [role=grid]')?.parentElement ?? doc.body) as HTMLElement;
  const ok = [...doc.querySelectorAll<HTMLElement>('button, a, [role=button], input[type=button], .btn')].filter((b) => {
    if (!isVisible(b) || (b as HTMLButtonElement).disabled) return false;
    const t = (text(b) || (b as HTMLInputElement).value || b.getAttribute('title') || b.getAttribute('aria-label') || '').replace(/\s+/g, '');
    return ADD_ROW.test(t) && !FORBIDDEN.test(t);
  });
  return ok.find((b) => scope.contains(b)) ?? ok[0] ?? null;
}

export type RowPick = { target: RecordRow; addedRow: Element | null; all: Found[] } | { error: string };

/** The first empty receipt row; adds one through the page's own control when none is empty. */
export async function targetRow(doc: Document, taught: Taught, timeoutMs = 2500): Promise<RowPick> {
  let all = collectFields(doc);
  let rows = receiptRecords(all, taught);
  if (!rows.length) return { error: '当前页面未找到申报表字段（票据代码、票据号码等）' };
  const empty = rows.find((r) => isEmptyRecord(r.fs.map((f) => f.desc), r.m));
  if (empty) return { target: empty, addedRow: null, all };
  const btn = addRowButton(doc, rows[rows.length - 1].fs[0].root);
  if (!btn) return { error: '没有空行，也找不到“新增一行”按钮：请先在页面上添加一行' };
  const before = new Set(rows.map((r) => r.fs[0].rowEl));
  const fieldCount = () => doc.querySelectorAll(FIELD_SELECTOR).length;
  const countBefore = fieldCount();
  click(btn);
  const clickedAt = performance.now();
  const appeared = await waitForMutation(
    doc.body,
    () => {
      // cheap test first: a new row brings new fields (a revealed template row does not: full check after a while)
      if (fieldCount() <= countBefore && performance.now() - clickedAt < 300) return null;
      all = collectFields(doc);
      rows = receiptRecords(all, taught);
      return rows.find((r) => !before.has(r.fs[0].rowEl) && isEmptyRecord(r.fs.map((f) => f.desc), r.m));
    },
    timeoutMs,
  );
  if (!appeared) return { error: '点击“新增”后没有出现新的一行' };
  return { target: appeared, addedRow: appeared.fs[0].rowEl, all };
}
