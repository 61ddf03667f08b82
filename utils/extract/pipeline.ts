/**
 * A receipt file → the receipt model. The same code runs in Node (eval) and in the extension.
 * Order: born-digital text (OFD XML, PDF text layer) → QR → OCR with region re-reads; every
 * reading becomes a candidate and the receipt model's merge decides value and status.
 */
import type { Box, Candidate, FieldKey, FieldSource, ReceiptFields } from '../receipt/types';
import { canonicalize, normaliseText } from '../receipt/canonical';
import { amountToChinese, normaliseAmountWords, OCR_NUMERAL_LOOKALIKES, parseChineseAmount, toCents, fromCents, verifyAmountWords, wordsCoverage, UNITS as WORD_UNITS } from '../receipt/amount';
import { FIVE_ELEMENTS } from '../receipt/types';
import { buildReceipt } from '../receipt/validate';
import { reason } from '../receipt/reasons';
import { LOOKALIKE_IN_ALNUM, OCR_AGREE_CONFIDENCE, OCR_AGREE_SECOND_CONFIDENCE, OCR_OK_CHAR_CONFIDENCE, mergeCandidates, sameUpToLookalikes, shortReading } from '../receipt/merge';
import type { RegionReadOptions, RegionReadResult, RgbaImage, TextItem } from '../ocr/types';
import { crop, inkRatio, resize, rotate90, suppressRedToGray, flattenLight } from '../ocr/image';
import { readFieldsFromTextItems, type LayoutResult } from './layout';
import { readPdfText, ExtractError } from './pdf';
import { readOfdText } from './ofd';
import { decodeQrSymbols, parseQrPayload, uprightTurns } from './qr';
import { cellsFromGlyphBoxes, glyphCells } from './word-cells';
import { eraseSealRing, findSealRing, type SealRing } from '../ocr/seal-ring';
import { grayToRgba, rgbaToGray } from '../ocr/prepare';
import { boxIsGlyph, digitsPrinted, foldLookalikes, formsPrinted, wordsTracked } from './glyph-match';

export const MAX_FILE_BYTES = 40 * 1024 * 1024;

/** What the pipeline needs from an OCR engine (utils/ocr's engine is one). */
export interface OcrEngineLike {
  /** An engine may prepare the image itself and then returns the upright `image` its boxes refer to. */
  recognize(img: RgbaImage, o?: { signal?: AbortSignal; prepare?: boolean; psm?: number }): Promise<{ items: TextItem[]; image?: RgbaImage; rotation?: number }>;
  readRegion(img: RgbaImage, box: Box, o?: RegionReadOptions & { signal?: AbortSignal }): Promise<RegionReadResult>;
  terminate?(): Promise<void>;
}

/** OCR engines report lines and their words: the layout reads words grouped by their line. */
export function wordsOnly(items: TextItem[]): TextItem[] {
  const words = items.filter((i) => i.level !== 'line');
  return words.length ? words : items;
}

export interface ExtractEnv {
  ocr?: OcrEngineLike;
  /** re-reads the 大写 only (a model that knows the capital numerals); optional */
  wordsOcr?: OcrEngineLike;
  /**
   * a Latin model (eng) that re-reads the values printed in digits (LATIN_VALUES: bill code, bill number,
   * the total) and confirms a check code the page engine's readings do not settle; optional — without it
   * the page's engine re-reads them
   */
  valuesOcr?: OcrEngineLike;
  /** cancels OCR jobs when the clerk removes the file or closes the panel */
  signal?: AbortSignal;
  decodeImage?: (bytes: Uint8Array, mime?: string) => Promise<RgbaImage>;
  zxing?: { readBarcodes: (b: Uint8Array, o: object) => Promise<Array<{ text: string; isValid?: boolean }>> };
  loadPdfjs?: () => Promise<any>;
  today?: string;
}

export type FileKind = 'image' | 'pdf' | 'ofd' | 'unknown';

export interface ExtractResult {
  fields: ReceiptFields;
  fileKind: FileKind;
  sourcesUsed: FieldSource[];
  error?: { code: string; message: string };
  ms: number;
  /** the upright image the boxes refer to (images only) */
  pageImage?: RgbaImage;
  /** pageImage already encoded as JPEG where the pipeline ran (the extension's worker); pageImage then left out */
  pageJpeg?: { blob: Blob; width: number; height: number };
  qrPayloads?: string[];
  rotation?: number;
  labelHits?: number;
}

export function sniff(bytes: Uint8Array): FileKind {
  const b = bytes;
  if (b.length >= 4 && b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46) return 'pdf';
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return 'ofd';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image';
  if (b.length >= 12 && b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45) return 'image';
  if (b.length >= 2 && b[0] === 0x42 && b[1] === 0x4d) return 'image';
  if (b.length >= 4 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return 'image';
  return 'unknown';
}

type Cands = Partial<Record<FieldKey, Candidate[]>>;
function mergeInto(a: Cands, b: Cands) {
  for (const [k, list] of Object.entries(b) as Array<[FieldKey, Candidate[]]>) (a[k] ??= []).push(...list);
}

const WHITELIST: Partial<Record<FieldKey, string>> = {
  billCode: '0123456789',
  billNumber: '0123456789',
  checkCode: '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  issueDate: '0123456789-年月日',
  totalAmount: '0123456789.,¥',
};
/**
 * Values printed in digits, re-read by `ExtractEnv.valuesOcr` (eng) where there is one: on the 66 scans
 * and photos of hold set 31337, its whitelisted line reads of the four Latin values took 2.7 + 2.9 s
 * against chi_sim's 11.7 + 5.5 s, and gave the value 167 times against 148 (confident and wrong: 12
 * against 17); a total's leading digit that chi_sim drops (1838.64 read 838.64) it reads. Not the check
 * code: eng reads a serif face's letters as others (0fa60e as ofagoe), and such a re-read disagreeing with
 * the page's sends a code read right to the clerk (10 codes lost, 3 gained on the 488 hold images). Not
 * the date: 年月日.
 */
const LATIN_VALUES = new Set<FieldKey>(['billCode', 'billNumber', 'totalAmount']);
const REGION_PATTERNS: Partial<Record<FieldKey, RegExp>> = {
  billCode: /\d{8}/,
  billNumber: /\d{10}/,
  checkCode: /[0-9a-zA-Z]{6}/,
  issueDate: /\d{4}(?:-\d{1,2}-\d{1,2}|年\d{1,2}月\d{1,2}日?|\d{4})/,
  totalAmount: /\d[\d,]*\.\d{2}/,
};

const AMOUNT_WORDS_WHITELIST = '零壹贰叁肆伍陆柒捌玖拾佰仟万亿元圆角分整';
/** Width of a value right of its label, in label heights (a CJK glyph is about one height wide). */
const VALUE_EMS: Partial<Record<FieldKey, number>> = { billCode: 6, billNumber: 7.5, checkCode: 5, issueDate: 9, totalAmount: 8, amountInWords: 15 };
const TOKEN: Partial<Record<FieldKey, RegExp>> = {
  billCode: /(?<![0-9])\d{8}(?![0-9])/g,
  billNumber: /(?<![0-9])\d{10}(?![0-9])/g,
  checkCode: /(?<![0-9A-Za-z])[0-9A-Za-z]{6}(?![0-9A-Za-z])/g,
  issueDate: /(?<![0-9])\d{4}(?:-\d{1,2}-\d{1,2}|年\d{1,2}月\d{1,2}日?|\d{4})(?![0-9])/g,
  totalAmount: /(?<![0-9.])\d[\d,]*\.\d{2}(?![0-9])/g,
};

/** A region read the engine itself calls garbage (label fragments forced into the whitelist) is dropped. */
export const MIN_REGION_CONFIDENCE = 0.3;
const LENGTH: Partial<Record<FieldKey, number>> = { billCode: 8, billNumber: 10, checkCode: 6 };
/** A value cut from a longer run of characters: below what any agreement of readings needs. */
export const CUT_READING_CONFIDENCE = OCR_AGREE_SECOND_CONFIDENCE - 0.05;

/**
 * A whitelisted region read → a candidate: the value token bounded by non-value characters, else
 * (a label fragment read as digits glued to the left of a fixed-length value) the run's last
 * characters; its confidence is that of its own characters when the engine gives them.
 */
export function regionCandidate(f: FieldKey, r: RegionReadResult, box: Box, min = MIN_REGION_CONFIDENCE): Candidate | null {
  const text = r.text.replace(/\s+/g, '');
  const re = new RegExp(TOKEN[f]!.source);
  let m = re.exec(text);
  let start = m?.index ?? -1;
  let value = m?.[0] ?? '';
  if (!m && LENGTH[f]) {
    const n = LENGTH[f]!;
    const runs = [...text.matchAll(f === 'checkCode' ? /[0-9A-Za-z]+/g : /\d+/g)].filter((x) => x[0].length > n && x[0].length <= n + 2);
    if (runs.length === 1) {
      start = runs[0].index! + runs[0][0].length - n;
      value = runs[0][0].slice(-n);
    }
  }
  // (a date whose 日 was forced into a digit by the whitelist, a seal stroke across it: 2026年02月248 —
  // the day is printed with two digits)
  if (!m && f === 'issueDate') {
    const d = /(\d{4}年\d{2}月\d{2})\d$/.exec(text);
    if (d) (start = d.index), (value = d[1]);
  }
  if (start < 0 || !value) return null;
  const cc = r.charConfidences && r.charConfidences.length === text.length ? r.charConfidences.slice(start, start + value.length) : undefined;
  // the whole read is the value: the engine's word confidence; else the value's own characters,
  // and a value cut from a longer run never counts as confident on its own
  // (an engine that gives no word confidence: the characters' own)
  let confidence = cc?.length && (value.length !== text.length || !(r.confidence > 0)) ? Math.min(...cc) : r.confidence;
  // (the extra glyphs may as well be inside the run: c243apb for c243ab gives 243apb, c6bdo9f for c6bd9f
  // gives 6bdo9f — such a cut is only a place and a guess, never a reading that makes a value ok, even
  // paired with another)
  if (!m) confidence = Math.min(confidence, CUT_READING_CONFIDENCE);
  if (confidence < min) return null;
  return { value, source: 'ocr', confidence, box, ...(cc ? { charConfidences: cc } : {}) };
}

/**
 * A check code read glued to the date in the next cell of its line (a boxed header: 170A8820240325, the date
 * 2024-03-25 read without its hyphens, which the code's whitelist lacks): the first six glyphs, as a reading
 * of the code with their own confidences (0 without them).
 */
export function gluedToDate(r: RegionReadResult, box: Box): Candidate | null {
  const text = r.text.replace(/\s+/g, '');
  const m = /^([0-9A-Za-z]{6})(?:19|20)\d{6}$/.exec(text);
  if (!m) return null;
  const cc = r.charConfidences && r.charConfidences.length === text.length ? r.charConfidences.slice(0, 6) : undefined;
  return { value: m[1], source: 'ocr', confidence: cc ? Math.min(...cc) : 0, box, ...(cc ? { charConfidences: cc } : {}) };
}

/**
 * The total's digits where only the FIRST character is doubtful (the ¥ printed against it) and
 * every other is read clearly: a weak candidate (confidence 0.3) — never ok alone, but a reading
 * derived from other print (大写, settlement sum) that agrees on every digit confirms it, and one
 * that differs makes it a disagreement.
 */
export function leadingDoubtCandidate(r: RegionReadResult, box: Box): Candidate | null {
  const text = r.text.replace(/\s+/g, '');
  const m = new RegExp(TOKEN.totalAmount!.source).exec(text);
  const cc = r.charConfidences;
  if (!m || !cc || cc.length !== text.length || m[0].length < 4) return null;
  const own = cc.slice(m.index, m.index + m[0].length);
  if (Math.min(...own.slice(1)) < 0.9) return null;
  return { value: m[0], source: 'ocr', confidence: 0.3, box, charConfidences: own };
}

/**
 * The 大写 words of a read: spaces and a leading label fragment dropped (拾 may start the words:
 * 拾伍元整). Words that then start with another unit (佰, 仟, 万, 元 …) lost their first numeral to
 * an unreadable glyph (屆佰陆拾… would parse as 陆拾…, a tenth of the amount): none.
 */
export const amountWordsOf = (text: string) => {
  const t = text.replace(/\s+/g, '');
  const prefix = /^[^零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]*/.exec(t)![0];
  const w = t.slice(prefix.length);
  if (/^[佰仟万亿元角分整]/.test(w)) return '';
  // 拾 right after an unreadable glyph (喜拾伍元 is 壹拾伍 or 贰拾伍…), not after the label
  if (w.startsWith('拾') && /[\u4e00-\u9fff]$/.test(prefix) && !/(大写|合计)$/.test(prefix)) return '';
  return w;
};

function canon(f: FieldKey, v: string): string | null {
  const c = canonicalize(f, v);
  if (!c.valid || c.fixed || !c.value) return null;
  return f === 'checkCode' ? c.value.toLowerCase() : c.value;
}

/** The region to re-read for a field: its value box, else the stretch right of its label. */
export function regionFor(f: FieldKey, layout: Pick<LayoutResult, 'valueBoxes' | 'labelBoxes'>): Box | null {
  const vb = layout.valueBoxes[f];
  if (vb) return { x: vb.x - vb.h * 0.25, y: vb.y - vb.h * 0.2, w: vb.w + vb.h * 0.5, h: vb.h * 1.4, ...(vb.page != null ? { page: vb.page } : {}) };
  const lb = layout.labelBoxes?.[f];
  if (!lb || !VALUE_EMS[f]) return null;
  const h = Math.min(lb.h, lb.w);
  return { x: lb.x + lb.w, y: lb.y - h * 0.25, w: h * VALUE_EMS[f]!, h: h * 1.5, ...(lb.page != null ? { page: lb.page } : {}) };
}

/** The header's values, top to bottom, as the 财政电子票据 prints them (top right, one per line). */
const HEADER_STACK: FieldKey[] = ['billCode', 'billNumber', 'checkCode', 'issueDate'];

/**
 * Where the header stack puts `f` when the page read missed its line: the line centres of the other
 * values read (at least two, evenly spaced: a straight fit with small residuals) give its line; the
 * width runs from a little left of the values (a shorter label, 校验码) to past their right end.
 * Only a search area for a value known from the QR code: a re-read there counts only when it gives
 * that value exactly.
 */
export function headerStackRegion(f: FieldKey, boxes: Partial<Record<FieldKey, Box | undefined>>): Box | null {
  const at = HEADER_STACK.indexOf(f);
  if (at < 0) return null;
  const known = HEADER_STACK.map((g, i) => ({ i, b: g !== f ? boxes[g] : undefined })).filter((k): k is { i: number; b: Box } => !!k.b);
  if (known.length < 2 || new Set(known.map((k) => k.b.page ?? 0)).size > 1) return null;
  const xs = known.map((k) => k.i), ys = known.map((k) => k.b.y + k.b.h / 2);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length, my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  if (!sxx) return null;
  const pitch = xs.reduce((a, x, k) => a + (x - mx) * (ys[k] - my), 0) / sxx;
  const h = [...known.map((k) => k.b.h)].sort((a, b) => a - b)[Math.floor(known.length / 2)];
  if (pitch < h * 0.8 || pitch > h * 4) return null;
  if (ys.some((y, k) => Math.abs(my + pitch * (xs[k] - mx) - y) > pitch * 0.3)) return null;
  const yc = my + pitch * (at - mx);
  const x0 = Math.max(0, Math.min(...known.map((k) => k.b.x)) - h * 1.2);
  // (values differ in length: 6 to 10 characters, a date up to 11)
  const x1 = Math.max(...known.map((k) => k.b.x + k.b.w)) + h * (f === 'issueDate' ? 5 : 3);
  return { x: x0, y: yc - h / 2, w: x1 - x0, h, ...(known[0].b.page != null ? { page: known[0].b.page } : {}) };
}

/**
 * The 大写 words when their label was not read (a seal over 大写 on a grey scan): they are printed on
 * the total's line, just left of the （小写） label.
 */
export function wordsLeftOfSmallLabel(layout: Pick<LayoutResult, 'labelBoxes' | 'valueBoxes'>): Box | null {
  const lb = layout.labelBoxes.totalAmount;
  if (!lb) return null;
  // the glyph height: from the total's digits when read, else from the 小写 label (two glyphs and a
  // bracket wide; its height may include a seal stroke above or below)
  const digits = layout.valueBoxes.totalAmount;
  const h = digits && Math.abs(digits.y + digits.h / 2 - (lb.y + lb.h / 2)) < lb.h ? digits.h * 1.15 : Math.min(lb.h, lb.w / 2.6);
  const x0 = Math.max(0, lb.x - h * 18);
  const cy = lb.y + lb.h / 2;
  return { x: x0, y: cy - h * 0.7, w: lb.x - h * 0.6 - x0, h: h * 1.4, ...(lb.page != null ? { page: lb.page } : {}) };
}

/**
 * 统筹 + 其他 + 个人账户 + 个人现金 = 金额合计: when all four parts were read confidently, their sum
 * is another reading of the total (it must then agree with the printed total to be ok).
 */
export function settlementSum(cands: Partial<Record<FieldKey, Candidate[]>>): Candidate | null {
  let sum = 0n;
  let conf = 1;
  for (const k of ['fundPaid', 'otherPaid', 'accountPaid', 'cashPaid'] as const) {
    const list = (cands[k] ?? []).map((c) => ({ c, v: canon(k, c.value) }));
    const values = new Set(list.map((x) => x.v));
    if (list.length === 0 || values.size !== 1 || list[0].v == null) return null;
    const cents = toCents(list[0].v);
    if (cents == null) return null;
    sum += cents;
    conf = Math.min(conf, ...list.map((x) => x.c.confidence ?? 0));
  }
  if (conf < 0.7 || sum <= 0n) return null;
  return { value: fromCents(sum), source: 'ocr', confidence: conf, derived: 'settlement' };
}

/** OCR words grouped by engine line, left to right: each line's squeezed text and which word owns each character. */
function ocrLines(items: TextItem[]): Array<{ its: TextItem[]; text: string; owner: number[] }> {
  const groups = new Map<string, TextItem[]>();
  items.forEach((it, i) => {
    const k = it.lineId != null ? `l${it.lineId}` : `i${i}`;
    groups.set(k, [...(groups.get(k) ?? []), it]);
  });
  return [...groups.values()].map((its) => {
    its.sort((a, b) => a.x - b.x);
    let text = '';
    const owner: number[] = [];
    its.forEach((it, k) => {
      const t = normaliseText(it.text).replace(/\s+/g, '');
      text += t;
      for (let c = 0; c < t.length; c++) owner.push(k);
    });
    return { its, text, owner };
  });
}

/** The words that hold characters [from, to) of an OCR line, and their union box. */
function wordsAt(line: { its: TextItem[]; owner: number[] }, from: number, to: number): { used: TextItem[]; box: Box } {
  const used = [...new Set(line.owner.slice(from, to))].map((o) => line.its[o]);
  const x0 = Math.min(...used.map((i) => i.x)), y0 = Math.min(...used.map((i) => i.y));
  const x1 = Math.max(...used.map((i) => i.x + i.w)), y1 = Math.max(...used.map((i) => i.y + i.h));
  return { used, box: { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } };
}

/** Look for a (QR) value among the OCR words and engine lines; the hit becomes an OCR candidate. */
export function findInOcr(f: FieldKey, items: TextItem[], want: Set<string>): Candidate | null {
  const re = TOKEN[f];
  if (!re || !want.size) return null;
  for (const line of ocrLines(items)) {
    for (const m of line.text.matchAll(re)) {
      if (!want.has(canon(f, m[0]) ?? '')) continue;
      const { used, box } = wordsAt(line, m.index!, m.index! + m[0].length);
      return { value: m[0], source: 'ocr', confidence: Math.min(...used.map((i) => i.confidence ?? 0)), box };
    }
  }
  return null;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** How a (QR) value may be printed: a date as 2024-10-05 or 2024年10月05日. */
function printedForms(f: FieldKey, v: string): string[] {
  if (f !== 'issueDate') return [v];
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  return m ? [`${m[1]}-${m[2]}-${m[3]}`, `${m[1]}年${m[2]}月${m[3]}日`] : [v];
}

/**
 * Where a (QR) value is probably printed: the stretch of an OCR line closest to one of its printed
 * forms, at most a quarter of its characters off (a photo's OCR: 1070324 for 11070324). Only a
 * place to re-read — the re-read itself must then give the value exactly. An amount is looked for
 * only on the line of the total (小写/合计/¥), not among the items.
 */
export function locateInOcr(f: FieldKey, items: TextItem[], value: string): Box | null {
  const forms = printedForms(f, value).map((x) => x.toLowerCase());
  let best: { d: number; box: Box } | null = null;
  for (const line of ocrLines(items)) {
    // (lower case keeps the character positions the owner map refers to; a letter that would not is left)
    const lower = line.text.toLowerCase();
    const text = lower.length === line.text.length ? lower : line.text;
    if (f === 'totalAmount' && !/小写|合计|[¥￥]/.test(text)) continue;
    for (const form of forms) {
      const n = form.length;
      const maxD = Math.max(1, Math.floor(n / 4));
      for (let len = n - maxD; len <= n + maxD; len++) {
        for (let i = 0; i + len <= text.length; i++) {
          // not a piece of a longer number (the serial number 20241213085679 starts with a date)
          if ((/\d/.test(text[i - 1] ?? '') && /\d/.test(text[i])) || (/\d/.test(text[i + len] ?? '') && /\d/.test(text[i + len - 1]))) continue;
          const d = editDistance(text.slice(i, i + len), form);
          if (d > maxD || (best && d >= best.d)) continue;
          const { box } = wordsAt(line, i, i + len);
          // room for a character the read dropped at either end (a glyph and its gap: about the height)
          best = { d, box: { ...box, x: box.x - box.h, w: box.w + 2 * box.h } };
        }
      }
    }
  }
  return best?.box ?? null;
}

const HEADER_FIELDS: FieldKey[] = ['billCode', 'billNumber', 'checkCode', 'issueDate'];

/** How a 大写 glyph cell is read, one way after another: engine (chi_sim reads the page, chi_tra the words), mode, contrast stretched. */
const GLYPH_READS: ReadonlyArray<readonly ['page' | 'words', number, boolean]> = [
  ['page', 10, false], ['words', 10, false], ['words', 8, false],
  ['page', 10, true], ['words', 10, true], ['words', 8, true],
];

/** …and a glyph none of those read, with its neighbours as one short line: [engine, psm]. */
const NEIGHBOUR_READS: ReadonlyArray<readonly ['page' | 'words', number]> = [['words', 7], ['words', 8], ['page', 8]];

/** Two values of one length that differ in exactly one glyph (case aside). */
export function oneGlyphApart(a: string, b: string): boolean {
  const x = [...a.toLowerCase()], y = [...b.toLowerCase()];
  return x.length === y.length && x.filter((c, i) => c !== y[i]).length === 1;
}

/** Boxes without the ones that nearly repeat an earlier one (the same place read several times). */
function distinctBoxes(boxes: Array<Box | null | undefined>): Box[] {
  const out: Box[] = [];
  for (const b of boxes) {
    if (!b) continue;
    const tol = Math.max(3, b.h * 0.25);
    if (!out.some((o) => Math.abs(o.x - b.x) < tol && Math.abs(o.y - b.y) < tol && Math.abs(o.w - b.w) < tol * 2 && Math.abs(o.h - b.h) < tol)) out.push(b);
  }
  return out;
}

/** How a value of digits is printed (the date in either style), for the shape check of a QR value. */
const PRINTED_FORMS: Partial<Record<FieldKey, (v: string) => string[]>> = {
  billCode: (v) => (/^\d{8}$/.test(v) ? [v] : []),
  billNumber: (v) => (/^\d{10}$/.test(v) ? [v] : []),
  issueDate: (v) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    return m ? [`${m[1]}-${m[2]}-${m[3]}`, `${m[1]}年${m[2]}月${m[3]}日`] : [];
  },
  // (in either case: its glyphs are matched among all letters and digits, case folded)
  checkCode: (v) => (/^[0-9a-z]{6}$/i.test(v) ? [v] : []),
};
/** A value's box as read, grown by a little of its height all round: the glyphs' whole ink, for the shape checks. */
const aroundRead = (b: Box): Box => ({ ...b, x: b.x - b.h * 0.4, y: b.y - b.h * 0.4, w: b.w + b.h * 0.8, h: b.h * 1.8 });
/** The value `forms` printed glyph by glyph in `b` (a check code's glyphs among letters and digits). */
const printedIn = (f: FieldKey, img: RgbaImage, b: Box, forms: string[], o: { lookalikes?: boolean } = {}) => digitsPrinted(img, b, forms, { alnum: f === 'checkCode', ...o });
/**
 * Which of a value and the values one glyph from it (a check code's glyph among letters and digits, the
 * others' among digits) are printed glyph by glyph in `b`. A shape check that finds the value's neighbour
 * too has told nothing: on a blurred photo the darkest ink of a bold 0 is two bars, each a clear 1, and
 * 11070124 as printed "held" a QR's 11170124 as well.
 */
/** Which of `values` are printed glyph by glyph in `b`, in any of the ways each is printed (PRINTED_FORMS). */
function valuesPrinted(f: FieldKey, img: RgbaImage, b: Box, values: string[], o: { lookalikes?: boolean; pass?: 'asPrinted' | 'thinned' } = {}): Set<string> {
  const formOf = new Map<string, string>();
  for (const v of values) for (const form of PRINTED_FORMS[f]?.(v) ?? []) if (!formOf.has(form)) formOf.set(form, v);
  return new Set(formsPrinted(img, b, [...formOf.keys()], { alnum: f === 'checkCode', ...o, pairs: false }).map((form) => formOf.get(form)!));
}
/** Whether `w` has a 1 (l, i) where `v` has another glyph: a stroke of a blurred glyph is a clear 1, so such a value is never looked for by shape. */
const oneWhereOther = (w: string, v: string) => [...w].some((c, i) => /[1li]/i.test(c) && c.toLowerCase() !== v[i]?.toLowerCase());
export function neighboursPrinted(f: FieldKey, img: RgbaImage, b: Box, v: string, o: { lookalikes?: boolean; ifPrinted?: boolean } = {}): Set<string> {
  const alnum = f === 'checkCode';
  const own = PRINTED_FORMS[f]?.(v) ?? [];
  const passes = ['asPrinted', 'thinned'] as const;
  // (with ifPrinted, only where the value itself is printed, seen either way: most places hold neither)
  // (the kerned pairs' further cuts not tried, for the value as for its neighbours: formsPrinted `pairs`)
  const ownAt = passes.findIndex((pass) => formsPrinted(img, b, own, { alnum, lookalikes: o.lookalikes, first: true, pass, pairs: false }).length > 0);
  if (o.ifPrinted && ownAt < 0) return new Set();
  // (the value printed as it is, each glyph clearly its own: its neighbours are not looked for — a glyph
  // clearly another is not what goes wrong; a bold 0 seen only thinned — its darkest ink, or binarised
  // midway — is)
  if (ownAt === 0) return new Set([v]);
  const alphabet = alnum ? '0123456789abcdefghijklmnopqrstuvwxyz' : '0123456789';
  const fold = (x: string) => [...x.toLowerCase()].map((c) => (o.lookalikes ? foldLookalikes(c) : c)).join('');
  const neighbours = [...v]
    .flatMap((ch, i) => (/[0-9a-z]/i.test(ch) ? [...alphabet].map((a) => v.slice(0, i) + a + v.slice(i + 1)) : []))
    .filter((w) => fold(w) !== fold(v) && !oneWhereOther(w, v));
  // (the line as printed first; thinned only where that shows none of them — the darkest ink of a bold 0
  // is its two thick strokes, and a clean 11070326 so "held" 11170326 too)
  for (const pass of ownAt < 0 ? passes : passes.slice(0, ownAt + 1)) {
    const printed = valuesPrinted(f, img, b, [v, ...neighbours], { lookalikes: o.lookalikes, pass });
    if (printed.size) return printed;
  }
  return new Set();
}

/**
 * The values a check code read by OCR may stand for: the reading itself (6 characters), or a reading one
 * character too long without one of them (c243apb: c243ab …); and each with its l, i (I) read for a 1
 * (82cbdl: 82cbd1 — the engine reads a serif 1 as l three times over). Only a value the print holds glyph
 * by glyph counts (glyph-match.ts: a 1 told from l and I by strokeIsOne). (Not O for 0 and the other
 * look-alikes: a glyph of a font the matcher has no templates of is taken for its look-alike — O for 0 —
 * in its unit test.)
 */
export function checkCodeHypotheses(reads: string[]): string[] {
  const out = new Set<string>();
  for (const r of reads) {
    const bases = r.length === 6 ? [r] : r.length === 7 ? [...r].map((_, i) => r.slice(0, i) + r.slice(i + 1)) : [];
    for (const b of bases) {
      if (!/^[0-9a-z]{6}$/.test(b)) continue;
      // (every choice of its l and i as 1 or as read: three at most, eight values)
      const at = [...b].flatMap((c, i) => (c === 'l' || c === 'i' ? [i] : [])).slice(0, 3);
      for (let m = 0; m < 1 << at.length; m++) out.add([...b].map((c, i) => (at.some((j, k) => j === i && m & (1 << k)) ? '1' : c)).join(''));
    }
  }
  return [...out];
}
/**
 * How the place of a QR value is re-read, one way after another until one gives the value exactly:
 * as the other re-reads; glyphs pulled apart (bold serif digits of a boxed header touch: 11 → 1);
 * in grey levels enlarged (a seal's remnants and a box border binarised into specks); with only the
 * darkest ink kept (a grey scan's seal across the value).
 */
const QR_CONFIRM_VARIANTS: Array<Partial<RegionReadOptions>> = [{}, { splitTouching: true }, { grayScale: 1.6 }, { darkest: true }];

/** A field already settled: an exact source (QR), or two OCR readings that agree confidently, or one very confident. */
function confirmed(f: FieldKey, list: Candidate[]): boolean {
  const vals = list.map((c) => ({ c, v: canon(f, c.value) })).filter((x) => x.v);
  if (new Set(vals.map((x) => x.v)).size !== 1) return false;
  if (vals.some((x) => x.c.source !== 'ocr')) return vals.some((x) => x.c.source === 'ocr');
  // (a reading a glyph short is no confirmation: the merge would not count it either)
  const sure = vals.filter((x) => !shortReading(f, x.c));
  return sure.filter((x) => (x.c.confidence ?? 0) >= OCR_AGREE_CONFIDENCE).length >= 2 || sure.some((x) => (x.c.confidence ?? 0) >= 0.9);
}

/** The top band of the page that holds the header labels (from their boxes, else the top 35 %). */
/**
 * The band that holds the items table and the total's line: below the payer/serial lines, above the
 * settlement and payee lines (whichever of them were read), else the middle of the page.
 */
function totalBand(items: TextItem[], img: RgbaImage): { y0: number; y1: number } | null {
  const lines = ocrLines(items).map((l) => ({ text: l.text, y0: Math.min(...l.its.map((i) => i.y)), y1: Math.max(...l.its.map((i) => i.y + i.h)) }));
  const above = lines.filter((l) => /交款人|流水号|项目名称/.test(l.text)).map((l) => l.y1);
  const below = lines.filter((l) => /统筹|其他支付|账户支付|现金支付|收款单位|复核人/.test(l.text)).map((l) => l.y0);
  const y0 = Math.round(above.length ? Math.max(...above) : img.height * 0.3);
  const y1 = Math.round(below.length ? Math.min(...below.filter((y) => y > y0), img.height) : img.height * 0.85);
  return y1 - y0 > 40 ? { y0, y1 } : null;
}

/**
 * The page read took a fragment of `f` as its value (fewer characters than it has, at the box `at`), and
 * the second read more characters (at `at2`).
 */
function fragmentThenMore(f: FieldKey, first: Candidate[], at: Box | undefined, second: Candidate[], at2: Box | undefined): boolean {
  const n = LENGTH[f];
  const len = (list: Candidate[], b: Box | undefined) => {
    const c = list.find((x) => x.box === b);
    return c ? (canonicalize(f, c.value).value ?? '').length : null;
  };
  const a = len(first, at), b = len(second, at2);
  return n != null && a != null && b != null && a < n && b > a;
}

/**
 * `now` lies on `before`'s line (half the lower's height shared), shares columns with it, and reaches half a
 * glyph (the line's height) or more past it to the left or right.
 */
export function widerOnLine(before: Box, now: Box): boolean {
  const rows = Math.min(before.y + before.h, now.y + now.h) - Math.max(before.y, now.y);
  if ((before.page ?? 0) !== (now.page ?? 0) || rows < Math.min(before.h, now.h) * 0.5) return false;
  if (Math.min(before.x + before.w, now.x + now.w) <= Math.max(before.x, now.x)) return false;
  const h = Math.min(before.h, now.h) * 0.5;
  return now.x < before.x - h || now.x + now.w > before.x + before.w + h;
}

function headerBand(layout: LayoutResult, img: RgbaImage): { y0: number; y1: number } | null {
  const boxes = HEADER_FIELDS.flatMap((f) => [layout.labelBoxes[f], layout.valueBoxes[f]]).filter((b): b is Box => !!b);
  let y1 = boxes.length ? Math.max(...boxes.map((b) => b.y + b.h)) : img.height * 0.35;
  y1 = Math.min(img.height, Math.max(y1 + 40, img.height * 0.2), img.height * 0.45);
  return y1 > 20 ? { y0: 0, y1: Math.round(y1) } : null;
}

function fail(fileKind: FileKind, t0: number, code: string, message: string): ExtractResult {
  return { fields: {}, fileKind, sourcesUsed: [], error: { code, message }, ms: performance.now() - t0 };
}

export async function extractReceipt(input: { name: string; bytes: Uint8Array; mime?: string }, env: ExtractEnv): Promise<ExtractResult> {
  const t0 = performance.now();
  const { bytes } = input;
  if (!bytes || bytes.length === 0) return fail('unknown', t0, 'file.empty', '文件是空的（0 字节）：请重新导出或拍摄');
  if (bytes.length > MAX_FILE_BYTES) return fail('unknown', t0, 'file.tooLarge', `文件过大（${(bytes.length / 1048576).toFixed(1)} MB，上限 40 MB）：请压缩或裁剪后再导入`);
  const kind = sniff(bytes);
  const ctx = { today: env.today };
  try {
    if (kind === 'ofd') {
      const { items, embedded } = readOfdText(bytes);
      const layout = readFieldsFromTextItems(items, 'ofd-xml');
      const cands = layout.candidates;
      for (const [k, v] of Object.entries(embedded)) (cands[k as FieldKey] ??= []).push({ value: v, source: 'ofd-xml', confidence: 1 });
      if (layout.labelHits < 2) return fail(kind, t0, 'not.receipt', '这个 OFD 文件里没有找到票据内容：请确认是医疗收费电子票据');
      return { fields: buildReceipt(cands, ctx), fileKind: kind, sourcesUsed: ['ofd-xml'], ms: performance.now() - t0, labelHits: layout.labelHits };
    }
    if (kind === 'pdf') {
      if (!env.loadPdfjs) return fail(kind, t0, 'pdf.unsupported', '当前环境无法读取 PDF');
      const { items } = await readPdfText(bytes, await env.loadPdfjs());
      const layout = readFieldsFromTextItems(items, 'pdf-text');
      if (layout.labelHits < 2) {
        return fail(kind, t0, items.length ? 'not.receipt' : 'pdf.noText', items.length ? '这个 PDF 里没有找到票据内容：请确认是医疗收费电子票据' : '这个 PDF 没有文字层（可能是扫描件）：请导入原始电子票据，或把它截图/导出为图片后再导入');
      }
      return { fields: buildReceipt(layout.candidates, ctx), fileKind: kind, sourcesUsed: ['pdf-text'], ms: performance.now() - t0, labelHits: layout.labelHits };
    }
    if (kind === 'image') return await extractImage(input, env, t0);
    return fail(kind, t0, 'file.unsupported', '不支持的文件类型：请导入 PNG/JPEG/WebP 图片、PDF 或 OFD 文件');
  } catch (e) {
    if (e instanceof ExtractError) return fail(kind, t0, e.code, e.message);
    return fail(kind, t0, 'extract.failed', `读取失败：${(e as Error).message}`);
  }
}

/**
 * The 大写 as a line read of its region (chi_tra, no whitelist) gives it: kept as read, label fragments
 * dropped — an unreadable first numeral stays in place for the check; a region that begins at the label
 * loses everything up to its 写） (the words never hold 写 or a bracket).
 */
function wordsOfLine(text: string): string {
  return normaliseAmountWords(text.replace(/^.*[写寫)）]/, '')).replace(/^[^零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]+(?=.*[零壹贰叁肆伍陆柒捌玖].*[元角分])/, '');
}

/** No colour to speak of: under 0.2 % of (sampled) pixels with channels more than 24 apart. */
export function isGreyImage(img: RgbaImage): boolean {
  const d = img.data;
  let coloured = 0, n = 0;
  for (let p = 0; p + 2 < d.length; p += 4 * 7) {
    n++;
    const r = d[p], g = d[p + 1], b = d[p + 2];
    if (Math.max(r, g, b) - Math.min(r, g, b) > 24) coloured++;
  }
  return coloured <= n * 0.002;
}

async function extractImage(input: { name: string; bytes: Uint8Array; mime?: string }, env: ExtractEnv, t0: number): Promise<ExtractResult> {
  if (!env.decodeImage || !env.ocr) return fail('image', t0, 'ocr.unavailable', '当前环境无法识别图片');
  let img: RgbaImage;
  try {
    img = await env.decodeImage(input.bytes, input.mime);
  } catch (e) {
    const msg = (e as Error)?.message ?? '';
    // keep the decoder's Chinese sentence, drop its English detail
    const head = msg.replace(/[:：][^\u4e00-\u9fff]*$/, '');
    return fail('image', t0, 'image.corrupt', /[\u4e00-\u9fff]/.test(head) ? head + (/损坏/.test(head) ? '：请重新导出或拍摄后再导入' : '') : '图片文件已损坏或无法解码：请重新导出或拍摄后再导入');
  }
  if (img.width < 200 || img.height < 150) return fail('image', t0, 'image.tooSmall', `图片太小（${img.width}×${img.height}）：请拍摄或扫描更清晰的票据`);
  // (a grey image: its seal is grey ink, which a grey seal's ring erasing may be asked to take off below)
  const grey = isGreyImage(img);
  // the QR code first (tens of ms): printed upright, it tells how a photo is turned, and the page
  // is then read the right way up at once (an upside-down photo read wrong first cost a whole read)
  const qrSymbols = env.zxing ? await decodeQrSymbols(input.bytes, env.zxing) : [];
  const qrTurned = qrSymbols.find((q) => q.orientation != null)?.orientation;

  const ocr = env.ocr;
  const signal = env.signal;
  /** The engine that re-reads a field's value region (LATIN_VALUES: the Latin model, where there is one). */
  const valueOcr = (f: FieldKey): OcrEngineLike => (env.valuesOcr && LATIN_VALUES.has(f) ? env.valuesOcr : ocr);
  let prep: RgbaImage;
  let items: TextItem[];
  let layout: LayoutResult;
  let rotation = 0;
  const first = await ocr.recognize(img, { signal, ...(qrTurned != null ? { quarterTurns: uprightTurns(qrTurned) } : {}) });
  if (first.image) {
    // the engine prepared the image itself (seal, light, size, orientation, skew): its boxes
    // refer to the upright image it returns
    prep = first.image;
    img = first.image;
    rotation = first.rotation ?? 0;
    items = wordsOnly(first.items);
    layout = readFieldsFromTextItems(items, 'ocr');
  } else {
    // an engine that reads the image as given: prepare it here
    const long = Math.max(img.width, img.height);
    if (long > 2400) img = resize(img, 2000 / long);
    else if (long < 1300) img = resize(img, 1500 / long);
    prep = flattenLight(suppressRedToGray(img));
    let rec = await ocr.recognize(prep, { signal });
    items = wordsOnly(rec.items);
    layout = readFieldsFromTextItems(items, 'ocr');
    if (layout.labelHits < 4) {
      // maybe rotated 90/180/270: try the other orientations on a smaller copy, keep the best
      const small = resize(prep, 0.5);
      let best = { turns: 0, hits: layout.labelHits };
      for (const turns of [2, 1, 3]) {
        const r = await ocr.recognize(rotate90(small, turns), { signal });
        const hits = readFieldsFromTextItems(wordsOnly(r.items), 'ocr').labelHits;
        if (hits > best.hits) best = { turns, hits };
        if (hits >= 5) break;
      }
      if (best.turns !== 0) {
        rotation = best.turns * 90;
        img = rotate90(img, best.turns);
        prep = rotate90(prep, best.turns);
        rec = await ocr.recognize(prep, { signal });
        items = wordsOnly(rec.items);
        layout = readFieldsFromTextItems(items, 'ocr');
      }
    }
  }
  if (signal?.aborted) return fail('image', t0, 'aborted', '已取消识别');
  if (!items.length && inkRatio(prep) < 0.002) {
    return fail('image', t0, 'image.blank', '图片几乎是空白的：请确认拍到了票据');
  }
  const qrPayloads = qrSymbols.map((q) => q.text);
  const cands: Cands = {};
  for (const p of qrPayloads) mergeInto(cands, parseQrPayload(p));
  if (layout.labelHits < 2 && !qrPayloads.length) {
    return { ...fail('image', t0, 'not.receipt', '未识别到票据：请确认这是医疗收费票据的照片或文件（票据代码、票据号码等字样应清晰可见）'), pageImage: img };
  }
  mergeInto(cands, layout.candidates);
  // The total's line not read at all (page segmentation dropped the items table of a photo): the band
  // between the payer lines and the settlement lines is read again as one block (psm 6); what it finds
  // of the total and the 大写 is re-read below like the page read's own. (Read while the other four
  // values are re-read below — the pool's second worker — and taken in before the total's turn.)
  const band = first.image && !layout.labelBoxes.totalAmount && !layout.valueBoxes.totalAmount ? totalBand(items, prep) : null;
  const bandRead = band
    ? ocr.recognize(crop(prep, { x: 0, y: band.y0, w: prep.width, h: band.y1 - band.y0 }), { signal, prepare: false, psm: 6 }).then(
        (r) => wordsOnly(r.items).map((it) => ({ ...it, y: it.y + band.y0, ...(it.lineId != null ? { lineId: it.lineId + 2_000_000 } : {}) })),
        () => null /* the total stays unread: the clerk types it */,
      )
    : null;
  const takeBandRead = async () => {
    const shifted = await bandRead;
    if (!shifted) return;
    const again = readFieldsFromTextItems(shifted, 'ocr');
    for (const f of ['totalAmount', 'amountInWords'] as const) {
      for (const c of again.candidates[f] ?? []) (cands[f] ??= []).push(c);
      if (again.valueBoxes[f]) layout.valueBoxes[f] ??= again.valueBoxes[f];
      if (again.labelBoxes[f]) layout.labelBoxes[f] ??= again.labelBoxes[f];
    }
    items = [...items, ...shifted];
  };

  /**
   * The page without a grey seal's ring (seal-ring.ts), found once when first asked for; null when the
   * page has no such ring, and not looked for in a colour image (its red seal is already paper in `prep`).
   */
  let ringMemo: { ring: SealRing; img: RgbaImage } | null | undefined;
  const ringless = () => {
    if (ringMemo === undefined) {
      const g = grey ? rgbaToGray(prep) : null;
      const ring = g && findSealRing(g);
      ringMemo = g && ring ? { ring, img: grayToRgba(eraseSealRing(g, ring)) } : null;
    }
    return ringMemo;
  };
  /** Whether the ring's band crosses a box (only asked once a value is still unsettled). */
  const ringCrosses = (b: Box) => {
    const m = first.image ? ringless() : null;
    if (!m) return false;
    const { cx, cy, r, t } = m.ring;
    const nx = Math.min(Math.max(cx, b.x), b.x + b.w), ny = Math.min(Math.max(cy, b.y), b.y + b.h);
    const near = Math.hypot(nx - cx, ny - cy);
    const far = Math.hypot(Math.max(Math.abs(b.x - cx), Math.abs(b.x + b.w - cx)), Math.max(Math.abs(b.y - cy), Math.abs(b.y + b.h - cy)));
    return near <= r + t / 2 && far >= r - t / 2;
  };

  let leadDoubt = null as Candidate | null; // (set by the total's re-read below)
  /** Where a field's value was read by OCR (not derived from other print). */
  const readBox = (g: FieldKey) => (cands[g] ?? []).find((c) => c.source === 'ocr' && !c.derived && c.box)?.box;
  /** Where each header value was read so far, for the header stack's fit (headerStackRegion). */
  const stackBoxes = () => Object.fromEntries(HEADER_STACK.map((g) => [g, (cands[g] ?? []).find((c) => c.source === 'ocr' && c.box)?.box ?? layout.valueBoxes[g]]));
  /**
   * Where the date may be printed when nothing read says so (a grey seal over 开票日期 and the date): right
   * of the check code (boxed headers two by two, 代码 | 号码 over 校验码 | 日期) and right of the bill number
   * (代码 | 校验码 beside 号码 | 日期), as far as the page goes. Only search areas: a QR's date must be read
   * there exactly, and without a QR the place must read as a date (dateGuessed).
   */
  const rightOfValues = () => (['checkCode', 'billNumber'] as const).flatMap((g) => {
    const b = readBox(g);
    if (!b) return [];
    const x0 = b.x + b.w + b.h * 1.5;
    return x0 < prep.width - b.h * 4 ? [{ x: x0, y: b.y - b.h * 0.2, w: Math.min(prep.width - x0, b.h * 18), h: b.h * 1.4 }] : [];
  });
  /**
   * The date's place when neither its label nor anything like a date was read and no QR code gives it (a
   * grey seal over 开票日期 and the date): where the header's stack puts it, right of the check code, right
   * of the bill number — the first of them that reads, as printed or with only the darkest ink, as a date
   * with its 年 or hyphens (a run of digits there may be another value). Its readings are then made as
   * any value's.
   */
  const dateGuessed = async (): Promise<Box | null> => {
    if ((cands.issueDate ?? []).length) return null;
    for (const region of distinctBoxes([headerStackRegion('issueDate', stackBoxes()), ...rightOfValues()]))
      for (const darkest of [false, true]) {
        try {
          const c = regionCandidate('issueDate', await ocr.readRegion(prep, region, { whitelist: WHITELIST.issueDate, psm: 7, signal, darkest }), region);
          if (c && /[年-]/.test(c.value)) return region;
        } catch {
          /* no place found: the clerk types the date */
        }
      }
    return null;
  };
  // Re-read each of the five elements' value region with a whitelist, one line at a time; where
  // the label was seen but its value could not be parsed, read the stretch right of the label.
  // (the four values each on its own, the pool's two workers sharing them; the total last, with what
  // the band re-read found)
  const reread = async (f: (typeof FIVE_ELEMENTS)[number]) => {
    const region = regionFor(f, layout) ?? (f === 'issueDate' ? await dateGuessed() : null);
    if (!region) return;
    // (a value the page read and the QR code already agree on, and nothing else read differently, is settled)
    if ((cands[f] ?? []).some((c) => c.source === 'qr') && confirmed(f, cands[f] ?? [])) return;
    // (still unsettled after the re-read: digits once more with the glyphs pulled apart — bold serif
    // digits touch, 11 read as 1; the total is always read so, the ¥ touches its first digit. Not the
    // check code: a cut through a wide letter misreads it, 8e34ec → e34eec; the total is read as
    // printed only when its pulled-apart read gave no amount: a bold 4 cut in two, 779.74 → 779.714)
    let totalRead = false;
    for (const splitTouching of f === 'totalAmount' ? [true, false] : f === 'checkCode' ? [false] : [false, true]) {
      if (splitTouching && f !== 'totalAmount' && confirmed(f, cands[f] ?? [])) break;
      if (!splitTouching && f === 'totalAmount' && (totalRead || leadDoubt)) break;
      try {
        const r = await valueOcr(f).readRegion(prep, region, { whitelist: WHITELIST[f], psm: 7, signal, splitTouching, eraseYen: f === 'totalAmount' });
        const c = regionCandidate(f, r, region);
        // (glyphs pulled apart where none touch give the read as printed again — the same value at the same
        // confidences is the same reading, no second one: 0013943893 twice at 0.83 where 0014943893 is
        // printed, a seal's grey across its 4, was so read ok)
        const again = c && (cands[f] ?? []).some((x) => x.box === region && x.value === c.value && x.confidence === c.confidence);
        if (c && !again) {
          (cands[f] ??= []).push(c);
          totalRead = true;
        } else if (c) totalRead = true;
        else if (f === 'totalAmount') leadDoubt = leadingDoubtCandidate(r, region);
      } catch {
        /* a failed re-read only loses one confirmation */
      }
    }
    // (a header value still not ok by the readings so far: once more with only the darkest ink — a grey
    // scan's seal crossing the value is a lighter grey than the print. Its reading is taken where nothing
    // valid was read, or where it reads a value read before: a thin stroke lost with the grey makes
    // misreadings, b48af8 → b48afs, 7FFAA9 → 7FEAA9, and another value would only add a disagreement. Not
    // for a QR value: such a read is among the ways its place is re-read below, taken where it gives that
    // value. Not the total, which has its words and the settlement to be checked by)
    const list = cands[f] ?? [];
    if (f !== 'totalAmount' && !list.some((c) => c.source === 'qr') && mergeCandidates(f, list).status !== 'ok') {
      try {
        const r = await valueOcr(f).readRegion(prep, region, { whitelist: WHITELIST[f], psm: 7, signal, darkest: true });
        const c = regionCandidate(f, r, region);
        const readBefore = new Set(list.map((x) => canon(f, x.value)).filter((v): v is string => v != null));
        if (c && (!list.some((x) => canonicalize(f, x.value).valid) || readBefore.has(canon(f, c.value) ?? ''))) (cands[f] ??= []).push(c);
      } catch {
        /* as above */
      }
    }
  };
  await Promise.all(FIVE_ELEMENTS.filter((f) => f !== 'totalAmount').map(reread));
  await takeBandRead();
  await reread('totalAmount');
  // The amount in words (大写), re-read with only the capital numerals allowed: an independent
  // reading of the total (a misread gives a different amount → disagreement → review).
  const wordsRegion = regionFor('amountInWords', layout) ?? wordsLeftOfSmallLabel(layout);
  // where the line reads of the words found their glyphs (however they read them): glyph cells for the
  // shape matcher below
  const wordsGlyphBoxes: Box[][] = [];
  if (wordsRegion) {
    try {
      const r = await ocr.readRegion(prep, wordsRegion, { whitelist: AMOUNT_WORDS_WHITELIST, psm: 7, signal });
      if (r.charBoxes?.length) wordsGlyphBoxes.push(r.charBoxes);
      const words = amountWordsOf(r.text);
      const amount = words ? parseChineseAmount(words) : null;
      if (amount && r.confidence >= MIN_REGION_CONFIDENCE) {
        // a whitelist forces every glyph into a numeral or unit: this parse earns only its own confidence
        (cands.amountInWords ??= []).unshift({ value: words, source: 'ocr', confidence: r.confidence, box: wordsRegion });
        (cands.totalAmount ??= []).push({ value: amount, source: 'ocr', confidence: r.confidence, derived: 'words', box: wordsRegion });
      }
    } catch {
      /* ignore */
    }
  }
  // The 大写 read again by a model that knows the capital numerals (chi_sim reads 柒 as 类, 捌 as 抽,
  // 壹 as 过; chi_tra reads them, but not 贰): another reading of the words, compared position by position
  // with the others when the amount is checked (validate.ts).
  // (only when it can matter: some total was read and no reading of the words verifies it yet)
  const digitReads = [...(cands.totalAmount ?? []).filter((c) => !c.derived).map((c) => c.value), ...(leadDoubt ? [leadDoubt.value, leadDoubt.value.slice(1)] : [])];
  const totalsToVerify = [...new Set(digitReads.map((v) => canon('totalAmount', v)).filter((x): x is string => !!x))];
  // Read binarised first, then (still not verified) in grey levels enlarged ×1.6: the two lose different
  // strokes of the dense numerals (measured on grey scans: each verifies words the other does not).
  const unverified = () => totalsToVerify.some((t) => verifyAmountWords((cands.amountInWords ?? []).map((c) => c.value), t) !== 'agree');
  for (const grayScale of [undefined, 1.6]) {
    if (!wordsRegion || !env.wordsOcr || !unverified()) break;
    try {
      const r = await env.wordsOcr.readRegion(prep, wordsRegion, { psm: 7, signal, grayScale });
      if (r.charBoxes?.length) wordsGlyphBoxes.push(r.charBoxes);
      const words = wordsOfLine(r.text);
      if (words.length >= 2) (cands.amountInWords ??= []).push({ value: words, source: 'ocr', confidence: r.confidence, box: { ...wordsRegion } });
    } catch {
      /* one reading fewer */
    }
  }
  // Every glyph cell of the words clearly the glyph expected there for the total `t`, by its shape
  // (glyph-match.ts): the words are read, glyph by glyph, as the digits say — unless a line read has a
  // capital numeral or unit as printed (not a look-alike the model gives for a garbled glyph: 作 for 仟)
  // where these words have another. (A unit whose place leaves no choice may be unmatched — a seal
  // stroke over 元 — as verifyAmountWords allows; the cells as found, else where the line reads placed
  // their glyphs, else the last glyphs' worth of ink before where they end.)
  // (a cell matched once per glyph: the cells of one total are tried again cell by cell below)
  const shapeSeen = new Map<string, boolean>();
  const isGlyph = (b: Box, g: string) => {
    const key = `${Math.round(b.x)},${Math.round(b.y)},${Math.round(b.w)},${Math.round(b.h)},${g}`;
    let v = shapeSeen.get(key);
    if (v == null) shapeSeen.set(key, (v = boxIsGlyph(prep, b, g)));
    return v;
  };
  const wordsByShape = (t: string, reads: string[], cells = wordsRegion && glyphCells(prep, wordsRegion, [...amountToChinese(t)].length)): boolean => {
    if (!wordsRegion) return false;
    const expected = [...amountToChinese(t)];
    const byShape = (cs: Box[] | null) => {
      if (!cs) return false;
      const got: string[] = [];
      for (const [k, cell] of cs.entries()) {
        got.push(isGlyph(cell, expected[k]) ? expected[k] : '□');
        // (a numeral unmatched, or a third unit: these cells verify nothing — stop matching)
        if (got[k] === '□' && (!WORD_UNITS.has(expected[k]) || got.filter((g) => g === '□').length > 2)) return false;
      }
      return verifyAmountWords([got.join('')], t) === 'agree';
    };
    const cellSets = () => [cells ?? null, ...wordsGlyphBoxes.flatMap((b) => cellsFromGlyphBoxes(prep, wordsRegion, b, expected.length))];
    // (then each glyph found where it is, from the words' end: wordsTracked)
    const tracked = () => {
      // (in the words' region grown to the left by as many glyphs as they have — a region from a read of
      // part of the words begins inside them — and left of the 小写 label)
      const grown = { ...wordsRegion, x: wordsRegion.x - wordsRegion.h * expected.length, w: wordsRegion.w + wordsRegion.h * expected.length };
      return distinctBoxes([grown, wordsLeftOfSmallLabel(layout)]).some((region) => {
        const got = wordsTracked(prep, region, expected, (k, misses) => WORD_UNITS.has(expected[k]) && misses < 2);
        return !!got && verifyAmountWords([got.join('')], t) === 'agree';
      });
    };
    return (cellSets().some(byShape) || tracked()) && !wordsCoverage(reads, expected.join(''), { lookalikes: false }).contradict;
  };
  // Still not verified: the words cut into one cell per glyph, as many as the words of a total read from
  // the digits have, each glyph read on its own (single-character mode: no language context turns 叁分
  // into 公分), by chi_sim and then chi_tra. A cell counts only when it reads that numeral or unit (or a
  // known look-alike of it); the reading is kept only when it completes the verification, so it never
  // decides anything alone: every other reading must still agree (measured in the closing note of #5).
  const cellReads = new Set<Candidate>();
  for (const t of totalsToVerify) {
    if (!wordsRegion || !unverified()) break;
    const reads = (cands.amountInWords ?? []).map((c) => c.value);
    if (verifyAmountWords(reads, t) === 'agree') continue;
    let expected: string[];
    try {
      expected = [...amountToChinese(t)];
    } catch {
      continue;
    }
    const { covered } = wordsCoverage(reads, expected.join(''));
    const cells = glyphCells(prep, wordsRegion, expected.length);
    if (wordsByShape(t, reads, cells)) {
      (cands.amountInWords ??= []).push({ value: expected.join(''), source: 'ocr', confidence: 0.9, box: { ...wordsRegion } });
      continue;
    }
    if (!cells) continue;
    const got: string[] = [];
    for (const [k, cell] of cells.entries()) {
      let ch = '?';
      // (a glyph another reading already read is not read again)
      if (covered[k]) {
        got.push(ch);
        continue;
      }
      // (first by its shape among the twenty glyphs of the words: glyph-match.ts)
      if (isGlyph(cell, expected[k])) ch = expected[k];
      // (as printed, then with its grey levels stretched: a blurred photo's glyph is a faint smear)
      for (const [eng, psm, stretch] of ch === '?' ? GLYPH_READS : []) {
        const e = eng === 'page' ? ocr : env.wordsOcr;
        if (!e) continue;
        try {
          const r = await e.readRegion(prep, cell, { psm, signal, glyph: true, stretch });
          const c = normaliseAmountWords(r.text.replace(/\s+/g, ''));
          if ([...c].length === 1 && (c === expected[k] || OCR_NUMERAL_LOOKALIKES[c] === expected[k])) {
            ch = c;
            break;
          }
        } catch {
          break;
        }
      }
      // (still unread: the glyph with its neighbours, read as one short line — a single glyph the model
      // takes for nothing, 肆 on a blurred photo, it reads between 拾 and 元; the read counts only when
      // it has exactly those glyphs and every one of them is the expected one)
      const lo = Math.max(0, k - 1), hi = Math.min(cells.length - 1, k + 1);
      const span = { ...cell, x: cells[lo].x, w: cells[hi].x + cells[hi].w - cells[lo].x };
      for (const [eng, psm] of ch === '?' ? NEIGHBOUR_READS : []) {
        const e = eng === 'page' ? ocr : env.wordsOcr;
        if (!e) continue;
        try {
          const r = await e.readRegion(prep, span, { psm, signal, glyph: true });
          const c = [...normaliseAmountWords(r.text.replace(/\s+/g, ''))];
          if (c.length === hi - lo + 1 && c.every((x, i) => x === expected[lo + i] || OCR_NUMERAL_LOOKALIKES[x] === expected[lo + i])) {
            ch = c[k - lo];
            break;
          }
        } catch {
          break;
        }
      }
      got.push(ch);
      // (a numeral nobody read cannot be verified by its place: the words stay unverified)
      if (ch === '?' && !WORD_UNITS.has(expected[k])) break;
    }
    if (got.length < expected.length || verifyAmountWords([...reads, got.join('')], t) !== 'agree') continue;
    const c: Candidate = { value: got.join(''), source: 'ocr', confidence: 0.5, box: { ...wordsRegion } };
    (cands.amountInWords ??= []).push(c);
    cellReads.add(c);
  }
  // Still not verified after all that, and a grey seal's ring crosses the words (a grey scan: the seal's
  // colour gone, its thick arc read as strokes of the glyphs it crosses): the words read again, both ways,
  // on the page without the ring (seal-ring.ts: in the ring's band only ink as light as the ring's grey
  // goes). Last, and kept only when they complete the verification of a total read from the digits: a
  // glyph the erasing took a stroke from is misread (肆 as 陆), and such a misreading, or a part of the
  // words that parses as a smaller amount, must not weigh against the readings above.
  if (wordsRegion && unverified() && ringCrosses(wordsRegion)) {
    const page = ringless()!.img;
    const got: Candidate[] = [];
    try {
      const r = await ocr.readRegion(page, wordsRegion, { whitelist: AMOUNT_WORDS_WHITELIST, psm: 7, signal });
      const words = amountWordsOf(r.text);
      // (its box the region itself, as the first whitelisted read's: a whitelist forces glyphs into numerals)
      if (words) got.push({ value: words, source: 'ocr', confidence: r.confidence, box: wordsRegion });
    } catch {
      /* one reading fewer */
    }
    for (const grayScale of [undefined, 1.6]) {
      if (!env.wordsOcr) break;
      try {
        const r = await env.wordsOcr.readRegion(page, wordsRegion, { psm: 7, signal, grayScale });
        const words = wordsOfLine(r.text);
        if (words.length >= 2) got.push({ value: words, source: 'ocr', confidence: r.confidence, box: { ...wordsRegion } });
      } catch {
        /* one reading fewer */
      }
      const reads = [...(cands.amountInWords ?? []), ...got].map((c) => c.value);
      if (totalsToVerify.some((t) => verifyAmountWords(reads, t) === 'agree')) {
        // (as the cell reading: kept for agreeing with a total read from the digits, not a total of its own)
        (cands.amountInWords ??= []).push(...got);
        for (const c of got) cellReads.add(c);
        break;
      }
    }
  }
  // Every free (not whitelisted) reading of the 大写 that parses is a reading of the total from other
  // glyphs than its digits. The strict parser refuses garbled words (a stray or missing unit, two numerals in a
  // row), so a parse is itself good evidence: confidence at least 0.8.
  {
    const seen = new Set<string>();
    for (const c of cands.amountInWords ?? []) {
      // (not the cell reading: it was kept for agreeing with a total read from the digits)
      if (c.source !== 'ocr' || c.box === wordsRegion || cellReads.has(c)) continue;
      const amount = parseChineseAmount(amountWordsOf(c.value));
      if (!amount || seen.has(amount)) continue;
      seen.add(amount);
      (cands.totalAmount ??= []).push({ value: amount, source: 'ocr', confidence: Math.max(c.confidence ?? 0, 0.8), derived: 'words', ...(c.box ? { box: c.box } : {}) });
    }
    // So is a total from the digits that the readings of the 大写 together spell glyph by glyph (every
    // numeral read right by some reading, none contradicting: verifyAmountWords), though no one reading
    // parses: a digit read with doubt (465.03 at 30 %) is then confirmed numeral by numeral.
    const reads = (cands.amountInWords ?? []).map((c) => c.value);
    for (const t of totalsToVerify) {
      if (seen.has(t) || verifyAmountWords(reads, t) !== 'agree') continue;
      seen.add(t);
      (cands.totalAmount ??= []).push({ value: t, source: 'ocr', confidence: 0.8, derived: 'words', ...(wordsRegion ? { box: { ...wordsRegion } } : {}) });
    }
  }
  // The total's digits read with a digit too many at the front (the ¥ read as a digit: 1597.16 read
  // 71597.16 — the language data has no ¥) and no words verified: the total without that digit counts
  // when both its words and its digits are printed so, glyph by glyph (the shape matcher, glyph-match.ts,
  // not the OCR model). (A digit lost at the front, 1445.68 read 445.68, was tried the same way, nine
  // totals each: 0.5–1 s a receipt, and the ¥ touching that digit kept its shape from matching: none.)
  {
    const reads = (cands.amountInWords ?? []).map((c) => c.value);
    const verified = (t: string) => verifyAmountWords(reads, t) === 'agree' || reads.some((w) => parseChineseAmount(amountWordsOf(w)) === t);
    const digitBoxes = [...(cands.totalAmount ?? []).filter((c) => !c.derived && c.box).map((c) => c.box!), regionFor('totalAmount', layout)].filter((b): b is Box => !!b);
    if (wordsRegion && digitBoxes.length && totalsToVerify.length && !totalsToVerify.some(verified)) {
      const hypotheses = new Set<string>();
      for (const t of totalsToVerify) if (/^\d\d/.test(t) && !/^\d0\d/.test(t)) hypotheses.add(t.slice(1));
      const printed: Array<[string, Box]> = [];
      for (const h of hypotheses) {
        if (totalsToVerify.includes(h) || !canon('totalAmount', h)) continue;
        try {
          const at = wordsByShape(h, reads) ? distinctBoxes(digitBoxes).find((b) => digitsPrinted(prep, aroundRead(b), [h])) : undefined;
          if (at) printed.push([h, at]);
        } catch {
          /* no words for it: not a total */
        }
      }
      if (printed.length === 1) {
        // (the words, their total and the digits read by shape: a reading of the print that agrees with
        // the words read from other glyphs)
        const [h, at] = printed[0];
        (cands.amountInWords ??= []).push({ value: amountToChinese(h), source: 'ocr', confidence: 0.9, box: { ...wordsRegion } });
        (cands.totalAmount ??= []).push({ value: h, source: 'ocr', confidence: 0.9, derived: 'words', box: { ...wordsRegion } });
        (cands.totalAmount ??= []).push({ value: h, source: 'ocr', confidence: 0.9, box: at });
      }
    }
  }
  // The kind (门诊/住院) from the title, re-read as one line (unless the page read already settled it).
  const kindSettled = confirmed('kind', cands.kind ?? []);
  const titleBox = kindSettled ? undefined : layout.valueBoxes.title;
  if (titleBox) {
    try {
      const r = await ocr.readRegion(prep, titleBox, { psm: 7, signal });
      const m = /(门诊|住院)收费/.exec(normaliseText(r.text).replace(/\s+/g, ''));
      if (m && r.confidence >= MIN_REGION_CONFIDENCE) (cands.kind ??= []).push({ value: m[1], source: 'ocr', confidence: r.confidence, box: titleBox });
    } catch {
      /* ignore */
    }
  }
  // …and from the 门诊号/住院号 label, re-read with only those characters allowed
  const pnLabel = kindSettled ? undefined : layout.labelBoxes.patientNumber;
  if (pnLabel) {
    try {
      const r = await ocr.readRegion(prep, pnLabel, { whitelist: '门诊住院号', psm: 7, signal });
      const m = /^(门诊|住院)号$/.exec(r.text.replace(/\s+/g, ''));
      if (m && r.confidence >= MIN_REGION_CONFIDENCE) (cands.kind ??= []).push({ value: m[1], source: 'ocr', confidence: r.confidence, box: pnLabel });
    } catch {
      /* ignore */
    }
  }
  // The header band (票据代码/号码/校验码/开票日期) read a second time as one block of text (psm 6):
  // another segmentation of the same print, so a value both reads agree on is confirmed, and a
  // value they read differently goes to the clerk. Only when a header element is still unconfirmed.
  // (fields already settled keep their readings: a second read only adds to the unsettled ones)
  const unsettled = HEADER_FIELDS.filter((f) => !confirmed(f, cands[f] ?? []));
  /** words of every full read (the QR values are looked for among them) */
  const allItems = [...items];
  if (first.image && unsettled.length) {
    const band = headerBand(layout, prep);
    if (band) {
      try {
        const r = await ocr.recognize(crop(prep, { x: 0, y: band.y0, w: prep.width, h: band.y1 - band.y0 }), { signal, prepare: false, psm: 6 });
        // (line ids of this read must not join the first read's lines)
        const shifted = wordsOnly(r.items).map((it) => ({ ...it, y: it.y + band.y0, ...(it.lineId != null ? { lineId: it.lineId + 1_000_000 } : {}) }));
        allItems.push(...shifted);
        const again = readFieldsFromTextItems(shifted, 'ocr', { headerBand: true });
        for (const f of unsettled) {
          for (const c of again.candidates[f] ?? []) if ((c.confidence ?? 0) >= MIN_REGION_CONFIDENCE) (cands[f] ??= []).push(c);
          // a value the first read missed altogether (a boxed header on a photo that page
          // segmentation skipped): its box found now is re-read like the others
          const before = regionFor(f, layout), now = regionFor(f, again);
          let region: Box | null = null;
          if (!before) region = now;
          else if (now && again.valueBoxes[f] && widerOnLine(before, now) && fragmentThenMore(f, layout.candidates[f] ?? [], layout.valueBoxes[f], again.candidates[f] ?? [], again.valueBoxes[f])) {
            // the value seen wider on its line than the first read took it, and more of it (f7 of f7e521
            // read as a CJK glyph there, e521 the value; then f7re521): its box is where either read saw
            // it, re-read once so
            // (fragmentThenMore found the page read's candidate at its value box: there is one)
            const b = layout.valueBoxes[f]!, a = again.valueBoxes[f]!;
            const x0 = Math.min(a.x, b.x), y0 = Math.min(a.y, b.y);
            layout.valueBoxes[f] = { ...b, x: x0, y: y0, w: Math.max(a.x + a.w, b.x + b.w) - x0, h: Math.max(a.y + a.h, b.y + b.h) - y0 };
            region = regionFor(f, layout);
          }
          if (!region) continue;
          const rr = await valueOcr(f).readRegion(prep, region, { whitelist: WHITELIST[f], psm: 7, signal });
          const c = regionCandidate(f, rr, region);
          if (c) (cands[f] ??= []).push(c);
        }
      } catch {
        /* the second read only confirms */
      }
    }
  }
  const settled = settlementSum(cands);
  if (settled) (cands.totalAmount ??= []).push(settled);
  // The total whose first glyph was doubtful: that glyph is a digit, or the ¥ sign read as one
  // (¥465.03 → "3465.03"). A reading derived from other print decides between the two; without
  // one the read stays as it was (weak, never ok alone).
  if (leadDoubt) {
    const derived = new Set((cands.totalAmount ?? []).filter((c) => c.derived).map((c) => canon('totalAmount', c.value)));
    const rest = leadDoubt.value.slice(1);
    if (!derived.has(canon('totalAmount', leadDoubt.value)) && /^\d/.test(rest) && derived.has(canon('totalAmount', rest))) {
      leadDoubt = { ...leadDoubt, value: rest, charConfidences: leadDoubt.charConfidences?.slice(1) };
    }
    (cands.totalAmount ??= []).push(leadDoubt);
  }
  // the lines of the page read in its top 45 % (the header's values), as boxes a little taller than read
  const headerLines = () => {
    const lines = new Map<number, Box>();
    for (const it of allItems) {
      if (it.lineId == null || it.y + it.h / 2 > prep.height * 0.45) continue;
      const b = lines.get(it.lineId);
      if (!b) lines.set(it.lineId, { x: it.x, y: it.y, w: it.w, h: it.h });
      else {
        const x1 = Math.max(b.x + b.w, it.x + it.w), y1 = Math.max(b.y + b.h, it.y + it.h);
        b.x = Math.min(b.x, it.x);
        b.y = Math.min(b.y, it.y);
        b.w = x1 - b.x;
        b.h = y1 - b.y;
      }
    }
    return [...lines.values()].map((b) => ({ x: b.x - b.h * 0.5, y: b.y - b.h * 0.4, w: b.w + b.h, h: b.h * 1.8 }));
  };
  /**
   * Where a header value may be printed when nothing read says so (its label unread, its value garbled —
   * [seod for 514ccd): the nearest line of words below another header value, in that value's column
   * (boxed headers: 代码 over 校验码, 号码 over 日期; 代码 | 校验码 beside 号码 | 日期). Only a search area
   * for a QR value: a re-read there must give that value.
   */
  const belowValues = (f: FieldKey): Box[] =>
    HEADER_STACK.filter((g) => g !== f).flatMap((g) => {
      const b = readBox(g);
      if (!b) return [];
      const x0 = b.x - b.h, x1 = b.x + Math.max(b.w, b.h * 6);
      const under = allItems.filter((it) => it.lineId != null && it.x < x1 && it.x + it.w > x0 && it.y > b.y + b.h * 0.8 && it.y < b.y + b.h * 4 && /[0-9A-Za-z]/.test(it.text));
      if (!under.length) return [];
      // (the nearest line: a line below it may be the next row's)
      const top = Math.min(...under.map((it) => it.y));
      const line = under.filter((it) => it.lineId === under.find((u) => u.y === top)!.lineId);
      const lx0 = Math.min(...line.map((it) => it.x)), lx1 = Math.max(...line.map((it) => it.x + it.w));
      const ly0 = Math.min(...line.map((it) => it.y)), ly1 = Math.max(...line.map((it) => it.y + it.h));
      const h = Math.min(ly1 - ly0, b.h * 1.5);
      return [{ x: Math.max(0, Math.min(lx0, b.x) - h * 0.3), y: ly0 - h * 0.1, w: Math.max(lx1, b.x + b.w) - Math.min(lx0, b.x) + h * 0.6, h: h * 1.2 }];
    });
  // A QR value printed on the receipt: find the same value in the OCR text (an independent reading).
  for (const f of FIVE_ELEMENTS) {
    const qr = (cands[f] ?? []).filter((c) => c.source === 'qr');
    if (!qr.length) continue;
    const want = new Set(qr.map((c) => canon(f, c.value)).filter((x): x is string => !!x));
    if ((cands[f] ?? []).some((c) => c.source === 'ocr' && want.has(canon(f, c.value) ?? ''))) continue;
    const hit = findInOcr(f, allItems, want);
    if (hit) {
      (cands[f] ??= []).push(hit);
      continue;
    }
    // not in the text as read: where something close to it was read, re-read that place; a
    // re-read that gives the QR value exactly is an independent reading of the print
    if (want.size !== 1) continue;
    // (not where the print was already read as a valid value one glyph from the QR's — what the print reads
    // as when the QR was changed: re-read after re-read until one gives the QR's value is fishing, and so is
    // a search of its glyphs' shapes in several places and two passes. A QR date changed from 2024-01-15 to
    // 2024-11-15 was so "confirmed" beside 2024年01月15日 read three times: on a blurred photo the darkest-ink
    // pass kept a bold 0's two thick strokes, two clear 1s. The two values go to the clerk as a
    // disagreement. A reading garbled further, c5fo98 for 3c5f98, shows no such thing: there the search
    // goes on as where nothing was read)
    const readOther = (cands[f] ?? []).some((c) => {
      if (c.source !== 'ocr' || c.derived || shortReading(f, c)) return false;
      const k = canonicalize(f, c.value);
      return k.valid && !k.fixed && !want.has(k.value!) && oneGlyphApart(k.value!, [...want][0]) && !(f === 'checkCode' && sameUpToLookalikes(k.value!, [...want][0]));
    });
    // (then, for the header's values, the line where the stack of the others puts it — for the date also
    // the stretch right of the check code and of the bill number; then the value's region by its label —
    // read before only as printed, not with the seal's grey taken away)
    const found = distinctBoxes([locateInOcr(f, allItems, [...want][0]), headerStackRegion(f, stackBoxes()), ...(f === 'issueDate' ? rightOfValues() : []), regionFor(f, layout)].filter((b): b is Box => !!b));
    // (nothing found: below the other header values, in their columns)
    const regions = found.length || f === 'totalAmount' ? found : distinctBoxes(belowValues(f));
    // (the total is always read with its glyphs pulled apart)
    confirm: for (const variant of readOther ? [] : QR_CONFIRM_VARIANTS.filter((v) => !(f === 'totalAmount' && v.splitTouching))) {
      for (const region of regions) {
        try {
          const r = await valueOcr(f).readRegion(prep, region, { whitelist: WHITELIST[f], psm: 7, signal, splitTouching: f === 'totalAmount', eraseYen: f === 'totalAmount', ...variant });
          // the QR's value read exactly: one doubtful glyph may be among them (the date's first digit
          // under a seal's star), not two, nor any other glyph short of sure (a QR changed by one digit
          // before the check was "confirmed" by 0045836139 read with glyphs at 0.00, 0.54 and 0.52
          // where the print has 0045876139)
          // (in a boxed header the check code's cell and the date's share a line, the rule between them
          // whitened: d67ebe20241116 — the code's six glyphs, then the date's eight digits)
          const c = regionCandidate(f, r, region, 0) ?? (f === 'checkCode' ? gluedToDate(r, region) : null);
          const cc = c?.charConfidences ?? [c?.confidence ?? 0];
          const doubtful = cc.filter((x) => x < MIN_REGION_CONFIDENCE).length;
          const unsure = cc.filter((x) => x < OCR_OK_CHAR_CONFIDENCE).length;
          // (a check code read with 1 as l is still this value: the merge treats it so)
          if (c && doubtful <= (c.charConfidences ? 1 : 0) && unsure <= (c.charConfidences ? 1 : 0) && (want.has(canon(f, c.value) ?? '') || (f === 'checkCode' && sameUpToLookalikes(c.value, [...want][0])))) {
            (cands[f] ??= []).push(c);
            break confirm;
          }
        } catch {
          /* only a confirmation is lost */
        }
      }
    }
    // still not confirmed: the QR's digits, printed there glyph by glyph by their shapes (glyph-match.ts) —
    // or on one of the header's lines as read, when nothing located the value (a seal over its label). (A
    // check code's 1 may be printed so that it looks like l: the merge takes an OCR reading with l as one
    // of a QR's 1, and so does the shape check.)
    if (!readOther && !(cands[f] ?? []).some((c) => c.source === 'ocr' && want.has(canon(f, c.value) ?? ''))) {
      const q = [...want][0];
      const forms = PRINTED_FORMS[f]?.(q) ?? [];
      const at = forms.length
        ? distinctBoxes([...regions, ...(f === 'totalAmount' ? [] : headerLines())]).find((b) => {
            const printed = neighboursPrinted(f, prep, b, q, { lookalikes: true, ifPrinted: true });
            return printed.size === 1 && printed.has(q);
          })
        : undefined;
      if (at) (cands[f] ??= []).push({ value: [...want][0], source: 'ocr', confidence: 0.9, derived: 'shape', box: at });
    }
  }
  /** Where a field's readings (those `of` takes) were read, and its region: the places its print is checked glyph by glyph. */
  const placesRead = (f: FieldKey, of: (c: Candidate) => boolean = () => true): Box[] =>
    distinctBoxes([...(cands[f] ?? []).filter((c) => c.box && of(c)).map((c) => c.box!), regionFor(f, layout)]).map(aroundRead);
  /** A check code `v` printed at `b` with each of its 1s a 1 by its strokes (strokeIsOne), the other glyphs near their templates (its 0s nearest their own). */
  const onesByStrokes = (b: Box, v: string) => formsPrinted(prep, b, [v], { alnum: true, best: '0', strokes: true }).length > 0;
  // Values of digits the OCR read but the merge would not settle (one weak reading, readings that
  // differ): each value read, checked glyph by glyph against the print where it was read; when exactly
  // one value is printed so, that is a second, independent reading of it (a template matcher, not the
  // OCR model: glyph-match.ts).
  for (const f of ['billCode', 'billNumber', 'issueDate'] as const) {
    const list = cands[f] ?? [];
    if (!list.length || list.some((c) => c.source !== 'ocr') || mergeCandidates(f, list).status === 'ok') continue;
    const values = [...new Set(list.filter((c) => !c.derived).map((c) => canon(f, c.value)).filter((x): x is string => !!x))];
    const printedAt: Array<[string, Box]> = [];
    for (const v of values) {
      const forms = PRINTED_FORMS[f]?.(v) ?? [];
      if (!forms.length) continue;
      const at = placesRead(f, (c) => canon(f, c.value) === v).find((b) => printedIn(f, prep, b, forms));
      if (at) printedAt.push([v, at]);
    }
    if (printedAt.length === 1) (cands[f] ??= []).push({ value: printedAt[0][0], source: 'ocr', confidence: 0.9, derived: 'shape', box: printedAt[0][1] });
  }
  // A check code not settled by the page engine's readings (weak readings, only the QR's): read once more
  // by the Latin engine, where it was read and in its region, and the reading kept only when it is the
  // value to confirm — the QR's, else the one value of six glyphs the page engine read (several: none) —
  // a second model's confirmation. (Not as a reading of its own: eng reads a serif face's letters as
  // others, 0fa60e as ofagoe, so its re-read of every code sent codes read right to the clerk —
  // LATIN_VALUES; nor of any value read: its ofagoe beside the page's ofagoe, 0fa60e and ofa6oe outweighed
  // the print's 0fa60e.)
  if (env.valuesOcr && !confirmed('checkCode', cands.checkCode ?? [])) {
    const list = cands.checkCode ?? [];
    const values = (source: 'qr' | 'ocr') => new Set(list.filter((c) => c.source === source && !c.derived).map((c) => canon('checkCode', c.value)).filter((x): x is string => !!x));
    const qr = values('qr'), read = values('ocr');
    const want = qr.size ? (qr.size === 1 ? [...qr][0] : null) : read.size === 1 ? [...read][0] : null;
    const readAt = list.find((c) => c.source === 'ocr' && !c.derived && c.box)?.box;
    for (const region of want ? distinctBoxes([readAt && aroundRead(readAt), regionFor('checkCode', layout)]) : []) {
      try {
        const c = regionCandidate('checkCode', await env.valuesOcr.readRegion(prep, region, { whitelist: WHITELIST.checkCode, psm: 7, signal }), region);
        if (c && canon('checkCode', c.value) === want) {
          (cands.checkCode ??= []).push(c);
          break;
        }
      } catch {
        /* one confirmation fewer */
      }
    }
  }
  // The same for a check code, with what its readings may stand for (checkCodeHypotheses: a glyph too
  // many): its glyphs told apart among all letters and digits. The merge takes a reading that is this
  // value with one glyph too many as a reading of it.
  {
    const list = cands.checkCode ?? [];
    const merged = list.length && !list.some((c) => c.source !== 'ocr') ? mergeCandidates('checkCode', list) : null;
    if (merged && merged.status !== 'ok') {
      const reads = [...new Set(list.filter((c) => !c.derived).map((c) => canonicalize('checkCode', c.value).value).filter((x): x is string => !!x))];
      const hypotheses = checkCodeHypotheses(reads);
      const printed = new Map<string, Box>();
      if (hypotheses.length)
        for (const at of placesRead('checkCode')) for (const v of formsPrinted(prep, at, hypotheses, { alnum: true, strokes: true })) if (!printed.has(v)) printed.set(v, at);
      if (printed.size === 1) {
        const [[v, at]] = [...printed];
        (cands.checkCode ??= []).push({ value: v, source: 'ocr', confidence: 0.9, derived: 'shape', box: at });
      }
      // A code read surely but for an l or i (I) in it — the engine reads a serif 1 as l, lc6fba twice at
      // 0.91 — and nothing settled by the shapes: as the look-alike check below takes a code read with 1s,
      // the glyphs there a 1 by their strokes (strokeIsOne), the others near their templates; then it is the
      // value with 1s (a reading of the print's 1s, where the reads gave every other glyph).
      // (nothing pushed above: the readings as merged)
      const m = printed.size ? null : merged;
      const v1 = m?.value?.replace(/[li]/g, '1');
      // (the merge says ocr.lookalike only of a value it would otherwise take)
      if (m && v1 && v1 !== m.value && m.reasons.some((r) => r.code === 'ocr.lookalike') && !LOOKALIKE_IN_ALNUM.test(v1)) {
        const at = placesRead('checkCode').find((b) => onesByStrokes(b, v1));
        if (at) (cands.checkCode ??= []).push({ value: v1, source: 'ocr', confidence: 0.9, derived: 'shape', box: at });
      }
    }
  }
  /** A field's value from the QR code, where the QR codes give it one. */
  const qrValueOf = (f: FieldKey): string | null => {
    const vs = new Set((cands[f] ?? []).filter((c) => c.source === 'qr').map((c) => canon(f, c.value)));
    return vs.size === 1 ? [...vs][0] : null;
  };
  // A QR value the print was read as only weakly (not settled as OCR alone would be, nothing derived from
  // other print): a QR changed by one glyph and a misread of that glyph the same way look alike (the QR's
  // 0a093e changed to 9a093e, and the page read 9A093E at 0.63). The value's region is read once more: a
  // second reading of the print, which the merge weighs against the first. (Where a neighbour one glyph from
  // it alone is printed, that is a reading of the print against the QR's, and no re-read is needed. Where
  // the QR's value alone is and the readings so far settle it, none either: a further reading could only
  // add a misread — 31070325 at 0.45 beside 11070325 read at 0.19 and held so. Where they do not, the
  // shapes add nothing the merge counts — never a confirmation beside a reading of another value — and the
  // re-read is made: Se8KUj held so, read SegKUj at 0.44, was settled by its grey re-read at 0.73.)
  for (const f of ['billCode', 'billNumber', 'issueDate', 'checkCode'] as const) {
    const list = cands[f] ?? [];
    const q = qrValueOf(f);
    if (!q || !PRINTED_FORMS[f]?.(q).length) continue;
    const agree = list.filter((c) => c.source === 'ocr' && canon(f, c.value) === q);
    if (!agree.length || agree.some((c) => c.derived) || confirmed(f, agree)) continue;
    let printed = new Set<string>();
    for (const at of placesRead(f, (c) => canon(f, c.value) === q)) {
      printed = neighboursPrinted(f, prep, at, q, { lookalikes: true, ifPrinted: true });
      if (printed.size === 1 && !printed.has(q)) (cands[f] ??= []).push({ value: [...printed][0], source: 'ocr', confidence: 0.9, derived: 'shape', box: at });
      if (printed.size) break;
    }
    if (printed.size === 1 && (!printed.has(q) || mergeCandidates(f, list).status === 'ok')) continue;
    // (as printed, then — where that reads nothing — as a QR value's place is re-read, the region by its
    // label and where the value was read: a blurred photo's 0a093e was read so only in grey levels enlarged.
    // Only the QR's value or one a glyph from it is taken: a reading garbled further — cf4pb0 for bcf4b0, a
    // glyph lost and one made up — says nothing of which of the two is printed, and would only send the
    // value to the clerk)
    const readAt = agree.find((c) => c.box)?.box;
    const regions = distinctBoxes([regionFor(f, layout), readAt && aroundRead(readAt)]);
    again: for (const variant of QR_CONFIRM_VARIANTS) {
      for (const region of regions) {
        try {
          const c = regionCandidate(f, await valueOcr(f).readRegion(prep, region, { whitelist: WHITELIST[f], psm: 7, signal, ...variant }), region);
          const v = c && canon(f, c.value);
          // (a read that repeats one already made, value and confidence, is no second reading: the re-read
          // as printed gives what the field's first re-read gave — JX3BMI at 0.65 twice beside a QR's 1X3BMI)
          const repeat = c && list.some((x) => x.source === 'ocr' && x.value === c.value && x.confidence === c.confidence);
          if (c && v && !repeat && (v === q || oneGlyphApart(v, q))) {
            (cands[f] ??= []).push(c);
            break again;
          }
        } catch {
          /* only a second reading is lost */
        }
      }
    }
  }
  // A QR value the print was read as one glyph from (a QR changed by one glyph looks so, and so does a
  // misread): which of the two the print holds glyph by glyph, as printed. Where it is the other value
  // only, that is a reading of the print against the QR's (never one for it: where the print reads as
  // another value, the QR's is not fished for). A 6 read 0 by a re-read twice, at 0.67, beside the page
  // read's 11060326 twice at 0.6, so outweighed the print for a QR changed to 11000326. (Not a 1 where the
  // QR has another glyph: a stroke of a blurred glyph is a clear 1.)
  for (const f of ['billCode', 'billNumber', 'issueDate', 'checkCode'] as const) {
    const list = cands[f] ?? [];
    const q = qrValueOf(f);
    if (!q || !PRINTED_FORMS[f]?.(q).length) continue;
    const others = [...new Set(list.filter((c) => c.source === 'ocr' && !c.derived).map((c) => canon(f, c.value)))].filter(
      (v): v is string => !!v && v !== q && oneGlyphApart(v, q) && !(f === 'checkCode' && sameUpToLookalikes(v, q)) && !oneWhereOther(v, q),
    );
    if (!others.length) continue;
    for (const at of placesRead(f)) {
      const printed = valuesPrinted(f, prep, at, [q, ...others], { lookalikes: true, pass: 'asPrinted' });
      if (printed.size === 1 && !printed.has(q)) (cands[f] ??= []).push({ value: [...printed][0], source: 'ocr', confidence: 0.9, derived: 'shape', box: at });
      if (printed.size) break;
    }
  }
  const fields = buildReceipt(cands, { today: env.today });
  // A check code read by OCR alone with a 1 or a 0 in it: in a serif face 1 and l (and I) differ by a
  // serif, and the engine reads an l as 1 three times over, its glyph at 0.95 (measured on codes of all
  // letters and digits: --check-chars). The value stays ok only where its glyphs, cut from the print,
  // each near the value's own glyph, its 1s and 0s each more like 1 or 0 than like any other letter or
  // digit (formsPrinted `best`: not clearly — 1 and l are too alike in such a face for that); an l that
  // looks more like l than 1, or glyphs that cannot be cut apart, send it to the clerk. (Not where the
  // shapes confirmed it clearly.)
  const code = fields.checkCode;
  if (code?.status === 'ok' && code.value && /[01]/.test(code.value) && code.candidates.every((c) => c.source === 'ocr')) {
    const byShape = (cands.checkCode ?? []).some((c) => c.derived === 'shape' && canon('checkCode', c.value) === code.value!.toLowerCase());
    // (or its 1s each a 1 by their strokes and height — told from l and I: strokeIsOne — the other glyphs
    // near their templates)
    const printed = (at: Box) => formsPrinted(prep, at, [code.value!], { alnum: true, best: '01' }).length > 0 || onesByStrokes(at, code.value!);
    if (!byShape && !placesRead('checkCode').some(printed))
      fields.checkCode = { ...code, status: 'review', reasons: [...code.reasons, reason('ocr.lookalike', 'checkCode', { value: code.value })] };
  }
  const sources: FieldSource[] = [...(qrPayloads.length ? (['qr'] as const) : []), 'ocr'];
  return {
    fields,
    fileKind: 'image',
    sourcesUsed: sources,
    ms: performance.now() - t0,
    pageImage: img,
    qrPayloads,
    rotation,
    labelHits: layout.labelHits,
  };
}
