import type { ReceiptRecord } from '@/utils/db/db';
import { allFiveOk } from '@/utils/receipt/validate';

export type ReceiptState = 'queued' | 'processing' | 'error' | 'review' | 'ok' | 'filled';

export function receiptState(r: ReceiptRecord): ReceiptState {
  if (r.status === 'queued' || r.status === 'processing' || r.status === 'error') return r.status;
  if (r.status === 'filled' || r.status === 'submitted') return 'filled';
  return allFiveOk(r.fields) ? 'ok' : 'review';
}

const ORDER: Record<ReceiptState, number> = { review: 0, error: 1, processing: 2, queued: 3, ok: 4, filled: 5 };
/** Receipts needing attention first, then in import order. */
export function sortForReview(list: ReceiptRecord[]): ReceiptRecord[] {
  return [...list].sort((a, b) => ORDER[receiptState(a)] - ORDER[receiptState(b)] || a.createdAt.localeCompare(b.createdAt));
}
