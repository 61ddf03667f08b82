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

  it('a printed time after the date is dropped before the spaces', () => {
    expect(parseDate('2024-5-1 10:31:05')).toBe('2024-05-01'); // not day 11
    expect(parseDate('2024年5月1日 9:05')).toBe('2024-05-01');
    expect(parseDate('2024-05-01T10:31:05+08:00')).toBe('2024-05-01');
    expect(parseDate('2024-05-01 10：31：05')).toBe('2024-05-01');
    expect(canonicalize('visitDate', ' 2024 年 5 月 1 日 ')).toMatchObject({ value: '2024-05-01', valid: true });
  });

  it('format messages say what was read', () => {
    expect(canonicalize('billCode', '1106012').reasons[0].message).toBe('票据代码应为 8 位数字，识别到 7 位（“1106012”）：请对照原票据核对。');
    expect(canonicalize('billNumber', '00123#5678').reasons[0].message).toContain('含不应出现的字符');
    expect(canonicalize('checkCode', '8f3a2c7').reasons[0].message).toContain('识别到 7 位');
    expect(canonicalize('issueDate', '2023-02-30').reasons[0].message).toContain('开票日期“2023-02-30”不是有效日期');
  });

  it('free text loses the spaces OCR puts between CJK characters and digits', () => {
    expect(canonicalize('hospitalName', '北京市 第 6 医院').value).toBe('北京市第6医院');
    expect(canonicalize('payerName', 'Zhang San').value).toBe('Zhang San');
    expect(canonicalize('amountInWords', '⊗ 贰 佰 捌 拾 伍 元 陆 角 整').value).toBe('贰佰捌拾伍元陆角整');
    expect(canonicalize('amountInWords', '人民币（大写）贰佰元整').value).toBe('贰佰元整');
  });

  it('full-width punctuation, ideographic zero and a No. prefix', () => {
    expect(canonicalize('billNumber', 'Ｎｏ．００１２３４５６７８')).toMatchObject({ value: '0012345678', valid: true, fixed: false });
    expect(canonicalize('totalAmount', '￥ 1，285．60 元').value).toBe('1285.60');
    expect(canonicalize('billCode', '11〇6O124')).toMatchObject({ value: '11060124', fixed: true });
  });

  it('the check code keeps its letters (lower-cased) and never becomes digits', () => {
    for (const raw of ['O0lI1S', 'o0li1s', 'ＯＯＬＩＩＳ'.toLowerCase()]) {
      const c = canonicalize('checkCode', raw);
      expect(c.fixed).toBe(false);
      expect(c.value).toBe(raw.normalize('NFKC').toLowerCase());
    }
  });

  it('hospital codes and payer IDs', () => {
    expect(canonicalize('hospitalCode', 'h1101020321')).toMatchObject({ value: 'H1101020321', valid: true });
    expect(canonicalize('hospitalCode', 'H110102032').valid).toBe(false);
    expect(canonicalize('payerId', '11010519491231002x')).toMatchObject({ value: '11010519491231002X', valid: true });
  });

  it('settlement amounts may be zero, the total may not', () => {
    expect(canonicalize('otherPaid', '0.00')).toMatchObject({ value: '0.00', valid: true });
    expect(canonicalize('totalAmount', '0')).toMatchObject({ value: '0.00', valid: false });
    expect(canonicalize('totalAmount', '00285.6')).toMatchObject({ value: '285.60', valid: true });
  });
});

describe('a closing bracket read for the digit 1', () => {
  it('is fixed in a date and reported (never silently)', () => {
    const c = canonicalize('issueDate', '2025年0]月01日');
    expect(c.value).toBe('2025-01-01');
    expect(c.fixed).toBe(true);
    expect(c.reasons.map((r) => r.code)).toContain('canon.charFix');
  });
});
