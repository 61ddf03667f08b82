import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { checklist, exportRows, toCsv, toXlsxBuffer } from './export';
import { buildReceipt } from '../receipt/validate';

const pdf = (v: string) => [{ value: v, source: 'pdf-text' as const }];
const r = (n: string, hospital = '北京大学第一医院', amount = '1285.60') =>
  ({
    id: n,
    fileName: `${n}.pdf`,
    status: 'draft',
    corrections: [{ field: 'payerName', from: null, to: '王小明', at: '', by: 'clerk' }],
    fields: buildReceipt({ billCode: pdf('11060124'), billNumber: pdf(n), checkCode: pdf('8f3a2c'), issueDate: pdf('2024-05-12'), totalAmount: pdf(amount), kind: pdf('门诊'), hospitalName: pdf(hospital) }, { today: '2024-12-01' }),
  }) as any;

describe('exports', () => {
  it('keeps leading zeros and writes Chinese headers with a BOM', () => {
    const csv = toCsv([r('0012345678')]);
    expect(csv.startsWith('\ufeff序号,医疗机构,门诊/住院,票据代码,票据号码')).toBe(true);
    expect(csv).toContain(',0012345678,');
    const row = exportRows([r('0012345678')])[0];
    expect(row.slice(0, 3)).toEqual(['1', '北京大学第一医院', '门诊']);
    expect(row).toContain('已核对');
    expect(row).toContain('1 项');
    expect(csv.endsWith('\r\n')).toBe(true);
  });
  it('neutralises spreadsheet formulas in text', () => {
    expect(toCsv([r('0012345678', '=HYPERLINK("x")')])).toContain(`"'=HYPERLINK(""x"")"`);
    expect(toCsv([r('0012345678', '@SUM(A1)')])).toContain(`"'@SUM(A1)"`);
  });
  it('writes an XLSX whose codes stay text and whose amounts are numbers with a total', async () => {
    const buf = await toXlsxBuffer([r('0012345678'), r('0000000009', '北京大学第一医院', '0.50')]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf);
    const ws = wb.getWorksheet('票据明细')!;
    expect(ws.getRow(1).getCell(5).value).toBe('票据号码');
    expect(ws.getRow(2).getCell(5).value).toBe('0012345678');
    expect(ws.getRow(3).getCell(5).value).toBe('0000000009');
    expect(ws.getRow(2).getCell(8).value).toBe(1285.6);
    expect(ws.getRow(4).getCell(7).value).toBe('合计');
    expect((ws.getRow(4).getCell(8).value as any).formula).toBe('SUM(H2:H3)');
    expect((ws.getRow(4).getCell(8).value as any).result).toBeCloseTo(1286.1, 2);
  });
  it('lists the paper materials by kind', () => {
    expect(checklist('inpatient')).toContain('住院结算明细单');
    expect(checklist('inpatient')).not.toContain('处方底方（门诊、急诊）');
    expect(checklist('outpatient')).toContain('处方底方（门诊、急诊）');
    expect(checklist('outpatient')).toContain('诊断证明');
  });
});
