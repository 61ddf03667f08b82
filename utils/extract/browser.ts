/** Extension wiring of the pipeline: OCR, decoders, QR and PDF workers all load from the extension package. */
import { browser } from 'wxt/browser';
import { createBrowserOcrEngine } from '../ocr/browser';
import { decodeImageBrowser } from '../ocr/decode-browser';
import type { ExtractEnv, ExtractResult } from './pipeline';

let env: ExtractEnv | null = null;

export function createBrowserExtractEnv(): ExtractEnv {
  if (env) return env;
  const url = (p: string) => browser.runtime.getURL(p as any);
  let zxingReady: Promise<any> | null = null;
  const zxing = {
    async readBarcodes(bytes: Uint8Array, o: object) {
      zxingReady ??= import('zxing-wasm/reader').then((m) => {
        m.prepareZXingModule({ overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? url('/qr/zxing_reader.wasm') : prefix + path) } });
        return m;
      });
      const m = await zxingReady;
      return m.readBarcodes(new Blob([bytes as BlobPart]), o);
    },
  };
  env = {
    ocr: createBrowserOcrEngine(),
    decodeImage: decodeImageBrowser,
    zxing,
    loadPdfjs: async () => {
      const pdfjs: any = await import('pdfjs-dist');
      pdfjs.GlobalWorkerOptions.workerSrc = url('/pdf/pdf.worker.min.mjs');
      return pdfjs;
    },
  };
  return env;
}

/**
 * The pipeline in a dedicated worker (off the panel's main thread). Falls back to the panel's own
 * thread when the worker cannot start (the result is the same, only the panel is busier).
 */
let worker: Worker | null | undefined;
let nextId = 1;
const pending = new Map<number, { resolve: (r: ExtractResult) => void; reject: (e: Error) => void }>();

function extractWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = new Worker(new URL('./extract-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent) => {
      const p = pending.get(e.data?.id);
      if (!p) return;
      pending.delete(e.data.id);
      if (e.data.error) p.reject(new Error(e.data.error));
      else p.resolve(e.data.result);
    };
    worker.onerror = (e) => {
      // the worker died (out of memory, a crash): every waiting file fails with a message, a new
      // worker starts with the next file
      for (const p of pending.values()) p.reject(new Error(`识别进程意外退出：${e.message || '未知原因'}`));
      pending.clear();
      worker?.terminate();
      worker = undefined;
    };
  } catch {
    worker = null;
  }
  return worker;
}

export async function extractInWorker(input: { name: string; bytes: Uint8Array; mime?: string }, o: { signal?: AbortSignal } = {}): Promise<ExtractResult> {
  const w = extractWorker();
  if (!w) {
    const { extractReceipt } = await import('./pipeline');
    return extractReceipt(input, { ...createBrowserExtractEnv(), signal: o.signal });
  }
  const id = nextId++;
  return new Promise<ExtractResult>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    o.signal?.addEventListener('abort', () => w.postMessage({ abort: id }), { once: true });
    w.postMessage({ id, input });
  });
}
