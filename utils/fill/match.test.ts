import { describe, expect, it } from 'vitest';
import { fieldsNamedBy, matchFields, sameOnPage, scoreLabel, type FieldDescriptor } from './match';

const d = (id: string, labels: string[], extra: Partial<FieldDescriptor> = {}): FieldDescriptor => ({ id, labels, kind: 'text', row: 0, visible: true, disabled: false, readonly: false, value: '', ...extra });

describe('label scoring', () => {
  it('knows the synonyms portals use', () => {
    expect(scoreLabel('电子票据代码', 'billCode')).toBeGreaterThan(0.9);
    expect(scoreLabel('发票号码：', 'billNumber')).toBeGreaterThan(0.8);
    expect(scoreLabel('* 校验码', 'checkCode')).toBeGreaterThan(0.9);
    expect(scoreLabel('金额（元）', 'totalAmount')).toBeGreaterThan(0.9);
    expect(scoreLabel('就医类型', 'kind')).toBeGreaterThan(0.9);
  });
  it('never matches personal fields', () => {
    expect(scoreLabel('证件号码', 'billNumber')).toBe(0);
    expect(scoreLabel('联系电话', 'billNumber')).toBe(0);
    expect(scoreLabel('参保人姓名', 'hospitalName')).toBe(0);
  });
});

describe('matchFields', () => {
  it('maps a typical row', () => {
    const m = matchFields([
      d('a', ['医疗机构', '请选择医疗机构']), d('b', ['就诊类别']), d('c', ['票据代码']), d('d', ['票据号码']),
      d('e', ['校验码']), d('f', ['开票日期', '选择日期']), d('g', ['金额（元）']), d('h', ['备注']),
    ]);
    expect(m.map).toEqual({ hospitalName: 'a', kind: 'b', billCode: 'c', billNumber: 'd', checkCode: 'e', issueDate: 'f', totalAmount: 'g' });
    expect(m.ambiguous).toEqual([]);
  });

  it('refuses to guess between two equally good fields', () => {
    const m = matchFields([d('a', ['票据号码']), d('b', ['票据号码']), d('c', ['票据代码'])]);
    expect(m.map.billNumber).toBeUndefined();
    expect(m.ambiguous).toEqual([{ field: 'billNumber', candidates: ['a', 'b'], reason: 'two-page-fields' }]);
    expect(m.map.billCode).toBe('c');
  });

  it('skips hidden and disabled fields', () => {
    const m = matchFields([d('a', ['票据代码'], { visible: false }), d('b', ['票据代码'], { disabled: true })]);
    expect(m.map.billCode).toBeUndefined();
    expect(m.missing).toContain('billCode');
  });

  it('refuses a label that names two receipt fields', () => {
    expect(fieldsNamedBy('票据代码/号码').sort()).toEqual(['billCode', 'billNumber']);
    expect(fieldsNamedBy('开票日期及金额').sort()).toEqual(['issueDate', 'totalAmount']);
    expect(fieldsNamedBy('票据号码')).toEqual(['billNumber']);
    expect(fieldsNamedBy('合计金额')).toEqual(['totalAmount']);
    expect(fieldsNamedBy('医疗机构名称')).toEqual(['hospitalName']);
    const m = matchFields([d('a', ['票据代码/号码']), d('b', ['校验码']), d('c', ['开票日期'])]);
    expect(m.map.billCode).toBeUndefined();
    expect(m.map.billNumber).toBeUndefined();
    expect(m.ambiguous).toEqual([
      { field: 'billCode', candidates: ['a'], reason: 'label-two-fields' },
      { field: 'billNumber', candidates: ['a'], reason: 'label-two-fields' },
    ]);
    expect(m.map.checkCode).toBe('b');
    // a clear label elsewhere settles one of them; the other stays unguessed
    const m2 = matchFields([d('a', ['票据代码/号码']), d('x', ['票据代码'])]);
    expect(m2.map.billCode).toBe('x');
    expect(m2.ambiguous).toEqual([{ field: 'billNumber', candidates: ['a'], reason: 'label-two-fields' }]);
    // an exact label wins over a placeholder that mentions two fields
    expect(matchFields([d('a', ['票据号码', '请输入票据号码或票据代码'])]).map.billNumber).toBe('a');
  });

  it('skips readonly plain inputs (computed values)', () => {
    expect(matchFields([d('a', ['金额'], { readonly: true })]).map.totalAmount).toBeUndefined();
    expect(matchFields([d('a', ['开票日期'], { readonly: false, kind: 'readonly-date' })]).map.issueDate).toBe('a');
  });

  it('uses what the clerk taught first', () => {
    const m = matchFields([d('a', ['编号一']), d('b', ['票据号码'])], { billNumber: 'a' });
    expect(m.map.billNumber).toBe('a');
  });

  it('does not take 票据号 for the code or 日期 from a date-of-birth', () => {
    const m = matchFields([d('a', ['票据号']), d('b', ['出生日期证件'])]);
    expect(m.map.billNumber).toBe('a');
    expect(m.map.billCode).toBeUndefined();
    expect(m.map.issueDate).toBeUndefined();
  });
});

describe('read-back comparison', () => {
  it('compares as the page formats', () => {
    expect(sameOnPage('totalAmount', '1020.05', '1,020.05')).toBe(true);
    expect(sameOnPage('totalAmount', '285.60', '285.6')).toBe(true);
    expect(sameOnPage('totalAmount', '285.60', '28.56')).toBe(false);
    expect(sameOnPage('issueDate', '2024-05-12', '2024/5/12')).toBe(true);
    expect(sameOnPage('checkCode', '8f3a2c', '8F3A2C')).toBe(true);
    expect(sameOnPage('billNumber', '0012345678', '12345678')).toBe(false);
  });
});
