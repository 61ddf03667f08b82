import { describe, expect, it } from 'vitest';
import { amountToChinese, parseChineseAmount, toCents, fromCents } from './amount';

/** Small seeded PRNG so property tests are reproducible. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0) / 2 ** 32);
}

describe('amountToChinese', () => {
  it.each([
    ['285.60', '贰佰捌拾伍元陆角整'],
    ['0.01', '壹分'],
    ['0.05', '伍分'],
    ['0.50', '伍角整'],
    ['0.56', '伍角陆分'],
    ['1.00', '壹元整'],
    ['10.00', '壹拾元整'],
    ['10.05', '壹拾元零伍分'],
    ['100.50', '壹佰元伍角整'],
    ['101.00', '壹佰零壹元整'],
    ['1005.00', '壹仟零伍元整'],
    ['1010.10', '壹仟零壹拾元壹角整'],
    ['10000.00', '壹万元整'],
    ['100005.00', '壹拾万零伍元整'],
    ['1000005.05', '壹佰万零伍元零伍分'],
    ['1020304.00', '壹佰零贰万零叁佰零肆元整'],
    ['10000000.00', '壹仟万元整'],
    ['99999999.99', '玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分'],
    ['100000000.00', '壹亿元整'],
    ['100010000.00', '壹亿零壹万元整'],
    ['0.00', '零元整'],
  ])('%s → %s', (amount, words) => {
    expect(amountToChinese(amount)).toBe(words);
    expect(parseChineseAmount(words)).toBe(amount);
  });

  it('rejects malformed amounts', () => {
    expect(() => amountToChinese('1.234')).toThrow();
    expect(() => amountToChinese('-5')).toThrow();
    expect(() => amountToChinese('abc')).toThrow();
  });
});

describe('parseChineseAmount', () => {
  it('accepts the usual variants', () => {
    expect(parseChineseAmount('拾元整')).toBe('10.00');
    expect(parseChineseAmount('壹拾元正')).toBe('10.00');
    expect(parseChineseAmount('人民币 贰 佰 捌 拾 伍 圆 陆 角 整')).toBe('285.60');
    expect(parseChineseAmount('壹仟元零伍角')).toBe('1000.50');
    expect(parseChineseAmount('伍角陆分')).toBe('0.56');
    expect(parseChineseAmount('（大写）叁拾元整')).toBe('30.00');
  });

  it('returns null for garbled words instead of inventing a number', () => {
    expect(parseChineseAmount('贰佰担抬伍元陆角整')).toBeNull(); // OCR noise from the spike
    expect(parseChineseAmount('壹贰元整')).toBeNull(); // two digits in a row
    expect(parseChineseAmount('佰元整')).toBeNull(); // unit without digit
    expect(parseChineseAmount('贰拾佰元整')).toBeNull(); // units out of order
    expect(parseChineseAmount('元整')).toBeNull();
    expect(parseChineseAmount('')).toBeNull();
    expect(parseChineseAmount('壹元伍分整')).toBeNull();
    expect(parseChineseAmount('hello')).toBeNull();
  });

  it('round-trips 20,000 random amounts from 0.01 to 99,999,999.99', () => {
    const r = rng(42);
    for (let i = 0; i < 20000; i++) {
      // mix magnitudes so zeros inside numbers are common
      const digits = 1 + Math.floor(r() * 10);
      let cents = BigInt(Math.floor(r() * 10 ** digits)) % 10000000000n;
      if (r() < 0.3) cents = (cents / 1000n) * 1000n; // many round amounts with inner zeros
      if (cents === 0n) cents = 1n;
      const amount = fromCents(cents);
      const words = amountToChinese(amount);
      expect(parseChineseAmount(words), `${amount} ${words}`).toBe(amount);
      expect(words).not.toMatch(/零零|零元|零[万亿]|^零./);
    }
  });

  it('converts between cents and strings exactly', () => {
    expect(toCents('285.6')).toBe(28560n);
    expect(toCents('0.01')).toBe(1n);
    expect(toCents('1.234')).toBeNull();
    expect(fromCents(9999999999n)).toBe('99999999.99');
  });
});
