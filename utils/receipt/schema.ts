/** zod schemas of a receipt as stored and exchanged (values canonical, each with status, source, reasons). */
import { z } from 'zod';
import { FIELD_KEYS, FieldValueSchema } from './types';

export const ReceiptFieldsSchema = z.partialRecord(z.enum(FIELD_KEYS), FieldValueSchema);

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const money = z.string().regex(/^\d+\.\d{2}$/);

/**
 * Canonical shapes (what an `ok` value must look like). Fields not listed are free text.
 * Date shapes here are only the pattern; a real calendar date is checked by `parseDate`.
 */
export const CanonicalSchemas = {
  billCode: z.string().regex(/^\d{8}$/),
  billNumber: z.string().regex(/^\d{10}$/),
  checkCode: z.string().regex(/^[0-9a-z]{6}$/),
  issueDate: isoDate,
  totalAmount: money.refine((s) => /[1-9]/.test(s), '金额须大于 0'),
  kind: z.enum(['outpatient', 'inpatient']),
  hospitalCode: z.string().regex(/^H\d{10}$/),
  visitDate: isoDate,
  stayStart: isoDate,
  stayEnd: isoDate,
  fundPaid: money,
  otherPaid: money,
  accountPaid: money,
  cashPaid: money,
  selfPaid: money,
  selfFunded: money,
} as const;

/** A receipt's plain values, e.g. for export or a fill plan. */
export const ReceiptValuesSchema = z.object({
  billCode: CanonicalSchemas.billCode,
  billNumber: CanonicalSchemas.billNumber,
  checkCode: CanonicalSchemas.checkCode,
  issueDate: CanonicalSchemas.issueDate,
  totalAmount: CanonicalSchemas.totalAmount,
  kind: CanonicalSchemas.kind.optional(),
  payerName: z.string().optional(),
  hospitalName: z.string().optional(),
});
export type ReceiptValues = z.infer<typeof ReceiptValuesSchema>;

/** Parse stored/received fields (throws a ZodError when the shape is wrong). */
export function parseReceiptFields(input: unknown) {
  return ReceiptFieldsSchema.parse(input);
}

/** The plain values of a receipt whose five elements are present (status not considered); null otherwise. */
export function receiptValues(fields: z.infer<typeof ReceiptFieldsSchema>): ReceiptValues | null {
  const plain = Object.fromEntries(Object.entries(fields).map(([k, fv]) => [k, fv?.value ?? undefined]));
  const r = ReceiptValuesSchema.safeParse(plain);
  return r.success ? r.data : null;
}
