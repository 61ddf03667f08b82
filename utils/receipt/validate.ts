/**
 * Rules over a whole receipt (single-field format, cross-field, plausibility) and over a batch.
 * Each rule is a named function returning reasons; `validateReceipt` attaches them to the fields
 * concerned and downgrades `ok` to `review` for errors and warnings.
 */
import type { Candidate, FieldKey, FieldValue, Reason, ReceiptFields } from './types';
import { FIVE_ELEMENTS } from './types';
import { canonicalize } from './canonical';
import { mergeCandidates } from './merge';
import { reason } from './reasons';
import { amountToChinese, compareAmountWords, parseChineseAmount, toCents, fromCents, verifyAmountWords } from './amount';
import { parseDate } from './canonical';
import { CanonicalSchemas } from './schema';
import { DATE_FIELDS, FIELD_LABELS } from './labels';

export interface ValidationContext {
  /** today as YYYY-MM-DD (injectable for tests); defaults to the local date */
  today?: string;
  /** the clerk confirmed that a receipt issued before 2022-08-05 belongs in this claim */
  clerkConfirmedOld?: boolean;
  /** outpatient amounts above this are flagged (yuan) */
  largeOutpatientAmount?: number;
  /**
   * A passed claim deadline makes the issue date `review` (default false: the deadline is claim
   * advice, shown as a warning, since holidays extend it and the printed value itself is not in doubt).
   */
  strictDeadline?: boolean;
}

export const PLATFORM_SWITCH_DATE = '2022-08-05';
export const LARGE_OUTPATIENT_AMOUNT = 20000;

export function localToday(d = new Date()): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** `force`: downgrade even an advisory reason. */
export type RuleHit = { field: FieldKey; reason: Reason; force?: boolean };
const v = (fields: ReceiptFields, k: FieldKey) => (fields[k]?.value ?? null) as string | null;

/**
 * Single-field format of values that carry no candidates (e.g. stored or built by hand): a
 * malformed value is never ok. Values with candidates are format-checked by the merge.
 */
export function ruleFormat(fields: ReceiptFields): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const [k, fv] of Object.entries(fields) as Array<[FieldKey, FieldValue]>) {
    if (!fv || fv.value == null || fv.candidates?.length) continue;
    if (fv.reasons.some((r) => r.code.startsWith('format.'))) continue;
    const schema = (CanonicalSchemas as Record<string, { safeParse: (x: unknown) => { success: boolean } }>)[k];
    const ok = schema ? schema.safeParse(fv.value).success && (!DATE_KEYS.has(k) || parseDate(fv.value) === fv.value) : true;
    if (!ok) hits.push({ field: k, reason: reason('format.value', k, { value: fv.value }), force: true });
  }
  return hits;
}
const DATE_KEYS = new Set<string>(DATE_FIELDS);

/** Digits 7–8 of the bill code are the two-digit issue year. */
export function ruleCodeYear(fields: ReceiptFields): RuleHit[] {
  const code = v(fields, 'billCode');
  const date = v(fields, 'issueDate');
  // (a date read as no date — 2025年00月25 — tells no year either)
  if (code && /^\d{8}$/.test(code) && (!date || fields.issueDate?.status === 'missing' || !/^\d{4}-\d{2}-\d{2}$/.test(date))) {
    return [{ field: 'billCode', reason: reason('cross.codeYearUnverified', 'billCode') }];
  }
  if (!code || !date || !/^\d{8}$/.test(code) || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return [];
  const codeYear = code.slice(6, 8);
  if (codeYear === date.slice(2, 4)) return [];
  const r = reason('cross.codeYear', 'billCode', { codeYear, year: date.slice(0, 4) }, ['billCode', 'issueDate']);
  return [
    { field: 'billCode', reason: r },
    { field: 'issueDate', reason: r },
  ];
}

/** 大写 ↔ 小写. Garbled words give no verdict (the words field alone is flagged). */
export function ruleAmountWords(fields: ReceiptFields): RuleHit[] {
  const words = v(fields, 'amountInWords');
  const amount = v(fields, 'totalAmount');
  if (!words) return [];
  const parsed = parseChineseAmount(words);
  if (parsed == null) {
    const hits: RuleHit[] = [{ field: 'amountInWords', reason: reason('format.amountInWords', 'amountInWords', { value: words }) }];
    // garbled words can still contradict the amount (a unit or numeral where the amount has another)
    if (amount && toCents(amount) != null && compareAmountWords(words, amount).verdict === 'contradict') {
      const r = reason('cross.wordsContradict', 'totalAmount', { words, amount, expected: amountToChinese(amount) }, ['totalAmount', 'amountInWords']);
      hits.push({ field: 'totalAmount', reason: r }, { field: 'amountInWords', reason: r });
    }
    return hits;
  }
  if (!amount || toCents(amount) == null) return [];
  if (toCents(parsed) === toCents(amount)) {
    return [{ field: 'totalAmount', reason: reason('cross.wordsAgree', 'totalAmount') }];
  }
  const r = reason('cross.words', 'totalAmount', { words, wordsValue: parsed, amount }, ['totalAmount', 'amountInWords']);
  return [
    { field: 'totalAmount', reason: r },
    { field: 'amountInWords', reason: r },
  ];
}

/** Settlement parts (统筹 + 其他 + 个人账户 + 个人现金) should sum to the total when all are printed. */
export function ruleSettlementSum(fields: ReceiptFields): RuleHit[] {
  const total = v(fields, 'totalAmount');
  const parts = SETTLEMENT_PARTS.map((k) => v(fields, k));
  if (!total || toCents(total) == null || parts.some((p) => p == null || toCents(p) == null)) return [];
  const sum = parts.reduce((s, p) => s + toCents(p!)!, 0n);
  if (sum === toCents(total)) return [];
  const r = reason('cross.settlementSum', 'totalAmount', { sum: fromCents(sum), amount: total }, ['totalAmount', ...SETTLEMENT_PARTS]);
  return [{ field: 'totalAmount', reason: r }, ...SETTLEMENT_PARTS.map((k) => ({ field: k, reason: r }))];
}

const SETTLEMENT_PARTS = ['fundPaid', 'otherPaid', 'accountPaid', 'cashPaid'] as const;

/** Even when only some settlement parts were read, together they cannot exceed the total. */
export function ruleSettlementNotOver(fields: ReceiptFields): RuleHit[] {
  const total = v(fields, 'totalAmount');
  const present = SETTLEMENT_PARTS.filter((k) => v(fields, k) != null && toCents(v(fields, k)!) != null);
  // only parts read with confidence: an unsure part (itself under review) says nothing about the total
  // (a part under review only because of a cross-check still counts: the rule stays idempotent)
  const read = present.filter((k) => fields[k]?.status === 'ok' || fields[k]!.reasons.every((r) => r.code.startsWith('cross.') || r.code.startsWith('plaus.')));
  if (!total || toCents(total) == null || read.length === 0 || present.length === SETTLEMENT_PARTS.length) return [];
  const sum = read.reduce((s, k) => s + toCents(v(fields, k)!)!, 0n);
  if (sum <= toCents(total)!) return [];
  const parts = read.map((k) => FIELD_LABELS[k]).join('、');
  const r = reason('cross.settlementOver', 'totalAmount', { parts, sum: fromCents(sum), amount: total }, ['totalAmount', ...read]);
  return [{ field: 'totalAmount', reason: r }, ...read.map((k) => ({ field: k, reason: r }))];
}

/** The title (门诊/住院收费票据) and the kind must agree. */
export function ruleKindTitle(fields: ReceiptFields): RuleHit[] {
  const title = v(fields, 'title');
  const kind = v(fields, 'kind');
  if (!title || !kind) return [];
  const t = /住院/.test(title) ? 'inpatient' : /门诊|急诊/.test(title) ? 'outpatient' : null;
  if (!t || t === kind) return [];
  return [{ field: 'kind', reason: reason('cross.kindTitle', 'kind', { title, kind: kind === 'inpatient' ? '住院' : '门诊' }, ['kind', 'title']) }];
}

export function ruleStayOrder(fields: ReceiptFields): RuleHit[] {
  const a = v(fields, 'stayStart');
  const b = v(fields, 'stayEnd');
  if (!a || !b || a <= b) return [];
  return [{ field: 'stayStart', reason: reason('cross.stayOrder', 'stayStart', {}, ['stayStart', 'stayEnd']) }];
}

export function ruleNotFuture(fields: ReceiptFields, ctx: ValidationContext): RuleHit[] {
  const date = v(fields, 'issueDate');
  const today = ctx.today ?? localToday();
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date) || date <= today) return [];
  // a receipt cannot be issued tomorrow: not even the clerk's own entry makes this ok
  return [{ field: 'issueDate', reason: reason('plaus.future', 'issueDate', { date, today }), force: true }];
}

export function ruleAfterSwitch(fields: ReceiptFields, ctx: ValidationContext): RuleHit[] {
  const date = v(fields, 'issueDate');
  if (!date || ctx.clerkConfirmedOld || date >= PLATFORM_SWITCH_DATE) return [];
  return [{ field: 'issueDate', reason: reason('plaus.beforeSwitch', 'issueDate', { date }) }];
}

/** Prior-year costs are due by 20 January of the following year. */
export function claimDeadline(issueDate: string): string {
  return `${Number(issueDate.slice(0, 4)) + 1}-01-20`;
}

export function ruleClaimWindow(fields: ReceiptFields, ctx: ValidationContext): RuleHit[] {
  const date = v(fields, 'issueDate');
  const today = ctx.today ?? localToday();
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date) || date > today) return [];
  const deadline = claimDeadline(date);
  const days = Math.round((Date.parse(deadline) - Date.parse(today)) / 86400000);
  const year = date.slice(0, 4);
  if (days < 0) return [{ field: 'issueDate', reason: reason('plaus.deadlinePast', 'issueDate', { year, deadline }), ...(ctx.strictDeadline ? { force: true } : {}) }];
  if (days <= 10) return [{ field: 'issueDate', reason: reason('plaus.deadlineNear', 'issueDate', { year, deadline, days }) }];
  return [];
}

export function ruleLargeOutpatient(fields: ReceiptFields, ctx: ValidationContext): RuleHit[] {
  const amount = v(fields, 'totalAmount');
  if (v(fields, 'kind') !== 'outpatient' || !amount || toCents(amount) == null) return [];
  const limit = ctx.largeOutpatientAmount ?? LARGE_OUTPATIENT_AMOUNT;
  if (Number(amount) <= limit) return [];
  return [{ field: 'totalAmount', reason: reason('plaus.largeOutpatient', 'totalAmount', { amount }) }];
}

/** Every reading of the 大写 (the candidates of amountInWords; optionally only one source's). */
function wordReadings(fields: ReceiptFields, source?: Candidate['source']): string[] {
  return (fields.amountInWords?.candidates ?? [])
    .filter((c) => !source || c.source === source)
    .map((c) => c.value)
    .filter((x): x is string => typeof x === 'string' && !!x);
}

/**
 * The amount has no fixed length, so a dropped or extra digit keeps a valid format. An amount read
 * by OCR alone must be confirmed by the 大写 words, the settlement parts, or another source.
 */
export function ruleAmountConfirmed(fields: ReceiptFields): RuleHit[] {
  const fv = fields.totalAmount;
  if (!fv || fv.status !== 'ok' || fv.source === 'clerk') return [];
  if (fv.candidates.some((c) => c.source !== 'ocr')) return [];
  const amount = fv.value;
  const words = v(fields, 'amountInWords');
  if (amount && words && parseChineseAmount(words) === amount) return [];
  // the readings of the 大写 together spell this amount, glyph by glyph (a dropped or extra digit
  // would leave a numeral and unit over or missing)
  const reads = wordReadings(fields);
  if (amount && reads.length && verifyAmountWords(reads, amount) === 'agree') return [];
  // a reading derived from the 大写 or the settlement parts agreed with the digits (see merge)
  if (amount && fv.candidates.some((c) => c.derived && canonicalize('totalAmount', c.value).value === amount) && fv.candidates.some((c) => !c.derived && canonicalize('totalAmount', c.value).value === amount)) return [];
  if (amount && ruleSettlementSum(fields).length === 0) {
    const parts = (['fundPaid', 'otherPaid', 'accountPaid', 'cashPaid'] as const).map((k) => fields[k]);
    if (parts.every((p) => p?.value != null && p.status === 'ok')) return [];
  }
  return [{ field: 'totalAmount', reason: reason('cross.amountUnconfirmed', 'totalAmount') }];
}

/**
 * A receipt whose 大写 and 小写 differ is invalid, and on an image the 大写 is where OCR is weakest
 * (tesseract reads 捌 as 抽/拓/拥…). So an amount read from an image is ok only when the readings of
 * the 大写, alone or together, spell it character by character (known OCR look-alikes of the numerals
 * allowed: verifyAmountWords); a 大写 that is unreadable or missing leaves the amount for the clerk to
 * glance at.
 * (Born-digital text, PDF/OFD, has its 大写 as text: ruleAmountWords decides there.)
 */
export function ruleAmountWordsVerified(fields: ReceiptFields): RuleHit[] {
  const fv = fields.totalAmount;
  if (!fv || fv.status !== 'ok' || fv.source === 'clerk' || !fv.value) return [];
  if (fv.candidates.some((c) => c.source === 'pdf-text' || c.source === 'ofd-xml' || c.source === 'clerk')) return [];
  const amount = fv.value;
  const reads = wordReadings(fields);
  if (reads.some((w) => parseChineseAmount(w) === amount)) return [];
  const verdict = verifyAmountWords(reads, amount);
  if (verdict === 'agree') return [];
  // a contradiction in the chosen words is already reported by ruleAmountWords
  if (verdict === 'contradict' && fv.reasons.some((r) => r.code === 'cross.wordsContradict' || r.code === 'cross.words')) return [];
  let expected = '';
  try {
    expected = amountToChinese(amount);
  } catch {
    return [];
  }
  const shown = reads.length ? `读作“${fields.amountInWords?.value ?? reads[0]}”` : '未能识别';
  if (verdict === 'contradict') {
    const r = reason('cross.wordsContradict', 'totalAmount', { words: reads.join('”/“'), amount, expected }, ['totalAmount', 'amountInWords']);
    return [{ field: 'totalAmount', reason: r }];
  }
  return [{ field: 'totalAmount', reason: reason('cross.wordsUnverified', 'totalAmount', { words: shown, amount, expected }) }];
}

export const RECEIPT_RULES = [
  ruleFormat,
  ruleCodeYear,
  ruleAmountWords,
  ruleSettlementSum,
  ruleSettlementNotOver,
  ruleKindTitle,
  ruleStayOrder,
  ruleNotFuture,
  ruleAfterSwitch,
  ruleClaimWindow,
  ruleLargeOutpatient,
  ruleAmountConfirmed,
  ruleAmountWordsVerified,
] as const;

const RULE_PREFIXES = ['cross.', 'plaus.', 'format.amountInWords', 'format.value'];
/** Claim-level advice: shown beside the field, but it says nothing against the value itself. */
export const ADVISORY_CODES = new Set(['plaus.deadlinePast', 'plaus.deadlineNear']);

/** Re-derive every rule reason and status. Idempotent; clerk-confirmed fields stay ok unless malformed. */
export function validateReceipt(input: ReceiptFields, ctx: ValidationContext = {}): ReceiptFields {
  const fields: ReceiptFields = {};
  for (const [k, fv] of Object.entries(input) as Array<[FieldKey, FieldValue]>) {
    if (!fv) continue;
    // recompute the single-field state from the candidates, dropping earlier rule reasons
    const base = fv.candidates?.length ? mergeCandidates(k, fv.candidates) : { ...fv, reasons: fv.reasons.filter((r) => !RULE_PREFIXES.some((p) => r.code.startsWith(p))) };
    fields[k] = base;
  }
  for (const k of FIVE_ELEMENTS) {
    if (!fields[k]) fields[k] = mergeCandidates(k, []);
  }
  verifiedWords(fields);
  for (const rule of RECEIPT_RULES) {
    for (const hit of rule(fields, ctx)) {
      const fv = fields[hit.field];
      if (!fv) continue;
      fv.reasons = [...fv.reasons, hit.reason];
      if (fv.status !== 'ok' || hit.reason.severity === 'info') continue;
      if (hit.force || (!ADVISORY_CODES.has(hit.reason.code) && fv.source !== 'clerk')) fv.status = 'review';
    }
  }
  return fields;
}

/**
 * OCR readings of the 大写 that (alone or together) spell the amount glyph by glyph, known look-alikes
 * allowed (verifyAmountWords): the words printed are then known — the field shows them (not a garbled
 * reading) and is ok.
 */
function verifiedWords(fields: ReceiptFields): void {
  const aw = fields.amountInWords, amount = fields.totalAmount?.value;
  if (!aw || !amount || aw.source === 'clerk' || aw.status === 'ok' || toCents(amount) == null) return;
  const reads = wordReadings(fields, 'ocr');
  if (!reads.length || verifyAmountWords(reads, amount) !== 'agree') return;
  fields.amountInWords = { ...aw, value: amountToChinese(amount), status: 'ok', reasons: [reason('cross.wordsVerified', 'amountInWords', { n: reads.length })] };
}

export type CandidatesByField = Partial<Record<FieldKey, Candidate[]>>;

/** Merge every field's candidates, then validate. */
export function buildReceipt(candidates: CandidatesByField, ctx: ValidationContext = {}): ReceiptFields {
  const fields: ReceiptFields = {};
  for (const [k, list] of Object.entries(candidates) as Array<[FieldKey, Candidate[]]>) {
    if (list?.length) fields[k] = mergeCandidates(k, list);
  }
  return validateReceipt(fields, ctx);
}

/** The clerk typed or confirmed a value: it becomes the field's value (still format-checked). */
export function applyClerkCorrection(fields: ReceiptFields, field: FieldKey, value: string, ctx: ValidationContext = {}): ReceiptFields {
  const prev = fields[field];
  const candidates: Candidate[] = [...(prev?.candidates ?? []).filter((c) => c.source !== 'clerk'), { value, source: 'clerk', confidence: 1 }];
  return validateReceipt({ ...fields, [field]: { ...(prev ?? mergeCandidates(field, [])), candidates } }, ctx);
}

export function allFiveOk(fields: ReceiptFields): boolean {
  return FIVE_ELEMENTS.every((k) => fields[k]?.status === 'ok' && fields[k]?.value);
}

/** 票据代码 + 票据号码, the key a duplicate claim is detected by. */
export function duplicateKey(fields: ReceiptFields): string | null {
  const code = fields.billCode?.value;
  const num = fields.billNumber?.value;
  if (!code || !num || !/^\d{8}$/.test(code) || !/^\d{10}$/.test(num)) return null;
  return `${code}-${num}`;
}

export interface HistoryEntry {
  billCode: string;
  billNumber: string;
  receiptId?: string;
  declarationId?: string;
  at?: string;
}

/** One hospital stay: its dates when both were read, else the 住院号; null when neither is known. */
export function stayKey(fields: ReceiptFields): string | null {
  const a = fields.stayStart?.value;
  const b = fields.stayEnd?.value;
  if (a && b) return `stay:${a}|${b}`;
  const no = fields.patientNumber?.value;
  return no ? `no:${no}` : null;
}

/**
 * Rules over the receipts of one declaration (and the clerk's history):
 * duplicates, one hospital per declaration, one stay per inpatient declaration.
 */
export function validateBatch(receipts: Array<{ id: string; fields: ReceiptFields }>, history: HistoryEntry[] = []): Map<string, Reason[]> {
  const out = new Map<string, Reason[]>(receipts.map((r) => [r.id, []]));
  const add = (id: string, r: Reason) => out.get(id)!.push(r);

  const byKey = new Map<string, string[]>();
  for (const r of receipts) {
    const k = duplicateKey(r.fields);
    if (k) byKey.set(k, [...(byKey.get(k) ?? []), r.id]);
  }
  for (const [k, ids] of byKey) {
    const [billCode, billNumber] = k.split('-');
    if (ids.length > 1) for (const id of ids) add(id, reason('batch.duplicate', 'billNumber', { billCode, billNumber, where: `本批次中出现 ${ids.length} 次` }, ['billCode', 'billNumber']));
    const past = history.filter((h) => `${h.billCode}-${h.billNumber}` === k && !ids.includes(h.receiptId ?? ''));
    if (past.length) {
      const when = past[0].at ? `已于 ${past[0].at.slice(0, 10)} 录入过` : '历史记录中已有';
      for (const id of ids) add(id, reason('batch.duplicate', 'billNumber', { billCode, billNumber, where: when }, ['billCode', 'billNumber']));
    }
  }

  const hospitals = [...new Set(receipts.map((r) => canonicalize('hospitalName', r.fields.hospitalName?.value ?? '').value).filter(Boolean))] as string[];
  if (hospitals.length > 1) {
    for (const r of receipts) add(r.id, reason('batch.mixedHospitals', 'hospitalName', { hospitals: hospitals.join('、') }, ['hospitalName']));
  }
  const kinds = receipts.map((r) => r.fields.kind?.value);
  const inpatients = receipts.filter((r) => r.fields.kind?.value === 'inpatient');
  if (inpatients.length > 1) {
    const keyed = inpatients.map((r) => ({ r, key: stayKey(r.fields) }));
    const stays = [...new Set(keyed.map((x) => x.key).filter((k): k is string => k != null))];
    if (stays.length > 1) {
      const shown = stays.map((k) => k.replace(/^stay:/, '').replace('|', ' 至 ').replace(/^no:/, '住院号 ')).join('；');
      for (const r of inpatients) add(r.id, reason('batch.multipleStays', 'kind', { count: stays.length, stays: shown }, ['kind', 'stayStart', 'stayEnd']));
    } else if (keyed.some((x) => x.key == null)) {
      for (const r of inpatients) add(r.id, reason('batch.staysUnverified', 'kind', { count: inpatients.length }, ['kind', 'stayStart', 'stayEnd']));
    }
  }
  if (kinds.includes('inpatient') && kinds.includes('outpatient')) for (const r of receipts) add(r.id, reason('batch.mixedKinds', 'kind', {}, ['kind']));
  return out;
}
