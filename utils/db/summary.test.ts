import { describe, expect, it } from 'vitest';
import { groupByDeclaration, matchesFilter, receiptState, sortForReview, totalFen } from './summary';
import { buildReceipt } from '../receipt/validate';
import type { DeclarationRecord, ReceiptRecord } from './db';

const pdf = (v: string) => [{ value: v, source: 'pdf-text' as const }];
const ocr = (v: string) => [{ value: v, source: 'ocr' as const, confidence: 0.5 }];
let seq = 0;
function rec(over: Partial<ReceiptRecord> & { amount?: string; doubtful?: boolean } = {}): ReceiptRecord {
  const src = over.doubtful ? ocr : pdf;
  const t = `2025-01-05T08:00:${String(seq).padStart(2, '0')}.000Z`;
  return {
    id: `r${seq++}`,
    fileName: 'x.pdf',
    mime: 'application/pdf',
    size: 1,
    contentHash: 'h',
    fields: buildReceipt({ billCode: pdf('11060124'), billNumber: pdf(String(seq).padStart(10, '0')), checkCode: src('8f3a2c'), issueDate: pdf('2024-05-12'), totalAmount: pdf(over.amount ?? '10.10') }, { today: '2024-12-01' }),
    corrections: [],
    status: 'draft',
    createdAt: t,
    updatedAt: t,
    ...over,
  };
}
const decl = (id: string, hospitalName: string, kind: DeclarationRecord['kind'] = 'outpatient'): DeclarationRecord => ({ id, hospitalName, kind, status: 'draft', createdAt: '', updatedAt: '' });

describe('list state and grouping', () => {
  it('derives the list state from status and the five elements', () => {
    expect(receiptState(rec())).toBe('ok');
    expect(receiptState(rec({ doubtful: true }))).toBe('review');
    expect(receiptState(rec({ status: 'queued' }))).toBe('queued');
    expect(receiptState(rec({ status: 'error' }))).toBe('error');
    expect(receiptState(rec({ status: 'filled' }))).toBe('filled');
  });

  it('puts receipts needing review first, then import order', () => {
    const a = rec(), b = rec({ doubtful: true }), c = rec({ status: 'error' }), d = rec();
    expect(sortForReview([a, b, c, d]).map((r) => r.id)).toEqual([b.id, c.id, a.id, d.id]);
    expect(matchesFilter('error', 'review')).toBe(true);
    expect(matchesFilter('filled', 'done')).toBe(true);
    expect(matchesFilter('review', 'done')).toBe(false);
  });

  it('sums amounts exactly in fen', () => {
    expect(totalFen([rec({ amount: '0.10' }), rec({ amount: '0.20' }), rec({ amount: '1285.60' })])).toBe(128590);
  });

  it('groups by declaration with counts and totals, unassigned and groups with work first', () => {
    const ds = [decl('d1', '北京协和医院'), decl('d2', '北京大学第一医院'), decl('d3', '北京大学第一医院', 'inpatient')];
    const list = [
      rec({ declarationId: 'd1', amount: '100.00' }),
      rec({ declarationId: 'd2', amount: '20.50' }),
      rec({ declarationId: 'd2', amount: '0.50', doubtful: true }),
      rec({ declarationId: 'd3', amount: '5000.00' }),
      rec({ status: 'queued', fields: {} }),
      rec({ declarationId: 'gone', amount: '1.00' }),
    ];
    const g = groupByDeclaration(list, ds);
    expect(g.map((x) => x.id)).toEqual(['', 'd2', 'd3', 'd1']);
    expect(g[0].count).toBe(2); // queued + the one whose declaration no longer exists
    expect(g[1]).toMatchObject({ count: 2, needReview: 1, totalYuan: '21.00' });
    expect(g[1].receipts[0].fields.totalAmount!.value).toBe('0.50'); // doubtful first inside the group
    expect(g[3]).toMatchObject({ count: 1, needReview: 0, totalYuan: '100.00' });
  });
});
