import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { AppDB } from './db';
import { GAVE_UP, importFiles, runQueue } from './queue';
import { buildReceipt } from '../receipt/validate';
import type { ExtractResult } from '../extract/pipeline';

let n = 0;
const fresh = () => new AppDB(`queue-${Date.now()}-${n++}`);
const pdf = (v: string) => [{ value: v, source: 'pdf-text' as const }];
const file = (name: string, b: number) => ({ name, type: 'application/pdf', bytes: new Uint8Array([b]) });

/** Test double for the extraction room's pipeline: fields from the first byte, or a failure. */
async function extract(input: { name: string; bytes: Uint8Array }): Promise<ExtractResult> {
  if (input.name.startsWith('bad')) return { fields: {}, fileKind: 'pdf', sourcesUsed: [], ms: 1, error: { code: 'pdf.encrypted', message: 'PDF 已加密，无法读取' } } as ExtractResult;
  if (input.name.startsWith('throw')) throw new Error('boom');
  const num = String(input.bytes[0]).padStart(10, '0');
  return { fields: buildReceipt({ billCode: pdf('11060124'), billNumber: pdf(num), checkCode: pdf('8f3a2c'), issueDate: pdf('2024-05-12'), totalAmount: pdf('1.00'), hospitalName: pdf('北京协和医院'), kind: pdf('门诊') }, { today: '2024-12-01' }), fileKind: 'pdf', sourcesUsed: ['pdf-text'], ms: 3 } as ExtractResult;
}

describe('import queue', () => {
  it('reads queued files in import order, keeps errors per file, and assigns declarations', async () => {
    const db = fresh();
    const order: string[] = [];
    await importFiles(db, [file('a.pdf', 1), file('bad.pdf', 2), file('throw.pdf', 3), file('b.pdf', 4)]);
    await runQueue({ db, lanes: 1, extract: async (i) => (order.push(i.name), extract(i)) });
    expect(order).toEqual(['a.pdf', 'bad.pdf', 'throw.pdf', 'b.pdf']);
    const rows = await db.receipts.orderBy('createdAt').toArray();
    expect(rows.map((r) => r.status)).toEqual(['draft', 'error', 'error', 'draft']);
    expect(rows[1].error).toBe('PDF 已加密，无法读取');
    expect(rows[2].error).toMatch(/^读取失败/);
    expect(rows[0].declarationId).toBeTruthy();
    expect(rows[3].declarationId).toBe(rows[0].declarationId);
    expect(rows[0].extractMs).toBe(3);
  });

  it('resumes a file left "processing" by a reload, and gives up on one that never finishes', async () => {
    const db = fresh();
    const [a, b] = await importFiles(db, [file('a.pdf', 1), file('b.pdf', 2)]);
    await db.receipts.update(a.record.id, { status: 'processing', attempts: 1 });
    await db.receipts.update(b.record.id, { status: 'processing', attempts: 3 });
    await runQueue({ db, extract });
    expect((await db.receipts.get(a.record.id))!).toMatchObject({ status: 'draft', attempts: 2 });
    expect((await db.receipts.get(b.record.id))!).toMatchObject({ status: 'error', error: GAVE_UP });
  });

  it('runs one loop (two lanes) at a time however often it is started', async () => {
    const db = fresh();
    await importFiles(db, [file('a.pdf', 1), file('b.pdf', 2), file('c.pdf', 3)]);
    let active = 0, most = 0;
    const slow = async (i: { name: string; bytes: Uint8Array }) => {
      most = Math.max(most, ++active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
      return extract(i);
    };
    await Promise.all([runQueue({ db, extract: slow }), runQueue({ db, extract: slow }), runQueue({ db, extract: slow })]);
    // one loop with its two lanes: never more than two files at once, each file read once
    expect(most).toBe(2);
    expect(await db.receipts.where('status').equals('draft').count()).toBe(3);
  });

  it('two files of one hospital read at the same moment join one declaration; every file is read once', async () => {
    const db = fresh();
    await importFiles(db, Array.from({ length: 6 }, (_, i) => file(`f${i}.pdf`, i + 1)));
    const names: string[] = [];
    // both lanes finish together: the saves race for the declaration
    let waiting: Array<() => void> = [];
    const together = async (i: { name: string; bytes: Uint8Array }) => {
      names.push(i.name);
      await new Promise<void>((r) => {
        waiting.push(r);
        if (waiting.length === 2) (waiting.forEach((f) => f()), (waiting = []));
      });
      return extract(i);
    };
    await runQueue({ db, extract: together });
    expect(names.sort()).toEqual(['f0.pdf', 'f1.pdf', 'f2.pdf', 'f3.pdf', 'f4.pdf', 'f5.pdf']);
    expect(await db.declarations.count()).toBe(1);
    expect(new Set((await db.receipts.toArray()).map((r) => r.declarationId)).size).toBe(1);
  });

  it('keeps the page image the worker already encoded (no second encoding), and encodes raw pixels itself', async () => {
    const db = fresh();
    const [a, b] = await importFiles(db, [file('a.pdf', 1), file('b.pdf', 2)]);
    const jpeg = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 1])], { type: 'image/jpeg' });
    const encoded: number[] = [];
    await runQueue({
      db,
      lanes: 1,
      extract: async (i) => ({
        ...(await extract(i)),
        ...(i.name === 'a.pdf'
          ? { pageJpeg: { blob: jpeg, width: 30, height: 20 } }
          : { pageImage: { width: 3, height: 2, data: new Uint8ClampedArray(24) } }),
      }),
      toBlob: async (img) => (encoded.push(img.width), new Blob([new Uint8Array([0xff, 0xd8, 0xff, 2])], { type: 'image/jpeg' })),
    });
    const ra = (await db.receipts.get(a.record.id))!, rb = (await db.receipts.get(b.record.id))!;
    expect(encoded).toEqual([3]);
    expect(ra.pageImageSize).toEqual({ width: 30, height: 20 });
    expect(new Uint8Array(await ra.pageImage!.arrayBuffer())[3]).toBe(1);
    expect(rb.pageImageSize).toEqual({ width: 3, height: 2 });
    expect(new Uint8Array(await rb.pageImage!.arrayBuffer())[3]).toBe(2);
  });
});
