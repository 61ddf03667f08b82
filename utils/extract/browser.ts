/** Extension wiring of the pipeline: OCR, decoders, QR and PDF workers all load from the extension package. */
import { browser } from 'wxt/browser';
import type { ExtractEnv, ExtractResult } from './pipeline';
import { createWebExtractEnv } from './web-env';

let env: ExtractEnv | null = null;

/** The pipeline's environment on the panel's own thread (used when the worker cannot start). */
export function createBrowserExtractEnv(): ExtractEnv {
  env ??= createWebExtractEnv((p) => browser.runtime.getURL(p as any));
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
