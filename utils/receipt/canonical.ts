/**
 * Raw text → canonical field value. Look-alike character fixes (O→0, l→1 …) are applied only
 * where the field's alphabet is digits-only, and are always reported as a reason.
 */
import type { FieldKey, Reason } from './types';
import { reason } from './reasons';
import { DATE_FIELDS, MONEY_FIELDS } from './labels';

export interface Canonical {
  /** canonical value, or the cleaned raw text when it does not fit the format; null when empty */
  value: string | null;
  /** true when the value fits the field's format */
  valid: boolean;
  /** a look-alike character was replaced */
  fixed: boolean;
  reasons: Reason[];
}

const DIGIT_LOOKALIKES: Record<string, string> = {
  O: '0', o: '0', D: '0', Q: '0', '〇': '0',
  l: '1', I: '1', i: '1', '|': '1', '!': '1', L: '1', ']': '1',
  Z: '2', z: '2',
  S: '5', s: '5',
  G: '6', b: '6',
  B: '8',
  g: '9', q: '9',
};

/** CJK Radicals Supplement glyphs that PDF fonts emit instead of the ideographs (NFKC leaves them). */
const RADICALS: Record<string, string> = {
  '⻔': '门', '⻩': '黄', '⺠': '民', '⻆': '角', '⻓': '长', '⻅': '见', '⻋': '车', '⻢': '马', '⻚': '页', '⻘': '青',
  '⻝': '食', '⻛': '风', '⻜': '飞', '⻨': '麦', '⻮': '齿', '⻳': '龟', '⻰': '龙', '⻬': '齐', '⻉': '贝', '⻈': '讠',
  '⻄': '西', '⺟': '母', '⻙': '韦', '⻈̀': '讠', '⻤': '鬼', '⻯': '龙', '⻓̀': '长', '⺁': '厂', '⺇': '几', '⺌': '小',
  '⺮': '竹', '⺶': '羊', '⺼': '肉', '⻊': '足', '⻌': '辶', '⻍': '辶', '⻎': '辶', '⻖': '阝', '⻏': '阝', '⺍': '小',
};
const RADICAL_RE = new RegExp(`[${Object.keys(RADICALS).filter((k) => k.length === 1).join('')}]`, 'g');

/** Map radical glyphs to ideographs, then NFKC (full-width → ASCII, Kangxi radicals → ideographs). */
export function normaliseText(raw: string): string {
  return raw.replace(RADICAL_RE, (c) => RADICALS[c] ?? c).normalize('NFKC');
}

/** NFKC (full-width → ASCII), unify dashes/dots/colons, drop zero-width chars. */
export function basicClean(raw: string): string {
  return normaliseText(raw)
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/[‐‑‒–—―－]/g, '-')
    .replace(/[。．]/g, '.')
    .trim();
}

/** Remove the spaces OCR puts between CJK characters and between digits. */
export function squeeze(s: string): string {
  return s.replace(/\s+/g, '');
}

function stripLabelPunct(s: string): string {
  return s.replace(/^[:：\s,，;；]+|[:：\s,，;；]+$/g, '');
}

/** Replace look-alikes in a string that should be all digits. */
function fixDigits(s: string): { text: string; fixes: Array<[string, string]> } {
  const fixes: Array<[string, string]> = [];
  let text = '';
  for (const ch of s) {
    if (/\d/.test(ch)) text += ch;
    else if (ch in DIGIT_LOOKALIKES) {
      text += DIGIT_LOOKALIKES[ch];
      fixes.push([ch, DIGIT_LOOKALIKES[ch]]);
    } else text += ch;
  }
  return { text, fixes };
}

export function isRealDate(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= dim;
}

/** Any common printed date form → YYYY-MM-DD, or null. */
export function parseDate(raw: string): string | null {
  // a time after the date ("2024-05-12 10:31:05", "2024年5月1日 9:05") goes before the spaces do,
  // so that "2024-5-1 10:31" cannot become day 11
  const withoutTime = basicClean(raw).replace(/(\d|[日号])\s+\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2}(?:\.\d+)?)?$/, '$1');
  const s = squeeze(withoutTime).replace(/[号]/g, '日').replace(/^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/, '$1');
  let m =
    /^(\d{4})[年\-/.](\d{1,2})[月\-/.](\d{1,2})日?(?:\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(s) ??
    /^(\d{4})(\d{2})(\d{2})(?:\d{6})?$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isRealDate(y, mo, d)) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** "¥1,285.6元" → "1285.60"; null when not an amount. */
export function parseAmount(raw: string): string | null {
  let s = squeeze(basicClean(raw)).replace(/^(人民币|小写|RMB)/i, '').replace(/[¥￥]/g, '').replace(/元$/, '');
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const int = m[1].replace(/^0+(?=\d)/, '');
  return `${int}.${(m[2] ?? '').padEnd(2, '0')}`;
}

/** "识别到 7 位" when the alphabet is right but the length is not, else the text itself. */
function describeRead(text: string, alphabet: RegExp): string {
  return alphabet.test(text) ? `识别到 ${[...text].length} 位（“${text}”）` : `识别到“${text}”（含不应出现的字符）`;
}

export function canonicalize(field: FieldKey, raw: string | null | undefined): Canonical {
  if (raw == null) return { value: null, valid: false, fixed: false, reasons: [] };
  const cleaned = stripLabelPunct(basicClean(raw));
  if (!cleaned) return { value: null, valid: false, fixed: false, reasons: [] };
  const reasons: Reason[] = [];

  const digitsField = (len: number, code: 'format.billCode' | 'format.billNumber'): Canonical => {
    const compact = squeeze(cleaned).replace(/^No\.?/i, '').replace(/^№/, '');
    const { text, fixes } = fixDigits(compact);
    for (const [from, to] of fixes) reasons.push(reason('canon.charFix', field, { from, to }));
    const valid = new RegExp(`^\\d{${len}}$`).test(text);
    if (!valid) reasons.push(reason(code, field, { value: text, got: describeRead(text, /^\d+$/) }));
    return { value: text, valid, fixed: fixes.length > 0, reasons };
  };

  if (field === 'billCode') return digitsField(8, 'format.billCode');
  if (field === 'billNumber') return digitsField(10, 'format.billNumber');

  if (field === 'checkCode') {
    const text = squeeze(cleaned).toLowerCase();
    const valid = /^[0-9a-z]{6}$/.test(text);
    if (!valid) reasons.push(reason('format.checkCode', field, { value: text, got: describeRead(text, /^[0-9a-z]+$/) }));
    return { value: text, valid, fixed: false, reasons };
  }

  if ((DATE_FIELDS as readonly string[]).includes(field)) {
    // digits in a date: fix look-alikes only inside runs that are otherwise numeric
    const compact = squeeze(cleaned);
    const direct = parseDate(compact);
    if (direct) return { value: direct, valid: true, fixed: false, reasons };
    const { text, fixes } = fixDigits(compact);
    const date = parseDate(text);
    if (date) {
      for (const [from, to] of fixes) reasons.push(reason('canon.charFix', field, { from, to }));
      return { value: date, valid: true, fixed: fixes.length > 0, reasons };
    }
    reasons.push(reason('format.date', field, { value: compact }));
    return { value: compact, valid: false, fixed: false, reasons };
  }

  if ((MONEY_FIELDS as readonly string[]).includes(field)) {
    const compact = squeeze(cleaned);
    const direct = parseAmount(compact);
    if (direct != null) {
      const valid = field === 'totalAmount' ? Number(direct) > 0 : true;
      if (!valid) reasons.push(reason('format.amount', field, { value: direct }));
      return { value: direct, valid, fixed: false, reasons };
    }
    const body = compact.replace(/^[¥￥]/, '').replace(/元$/, '');
    const { text, fixes } = fixDigits(body);
    const fixedAmount = fixes.length ? parseAmount(text) : null;
    if (fixedAmount != null) {
      for (const [from, to] of fixes) reasons.push(reason('canon.charFix', field, { from, to }));
      return { value: fixedAmount, valid: Number(fixedAmount) > 0 || field !== 'totalAmount', fixed: true, reasons };
    }
    reasons.push(reason('format.amount', field, { value: compact }));
    return { value: compact, valid: false, fixed: false, reasons };
  }

  if (field === 'kind') {
    const s = squeeze(cleaned).toLowerCase();
    const value = /住院|inpatient/.test(s) ? 'inpatient' : /门诊|急诊|outpatient/.test(s) ? 'outpatient' : null;
    if (!value) reasons.push(reason('format.kind', field, { value: cleaned }));
    return { value: value ?? cleaned, valid: value != null, fixed: false, reasons };
  }

  if (field === 'hospitalCode') {
    const s = squeeze(cleaned).toUpperCase();
    const valid = /^H\d{10}$/.test(s);
    if (!valid) reasons.push(reason('format.hospitalCode', field, { value: s }));
    return { value: s, valid, fixed: false, reasons };
  }

  if (field === 'payerId') {
    const s = squeeze(cleaned).toUpperCase();
    const valid = /^[0-9A-Z]{15}$|^[0-9A-Z]{18}$/.test(s);
    if (!valid) reasons.push(reason('format.payerId', field, { value: s }));
    return { value: s, valid, fixed: false, reasons };
  }

  if (field === 'amountInWords') {
    // as printed, minus OCR spaces and the "⊗" / "人民币（大写）" in front of the words
    const words = squeeze(cleaned).replace(/^[⊗ⓧⓍ⊕✕✖×xX*]+/, '').replace(/^(人民币)?[(（]?大写[)）]?[:：]?/, '').replace(/^[⊗ⓧⓍ⊕✕✖×xX*]+/, '');
    return { value: words || null, valid: !!words, fixed: false, reasons };
  }

  // names and free text: remove the spaces OCR inserts between CJK characters and between CJK and digits
  const text = cleaned
    .replace(/(?<=[\u3400-\u9fff（）()])\s+(?=[\u3400-\u9fff（）()\d])/g, '')
    .replace(/(?<=\d)\s+(?=[\u3400-\u9fff])/g, '')
    .replace(/\s{2,}/g, ' ');
  return { value: text, valid: true, fixed: false, reasons };
}
