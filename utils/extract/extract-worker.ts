/**
 * Dedicated worker of the side panel: decoding, image preparation, QR, PDF/OFD parsing and the
 * whole pipeline run here, off the panel's main thread (the panel stays responsive while hundreds
 * of receipts are read). tesseract.js and pdf.js start their own workers from here.
 * Two tesseract workers: the queue reads two files at once (one OCR while the other decodes/parses).
 * Protocol: {id, input} → {id, result} | {id, error}; {abort: id} cancels that file's OCR jobs.
 */
import { createOcrEngine } from '../ocr/engine';
import { decodeImageBrowser } from '../ocr/decode-browser';
import { extractReceipt, type ExtractEnv, type ExtractResult } from './pipeline';

// chrome.* is not available in a worker: the extension's own origin gives the packaged files' URLs
const url = (p: string) => new URL(p, self.location.origin).href;
let zxingReady: Promise<any> | null = null;
const base: ExtractEnv = {
  ocr: createOcrEngine({ poolSize: 2, idleMs: 120_000, workerPath: url('/ocr/worker.min.js'), corePath: url('/ocr/core/'), langPath: url('/ocr/lang'), workerBlobURL: false }),
  decodeImage: decodeImageBrowser,
  zxing: {
    async readBarcodes(bytes: Uint8Array, o: object) {
      zxingReady ??= import('zxing-wasm/reader').then((m) => {
        m.prepareZXingModule({ overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? url('/qr/zxing_reader.wasm') : prefix + path) } });
        return m;
      });
      const m = await zxingReady;
      return m.readBarcodes(new Blob([bytes as BlobPart]), o);
    },
  },
  loadPdfjs: async () => {
    const pdfjs: any = await import('pdfjs-dist');
    pdfjs.GlobalWorkerOptions.workerSrc = url('/pdf/pdf.worker.min.mjs');
    return pdfjs;
  },
};

const running = new Map<number, AbortController>();
self.onmessage = async (e: MessageEvent) => {
  const msg = e.data;
  if (msg?.abort != null) return running.get(msg.abort)?.abort();
  const { id, input } = msg as { id: number; input: { name: string; bytes: Uint8Array; mime?: string } };
  const ac = new AbortController();
  running.set(id, ac);
  try {
    const result: ExtractResult = await extractReceipt(input, { ...base, signal: ac.signal });
    const transfer = result.pageImage?.data?.buffer ? [result.pageImage.data.buffer as ArrayBuffer] : [];
    (self as unknown as Worker).postMessage({ id, result }, transfer);
  } catch (err) {
    (self as unknown as Worker).postMessage({ id, error: (err as Error)?.message ?? String(err) });
  } finally {
    running.delete(id);
  }
};
