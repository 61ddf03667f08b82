/** Extension pages: worker, core and language data come from the extension package itself (no CDN). */
import { browser } from 'wxt/browser';
import { createOcrEngine, type OcrEngine, type OcrEngineOptions } from './engine';

export function createBrowserOcrEngine(o: Omit<OcrEngineOptions, 'workerPath' | 'corePath' | 'langPath'> = {}): OcrEngine {
  const url = (p: string) => browser.runtime.getURL(p as any);
  return createOcrEngine({
    poolSize: 1,
    idleMs: 120_000,
    ...o,
    workerPath: url('/ocr/worker.min.js'),
    corePath: url('/ocr/core/'),
    langPath: url('/ocr/lang'),
    workerBlobURL: false,
  });
}
