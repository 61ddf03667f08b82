/** zod schemas of a receipt as stored and exchanged (values canonical, each with status, source, reasons). */
import { z } from 'zod';
import { FIELD_KEYS, FieldValueSchema } from './types';

export const ReceiptFieldsSchema = z.partialRecord(z.enum(FIELD_KEYS), FieldValueSchema);

/** Canonical shapes of the five elements (what an `ok` value must look like). */
export const CanonicalSchemas = {
  billCode: z.string().regex(/^\d{8}$/),
  billNumber: z.string().regex(/^\d{10}$/),
  checkCode: z.string().regex(/^[0-9a-z]{6}$/),
  issueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  totalAmount: z.string().regex(/^\d+\.\d{2}$/),
  kind: z.enum(['outpatient', 'inpatient']),
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
