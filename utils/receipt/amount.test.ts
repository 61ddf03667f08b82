import { describe, expect, it } from 'vitest';
import { amountToChinese, compareAmountWords, OCR_NUMERAL_LOOKALIKES, parseChineseAmount, toCents, fromCents, verifyAmountWords, wordsCoverage } from './amount';

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
    ['100000000.01', '壹亿元零壹分'],
    ['100000001.00', '壹亿零壹元整'],
    ['100001000.00', '壹亿零壹仟元整'],
    ['100100000.00', '壹亿零壹拾万元整'],
    ['110000000.00', '壹亿壹仟万元整'],
    ['100010000.00', '壹亿零壹万元整'],
    ['1000000.00', '壹佰万元整'],
    ['100000.00', '壹拾万元整'],
    ['10100.00', '壹万零壹佰元整'],
    ['10010.00', '壹万零壹拾元整'],
    ['20.30', '贰拾元叁角整'],
    ['3.07', '叁元零柒分'],
    ['40000000.40', '肆仟万元肆角整'],
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

describe('parseChineseAmount: tricky and hostile input', () => {
  it('accepts the tolerated spellings of the same amount', () => {
    for (const w of ['壹拾元整', '拾元整', '壹拾圆整', '拾圆正', '壹拾元']) expect(parseChineseAmount(w), w).toBe('10.00');
    expect(parseChineseAmount('拾万元整')).toBe('100000.00');
    expect(parseChineseAmount('壹佰万零伍元零伍分')).toBe('1000005.05');
    expect(parseChineseAmount('壹佰万零伍元伍分')).toBe('1000005.05'); // 零 before 分 omitted
    expect(parseChineseAmount('⊗贰佰捌拾伍元陆角整')).toBe('285.60'); // the mark printed before the words
    expect(parseChineseAmount('人民币（大写）：贰佰捌拾伍元陆角整')).toBe('285.60');
    expect(parseChineseAmount('貳佰捌拾伍圓陸角整')).toBe('285.60'); // traditional glyphs
    expect(parseChineseAmount('叁 佰 零 肆 元 肆 角 整')).toBe('304.40');
    expect(parseChineseAmount('零元伍角整')).toBe('0.50');
  });

  it('refuses ambiguous words instead of guessing (伍佰贰: 502 or 520?)', () => {
    for (const w of ['伍佰贰元整', '壹万贰元整', '壹仟贰万元整', '壹亿贰万元整', '壹万贰万元整', '壹亿万元整', '万元整', '亿元整', '伍佰拾元整', '壹元整伍角', '伍角伍角', '壹元伍角整整'])
      expect(parseChineseAmount(w), w).toBeNull();
  });

  it('formatter refuses amounts beyond 9999 亿', () => {
    expect(() => amountToChinese('1000000000000.00')).toThrow();
    expect(amountToChinese('999999999999.99')).toBe('玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分');
  });

  it('random amounts survive OCR spaces; a stray non-numeral character makes the words unreadable, never another number', () => {
    const r = rng(7);
    const noise = ['担', '抬', '口', '日', 'I', '1', '?', '仔', '伯', '圆圆'];
    for (let i = 0; i < 3000; i++) {
      const cents = 1n + BigInt(Math.floor(r() * 9999999999));
      const amount = fromCents(cents);
      const words = amountToChinese(amount);
      const chars = [...words];
      const spaced = chars.map((c) => (r() < 0.3 ? c + ' ' : c)).join('');
      expect(parseChineseAmount(spaced), spaced).toBe(amount);
      const at = Math.floor(r() * chars.length);
      const garbled = [...chars.slice(0, at), noise[Math.floor(r() * noise.length)], ...chars.slice(at + 1)].join('');
      expect(parseChineseAmount(garbled), garbled).toBeNull();
    }
  });

  it('dropping a unit character is either refused or read as a different amount (never silently equal)', () => {
    const r = rng(11);
    for (let i = 0; i < 3000; i++) {
      const amount = fromCents(1n + BigInt(Math.floor(r() * 9999999999)));
      const chars = [...amountToChinese(amount)];
      const units = chars.map((c, j) => (/[拾佰仟万亿]/.test(c) ? j : -1)).filter((j) => j >= 0);
      if (!units.length) continue;
      const j = units[Math.floor(r() * units.length)];
      const dropped = [...chars.slice(0, j), ...chars.slice(j + 1)].join('');
      expect(parseChineseAmount(dropped), dropped).not.toBe(amount);
    }
  });
});

describe('verifyAmountWords (several readings of one 大写)', () => {
  it('two models that garble different glyphs verify the words together', () => {
    // 274.04 = 贰佰柒拾肆元零肆分; chi_sim reads 柒 as 拓-like noise, chi_tra reads 贰 as 屆
    expect(verifyAmountWords(['贰佰帛拾肆元零肆分', '屆佰柒拾肆元零肆分'], '274.04')).toBe('agree');
    // neither read the 柒: unknown
    expect(verifyAmountWords(['贰佰帛拾肆元零肆分', '屆佰冈拾肆元零肆分'], '274.04')).toBe('unknown');
    // one reading says 捌 where the amount has 柒: the 大写 may say another amount
    expect(verifyAmountWords(['贰佰帛拾肆元零肆分', '贰佰捌拾肆元零肆分'], '274.04')).toBe('contradict');
    expect(verifyAmountWords([], '274.04')).toBe('unknown');
  });

  it('wordsCoverage without look-alikes: a model’s guess for a garbled glyph (作 for 仟) contradicts nothing, a numeral as printed does', () => {
    // 1274.04 = 壹仟贰佰柒拾肆元零肆分
    expect(wordsCoverage(['壹作贰佰柒拾肆元零肆分'], '壹仟贰佰柒拾肆元零肆分', { lookalikes: false }).contradict).toBe(false);
    expect(wordsCoverage(['壹佰贰佰柒拾肆元零肆分'], '壹仟贰佰柒拾肆元零肆分', { lookalikes: false }).contradict).toBe(true);
    // with look-alikes (the default) 灶 is 柒: where 叁 is printed that is a contradiction
    expect(wordsCoverage(['壹仟贰佰灶拾肆元零肆分'], '壹仟贰佰叁拾肆元零肆分').contradict).toBe(true);
    expect(wordsCoverage(['壹仟贰佰灶拾肆元零肆分'], '壹仟贰佰叁拾肆元零肆分', { lookalikes: false }).contradict).toBe(false);
  });

  it('an unreadable unit is verified by its place only when no other numeral or unit there makes another amount', () => {
    // scan reads: 元 read as 克 (陆?伍角: only 元 makes words), 佰 under the seal as 蕉 (壹万贰仟壹?捌拾: only 佰)
    expect(verifyAmountWords(['肆佰柒拾陆克伍角陆分'], '476.56')).toBe('agree');
    expect(verifyAmountWords(['壹万贰仟壹蕉捌拾壹元玖角叁分'], '12181.93')).toBe('agree');
    expect(verifyAmountWords(['肆佰柒拾陆元伍角陆蕉'], '476.56')).toBe('agree');
    // 伍?元整 could be 伍拾 or 伍佰 (or 伍仟): the place does not decide
    expect(verifyAmountWords(['伍蕉元整'], '50.00')).toBe('unknown');
    // 壹?贰 with ? a unit: 壹拾贰 / 壹佰贰… — and an unreadable numeral never qualifies
    expect(verifyAmountWords(['叁佰伍拾壹移蒜角叁分'], '351.23')).toBe('unknown');
    // two unreadable places: every combination is tried (壹?贰?叁拾肆: 壹万贰仟叁拾肆 is 12034)
    expect(verifyAmountWords(['壹万贰蕉壹蕉捌拾壹元玖角叁分'], '12181.93')).toBe('agree');
    expect(verifyAmountWords(['壹蕉贰蕉叁拾肆元整'], '1234.00')).toBe('unknown');
    // three unreadable places: not decided by place
    expect(verifyAmountWords(['壹万贰蕉壹蕉捌蕉壹元玖角叁分'], '12181.93')).toBe('unknown');
    // nothing was read in the place (a dropped glyph): not verified
    expect(verifyAmountWords(['肆佰柒拾陆伍角陆分'], '476.56')).toBe('unknown');
  });

  it('property: words of another amount with one unit blurred never verify this amount', () => {
    const rand = rng(11);
    for (let k = 0; k < 400; k++) {
      const a = (Math.floor(rand() * 5_000_000) / 100).toFixed(2);
      // another amount one digit away (the misprint a receipt could carry), or ten more
      const d = [...a];
      const at = [...d.keys()].filter((j) => d[j] !== '.')[Math.floor(rand() * (d.length - 1))];
      d[at] = String((Number(d[at]) + 1 + Math.floor(rand() * 9)) % 10);
      const b = k % 2 ? (Number(a) + 10).toFixed(2) : String(Number(d.join(''))) === 'NaN' ? a : Number(d.join('')).toFixed(2);
      if (a === b) continue;
      const w = [...amountToChinese(b)];
      const units = w.map((c, i) => (/[拾佰仟万亿元角分整]/.test(c) ? i : -1)).filter((i) => i >= 0);
      const i = units[Math.floor(rand() * units.length)];
      w[i] = '蕉';
      expect(verifyAmountWords([w.join('')], a)).not.toBe('agree');
    }
  });
});

describe('compareAmountWords (garbled OCR words against the amount)', () => {
  it('OCR noise in place of numerals is unknown, never a contradiction (fixture reads)', () => {
    expect(compareAmountWords('贰万制作零揭拾贰元肆角肆分', '28082.44').verdict).not.toBe('contradict');
    expect(compareAmountWords('僚佰制拾沫元零过分', '387.01').verdict).toBe('unknown');
    expect(compareAmountWords('僚佰制拾迷元零过分', '387.01').verdict).toBe('agree'); // 迷 is how 柒 is read
    // known look-alikes read as their numeral: a 制 (捌) where 柒 belongs contradicts
    expect(compareAmountWords('贰佰制拾肆元零肆分', '274.04').verdict).toBe('contradict');
    expect(compareAmountWords('贰佰制拾肆元零肆分', '284.04').verdict).toBe('agree');
    expect(compareAmountWords("'贰万柚什零揭拾贰元肆角笃分 (小写)¥28082.44", '28082.44').verdict).toBe('unknown');
    expect(compareAmountWords('僚佰沫拾沫元零吉分', '387.01').verdict).toBe('unknown');
    // a look-alike is never itself a numeral or unit, and always stands for one
    for (const [glyph, numeral] of Object.entries(OCR_NUMERAL_LOOKALIKES)) {
      expect(glyph).not.toMatch(/[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]/);
      expect(numeral).toMatch(/^[零壹贰叁肆伍陆柒捌玖拾佰仟万]$/);
    }
    expect(compareAmountWords('伍佰陆拾伍元叁角壹分', '565.31').verdict).toBe('agree');
    // the words model's traditional forms: 屆/誤 for 贰, 壺 for 壹, 參 for 叁 — and still a contradiction where another numeral is printed
    expect(compareAmountWords('屆佰誤拾壺元參角整', '221.30').verdict).toBe('agree');
    expect(compareAmountWords('屆佰誤拾壺元參角整', '221.40').verdict).toBe('contradict');
  });
  it('a unit the amount does not have, or another numeral, contradicts it', () => {
    expect(compareAmountWords('壹佰喜拾壹元零玖分', '101.09').verdict).toBe('contradict'); // printed 111.09
    expect(compareAmountWords('吉什零肆拾拥元壹角陆分', '1038.16').verdict).toBe('contradict'); // 肆 where 叁 belongs
    expect(compareAmountWords('伍佰陆拾陆元叁角壹分', '565.31').verdict).toBe('contradict');
  });
  it('random amounts: the words of another amount with one character garbled still contradict; its own words never do', () => {
    const r = rng(5);
    const noise = ['会', '沫', '吉', '冈', '帛', '蒜']; // not in OCR_NUMERAL_LOOKALIKES
    for (let i = 0; i < 2000; i++) {
      const amount = fromCents(1n + BigInt(Math.floor(r() * 999999999)));
      const chars = [...amountToChinese(amount)];
      const at = Math.floor(r() * chars.length);
      const garbledOwn = [...chars.slice(0, at), noise[i % noise.length], ...chars.slice(at + 1)].join('');
      expect(compareAmountWords(garbledOwn, amount).verdict, garbledOwn).not.toBe('contradict');
      // another amount differing in one digit
      const other = fromCents(toCents(amount)! + 10n ** BigInt(Math.floor(r() * 3)));
      const otherWords = amountToChinese(other);
      expect(compareAmountWords(otherWords, amount).verdict, `${otherWords} vs ${amount}`).toBe('contradict');
    }
  });
});
