import { describe, expect, it } from 'vitest';
import { canonicalize, parseDate, parseAmount } from './canonical';

describe('canonicalize', () => {
  it('normalises full-width digits and OCR spaces', () => {
    expect(canonicalize('billCode', '１１０６ ０１２４')).toMatchObject({ value: '11060124', valid: true, fixed: false });
    expect(canonicalize('billNumber', 'No. 0012345678')).toMatchObject({ value: '0012345678', valid: true });
    expect(canonicalize('payerName', '张 三')).toMatchObject({ value: '张三' });
    expect(canonicalize('hospitalName', '北 京 大 学 第 一 医 院')).toMatchObject({ value: '北京大学第一医院' });
  });

  it('fixes look-alikes in digit-only fields and says so', () => {
    const c = canonicalize('billNumber', '00l234S67O');
    expect(c.value).toBe('0012345670');
    expect(c.fixed).toBe(true);
    expect(c.reasons.map((r) => r.code)).toContain('canon.charFix');
    expect(c.reasons[0].message).toContain('票据号码');
  });

  it('never maps letters in the alphanumeric check code', () => {
    const c = canonicalize('checkCode', '8F3A2O');
    expect(c).toMatchObject({ value: '8f3a2o', valid: true, fixed: false });
  });

  it('flags wrong lengths with a Chinese message naming the field', () => {
    const c = canonicalize('billCode', '1106012');
    expect(c.valid).toBe(false);
    expect(c.reasons[0].code).toBe('format.billCode');
    expect(c.reasons[0].message).toMatch(/票据代码应为 8 位数字/);
    expect(canonicalize('checkCode', '8f3a2').valid).toBe(false);
    expect(canonicalize('billNumber', '00123456789').valid).toBe(false);
  });

  it('parses every printed date form and refuses impossible dates', () => {
    for (const s of ['2024-05-12', '2024年5月12日', '2024年05月12日', '2024.05.12', '2024/5/12', '20240512', '2024-05-12 10:31:05', '２０２４－０５－１２'])
      expect(parseDate(s), s).toBe('2024-05-12');
    expect(parseDate('2023-02-29')).toBeNull();
    expect(parseDate('2024-02-29')).toBe('2024-02-29');
    expect(parseDate('2024-13-01')).toBeNull();
    expect(parseDate('2024-04-31')).toBeNull();
    expect(canonicalize('issueDate', '2023-02-30')).toMatchObject({ valid: false });
    expect(canonicalize('issueDate', '2O24-05-12')).toMatchObject({ value: '2024-05-12', valid: true, fixed: true });
  });

  it('random valid dates survive every format', () => {
    let s = 7;
    const r = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const d = new Date(Date.UTC(2020, 0, 1) + Math.floor(r() * 3650) * 86400000);
      const y = d.getUTCFullYear(), m = d.getUTCMonth() + 1, day = d.getUTCDate();
      const iso = `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      expect(parseDate(`${y}年${m}月${day}日`)).toBe(iso);
      expect(parseDate(iso.replace(/-/g, ''))).toBe(iso);
    }
  });

  it('canonicalises amounts', () => {
    expect(parseAmount('¥285.6')).toBe('285.60');
    expect(parseAmount('￥1,285.60元')).toBe('1285.60');
    expect(parseAmount('12,345,678.9')).toBe('12345678.90');
    expect(parseAmount('285')).toBe('285.00');
    expect(parseAmount('1,28.5')).toBeNull();
    expect(parseAmount('285.601')).toBeNull();
    expect(canonicalize('totalAmount', '0.00').valid).toBe(false);
    expect(canonicalize('totalAmount', '-5.00').valid).toBe(false);
    expect(canonicalize('totalAmount', '28S.60')).toMatchObject({ value: '285.60', fixed: true });
  });

  it('reads the kind from words or titles', () => {
    expect(canonicalize('kind', '北京市医疗门诊收费票据（电子）').value).toBe('outpatient');
    expect(canonicalize('kind', '住院').value).toBe('inpatient');
    expect(canonicalize('kind', 'inpatient').value).toBe('inpatient');
    expect(canonicalize('kind', '体检').valid).toBe(false);
  });
});
