/** Pure views over drafts: list state of a receipt, review order, and the grouping into declarations. */
import { allFiveOk } from '../receipt/validate';
import type { DeclarationRecord, ReceiptRecord } from './db';

/** The list state (also the `data-state` test hook). `ok` = all five elements ok. */
export type ReceiptState = 'queued' | 'processing' | 'error' | 'review' | 'ok' | 'filled';

export function receiptState(r: Pick<ReceiptRecord, 'status' | 'fields'>): ReceiptState {
  if (r.status === 'queued' || r.status === 'processing' || r.status === 'error') return r.status;
  if (r.status === 'filled' || r.status === 'submitted') return 'filled';
  return allFiveOk(r.fields) ? 'ok' : 'review';
}

const ORDER: Record<ReceiptState, number> = { review: 0, error: 1, processing: 2, queued: 3, ok: 4, filled: 5 };
/** Receipts needing attention first, then in import order. */
export function sortForReview<T extends Pick<ReceiptRecord, 'status' | 'fields' | 'createdAt'>>(list: T[]): T[] {
  const st = new Map(list.map((r) => [r, ORDER[receiptState(r)]]));
  return [...list].sort((a, b) => st.get(a)! - st.get(b)! || a.createdAt.localeCompare(b.createdAt));
}

export type ListFilter = 'review' | 'all' | 'done';
export function matchesFilter(state: ReceiptState, filter: ListFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'review') return state === 'review' || state === 'error';
  return state === 'ok' || state === 'filled';
}

/** Sum of canonical amounts in fen (integer), so totals never drift. */
export function totalFen(receipts: Array<Pick<ReceiptRecord, 'fields'>>): number {
  let fen = 0;
  for (const r of receipts) {
    const v = r.fields.totalAmount?.value;
    if (v && /^-?\d+(\.\d{1,2})?$/.test(v)) fen += Math.round(Number(v) * 100);
  }
  return fen;
}
export const fenToYuan = (fen: number) => (fen / 100).toFixed(2);

export interface DeclarationGroup {
  /** Declaration id, or '' for receipts not assigned yet (queued, processing, unreadable). */
  id: string;
  declaration?: DeclarationRecord;
  receipts: ReceiptRecord[];
  count: number;
  needReview: number;
  totalYuan: string;
}

/**
 * Groups receipts by declaration (one hospital + kind each, per the entry rules), receipts needing
 * attention first inside each group; the unassigned group first, then groups with work left,
 * then by hospital name.
 */
export function groupByDeclaration(receipts: ReceiptRecord[], declarations: DeclarationRecord[]): DeclarationGroup[] {
  const byId = new Map(declarations.map((d) => [d.id, d]));
  const groups = new Map<string, ReceiptRecord[]>();
  for (const r of receipts) {
    const key = r.declarationId && byId.has(r.declarationId) ? r.declarationId : '';
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(r);
  }
  const out: DeclarationGroup[] = [...groups].map(([id, list]) => {
    const sorted = sortForReview(list);
    return {
      id,
      declaration: byId.get(id),
      receipts: sorted,
      count: list.length,
      needReview: list.filter((r) => { const s = receiptState(r); return s === 'review' || s === 'error'; }).length,
      totalYuan: fenToYuan(totalFen(list)),
    };
  });
  return out.sort(
    (a, b) =>
      Number(b.id === '') - Number(a.id === '') ||
      Number(b.needReview > 0) - Number(a.needReview > 0) ||
      (a.declaration?.hospitalName ?? '').localeCompare(b.declaration?.hospitalName ?? '', 'zh-CN') ||
      (a.declaration?.kind ?? '').localeCompare(b.declaration?.kind ?? ''),
  );
}

export const KIND_LABEL: Record<string, string> = { outpatient: '门诊', inpatient: '住院', unknown: '类别未识别' };
