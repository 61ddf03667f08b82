/** Extension pages and workers: worker, core and language data come from the extension package itself (no CDN). */
import { createOcrEngine, type OcrEngine, type OcrEngineOptions } from './engine';

/** `url` turns a path inside the extension package into its URL (runtime.getURL, or the worker's origin). */
export function createBrowserOcrEngine(url: (path: string) => string, o: Omit<OcrEngineOptions, 'workerPath' | 'corePath' | 'langPath'> = {}): OcrEngine {
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
