/**
 * One field, several readings → one value and a status. Independent sources that agree make a value
 * `ok`; disagreement forces `review` with every value shown; a lone OCR reading must be confident.
 */
import type { Candidate, FieldKey, FieldSource, FieldValue, Reason } from './types';
import { canonicalize } from './canonical';
import { reason } from './reasons';
import { parseChineseAmount } from './amount';

/** A lone OCR reading is `ok` only at or above this word confidence (0..1). */
export const OCR_OK_CONFIDENCE = 0.85;
/**
 * Per-field exceptions. `kind` is canonicalised only from the exact words 门诊/急诊/住院, which share
 * no glyph: OCR noise does not turn one into the other, so a weak title line still tells the kind.
 */
export const OCR_OK_CONFIDENCE_BY_FIELD: Partial<Record<FieldKey, number>> = { kind: 0.3 };
export const ocrOkConfidence = (field: FieldKey) => OCR_OK_CONFIDENCE_BY_FIELD[field] ?? OCR_OK_CONFIDENCE;
/** …and only when no single character is below this confidence. */
export const OCR_OK_CHAR_CONFIDENCE = 0.6;
/** Two OCR readings that agree (e.g. line read + region re-read) are `ok` at or above this. */
export const OCR_AGREE_CONFIDENCE = 0.7;
/**
 * …or when one of them is nearly confident enough alone and another agrees at a lower confidence
 * (a clean date's words 年/月/日 pull its word confidence to 0.5–0.8 while its digits read at 0.98).
 * Measured on 344 generated images (clean, scan, photo; dev note in #5): with short dates never counted,
 * even any two agreeing readings gave no wrong value; these thresholds keep a margin.
 */
export const OCR_AGREE_LEAD_CONFIDENCE = 0.75;
export const OCR_AGREE_SECOND_CONFIDENCE = 0.5;
/**
 * …or when three or more readings agree, none of the three best below this (a photo's bill code read
 * 11070224 three times at 0.42–0.60). Measured with `npm run eval -- <dir> --dump` and
 * tests/eval/remerge.ts on 363 generated images (two held-out sets and set100): at 0.4 no value is made
 * ok wrongly (bill code +14, date +6, bill number +4 over 0.55); check codes that differ by a look-alike
 * letter (1/l, 0/O) and dates a glyph short go to the clerk whatever their count.
 */
export const OCR_AGREE_THIRD_CONFIDENCE = 0.4;
/** A lone OCR reading below this, beside a value read twice or more, is set aside as a stray misread. */
export const OCR_STRAY_CONFIDENCE = 0.6;
/** A date with a one-digit month or day (2023年1月1日, 2023-1-11): printed receipts pad them. */
export const DATE_PART_SHORT = /^\D*\d{4}\D+(?:\d\D+\d{1,2}|\d{1,2}\D+\d)(?!\d)/;
/** An OCR reading a glyph short by its shape (a date's 11 read as 1): its confidence never counts. */
export const shortReading = (field: FieldKey, c: Candidate) => field === 'issueDate' && c.source === 'ocr' && DATE_PART_SHORT.test(c.value);
/** The digits read that a derived reading (大写 words, settlement sum) confirms need at least this. */
export const DERIVED_PARTNER_CONFIDENCE = 0.3;

/** Characters an OCR engine confuses with digits (and that are not hex digits). */
export const LOOKALIKE_IN_ALNUM = /[lIiOoSsZzGgQq|]/;
/** Fields without a format that would reveal a dropped or wrong character. */
export const FREE_TEXT_FIELDS = new Set<FieldKey>(['payerName', 'hospitalName', 'amountInWords', 'insuranceType']);

/** Higher wins when values agree (and picks the shown value when they disagree). */
export const SOURCE_PRIORITY: Record<FieldSource, number> = { clerk: 5, 'ofd-xml': 4, 'pdf-text': 3, qr: 2, ocr: 1 };
const SOURCE_NAMES: Record<FieldSource, string> = { clerk: '经办人录入', 'ofd-xml': 'OFD 文件', 'pdf-text': 'PDF 文字', qr: '二维码', ocr: '图像识别' };

/** Compare values as the field's semantics require (check codes are case-insensitive). */
export function sameValue(field: FieldKey, a: string, b: string): boolean {
  if (field === 'checkCode') return a.toLowerCase() === b.toLowerCase();
  if (field === 'amountInWords' && a !== b) {
    // 圆/元, 正/整, traditional glyphs: the same words when both parse to the same amount
    const pa = parseChineseAmount(a);
    return pa != null && pa === parseChineseAmount(b);
  }
  return a === b;
}

/** Glyphs an OCR engine confuses in a Latin/digit string (case already folded). */
const LOOKALIKE_CLASSES = ['1li|!', '0o', '5s', '2z'];
/** Same length and every differing character a look-alike pair (33dal1 ~ 33da11). */
export function sameUpToLookalikes(a: string, b: string): boolean {
  const x = a.toLowerCase(), y = b.toLowerCase();
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === y[i]) continue;
    if (!LOOKALIKE_CLASSES.some((c) => c.includes(x[i]) && c.includes(y[i]))) return false;
  }
  return true;
}

/** `read` is `value`, some of its 1s read as l or i or not (82cbdl, 82cbdi, 82cbd1 for 82cbd1), nothing else different. */
function withOnesAsRead(read: string, value: string): boolean {
  return read.length === value.length && [...read].every((c, i) => c === value[i] || (value[i] === '1' && (c === 'l' || c === 'i')));
}

/** `longer` is `value` with one glyph more (c6bdo9f, c243apb for c6bd9f, c243ab; with `ones`, 7clcag8 for 7c1ca8 too). */
function oneGlyphMore(longer: string, value: string, ones = false): boolean {
  if (longer.length !== value.length + 1) return false;
  for (let i = 0; i < longer.length; i++) {
    const less = longer.slice(0, i) + longer.slice(i + 1);
    if (less === value || (ones && withOnesAsRead(less, value))) return true;
  }
  return false;
}

/** The readings a merge did not take, as the clerk reads it after the sources that agree. */
function setAside(groups: Array<{ value: string }>): string {
  return `（另有把握不足的识别结果 ${groups.map((g) => `“${g.value}”`).join('、')} 未采用）`;
}

function dedupeReasons(reasons: Reason[]): Reason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const k = `${r.code}|${r.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function mergeCandidates(field: FieldKey, candidates: Candidate[]): FieldValue {
  const all = candidates.filter((c) => c && typeof c.value === 'string');
  const read = all
    .map((c) => ({ c, k: canonicalize(field, c.value) }))
    .filter((x) => x.k.value != null && x.k.value !== '');

  if (field === 'checkCode') {
    // A check code printed in a serif font: OCR reads 1 as l (0 as O …). When an exact source (QR,
    // PDF, OFD) has the digit where OCR has its look-alike, the OCR reading supports the exact value.
    // Without one, when the print was read glyph by glyph by their shapes (derived 'shape': each glyph
    // told apart among all letters and digits), an OCR reading one glyph too long that is that value with
    // one glyph more (c243apb for c243ab) supports it.
    const exactValues = read.filter((x) => x.c.source !== 'ocr' && x.c.source !== 'clerk' && x.k.valid).map((x) => x.k.value!);
    const shapeValues = read.filter((x) => x.c.derived === 'shape' && x.k.valid).map((x) => x.k.value!);
    if (new Set(exactValues.map((v) => v.toLowerCase())).size === 1) {
      for (const x of read) {
        if (x.c.source === 'ocr' && x.k.valid && x.k.value!.toLowerCase() !== exactValues[0].toLowerCase() && sameUpToLookalikes(x.k.value!, exactValues[0])) {
          x.k = { ...x.k, value: exactValues[0] };
        }
      }
    } else if (!exactValues.length && new Set(shapeValues.map((v) => v.toLowerCase())).size === 1) {
      // (and one with an l or i — I — where the shapes have a 1: 82cbdl for 82cbd1; the shapes tell a 1
      // from l and I by its strokes and height, glyph-match.ts strokeIsOne — not O from 0: a font without
      // templates can take O for 0)
      for (const x of read) {
        if (x.c.source !== 'ocr' || x.c.derived) continue;
        const v = x.k.value!.toLowerCase(), shape = shapeValues[0].toLowerCase();
        if (oneGlyphMore(v, shape, true) || (x.k.valid && v !== shape && withOnesAsRead(v, shape))) x.k = { value: shapeValues[0], valid: true, fixed: false, reasons: [] };
      }
    }
  }

  if (read.length === 0) {
    return { value: null, status: 'missing', source: null, reasons: [reason('field.missing', field)], candidates: all };
  }

  // The clerk's word is final, but it is still checked for format.
  const clerk = read.filter((x) => x.c.source === 'clerk').pop();
  if (clerk) {
    return {
      value: clerk.k.value,
      status: clerk.k.valid ? 'ok' : 'review',
      source: 'clerk',
      reasons: dedupeReasons(clerk.k.reasons.filter((r) => r.code !== 'canon.charFix')),
      candidates: all,
      ...(clerk.c.box ? { box: clerk.c.box } : {}),
    };
  }

  // Group by canonical value.
  const groups: Array<{ value: string; items: typeof read }> = [];
  for (const x of read) {
    const g = groups.find((g) => sameValue(field, g.value, x.k.value!));
    if (g) g.items.push(x);
    else groups.push({ value: x.k.value!, items: [x] });
  }
  const best = (items: typeof read) => Math.max(...items.map((x) => SOURCE_PRIORITY[x.c.source]));
  // (a reading of the wrong shape — 7 characters of a 6-character check code, c6bdo9f — is a misread
  // however often it is made: it never outvotes a reading of the right shape)
  const shaped = (g: (typeof groups)[number]) => (g.items.some((x) => x.k.valid) ? 1 : 0);
  // (readings a glyph short — 2025年1月26 — count for no value: they never make one the first)
  const counted = (g: (typeof groups)[number]) => g.items.filter((x) => !shortReading(field, x.c)).length;
  groups.sort((a, b) => best(b.items) - best(a.items) || shaped(b) - shaped(a) || counted(b) - counted(a) || b.items.length - a.items.length);
  const top = groups[0];
  const topItem = [...top.items].sort((a, b) => SOURCE_PRIORITY[b.c.source] - SOURCE_PRIORITY[a.c.source])[0];
  const box = top.items.find((x) => x.c.box)?.c.box;
  const reasons: Reason[] = [];

  // Disagreement between readings: a person must decide — unless two independent sources agree
  // on one value and every other reading is a weak OCR guess, or is one stray reading beside a value
  // the print was read as twice or more.
  // independent: two sources, or (OCR) the printed digits and a reading derived from other print
  // (the 大写 words, the settlement sum) — a misread would have to repeat in different glyphs
  const digitsAndDerived = (g: (typeof groups)[number]) =>
    g.items.some((x) => x.c.derived && (x.c.confidence ?? 0) >= OCR_AGREE_CONFIDENCE) && g.items.some((x) => !x.c.derived && x.k.valid && !x.k.fixed && (x.c.confidence ?? 0) >= DERIVED_PARTNER_CONFIDENCE);
  // (a date read a glyph short — 2025年1月15日 where 2025年11月15日 is printed — is no reading of any value
  // with two digits there: it agrees with a QR date changed to 2025-01-15, and must not count as its
  // confirmation)
  const counts = (x: (typeof read)[number]) => !shortReading(field, x.c);
  const independent = (g: (typeof groups)[number]) =>
    (new Set(g.items.filter(counts).map((x) => x.c.source)).size >= 2 || digitsAndDerived(g)) && g.items.some((x) => x.k.valid && !x.k.fixed);
  const weakOcrOnly = (g: (typeof groups)[number]) => g.items.every((x) => x.c.source === 'ocr' && (x.c.confidence ?? 0) < OCR_OK_CONFIDENCE);
  // (the confidences of the print's own readings in a group — not derived, read as they are — best first)
  const printReads = (g: (typeof groups)[number]) =>
    g.items.filter((x) => x.c.source === 'ocr' && !x.c.derived && x.k.valid && !x.k.fixed && counts(x)).map((x) => x.c.confidence ?? 0).sort((a, b) => b - a);
  const topReads = printReads(top);
  const lone = (g: (typeof groups)[number]) => g.items.length === 1 && g.items[0].c.source === 'ocr' && !g.items[0].c.derived;
  // the QR's value read from the print twice or more: one other reading alone, however sure, is a stray
  // misread (f9b1a7 in the QR and read f9bla7 three times, once fobla7 at 0.86)
  const exactAndRepeated = top.items.some((x) => x.c.source !== 'ocr' && x.c.source !== 'clerk') && topReads.length >= 2;
  // (weak readings of another value are outvoted only where the agreeing value was read more surely than
  // they together — the QR's own weight not counted, it is what is in question: 0027270316 read at 0.65 and
  // 0.59 was the print, a QR changed to 0027270310 and one re-read at 0.54 that misread the 6 so were not;
  // nor was a QR changed from 0a093e to 9a093e and a page read that misread the 0 the same way, at 0.63,
  // against a re-read of 0a093e at 0.82: the merge cannot tell that from a QR as printed and a misread.
  // Readings a glyph short never weigh, nor a total read with its ¥ as a digit before it (860296.13 beside
  // a QR's 60296.13). Remerge of the hold sets' 488 receipts: 5 values ok before, where a lone reading was
  // outvoted whatever its weight, go to the clerk, all of them right; the change above was not)
  const yenRead = (x: (typeof read)[number]) => field === 'totalAmount' && x.k.value!.length === top.value.length + 1 && x.k.value!.endsWith(top.value);
  const sure = (g: (typeof groups)[number]) => g.items.filter((x) => x.c.source === 'ocr' && counts(x) && !(g !== top && yenRead(x))).reduce((a, x) => a + (x.c.confidence ?? 0), 0);
  const outweighed = (g: (typeof groups)[number]) => sure(top) > sure(g);
  // (a reading of the wrong length that is the first value with one glyph dropped — 469314781 beside
  // 5469314781 — says nothing of the glyph it lost and agrees on every other: it is no reading of
  // another value, and neither blocks nor makes an agreement)
  const others = groups.slice(1).filter((g) => !(g.items.every((x) => !x.k.valid) && oneGlyphMore(top.value.toLowerCase(), g.value.toLowerCase())));
  const outvoted = others.length > 0 && independent(top) && others.every((g) => (weakOcrOnly(g) && outweighed(g)) || (exactAndRepeated && lone(g)));
  // OCR alone: a value read twice or more, as surely as two agreeing readings must be (OCR_AGREE_LEAD_/
  // _SECOND_CONFIDENCE), and every other reading one weak reading alone, weaker than both — it is set
  // aside and the value goes on to the checks of a value read by OCR alone (4301B7 read so twice at
  // 0.92, once 301B87 at 0.45). Measured with tests/eval/remerge.ts on 9,156 dumped receipts (generated
  // sets read by many versions of the pipeline), with the QR rule above: +123 values ok and right, none
  // ok and wrong; a stray limit of 0.75 made one wrong (11050220 read three times, the printed 11050226
  // once at 0.68).
  const strays =
    !outvoted &&
    others.length > 0 &&
    top.items.every((x) => x.c.source === 'ocr') &&
    topReads.length >= 2 &&
    topReads[0] >= OCR_AGREE_LEAD_CONFIDENCE &&
    topReads[1] >= OCR_AGREE_SECOND_CONFIDENCE &&
    others.every((g) => lone(g) && (g.items[0].c.confidence ?? 0) < OCR_STRAY_CONFIDENCE && (g.items[0].c.confidence ?? 0) < topReads[1])
      ? groups.splice(1)
      : [];
  const validGroups = groups.filter((g) => g.items.some((x) => x.k.valid));
  if (outvoted) {
    const sources = [...new Set(top.items.map((x) => x.c.source))];
    return {
      value: top.value,
      status: 'ok',
      source: topItem.c.source,
      reasons: [reason('merge.agree', field, { sources: sources.map((x) => SOURCE_NAMES[x]).join('、') + setAside(groups.slice(1)) })],
      candidates: all,
      ...(box ? { box } : {}),
    };
  }
  if (validGroups.length > 1 || (groups.length > 1 && !top.items.some((x) => x.k.valid))) {
    const values = groups
      .map((g) => `${[...new Set(g.items.map((x) => SOURCE_NAMES[x.c.source]))].join('、')}读为“${g.value}”`)
      .join('；');
    reasons.push(reason('merge.disagree', field, { values }));
    reasons.push(...topItem.k.reasons);
    return { value: top.value, status: 'review', source: topItem.c.source, reasons: dedupeReasons(reasons), candidates: all, ...(box ? { box } : {}) };
  }

  // Prefer a valid group when only one is valid (an invalid OCR misread next to a valid QR value).
  const chosen = validGroups[0] ?? top;
  const chosenItem = [...chosen.items].sort((a, b) => SOURCE_PRIORITY[b.c.source] - SOURCE_PRIORITY[a.c.source])[0];
  const chosenBox = chosen.items.find((x) => x.c.box)?.c.box;
  const sources = [...new Set(chosen.items.filter(counts).map((x) => x.c.source))];
  const valid = chosen.items.some((x) => x.k.valid);
  if (!valid) reasons.push(...chosenItem.k.reasons);

  let status: FieldValue['status'] = valid ? 'ok' : 'review';
  const exact = sources.some((s) => s !== 'ocr');
  if (valid && exact && chosen.items.every((x) => x.k.fixed)) {
    // a look-alike replaced in a born-digital/QR value (odd font, odd payload): never a silent ok
    status = 'review';
    reasons.push(...chosenItem.k.reasons.filter((r) => r.code === 'canon.charFix'));
  }
  if (valid && !exact) {
    // OCR only: it needs confidence, and look-alike fixes always need a person.
    const ocr = chosen.items;
    const fixed = ocr.filter((x) => x.k.fixed);
    const unfixed = ocr.filter((x) => !x.k.fixed);
    if (fixed.length && !unfixed.length) {
      status = 'review';
      reasons.push(...fixed[0].k.reasons.filter((r) => r.code === 'canon.charFix'));
    }
    // derived readings (大写, settlement sum) only ever confirm the printed digits, never stand alone;
    // nor does a date read with a one-digit month or day: the receipt prints 2023-11-11, and OCR drops
    // one of two touching 1s (2023年1月1日 read so three times, once at 0.82 — measured), so such a
    // reading is a glyph short, however confident
    const strong = unfixed.filter((x) => !x.c.derived && !shortReading(field, x.c));
    const confs = strong.map((x) => x.c.confidence ?? 0);
    const minChar = (x: (typeof ocr)[number]) => (x.c.charConfidences?.length ? Math.min(...x.c.charConfidences) : 1);
    const strongAlone = strong.some((x) => (x.c.confidence ?? 0) >= ocrOkConfidence(field) && minChar(x) >= OCR_OK_CHAR_CONFIDENCE);
    const sorted = [...confs].sort((a, b) => b - a);
    const strongPair =
      (sorted[1] ?? 0) >= OCR_AGREE_CONFIDENCE ||
      ((sorted[0] ?? 0) >= OCR_AGREE_LEAD_CONFIDENCE && (sorted[1] ?? 0) >= OCR_AGREE_SECOND_CONFIDENCE) ||
      (sorted[2] ?? 0) >= OCR_AGREE_THIRD_CONFIDENCE ||
      digitsAndDerived(chosen);
    if (status === 'ok' && !strongAlone && !strongPair) {
      status = 'review';
      const weakest = unfixed.sort((a, b) => (b.c.confidence ?? 0) - (a.c.confidence ?? 0))[0] ?? ocr[0];
      const cc = weakest.c.charConfidences;
      const doubtful =
        cc && cc.length === weakest.c.value.length
          ? [...weakest.c.value].filter((_, i) => cc[i] < OCR_OK_CHAR_CONFIDENCE).join('')
          : '';
      reasons.push(
        reason('canon.ocrLowConfidence', field, {
          conf: Math.round((weakest.c.confidence ?? 0) * 100),
          chars: doubtful ? `（可疑字符：${doubtful}）` : '',
        }),
      );
    }
  } else if (valid && exact && !sources.some((s) => s === 'pdf-text' || s === 'ofd-xml' || s === 'clerk')) {
    // QR only: its payload is not standardised, so it is a cross-check, never the truth on its own.
    // (another VALID reading would have been a disagreement above; fragments of a wrong length are not)
    if (sources.length === 1) {
      status = 'review';
      reasons.push(reason('merge.qrOnly', field));
    }
  } else if (valid && exact) {
    // A born-digital or QR value: if OCR read the same field differently, that was caught above.
    if (sources.length > 1) reasons.push(reason('merge.agree', field, { sources: sources.map((s) => SOURCE_NAMES[s]).join('、') }));
  }
  if (status === 'ok' && !exact) {
    // OCR only: letters that look like digits in the alphanumeric check code, and names, which
    // have no format that would reveal a dropped or wrong character, always get a person's look.
    if (field === 'checkCode' && LOOKALIKE_IN_ALNUM.test(chosen.value)) {
      status = 'review';
      reasons.push(reason('ocr.lookalike', field, { value: chosen.value }));
    } else if (FREE_TEXT_FIELDS.has(field)) {
      status = 'review';
      reasons.push(reason('ocr.nameOnly', field));
    }
  }
  if (status === 'ok' && strays.length) {
    reasons.push(reason('merge.agree', field, { sources: SOURCE_NAMES.ocr + setAside(strays) }));
  }
  return {
    value: chosen.value,
    status,
    source: chosenItem.c.source,
    reasons: dedupeReasons(reasons),
    candidates: all,
    ...(chosenBox ? { box: chosenBox } : {}),
  };
}
