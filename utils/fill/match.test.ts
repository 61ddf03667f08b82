import { describe, expect, it } from 'vitest';
import { matchFields, sameOnPage, scoreLabel, type FieldDescriptor } from './match';

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
    expect(m.ambiguous).toEqual([{ field: 'billNumber', candidates: ['a', 'b'] }]);
    expect(m.map.billCode).toBe('c');
  });

  it('skips hidden and disabled fields', () => {
    const m = matchFields([d('a', ['票据代码'], { visible: false }), d('b', ['票据代码'], { disabled: true })]);
    expect(m.map.billCode).toBeUndefined();
    expect(m.missing).toContain('billCode');
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
