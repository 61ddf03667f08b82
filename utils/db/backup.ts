/** One-file backup of everything (drafts with their files, declarations, history, mappings), checked with zod on import. */
import { z } from 'zod';
import type { AppDB, ReceiptRecord } from './db';

const BlobJson = z.object({ type: z.string(), base64: z.string() });
const BackupSchema = z.object({
  format: z.literal('receipt-clerk-backup'),
  version: z.literal(1),
  exportedAt: z.string(),
  declarations: z.array(z.record(z.string(), z.unknown())),
  receipts: z.array(z.record(z.string(), z.unknown()).and(z.object({ id: z.string(), fileName: z.string() }))),
  history: z.array(z.object({ key: z.string(), receiptId: z.string() }).passthrough()),
  portalMappings: z.array(z.object({ origin: z.string() }).passthrough()).default([]),
});

async function blobToJson(b: Blob | undefined) {
  if (!b) return undefined;
  const bytes = new Uint8Array(await b.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { type: b.type, base64: btoa(s) };
}
function jsonToBlob(j: unknown): Blob | undefined {
  const p = BlobJson.safeParse(j);
  if (!p.success) return undefined;
  const bin = atob(p.data.base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type: p.data.type });
}

export async function exportBackup(db: AppDB): Promise<string> {
  const receipts = await db.receipts.toArray();
  return JSON.stringify({
    format: 'receipt-clerk-backup',
    version: 1,
    exportedAt: new Date().toISOString(),
    declarations: await db.declarations.toArray(),
    receipts: await Promise.all(receipts.map(async (r) => ({ ...r, file: await blobToJson(r.file), pageImage: await blobToJson(r.pageImage) }))),
    history: await db.history.toArray(),
    portalMappings: await db.portalMappings.toArray(),
  });
}

/** Merges a backup into the database (existing ids are overwritten). Throws a Chinese message on a bad file. */
export async function importBackup(db: AppDB, text: string): Promise<{ receipts: number }> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error('备份文件无法读取：不是有效的 JSON 文件');
  }
  const parsed = BackupSchema.safeParse(raw);
  if (!parsed.success) throw new Error('这不是本工具导出的备份文件，或文件已损坏');
  const b = parsed.data;
  await db.transaction('rw', [db.declarations, db.receipts, db.history, db.portalMappings], async () => {
    await db.declarations.bulkPut(b.declarations as any);
    await db.receipts.bulkPut(b.receipts.map((r) => ({ ...(r as any), file: jsonToBlob((r as any).file), pageImage: jsonToBlob((r as any).pageImage) })) as ReceiptRecord[]);
    await db.history.bulkPut(b.history as any);
    await db.portalMappings.bulkPut(b.portalMappings as any);
  });
  return { receipts: b.receipts.length };
}
