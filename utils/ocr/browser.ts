/** Extension pages: worker, core and language data come from the extension package itself. */
import { browser } from 'wxt/browser';
import { createOcrEngine, type OcrEngine } from './engine';

export function createBrowserOcrEngine(o: { poolSize?: number; idleMs?: number } = {}): OcrEngine {
  const url = (p: string) => browser.runtime.getURL(p as any);
  return createOcrEngine({
    poolSize: o.poolSize ?? Math.min(2, Math.max(1, (navigator.hardwareConcurrency || 2) - 1)),
    idleMs: o.idleMs ?? 120_000,
    createWorker: async () => {
      const { createWorker } = await import('tesseract.js');
      return createWorker('chi_sim', 1, {
        workerPath: url('/ocr/worker.min.js'),
        corePath: url('/ocr/core/'),
        langPath: url('/ocr/lang'),
        workerBlobURL: false,
        cacheMethod: 'none',
        gzip: true,
      }) as any;
    },
  });
}
