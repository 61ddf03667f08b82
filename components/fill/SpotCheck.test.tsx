import { describe, expect, it } from 'vitest';
import type { FieldValue, ReceiptFields } from '@/utils/receipt/types';
import { compareRow, defaultRow } from './SpotCheck';

const fv = (value: string): FieldValue => ({ value, status: 'ok', source: 'pdf-text', reasons: [], candidates: [] });
const fields: ReceiptFields = { billCode: fv('11060124'), billNumber: fv('0012345678'), checkCode: fv('8f3a2c'), issueDate: fv('2024-05-12'), totalAmount: fv('285.60'), kind: fv('inpatient'), hospitalName: fv('北京大学第一医院') };

describe('spot check', () => {
  it('compares the page row field by field as the page formats values', () => {
    const lines = compareRow(fields, { billCode: '11060124', billNumber: '12345678', checkCode: '8F3A2C', issueDate: '2024/5/12', totalAmount: '285.6', kind: '住院' });
    expect(Object.fromEntries(lines.map((l) => [l.field, l.same]))).toEqual({ hospitalName: false, kind: true, billCode: true, billNumber: false, checkCode: true, issueDate: true, totalAmount: true });
    expect(lines.find((l) => l.field === 'billNumber')).toMatchObject({ expected: '0012345678', actual: '12345678' });
    expect(lines.find((l) => l.field === 'hospitalName')!.actual).toBe('');
  });

  it('checks the row the receipt was filled into, else the row with its number, else the last', () => {
    const rows = [{ row: 0, values: { billNumber: '1' } }, { row: 1, values: { billNumber: '0012345678' } }, { row: 2, values: {} }];
    expect(defaultRow(rows, fields, 2)).toBe(2);
    expect(defaultRow(rows, fields)).toBe(1);
    expect(defaultRow(rows, { ...fields, billNumber: fv('9') })).toBe(2);
  });
});
