/**
 * Shared receipt-model types. This file is the contract between the rooms
 * (extract → receipt → db → sidepanel → fill). Extend it; do not rename.
 */
import { z } from 'zod';

/** The five elements (五要素). */
export const FIVE_ELEMENTS = ['billCode', 'billNumber', 'checkCode', 'issueDate', 'totalAmount'] as const;
export type FiveElement = (typeof FIVE_ELEMENTS)[number];

export const FIELD_KEYS = [
  ...FIVE_ELEMENTS,
  'kind', // 'outpatient' | 'inpatient'
  'payerName',
  'payerId',
  'hospitalName',
  'hospitalCode', // H + 10 digits
  'amountInWords', // 大写, as printed
  'visitDate',
  'stayStart',
  'stayEnd',
  'serialNumber', // 业务流水号
  'patientNumber', // 门诊号/住院号
  'insuranceType', // 医保类型
  'fundPaid', // 医保统筹基金支付
  'otherPaid', // 其他支付
  'accountPaid', // 个人账户支付
  'cashPaid', // 个人现金支付
  'selfPaid', // 个人自付
  'selfFunded', // 个人自费
  'title', // the receipt title, e.g. 北京市医疗门诊收费票据（电子）
] as const;
export type FieldKey = (typeof FIELD_KEYS)[number];

export const FieldStatusSchema = z.enum(['ok', 'review', 'missing']);
export type FieldStatus = z.infer<typeof FieldStatusSchema>;

export const FieldSourceSchema = z.enum(['qr', 'pdf-text', 'ofd-xml', 'ocr', 'clerk']);
export type FieldSource = z.infer<typeof FieldSourceSchema>;

/** A box on the page image, in image pixels (page 0 unless given). */
export const BoxSchema = z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number(), page: z.number().int().optional() });
export type Box = z.infer<typeof BoxSchema>;

/** A stable reason code plus the Chinese message shown to the clerk. */
export const ReasonSchema = z.object({
  code: z.string(), // e.g. 'format.billCode', 'cross.codeYear', 'merge.disagree'
  message: z.string(), // Simplified Chinese: names the field and the fix
  messageEn: z.string().optional(),
  severity: z.enum(['error', 'warning', 'info']),
  /** Other fields this reason concerns (cross-field rules). */
  fields: z.array(z.string()).optional(),
});
export type Reason = z.infer<typeof ReasonSchema>;

/** One reading of one field by one source. */
export const CandidateSchema = z.object({
  value: z.string(), // raw text as read (canonicalised by the merge)
  source: FieldSourceSchema,
  confidence: z.number().min(0).max(1).optional(), // 0..1; OCR word confidence / 100
  box: BoxSchema.optional(),
  /** Per-character confidences (OCR), same length as value when present. */
  charConfidences: z.array(z.number()).optional(),
  /**
   * A reading of the total derived from other print, not from its digits: the 大写 words parsed
   * ('words') or the settlement parts summed ('settlement'); or a value of digits checked glyph by glyph
   * against its print by the shape matcher ('shape', extract/glyph-match.ts). Agreement with the digits
   * read is then agreement of two independent readings, even though both came from the image.
   */
  derived: z.enum(['words', 'settlement', 'shape']).optional(),
});
export type Candidate = z.infer<typeof CandidateSchema>;

export const FieldValueSchema = z.object({
  value: z.string().nullable(), // canonical value, null when missing
  status: FieldStatusSchema,
  source: FieldSourceSchema.nullable(),
  reasons: z.array(ReasonSchema),
  candidates: z.array(CandidateSchema),
  box: BoxSchema.optional(),
});
export type FieldValue = z.infer<typeof FieldValueSchema>;

export type ReceiptFields = Partial<Record<FieldKey, FieldValue>>;
