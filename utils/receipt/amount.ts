import { normaliseText } from './canonical';
/**
 * 人民币大写金额 (Chinese capital numerals for money): formatter and tolerant parser.
 * Amounts are handled as integer cents to stay exact.
 */

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const GROUP_UNITS = ['', '万', '亿'];

/** "285.60" → 28560n cents; null when not a plain non-negative decimal with ≤ 2 places. */
export function toCents(amount: string): bigint | null {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!m) return null;
  return BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0') || '0');
}

export function fromCents(cents: bigint): string {
  const neg = cents < 0n;
  const c = neg ? -cents : cents;
  return `${neg ? '-' : ''}${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`;
}

function fourDigits(n: number): string {
  let s = '';
  let zero = false;
  let started = false;
  for (let i = 3; i >= 0; i--) {
    const d = Math.floor(n / 10 ** i) % 10;
    if (d === 0) {
      if (started) zero = true;
      continue;
    }
    if (zero) s += '零';
    s += DIGITS[d] + SMALL_UNITS[i];
    zero = false;
    started = true;
  }
  return s;
}

function integerToChinese(n: bigint): string {
  if (n === 0n) return '';
  const groups: number[] = [];
  let rest = n;
  while (rest > 0n) {
    groups.push(Number(rest % 10000n));
    rest /= 10000n;
  }
  if (groups.length > GROUP_UNITS.length) throw new RangeError('金额过大（不超过 9999 亿）');
  let out = '';
  let started = false;
  let zeroPending = false;
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i];
    if (g === 0) {
      if (started) zeroPending = true;
      continue;
    }
    if (started && (g < 1000 || zeroPending)) out += '零';
    out += fourDigits(g) + GROUP_UNITS[i];
    started = true;
    zeroPending = false;
  }
  return out;
}

/** amountToChinese("285.60") === "贰佰捌拾伍元陆角整". Throws on malformed input. */
export function amountToChinese(amount: string): string {
  const cents = toCents(amount);
  if (cents == null) throw new Error(`不是有效金额：${amount}`);
  if (cents === 0n) return '零元整';
  const yuan = cents / 100n;
  const jiao = Number((cents / 10n) % 10n);
  const fen = Number(cents % 10n);
  let s = integerToChinese(yuan);
  if (yuan > 0n) s += '元';
  if (jiao === 0 && fen === 0) return s + '整';
  if (jiao > 0) s += DIGITS[jiao] + '角';
  else if (yuan > 0n) s += '零';
  if (fen > 0) s += DIGITS[fen] + '分';
  else s += '整';
  return s;
}

const DIGIT_VALUE: Record<string, number> = Object.fromEntries(DIGITS.map((d, i) => [d, i]));
const SMALL_UNIT_VALUE: Record<string, number> = { 拾: 10, 佰: 100, 仟: 1000 };

/** Normalise common variants and OCR noise that do not change the meaning. */
export function normaliseAmountWords(words: string): string {
  return normaliseText(words)
    .replace(/[\s\u3000·.,，、:：()（）\[\]【】]/g, '')
    .replace(/[⊗ⓧⓍ⊕✕✖×xX*]/g, '') // the "⊗" printed in front of the words
    .replace(/^(金额合计|合计|人民币|大写)+/, '')
    .replace(/[¥￥]/g, '')
    .replace(/[圆圓]/g, '元')
    .replace(/正/g, '整')
    .replace(/[〇○Ｏ]/g, '零')
    .replace(/萬/g, '万')
    .replace(/億/g, '亿')
    // traditional glyphs of the capital numerals (unambiguous variants, not OCR guesses)
    .replace(/貳/g, '贰')
    .replace(/[參叄]/g, '叁')
    .replace(/陸/g, '陆');
}

/** Integer part parser; null when the structure is not a valid Chinese numeral. */
function parseInteger(s: string): bigint | null {
  if (s === '') return 0n;
  let total = 0n;
  let section = 0n; // value below the current 万/亿 group
  let number = -1; // pending digit, -1 = none
  let lastUnit = Infinity; // small units must decrease inside a section
  let zeroSeen = false; // a 零 since the last unit
  let groupClosed = false; // a 万/亿 was read
  let lastGroup = Infinity; // 亿 then 万, each at most once
  let sawAny = false;
  // A bare digit closing a section must sit right after 拾 (伍佰贰拾), after 零 (伍佰零贰) or alone
  // (伍元): "伍佰贰" / "壹万贰" are ambiguous (502 or 520?) and are refused, never guessed.
  const bareDigitOk = () => lastUnit === 10 || zeroSeen || (lastUnit === Infinity && !groupClosed);
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch in DIGIT_VALUE) {
      if (number > 0) return null; // two digits in a row (壹贰)
      number = DIGIT_VALUE[ch];
      if (number === 0) {
        number = -1; // 零 is only a placeholder
        zeroSeen = true;
      }
      sawAny = true;
    } else if (ch in SMALL_UNIT_VALUE) {
      const u = SMALL_UNIT_VALUE[ch];
      if (u >= lastUnit) return null;
      // "拾" alone at the start of a section means 1×10 (拾元整, 壹拾万 …)
      const d = number > 0 ? number : u === 10 && section === 0n ? 1 : -1;
      if (d < 0) return null;
      section += BigInt(d * u);
      number = -1;
      lastUnit = u;
      zeroSeen = false;
      sawAny = true;
    } else if (ch === '万' || ch === '亿') {
      if (number > 0) {
        if (!bareDigitOk()) return null;
        section += BigInt(number);
      }
      const g = ch === '亿' ? 8 : 4;
      if (g >= lastGroup || section === 0n) return null; // "壹万贰万", "亿万", a leading 万
      lastGroup = g;
      total += section * 10n ** BigInt(g);
      section = 0n;
      number = -1;
      lastUnit = Infinity;
      groupClosed = true;
      zeroSeen = false;
      sawAny = true;
    } else {
      return null;
    }
  }
  if (!sawAny) return null;
  if (number > 0) {
    // after 万/亿 the last section starts over: "壹万贰" (12000?) is ambiguous too
    if (!bareDigitOk()) return null;
    section += BigInt(number);
  }
  return total + section;
}

/**
 * parseChineseAmount("贰佰捌拾伍元陆角整") === "285.60". Returns null when the words are not a
 * well-formed amount (garbled OCR, stray characters): a caller must then treat the words as
 * unreadable rather than as a mismatch.
 */
export function parseChineseAmount(words: string): string | null {
  const s = normaliseAmountWords(words);
  if (!s) return null;
  const m = /^(.*?)元(.*)$/.exec(s);
  let intPart: string;
  let frac: string;
  if (m) {
    intPart = m[1];
    frac = m[2];
  } else {
    // no 元: only jiao/fen ("伍角", "伍分", "伍角陆分")
    if (!/[角分]/.test(s)) return null;
    intPart = '';
    frac = s;
  }
  if (m && intPart === '') return null; // "元整" without an integer part
  const yuan = intPart === '零' ? 0n : parseInteger(intPart);
  if (yuan == null) return null;
  const fm = /^零?(?:([零壹贰叁肆伍陆柒捌玖])角)?零?(?:([壹贰叁肆伍陆柒捌玖])分)?(整)?$/.exec(frac);
  if (!fm) return null;
  const jiao = fm[1] ? DIGIT_VALUE[fm[1]] : 0;
  const fen = fm[2] ? DIGIT_VALUE[fm[2]] : 0;
  if (fm[2] && fm[3]) return null; // "…分整" is not written
  if (!m && !fm[1] && !fm[2]) return null;
  return fromCents(yuan * 100n + BigInt(jiao * 10 + fen));
}

/**
 * Characters tesseract (chi_sim) reads in place of a capital numeral or unit, each seen at least twice
 * for one numeral only, never for another (measured on 157 generated receipts, clean/scan/photo, then
 * on 143 more: 抬 拥 迷 查 喜 章 摘 当 added; 会 was also seen for 零 and 沫 for 捌, so they are not
 * look-alikes). Used only to COMPARE read words with an amount (a 制 where 柒 belongs is a contradiction; the words agree only when every glyph is the numeral or one
 * of its look-alikes); never to produce a value.
 */
export const OCR_NUMERAL_LOOKALIKES: Record<string, string> = {
  什: '仟', 作: '仟', 任: '仟', 类: '柒', 业: '柒', 灶: '柒', 娄: '柒', 参: '叁', 僚: '叁', 抽: '捌', 制: '捌', 揭: '捌', 过: '壹', 壶: '壹', 起: '贰',
  抬: '拾', 拥: '捌', 迷: '柒', 查: '壹', 喜: '壹', 章: '壹', 摘: '捌', 当: '柒',
  // the chi_tra model's reads (eval dumps of 366 generated images: 屆 read 35 times and 誤 8 times, only
  // ever where 贰 is printed; 壺, the traditional 壶, 10 times, only for 壹; 參, the traditional 参, for 叁)
  屆: '贰', 誤: '贰', 壺: '壹', 參: '叁',
};

const NUMERALS = new Set(DIGITS);
/** The units of amount words (capital numerals aside). */
export const UNITS: ReadonlySet<string> = new Set(['拾', '佰', '仟', '万', '亿', '元', '角', '分', '整']);
const known = (c: string) => NUMERALS.has(c) || UNITS.has(c);

/**
 * Compares amount words as read (possibly garbled by OCR: 柒→僚, 叁→会) with the words the amount
 * should have, character by character (edit-distance alignment):
 * - 'agree': every character matches;
 * - 'contradict': a character that is a capital numeral or unit differs from the expected one, or
 *   one the amount does not have appears (伍佰壹拾 vs 伍佰零壹) — the receipt's 大写 and 小写 disagree
 *   (or the 小写 was misread);
 * - 'unknown': no contradiction, but some characters are unreadable (not numerals/units) or missing.
 * Unreadable characters never count as a contradiction, so OCR noise does not invent mismatches.
 */
export function compareAmountWords(read: string, amount: string): { verdict: 'agree' | 'contradict' | 'unknown'; contradictions: number; unknown: number } {
  let expected: string;
  try {
    expected = amountToChinese(amount);
  } catch {
    return { verdict: 'unknown', contradictions: 0, unknown: 0 };
  }
  const { contradictions, matched } = alignWords(read, expected);
  const unknown = matched.filter((x) => !x).length;
  return { verdict: contradictions ? 'contradict' : unknown ? 'unknown' : 'agree', contradictions, unknown };
}

/**
 * Several readings of one 大写 (two OCR models misread different glyphs: chi_sim reads 柒 as 类, chi_tra
 * reads 贰 as 屆) checked together against the amount: 'agree' when every character of the amount's
 * words is read right (or as a known look-alike) by at least one reading and no reading contradicts
 * any; 'contradict' when one does; else 'unknown'.
 */
export function verifyAmountWords(reads: string[], amount: string): 'agree' | 'contradict' | 'unknown' {
  let expected: string;
  try {
    expected = amountToChinese(amount);
  } catch {
    return 'unknown';
  }
  const e = [...expected];
  const { covered, blurred, contradict } = wordsCoverage(reads, expected);
  if (contradict) return 'contradict';
  if (!reads.length) return 'unknown';
  const open = e.map((_, i) => i).filter((i) => !covered[i]);
  if (!open.length) return 'agree';
  // A unit printed in a place where the numerals and the other units leave no choice (陆?伍角: only 元 makes
  // words at all) is verified by its place, if a glyph was seen there: every capital numeral or unit in its
  // place (each combination, at most two places) must give no amount or this very amount. Numerals never
  // qualify: another numeral always gives another amount.
  if (open.length <= 2 && open.every((i) => UNITS.has(e[i]) && blurred[i]) && !otherAmountFits(e, open, amount)) return 'agree';
  return 'unknown';
}

/**
 * Which characters of the words `expected` some reading has read right (or as a known look-alike),
 * which had an unreadable glyph read in their place, and whether a reading contradicts them.
 */
export function wordsCoverage(reads: string[], expected: string, o: { lookalikes?: boolean } = {}): { covered: boolean[]; blurred: boolean[]; contradict: boolean } {
  const n = [...expected].length;
  const covered = new Array<boolean>(n).fill(false);
  const blurred = new Array<boolean>(n).fill(false);
  let contradict = false;
  for (const r of reads) {
    const { contradictions, matched, unreadable } = alignWords(r, expected, o.lookalikes ?? true);
    if (contradictions) contradict = true;
    matched.forEach((m, i) => (covered[i] ||= m));
    unreadable.forEach((u, i) => (blurred[i] ||= u));
  }
  return { covered, blurred, contradict };
}

const ALPHABET = [...DIGITS, '拾', '佰', '仟', '万', '亿', '元', '角', '分', '整'];

/** Whether some capital numerals/units in places `at` of the words `e` make the words of another amount. */
function otherAmountFits(e: string[], at: number[], amount: string): boolean {
  const w = [...e];
  const tryAt = (k: number): boolean => {
    if (k === at.length) {
      const got = parseChineseAmount(w.join(''));
      return got != null && got !== amount;
    }
    for (const c of ALPHABET) {
      w[at[k]] = c;
      if (tryAt(k + 1)) return true;
    }
    w[at[k]] = e[at[k]];
    return false;
  };
  return tryAt(0);
}

/** Edit-distance alignment of read words with the expected words: contradictions, and which expected characters were read. */
function alignWords(read: string, expected: string, lookalikes = true): { contradictions: number; matched: boolean[]; unreadable: boolean[] } {
  let o = [...normaliseAmountWords(read)].map((c) => (lookalikes ? OCR_NUMERAL_LOOKALIKES[c] ?? c : c)).join('');
  const e = [...expected];
  const m = e.length;
  // the words run from the first to the last numeral/unit (label fragments and the 小写 around them are dropped)
  const first = [...o].findIndex(known);
  if (first < 0) return { contradictions: 0, matched: new Array<boolean>(m).fill(false), unreadable: new Array<boolean>(m).fill(false) };
  o = o.slice(first);
  const lastEnd = Math.max(o.lastIndexOf('分'), o.lastIndexOf('整'));
  if (lastEnd >= 0) o = o.slice(0, lastEnd + 1);
  const a = [...o];
  const n = a.length;
  // cost (integers, exact comparisons in the backtrace): match 0; unreadable char in place of one 5;
  // known but different 10; extra known char 10; extra unreadable char 6; expected char missing 6
  const sub = (x: string, y: string) => (x === y ? 0 : known(x) ? 10 : 5);
  const ins = (x: string) => (known(x) ? 10 : 6);
  const D: number[][] = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0));
  for (let i = 1; i <= n; i++) D[i][0] = D[i - 1][0] + ins(a[i - 1]);
  for (let j = 1; j <= m; j++) D[0][j] = D[0][j - 1] + 6;
  for (let i = 1; i <= n; i++)
    for (let j = 1; j <= m; j++)
      D[i][j] = Math.min(D[i - 1][j - 1] + sub(a[i - 1], e[j - 1]), D[i - 1][j] + ins(a[i - 1]), D[i][j - 1] + 6);
  let contradictions = 0;
  const matched = new Array<boolean>(m).fill(false);
  /** an unreadable glyph read in that place */
  const unreadable = new Array<boolean>(m).fill(false);
  for (let i = n, j = m; i > 0 || j > 0; ) {
    if (i > 0 && j > 0 && D[i][j] === D[i - 1][j - 1] + sub(a[i - 1], e[j - 1])) {
      if (a[i - 1] === e[j - 1]) matched[j - 1] = true;
      else if (known(a[i - 1])) contradictions++;
      else unreadable[j - 1] = true;
      i--, j--;
    } else if (i > 0 && D[i][j] === D[i - 1][j] + ins(a[i - 1])) {
      if (known(a[i - 1])) contradictions++;
      i--;
    } else {
      j--;
    }
  }
  return { contradictions, matched, unreadable };
}
