/**
 * One-file backup of everything (drafts with their files and page images, declarations, history,
 * portal mappings, settings), as JSON with base64 blobs. Checked with zod on import: a wrong or
 * damaged file is refused with a Chinese message and nothing is written.
 */
import { z } from 'zod';
import { ReceiptFieldsSchema } from '../receipt/schema';
import type { AppDB, ReceiptRecord } from './db';

export const BACKUP_FORMAT = 'receipt-clerk-backup';

const BlobJson = z.object({ type: z.string().max(200), base64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, '不是有效的 base64') });
const Iso = z.string().min(1);
const CorrectionSchema = z.object({ field: z.string(), from: z.string().nullable(), to: z.string(), at: z.string(), by: z.literal('clerk') });
const ReceiptSchema = z
  .object({
    id: z.string().min(1),
    declarationId: z.string().optional(),
    fileName: z.string(),
    mime: z.string(),
    size: z.number().nonnegative().default(0),
    contentHash: z.string().default(''),
    file: BlobJson.optional(),
    pageImage: BlobJson.optional(),
    pageImageSize: z.object({ width: z.number(), height: z.number() }).optional(),
    fields: ReceiptFieldsSchema,
    corrections: z.array(CorrectionSchema).default([]),
    status: z.enum(['queued', 'processing', 'error', 'draft', 'reviewed', 'filled', 'submitted']),
    error: z.string().optional(),
    fileKind: z.string().optional(),
    extractMs: z.number().optional(),
    attempts: z.number().optional(),
    createdAt: Iso,
    updatedAt: Iso,
    filledAt: z.string().optional(),
  })
  .strip();
const DeclarationSchema = z
  .object({
    id: z.string().min(1),
    insuredName: z.string().optional(),
    insuredType: z.enum(['职工', '居民']).optional(),
    hospitalName: z.string(),
    kind: z.enum(['outpatient', 'inpatient', 'unknown']),
    status: z.enum(['draft', 'ready', 'filled', 'submitted']),
    createdAt: Iso,
    updatedAt: Iso,
  })
  .strip();
const HistorySchema = z.object({ key: z.string().min(1), receiptId: z.string(), declarationId: z.string().optional(), at: z.string() }).strip();
const MappingSchema = z
  .object({ origin: z.string().min(1), mappings: z.array(z.object({ selector: z.string(), frameUrl: z.string().optional(), field: z.string() }).passthrough()), updatedAt: z.string() })
  .passthrough();

export const BackupSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(1),
  exportedAt: z.string(),
  declarations: z.array(DeclarationSchema),
  receipts: z.array(ReceiptSchema),
  history: z.array(HistorySchema),
  portalMappings: z.array(MappingSchema).default([]),
  settings: z.array(z.object({ key: z.string(), value: z.unknown() })).default([]),
});

async function blobToJson(b: Blob | undefined) {
  if (!b) return undefined;
  const bytes = new Uint8Array(await b.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { type: b.type, base64: btoa(s) };
}
function jsonToBlob(j: z.infer<typeof BlobJson> | undefined): Blob | undefined {
  if (!j) return undefined;
  const bin = atob(j.base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type: j.type });
}

export async function exportBackup(db: AppDB): Promise<string> {
  const receipts = await db.receipts.toArray();
  const out: string[] = [];
  // receipt by receipt, so one huge intermediate object is never built
  for (const r of receipts) out.push(JSON.stringify({ ...r, file: await blobToJson(r.file), pageImage: await blobToJson(r.pageImage) }));
  const head = {
    format: BACKUP_FORMAT,
    version: 1,
    exportedAt: new Date().toISOString(),
    declarations: await db.declarations.toArray(),
    history: await db.history.toArray(),
    portalMappings: await db.portalMappings.toArray(),
    settings: await db.settings.toArray(),
  };
  const json = JSON.stringify(head);
  return `${json.slice(0, -1)},"receipts":[${out.join(',')}]}`;
}

/** Merges a backup into the database (existing ids are overwritten). Throws a Chinese message on a bad file. */
export async function importBackup(db: AppDB, text: string): Promise<{ receipts: number; declarations: number }> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error('备份文件无法读取：不是有效的 JSON 文件');
  }
  if (!raw || typeof raw !== 'object' || (raw as any).format !== BACKUP_FORMAT) throw new Error('这不是本工具导出的备份文件，或文件已损坏');
  if ((raw as any).version !== 1) throw new Error(`备份文件的版本（${String((raw as any).version)}）不受支持：请升级本工具后再导入`);
  const parsed = BackupSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`备份文件已损坏，未导入任何内容（位置：${issue.path.join('.')}）`);
  }
  const b = parsed.data;
  let receipts: ReceiptRecord[];
  try {
    receipts = b.receipts.map((r) => ({ ...r, file: jsonToBlob(r.file), pageImage: jsonToBlob(r.pageImage) }) as ReceiptRecord);
  } catch {
    throw new Error('备份文件已损坏：其中的文件内容无法解码，未导入任何内容');
  }
  await db.transaction('rw', [db.declarations, db.receipts, db.history, db.portalMappings, db.settings], async () => {
    await db.declarations.bulkPut(b.declarations);
    await db.receipts.bulkPut(receipts);
    await db.history.bulkPut(b.history);
    await db.portalMappings.bulkPut(b.portalMappings as any);
    await db.settings.bulkPut(b.settings);
  });
  return { receipts: receipts.length, declarations: b.declarations.length };
}
