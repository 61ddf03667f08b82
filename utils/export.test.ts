import { describe, expect, it } from 'vitest';
import { checklist, exportRows, toCsv } from './export';
import { buildReceipt } from './receipt/validate';

const pdf = (v: string) => [{ value: v, source: 'pdf-text' as const }];
const r = (n: string, hospital = '北京大学第一医院') =>
  ({ id: n, fileName: `${n}.pdf`, status: 'draft', fields: buildReceipt({ billCode: pdf('11060124'), billNumber: pdf(n), checkCode: pdf('8f3a2c'), issueDate: pdf('2024-05-12'), totalAmount: pdf('1285.60'), kind: pdf('门诊'), hospitalName: pdf(hospital) }, { today: '2024-12-01' }) }) as any;

describe('exports', () => {
  it('keeps leading zeros and writes Chinese headers with a BOM', () => {
    const csv = toCsv([r('0012345678')]);
    expect(csv.startsWith('\ufeff医疗机构,门诊/住院,票据代码,票据号码')).toBe(true);
    expect(csv).toContain(',0012345678,');
    expect(exportRows([r('0012345678')])[0].slice(0, 2)).toEqual(['北京大学第一医院', '门诊']);
  });
  it('neutralises spreadsheet formulas in text', () => {
    expect(toCsv([r('0012345678', '=HYPERLINK("x")')])).toContain(`"'=HYPERLINK(""x"")"`);
  });
  it('lists the paper materials by kind', () => {
    expect(checklist('inpatient')).toContain('住院结算明细单');
    expect(checklist('outpatient')).toContain('处方底方（门诊、急诊）');
  });
});
