import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { readFileSync } from 'node:fs';
import { AppDB, SCHEMA_V1 } from './db';
import { addQueuedReceipt, backfillContentHashes, markFilled, requeue, batchReasons, correctField, deleteReceipt, historyEntries, moveReceipt, purgeDeclaration, purgeOlderThan, restoreReceipt, saveExtraction, sha256Hex, undoLastCorrection } from './repo';
import { exportBackup, importBackup } from './backup';
import { buildReceipt } from '../receipt/validate';

let n = 0;
const fresh = () => new AppDB(`test-${Date.now()}-${n++}`);
const pdf = (v: string) => [{ value: v, source: 'pdf-text' as const }];
const fields = (num = '0012345678') =>
  buildReceipt({ billCode: pdf('11060124'), billNumber: pdf(num), checkCode: pdf('8f3a2c'), issueDate: pdf('2024-05-12'), totalAmount: pdf('285.60'), hospitalName: pdf('北京大学第一医院'), kind: pdf('门诊') }, { today: '2024-11-25' });

describe('migrations', () => {
  it('upgrades a stored v1 database to the current schema without losing data', async () => {
    const name = `mig-${Date.now()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_V1);
    const fx = JSON.parse(readFileSync(new URL('./fixtures/v1.json', import.meta.url), 'utf8'));
    await v1.table('declarations').bulkAdd(fx.declarations);
    await v1.table('receipts').bulkAdd(fx.receipts);
    await v1.table('history').bulkAdd(fx.history);
    v1.close();

    const db = new AppDB(name);
    await db.open();
    expect(db.verno).toBe(2);
    const r1 = await db.receipts.get('r1');
    expect(r1!.fields.billCode!.value).toBe('11060124');
    expect(r1!.contentHash).toBe('legacy:r1');
    expect(r1!.corrections).toEqual([]);
    expect(r1!.createdAt).toBe('2025-01-05T08:01:00.000Z');
    const r2 = await db.receipts.get('r2');
    expect(r2!.corrections).toHaveLength(1);
    // the new index works on migrated rows
    expect(await db.receipts.where('contentHash').equals('legacy:r2').count()).toBe(1);
    expect(await db.history.count()).toBe(1);
    db.close();
  });

  it('fills in the real content hash of migrated rows after the upgrade', async () => {
    const name = `mig-hash-${Date.now()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_V1);
    const fx = JSON.parse(readFileSync(new URL('./fixtures/v1.json', import.meta.url), 'utf8'));
    const bytes = new Uint8Array([1, 2, 3, 4]);
    await v1.table('receipts').bulkAdd(fx.receipts.map((r: any, i: number) => (i === 0 ? { ...r, file: new Blob([bytes]) } : r)));
    v1.close();
    const db = new AppDB(name);
    expect(await backfillContentHashes(db)).toBe(1);
    const r1 = (await db.receipts.get('r1'))!;
    expect(r1.contentHash).toBe(await sha256Hex(bytes));
    expect(r1.size).toBe(4);
    // a re-import of the same bytes is now recognised
    const again = await addQueuedReceipt(db, { name: 'a-again.png', type: 'image/png', bytes });
    expect(again.sameFileAs?.id).toBe('r1');
    // the row without a file keeps its placeholder
    expect((await db.receipts.get('r2'))!.contentHash).toBe('legacy:r2');
    db.close();
  });
});

describe('drafts', () => {
  let db: AppDB;
  beforeEach(() => {
    db = fresh();
  });

  it('stores a file before reading it, then the extraction, and detects re-imports', async () => {
    const bytes = new TextEncoder().encode('fake image');
    const { record } = await addQueuedReceipt(db, { name: 'a.png', type: 'image/png', bytes });
    expect((await db.receipts.get(record.id))!.status).toBe('queued');
    await saveExtraction(db, record.id, { fields: fields() });
    const saved = (await db.receipts.get(record.id))!;
    expect(saved.status).toBe('draft');
    expect(saved.declarationId).toBeTruthy();
    expect(await db.history.get('11060124-0012345678')).toMatchObject({ receiptId: record.id });
    const again = await addQueuedReceipt(db, { name: 'copy.png', type: 'image/png', bytes });
    expect(again.sameFileAs?.id).toBe(record.id);
  });

  it('keeps corrections with who/when, re-validates, and can undo', async () => {
    const { record } = await addQueuedReceipt(db, { name: 'a.png', type: 'image/png', bytes: new Uint8Array([1]) });
    await saveExtraction(db, record.id, { fields: fields() });
    const c = await correctField(db, record.id, 'billNumber', '0012345679');
    expect(c!.fields.billNumber).toMatchObject({ value: '0012345679', source: 'clerk', status: 'ok' });
    expect(c!.corrections[0]).toMatchObject({ field: 'billNumber', from: '0012345678', to: '0012345679', by: 'clerk' });
    expect(await db.history.get('11060124-0012345679')).toBeTruthy();
    expect(await db.history.get('11060124-0012345678')).toBeUndefined();
    const u = await undoLastCorrection(db, record.id);
    expect(u!.fields.billNumber!.value).toBe('0012345678');
    expect(u!.corrections).toHaveLength(0);
  });

  it('flags a receipt that duplicates another one', async () => {
    const a = await addQueuedReceipt(db, { name: 'a.png', type: 'image/png', bytes: new Uint8Array([1]) });
    const b = await addQueuedReceipt(db, { name: 'b.png', type: 'image/png', bytes: new Uint8Array([2]) });
    await saveExtraction(db, a.record.id, { fields: fields() });
    await saveExtraction(db, b.record.id, { fields: fields() });
    const reasons = await batchReasons(db);
    expect(reasons.get(b.record.id)!.some((r) => r.code === 'batch.duplicate')).toBe(true);
  });

  it('delete can be undone', async () => {
    const a = await addQueuedReceipt(db, { name: 'a.png', type: 'image/png', bytes: new Uint8Array([1]) });
    await saveExtraction(db, a.record.id, { fields: fields() });
    const gone = await deleteReceipt(db, a.record.id);
    expect(await db.receipts.count()).toBe(0);
    await restoreReceipt(db, gone!);
    expect(await db.receipts.count()).toBe(1);
    expect(await db.history.count()).toBe(1);
  });

  it('purges only finished receipts older than N days', async () => {
    const a = await addQueuedReceipt(db, { name: 'a.png', type: 'image/png', bytes: new Uint8Array([1]) });
    const b = await addQueuedReceipt(db, { name: 'b.png', type: 'image/png', bytes: new Uint8Array([2]) });
    const old = new Date(Date.now() - 40 * 86400000).toISOString();
    await db.receipts.update(a.record.id, { status: 'submitted', updatedAt: old });
    await db.receipts.update(b.record.id, { status: 'draft', updatedAt: old });
    expect(await purgeOlderThan(db, 30)).toBe(1);
    expect((await db.receipts.toArray()).map((r) => r.id)).toEqual([b.record.id]);
  });

  it('round-trips everything through one backup file, and refuses a bad one', async () => {
    const a = await addQueuedReceipt(db, { name: 'a.png', type: 'image/png', bytes: new Uint8Array([7, 8, 9]) });
    await saveExtraction(db, a.record.id, { fields: fields() });
    const text = await exportBackup(db);
    const other = fresh();
    expect(await importBackup(other, text)).toEqual({ receipts: 1, declarations: 1 });
    const r = (await other.receipts.get(a.record.id))!;
    expect(new Uint8Array(await r.file!.arrayBuffer())).toEqual(new Uint8Array([7, 8, 9]));
    expect(r.fields.billCode!.value).toBe('11060124');
    await expect(importBackup(other, '{"hello":1}')).rejects.toThrow('不是本工具导出的备份文件');
    await expect(importBackup(other, 'not json')).rejects.toThrow('不是有效的 JSON');
    // a damaged receipt: nothing of the file is written
    const bad = JSON.parse(text);
    bad.receipts[0].fields.billCode.status = 'maybe';
    bad.declarations[0].id = 'should-not-appear';
    const third = fresh();
    await expect(importBackup(third, JSON.stringify(bad))).rejects.toThrow(/备份文件已损坏.*receipts\.0\.fields\.billCode\.status/);
    expect(await third.declarations.count()).toBe(0);
    const wrongVersion = { ...JSON.parse(text), version: 9 };
    await expect(importBackup(third, JSON.stringify(wrongVersion))).rejects.toThrow('版本（9）不受支持');
    const badBlob = JSON.parse(text);
    badBlob.receipts[0].file.base64 = '***';
    await expect(importBackup(third, JSON.stringify(badBlob))).rejects.toThrow('备份文件已损坏');
    // corrections, the page image and portal mappings survive
    const withMore = fresh();
    await correctField(db, a.record.id, 'payerName', '王小明');
    await db.receipts.update(a.record.id, { pageImage: new Blob([new Uint8Array([0xff, 0xd8])], { type: 'image/jpeg' }) });
    await db.portalMappings.put({ origin: 'https://portal.example', mappings: [{ selector: 'pos:3', field: 'billNumber' }], updatedAt: 'x' });
    await importBackup(withMore, await exportBackup(db));
    const m = (await withMore.receipts.get(a.record.id))!;
    expect(m.corrections[0]).toMatchObject({ field: 'payerName', to: '王小明' });
    expect(m.fields.payerName).toMatchObject({ value: '王小明', source: 'clerk' });
    expect(m.pageImage!.type).toBe('image/jpeg');
    expect((await withMore.portalMappings.get('https://portal.example'))!.mappings[0].selector).toBe('pos:3');
    expect(await withMore.history.get('11060124-0012345678')).toBeTruthy();
  });

  it('purges one declaration, and empty declarations after an age purge; history stays for duplicate checks', async () => {
    const a = await addQueuedReceipt(db, { name: 'a.png', type: 'image/png', bytes: new Uint8Array([1]) });
    const b = await addQueuedReceipt(db, { name: 'b.png', type: 'image/png', bytes: new Uint8Array([2]) });
    await saveExtraction(db, a.record.id, { fields: fields('0000000001') });
    await saveExtraction(db, b.record.id, { fields: { ...fields('0000000002'), hospitalName: fields().hospitalName && { ...fields().hospitalName!, value: '北京协和医院' } } });
    const ra = (await db.receipts.get(a.record.id))!, rb = (await db.receipts.get(b.record.id))!;
    expect(ra.declarationId).not.toBe(rb.declarationId);
    expect(await purgeDeclaration(db, ra.declarationId!)).toBe(1);
    expect(await db.receipts.count()).toBe(1);
    expect(await db.declarations.get(ra.declarationId!)).toBeUndefined();
    expect((await historyEntries(db)).map((h) => h.billNumber).sort()).toEqual(['0000000001', '0000000002']);
    // a later re-import of the purged receipt is still a duplicate
    const c = await addQueuedReceipt(db, { name: 'c.png', type: 'image/png', bytes: new Uint8Array([3]) });
    await saveExtraction(db, c.record.id, { fields: fields('0000000001') });
    expect((await batchReasons(db)).get(c.record.id)!.some((r) => r.code === 'batch.duplicate')).toBe(true);

    await db.receipts.update(b.record.id, { status: 'submitted', updatedAt: new Date(Date.now() - 40 * 86400000).toISOString() });
    expect(await purgeOlderThan(db, 30)).toBe(1);
    expect(await db.declarations.get(rb.declarationId!)).toBeUndefined();
  });

  it('moves a receipt to another declaration or a new one', async () => {
    const a = await addQueuedReceipt(db, { name: 'a.png', type: 'image/png', bytes: new Uint8Array([1]) });
    const b = await addQueuedReceipt(db, { name: 'b.png', type: 'image/png', bytes: new Uint8Array([2]) });
    await saveExtraction(db, a.record.id, { fields: fields('0000000001') });
    await saveExtraction(db, b.record.id, { fields: fields('0000000002') });
    const d0 = (await db.receipts.get(a.record.id))!.declarationId!;
    expect((await db.receipts.get(b.record.id))!.declarationId).toBe(d0); // same hospital + outpatient → same batch
    const d1 = (await moveReceipt(db, b.record.id, 'new'))!;
    expect(d1).not.toBe(d0);
    expect((await db.declarations.get(d1))!.hospitalName).toBe('北京大学第一医院');
    expect((await db.history.where('receiptId').equals(b.record.id).first())!.declarationId).toBe(d1);
    await moveReceipt(db, b.record.id, d0);
    expect((await db.receipts.get(b.record.id))!.declarationId).toBe(d0);
    await expect(moveReceipt(db, b.record.id, 'nope')).rejects.toThrow('不存在');
  });
});

describe('bulk import and a full disk', () => {
  it('stores a chunk in one go, in order, and recognises files seen before (also inside the chunk)', async () => {
    const db = fresh();
    const { importFiles } = await import('./queue');
    const mk = (i: number) => ({ name: `f${i}.png`, type: 'image/png', bytes: new Uint8Array([i % 3]) });
    const res = await importFiles(db, Array.from({ length: 7 }, (_, i) => mk(i)), 3);
    expect(res).toHaveLength(7);
    const rows = await db.receipts.orderBy('createdAt').toArray();
    expect(rows.map((r) => r.fileName)).toEqual(['f0.png', 'f1.png', 'f2.png', 'f3.png', 'f4.png', 'f5.png', 'f6.png']);
    expect(rows.every((r) => r.status === 'queued' && r.file instanceof Blob)).toBe(true);
    expect(res.map((r) => Boolean(r.sameFileAs))).toEqual([false, false, false, true, true, true, true]);
    expect(res[3].sameFileAs!.fileName).toBe('f0.png');
  });

  it('turns a quota error into the Chinese storage-full message and stores nothing of the chunk', async () => {
    const db = fresh();
    await db.open();
    const real = db.receipts.bulkAdd.bind(db.receipts);
    (db.receipts as any).bulkAdd = () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    const { addQueuedReceipts, StorageFullError } = await import('./repo');
    await expect(addQueuedReceipts(db, [{ name: 'a.png', type: 'image/png', bytes: new Uint8Array([1]) }])).rejects.toBeInstanceOf(StorageFullError);
    await expect(addQueuedReceipts(db, [{ name: 'a.png', type: 'image/png', bytes: new Uint8Array([1]) }])).rejects.toThrow('存储空间已满');
    expect(await db.receipts.count()).toBe(0);
    (db.receipts as any).bulkAdd = real;
    await addQueuedReceipts(db, [{ name: 'a.png', type: 'image/png', bytes: new Uint8Array([1]) }]);
    expect(await db.receipts.count()).toBe(1);
  });
});

describe('filling', () => {
  it('marks a receipt filled, and its declaration once every receipt of it is', async () => {
    const db = fresh();
    const a = await addQueuedReceipt(db, { name: 'a.png', type: 'image/png', bytes: new Uint8Array([1]) });
    const b = await addQueuedReceipt(db, { name: 'b.png', type: 'image/png', bytes: new Uint8Array([2]) });
    await saveExtraction(db, a.record.id, { fields: fields('0000000001') });
    await saveExtraction(db, b.record.id, { fields: fields('0000000002') });
    const d = (await db.receipts.get(a.record.id))!.declarationId!;
    await markFilled(db, a.record.id);
    expect((await db.receipts.get(a.record.id))!).toMatchObject({ status: 'filled' });
    expect((await db.declarations.get(d))!.status).toBe('draft');
    await markFilled(db, b.record.id);
    expect((await db.declarations.get(d))!.status).toBe('filled');
  });
});

describe('unreadable files', () => {
  it('become drafts when the clerk types the values, and can be read again while untouched', async () => {
    const db = fresh();
    const a = await addQueuedReceipt(db, { name: 'a.jpg', type: 'image/jpeg', bytes: new Uint8Array([1]) });
    const b = await addQueuedReceipt(db, { name: 'b.jpg', type: 'image/jpeg', bytes: new Uint8Array([2]) });
    for (const x of [a, b]) await saveExtraction(db, x.record.id, { fields: {}, error: { message: '图片中没有找到票据' } });
    expect(await requeue(db, b.record.id)).toBe(true);
    const rb = (await db.receipts.get(b.record.id))!;
    expect(rb).toMatchObject({ status: 'queued', attempts: 0 });
    expect(rb.error).toBeUndefined();

    await correctField(db, a.record.id, 'billCode', '11060124');
    let r = (await db.receipts.get(a.record.id))!;
    expect(r.status).toBe('draft');
    expect(r.error).toBeUndefined();
    expect(r.declarationId).toBeUndefined();
    await correctField(db, a.record.id, 'hospitalName', '北京协和医院');
    r = (await db.receipts.get(a.record.id))!;
    expect((await db.declarations.get(r.declarationId!))!.hospitalName).toBe('北京协和医院');
    // clerk work is never thrown away by a re-read
    expect(await requeue(db, a.record.id)).toBe(false);
  });
});
