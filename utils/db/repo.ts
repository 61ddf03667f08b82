/** Queries and changes of drafts. Every change is written at once; nothing waits for a "save". */
import type { FieldKey, ReceiptFields } from '../receipt/types';
import { applyClerkCorrection, duplicateKey, validateBatch, validateReceipt, type HistoryEntry } from '../receipt/validate';
import type { AppDB, DeclarationRecord, ReceiptRecord } from './db';

export const now = () => new Date().toISOString();
let lastCreated = 0;
/** Strictly increasing timestamps, so the queue reads files in the order they were given. */
export function nextCreatedAt(): string {
  lastCreated = Math.max(Date.now(), lastCreated + 1);
  return new Date(lastCreated).toISOString();
}
export const newId = () => (globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(16).slice(2)}`);

export async function sha256Hex(data: ArrayBuffer | Uint8Array): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', data instanceof Uint8Array ? (data as Uint8Array<ArrayBuffer>) : data);
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export class StorageFullError extends Error {
  constructor() {
    super('浏览器存储空间已满：票据未能保存。请先导出备份并清除已完成的申报，然后重试。');
  }
}

/** Quota errors arrive bare, wrapped by Dexie (inner), or inside a BulkError (failures). */
export function isQuotaError(e: any): boolean {
  if (!e) return false;
  if (e.name === 'QuotaExceededError' || e.inner?.name === 'QuotaExceededError') return true;
  const failures = e.failures ? Object.values(e.failures) : [];
  return failures.some((f: any) => f?.name === 'QuotaExceededError') || /quota/i.test(String(e.message ?? ''));
}

async function guard<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e: any) {
    if (isQuotaError(e)) throw new StorageFullError();
    throw e;
  }
}

/** Store a file as `queued` before anything is read, so a crash mid-OCR loses nothing. */
export async function addQueuedReceipt(db: AppDB, file: { name: string; type: string; bytes: Uint8Array }): Promise<{ record: ReceiptRecord; sameFileAs?: ReceiptRecord }> {
  const contentHash = await sha256Hex(file.bytes);
  const sameFileAs = await db.receipts.where('contentHash').equals(contentHash).first();
  const t = now();
  const record: ReceiptRecord = {
    id: newId(),
    fileName: file.name,
    mime: file.type,
    size: file.bytes.byteLength,
    contentHash,
    file: new Blob([file.bytes as BlobPart], { type: file.type }),
    fields: {},
    corrections: [],
    status: 'queued',
    createdAt: nextCreatedAt(),
    updatedAt: t,
  };
  await guard(db.receipts.add(record));
  return { record, sameFileAs };
}

/**
 * Bulk version of addQueuedReceipt: hashes first, then one transaction for the whole chunk (one
 * list refresh instead of one per file). All or nothing: on a full disk nothing of the chunk is stored.
 */
export async function addQueuedReceipts(
  db: AppDB,
  files: Array<{ name: string; type: string; bytes: Uint8Array }>,
): Promise<Array<{ record: ReceiptRecord; sameFileAs?: ReceiptRecord }>> {
  const hashes = await Promise.all(files.map((f) => sha256Hex(f.bytes)));
  const t = now();
  const records: ReceiptRecord[] = files.map((f, i) => ({
    id: newId(),
    fileName: f.name,
    mime: f.type,
    size: f.bytes.byteLength,
    contentHash: hashes[i],
    file: new Blob([f.bytes as BlobPart], { type: f.type }),
    fields: {},
    corrections: [],
    status: 'queued',
    createdAt: nextCreatedAt(),
    updatedAt: t,
  }));
  const known = await db.receipts.where('contentHash').anyOf([...new Set(hashes)]).toArray();
  const byHash = new Map(known.map((r) => [r.contentHash, r]));
  const out = records.map((record) => {
    const sameFileAs = byHash.get(record.contentHash);
    if (!sameFileAs) byHash.set(record.contentHash, record);
    return { record, sameFileAs };
  });
  await guard(db.transaction('rw', db.receipts, () => db.receipts.bulkAdd(records)));
  return out;
}

export async function historyEntries(db: AppDB): Promise<HistoryEntry[]> {
  const all = await db.history.toArray();
  return all.map((h) => {
    const [billCode, billNumber] = h.key.split('-');
    return { billCode, billNumber, receiptId: h.receiptId, declarationId: h.declarationId, at: h.at };
  });
}

/** Keep the cross-session history index in step with a receipt's current key. */
export async function indexHistory(db: AppDB, r: ReceiptRecord) {
  await db.history.where('receiptId').equals(r.id).delete();
  const key = duplicateKey(r.fields);
  if (key && !(await db.history.get(key))) await db.history.put({ key, receiptId: r.id, declarationId: r.declarationId, at: r.createdAt });
}

/** A declaration per hospital + kind (entry rules: different hospitals are declared separately). */
export async function assignDeclaration(db: AppDB, r: ReceiptRecord): Promise<string> {
  const hospitalName = r.fields.hospitalName?.value ?? '未识别医疗机构';
  const kind = (r.fields.kind?.value as DeclarationRecord['kind']) ?? 'unknown';
  const open = await db.declarations.where('hospitalName').equals(hospitalName).filter((d) => d.kind === kind && d.status === 'draft').first();
  if (open && kind !== 'inpatient') return open.id;
  const t = now();
  const d: DeclarationRecord = { id: newId(), hospitalName, kind, status: 'draft', createdAt: t, updatedAt: t };
  await guard(db.declarations.add(d));
  return d.id;
}

export async function saveExtraction(
  db: AppDB,
  id: string,
  result: { fields: ReceiptFields; error?: { message: string }; fileKind?: string; ms?: number; pageImage?: Blob; pageImageSize?: { width: number; height: number } },
) {
  // one transaction: two files read at once must not both open a declaration for the same
  // hospital, and a correction typed meanwhile is not overwritten by a stale copy
  return db.transaction('rw', db.receipts, db.history, db.declarations, async () => {
  const r = await db.receipts.get(id);
  if (!r) return;
  const next: ReceiptRecord = {
    ...r,
    fields: result.fields,
    status: result.error ? 'error' : 'draft',
    error: result.error?.message,
    fileKind: result.fileKind,
    extractMs: result.ms,
    pageImage: result.pageImage ?? r.pageImage,
    pageImageSize: result.pageImageSize ?? r.pageImageSize,
    updatedAt: now(),
  };
  if (!result.error) next.declarationId = await assignDeclaration(db, next);
  await guard(db.receipts.put(next));
  if (!result.error) await indexHistory(db, next);
  });
}

export async function correctField(db: AppDB, id: string, field: FieldKey, value: string): Promise<ReceiptRecord | undefined> {
  return db.transaction('rw', db.receipts, db.history, db.declarations, async () => {
    const r = await db.receipts.get(id);
    if (!r) return undefined;
    const from = r.fields[field]?.value ?? null;
    const fields = applyClerkCorrection(r.fields, field, value);
    const next: ReceiptRecord = {
      ...r,
      fields,
      corrections: [...r.corrections, { field, from, to: value, at: now(), by: 'clerk' }],
      updatedAt: now(),
    };
    // an unreadable file the clerk types in by hand becomes an ordinary draft
    if (next.status === 'error') {
      next.status = 'draft';
      next.error = undefined;
    }
    if (!next.declarationId && (field === 'hospitalName' || field === 'kind' || next.fields.hospitalName?.value)) next.declarationId = await assignDeclaration(db, next);
    await guard(db.receipts.put(next));
    await indexHistory(db, next);
    return next;
  });
}

/** Undo the clerk's last correction of a receipt. */
export async function undoLastCorrection(db: AppDB, id: string): Promise<ReceiptRecord | undefined> {
  const r = await db.receipts.get(id);
  if (!r || !r.corrections.length) return r;
  const last = r.corrections[r.corrections.length - 1];
  const key = last.field as FieldKey;
  const prev = r.fields[key];
  const candidates = (prev?.candidates ?? []).filter((c) => c.source !== 'clerk');
  const earlier = r.corrections.slice(0, -1).filter((c) => c.field === last.field).pop();
  if (earlier) candidates.push({ value: earlier.to, source: 'clerk', confidence: 1 });
  const fields = validateReceipt({ ...r.fields, [key]: { ...(prev as any), candidates } });
  const next = { ...r, fields, corrections: r.corrections.slice(0, -1), updatedAt: now() };
  await db.receipts.put(next);
  await indexHistory(db, next);
  return next;
}

/** Duplicate / batch reasons per receipt, for the receipts of every declaration. */
export async function batchReasons(db: AppDB, loaded?: ReceiptRecord[]) {
  // the panel passes the receipts it already holds (no second read of the whole table)
  const receipts = (loaded ?? (await db.receipts.toArray())).filter((r) => r.status !== 'error' && r.status !== 'queued' && r.status !== 'processing');
  const history = await historyEntries(db);
  const byDecl = new Map<string, ReceiptRecord[]>();
  for (const r of receipts) byDecl.set(r.declarationId ?? '-', [...(byDecl.get(r.declarationId ?? '-') ?? []), r]);
  const out = new Map<string, ReturnType<typeof validateBatch> extends Map<string, infer V> ? V : never>();
  // duplicates across all drafts and history
  const all = validateBatch(receipts.map((r) => ({ id: r.id, fields: r.fields })), history);
  for (const [id, reasons] of all) out.set(id, reasons.filter((x) => x.code === 'batch.duplicate'));
  for (const list of byDecl.values()) {
    for (const [id, reasons] of validateBatch(list.map((r) => ({ id: r.id, fields: r.fields })))) {
      out.set(id, [...(out.get(id) ?? []), ...reasons.filter((x) => x.code !== 'batch.duplicate')]);
    }
  }
  return out;
}

export async function deleteReceipt(db: AppDB, id: string): Promise<ReceiptRecord | undefined> {
  return db.transaction('rw', db.receipts, db.history, async () => {
    const r = await db.receipts.get(id);
    await db.receipts.delete(id);
    await db.history.where('receiptId').equals(id).delete();
    return r;
  });
}

export async function restoreReceipt(db: AppDB, r: ReceiptRecord) {
  await db.receipts.put(r);
  await indexHistory(db, r);
}

/** Purge finished declarations older than `days` (and their receipts). History keys stay for duplicate checks. */
export async function purgeOlderThan(db: AppDB, days: number): Promise<number> {
  const cutoff = new Date(Date.now() - days * 86400000).toISOString();
  const old = await db.receipts.filter((r) => (r.status === 'filled' || r.status === 'submitted') && r.updatedAt < cutoff).primaryKeys();
  await db.receipts.bulkDelete(old);
  await dropEmptyDeclarations(db);
  return old.length;
}

export async function purgeAll(db: AppDB) {
  await Promise.all([db.receipts.clear(), db.declarations.clear(), db.history.clear()]);
}

export async function storageEstimate(): Promise<{ usage: number; quota: number } | null> {
  try {
    const e = await navigator.storage?.estimate?.();
    return e ? { usage: e.usage ?? 0, quota: e.quota ?? 0 } : null;
  } catch {
    return null;
  }
}

/** Purge one declaration: its receipts (with files and images) and the declaration itself. History keys stay. */
export async function purgeDeclaration(db: AppDB, declarationId: string): Promise<number> {
  return db.transaction('rw', db.receipts, db.declarations, async () => {
    const ids = await db.receipts.where('declarationId').equals(declarationId).primaryKeys();
    await db.receipts.bulkDelete(ids);
    await db.declarations.delete(declarationId);
    return ids.length;
  });
}

/** Declarations without receipts are removed (after a purge or after moving receipts away). */
export async function dropEmptyDeclarations(db: AppDB): Promise<number> {
  const used = new Set((await db.receipts.toArray()).map((r) => r.declarationId));
  const empty = (await db.declarations.toArray()).filter((d) => !used.has(d.id)).map((d) => d.id);
  await db.declarations.bulkDelete(empty);
  return empty.length;
}

/** Move a receipt to another declaration (or to a new one for its hospital + kind when `to` is 'new'). */
export async function moveReceipt(db: AppDB, id: string, to: string | 'new'): Promise<string | undefined> {
  return db.transaction('rw', db.receipts, db.declarations, db.history, async () => {
    const r = await db.receipts.get(id);
    if (!r) return undefined;
    let target = to;
    if (to === 'new') {
      const t = now();
      const src = r.declarationId ? await db.declarations.get(r.declarationId) : undefined;
      const d: DeclarationRecord = {
        id: newId(),
        hospitalName: r.fields.hospitalName?.value ?? src?.hospitalName ?? '未识别医疗机构',
        kind: (r.fields.kind?.value as DeclarationRecord['kind']) ?? src?.kind ?? 'unknown',
        insuredName: src?.insuredName,
        insuredType: src?.insuredType,
        status: 'draft',
        createdAt: t,
        updatedAt: t,
      };
      await guard(db.declarations.add(d));
      target = d.id;
    } else if (!(await db.declarations.get(to))) throw new Error('目标申报批次不存在');
    await guard(db.receipts.update(id, { declarationId: target, updatedAt: now() }));
    await db.history.where('receiptId').equals(id).modify({ declarationId: target });
    return target;
  });
}

export async function updateDeclaration(db: AppDB, id: string, patch: Partial<Pick<DeclarationRecord, 'insuredName' | 'insuredType' | 'status' | 'hospitalName' | 'kind'>>) {
  await guard(db.declarations.update(id, { ...patch, updatedAt: now() }));
}

/**
 * v1 rows got a `legacy:<id>` placeholder in the upgrade (a transaction cannot wait for
 * crypto.subtle). This fills in the real SHA-256 of the stored file afterwards; returns how many.
 */
export async function backfillContentHashes(db: AppDB): Promise<number> {
  const legacy = await db.receipts.where('contentHash').startsWith('legacy:').toArray();
  let n = 0;
  for (const r of legacy) {
    if (!r.file) continue;
    const hash = await sha256Hex(new Uint8Array(await r.file.arrayBuffer()));
    await db.receipts.update(r.id, { contentHash: hash, size: r.file.size });
    n++;
  }
  return n;
}

/** The receipt was filled into the portal (read back ok); the declaration is `filled` once all its receipts are. */
export async function markFilled(db: AppDB, id: string): Promise<void> {
  await db.transaction('rw', db.receipts, db.declarations, async () => {
    const t = now();
    const r = await db.receipts.get(id);
    if (!r) return;
    await guard(db.receipts.update(id, { status: 'filled', filledAt: t, updatedAt: t }));
    if (!r.declarationId) return;
    const rest = await db.receipts.where('declarationId').equals(r.declarationId).filter((x) => x.id !== id && x.status !== 'filled' && x.status !== 'submitted').count();
    const d = await db.declarations.get(r.declarationId);
    if (d && rest === 0 && d.status === 'draft') await db.declarations.update(d.id, { status: 'filled', updatedAt: t });
  });
}

/** Read an unreadable file again (e.g. after an update of the reader). Only for receipts without clerk work. */
export async function requeue(db: AppDB, id: string): Promise<boolean> {
  const r = await db.receipts.get(id);
  if (!r || !r.file || r.corrections.length || (r.status !== 'error' && r.status !== 'draft')) return false;
  await db.receipts.update(id, { status: 'queued', attempts: 0, error: undefined, updatedAt: now() });
  return true;
}
