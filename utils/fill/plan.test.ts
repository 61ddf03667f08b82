import { describe, expect, it } from 'vitest';
import { matchFields, type FieldDescriptor } from './match';
import { buildPlan, isEmptyRecord, receiptRows, verify } from './plan';

const d = (id: string, labels: string[], extra: Partial<FieldDescriptor> = {}): FieldDescriptor => ({ id, selector: `#${id}`, labels, kind: 'text', row: 0, visible: true, disabled: false, readonly: false, value: '', ...extra });
const row = [d('h', ['医疗机构'], { kind: 'el-select' }), d('k', ['就诊类别'], { kind: 'select' }), d('c', ['票据代码']), d('n', ['票据号码']), d('v', ['校验码']), d('t', ['开票日期'], { kind: 'el-date' }), d('a', ['金额'], { kind: 'el-number' })];
const values = { hospitalName: '北京大学第一医院', kind: '门诊', billCode: '11060124', billNumber: '0012345678', checkCode: '8f3a2c', issueDate: '2024-05-12', totalAmount: '285.60' };

describe('fill plan', () => {
  it('pairs every receipt value with one page field, serialisable', () => {
    const plan = buildPlan(row, matchFields(row), values);
    expect(plan.skipped).toEqual([]);
    expect(plan.steps.map((s) => [s.field, s.id, s.kind])).toEqual([
      ['hospitalName', 'h', 'el-select'], ['kind', 'k', 'select'], ['billCode', 'c', 'text'], ['billNumber', 'n', 'text'],
      ['checkCode', 'v', 'text'], ['issueDate', 't', 'el-date'], ['totalAmount', 'a', 'el-number'],
    ]);
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });

  it('lists what it will not fill, and why', () => {
    const descs = [d('n1', ['票据号码']), d('n2', ['票据号码']), d('c', ['票据代码']), d('v', ['校验码'])];
    const plan = buildPlan(descs, matchFields(descs), values);
    expect(plan.steps.map((s) => s.field)).toEqual(['billCode', 'checkCode']);
    expect(plan.skipped.find((s) => s.field === 'billNumber')).toMatchObject({ state: 'ambiguous' });
    expect(plan.skipped.find((s) => s.field === 'issueDate')).toMatchObject({ state: 'not-found' });
  });

  it('verdict: filled only when what the page shows equals the receipt', () => {
    const plan = buildPlan(row, matchFields(row), values);
    const back = { h: { shown: '北京大学第一医院' }, k: { shown: '门诊' }, c: { shown: '11060124' }, n: { shown: '12345678' }, v: { shown: '8F3A2C' }, t: { shown: '2024-05-12' }, a: { shown: '285.60', held: '285.6' } };
    const r = verify(plan, back);
    expect(Object.fromEntries(r.map((x) => [x.field, x.state]))).toEqual({ hospitalName: 'filled', kind: 'filled', billCode: 'filled', billNumber: 'differs', checkCode: 'filled', issueDate: 'filled', totalAmount: 'filled' });
    expect(r.find((x) => x.field === 'billNumber')).toMatchObject({ expected: '0012345678', actual: '12345678' });
    // a number widget that shows the value but holds another one differs
    expect(verify(plan, { ...back, a: { shown: '285.60', held: '28.56' } }).find((x) => x.field === 'totalAmount')!.state).toBe('differs');
    // a field that vanished after filling
    expect(verify(plan, { ...back, c: undefined }).find((x) => x.field === 'billCode')!.state).toBe('differs');
  });

  it('finds receipt rows and empty ones', () => {
    const two = [...row, ...row.map((x) => ({ ...x, id: x.id + '2', row: 1, value: x.id === 'c' ? '11060124' : '' }))];
    const rows = receiptRows(two);
    expect(rows.map((r) => r.row)).toEqual([0, 1]);
    expect(isEmptyRecord(rows[0].descs, rows[0].match)).toBe(true);
    expect(isEmptyRecord(rows[1].descs, rows[1].match)).toBe(false);
  });
});
