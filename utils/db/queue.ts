/**
 * The import queue: files are stored first (status queued), then read one by one in the
 * background, two at a time. It resumes after a reload or a crash: anything queued/processing is picked up again.
 */
import type { AppDB } from './db';
import { addQueuedReceipts, saveExtraction } from './repo';
import type { ExtractEnv, ExtractResult } from '../extract/pipeline';
import type { RgbaImage } from '../ocr/types';

export const ACCEPT = '.png,.jpg,.jpeg,.webp,.bmp,.gif,.pdf,.ofd,image/*,application/pdf';

export interface QueueDeps {
  db: AppDB;
  extract: (input: { name: string; bytes: Uint8Array; mime?: string }) => Promise<ExtractResult>;
  toBlob?: (img: RgbaImage) => Promise<Blob>;
  onChange?: () => void;
}

/** Store files as `queued` (bytes included) in chunks; the queue reads them afterwards. */
export async function importFiles(db: AppDB, files: Array<{ name: string; type: string; bytes: Uint8Array }>, chunk = 25) {
  const out = [];
  for (let i = 0; i < files.length; i += chunk) out.push(...(await addQueuedReceipts(db, files.slice(i, i + chunk))));
  return out;
}

let running: Promise<void> | null = null;
export const MAX_ATTEMPTS = 3;
export const GAVE_UP = '读取这个文件时面板多次中断（文件可能过大或已损坏），已跳过。可以把它另存为图片或 PDF 后重新导入。';

/** Files read at once: OCR of one overlaps the decoding/QR/layout work of the other (2 cores). */
export const QUEUE_LANES = 2;

/** Process everything queued (and anything left "processing" by a crash). Safe to call often. */
export function runQueue(deps: QueueDeps & { lanes?: number }): Promise<void> {
  running ??= (async () => {
    const taken = new Set<string>();
    const lane = async () => {
      for (;;) {
        const next = await deps.db.receipts.where('status').anyOf('processing', 'queued').sortBy('createdAt');
        const r = next.find((x) => !taken.has(x.id));
        if (!r) break;
        taken.add(r.id);
        const attempts = (r.attempts ?? 0) + 1;
        await deps.db.receipts.update(r.id, { status: 'processing', attempts });
        deps.onChange?.();
        let result: ExtractResult;
        if (attempts > MAX_ATTEMPTS) {
          // started 3 times already and never finished: the file crashed or hung the panel
          result = { fields: {}, fileKind: 'unknown', sourcesUsed: [], ms: 0, error: { code: 'extract.gaveUp', message: GAVE_UP } };
        } else try {
          const bytes = new Uint8Array(await r.file!.arrayBuffer());
          result = await deps.extract({ name: r.fileName, bytes, mime: r.mime });
        } catch (e) {
          result = { fields: {}, fileKind: 'unknown', sourcesUsed: [], ms: 0, error: { code: 'extract.crash', message: `读取失败：${(e as Error).message}` } };
        }
        // the page image: encoded already where it was read (the worker), else here
        let pageImage: Blob | undefined = result.pageJpeg?.blob;
        if (!pageImage && result.pageImage && deps.toBlob) pageImage = await deps.toBlob(result.pageImage).catch(() => undefined);
        const size = result.pageJpeg ?? result.pageImage;
        await saveExtraction(deps.db, r.id, {
          fields: result.fields,
          error: result.error,
          fileKind: result.fileKind,
          ms: result.ms,
          pageImage,
          pageImageSize: size ? { width: size.width, height: size.height } : undefined,
        });
        deps.onChange?.();
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.max(1, deps.lanes ?? QUEUE_LANES) }, lane));
    } finally {
      running = null;
    }
  })();
  return running;
}
