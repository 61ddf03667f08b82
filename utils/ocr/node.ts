/** Node (eval, tests, bench): tesseract.js with language data read from the npm package (no download). */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createOcrEngine, type OcrEngine, type OcrEngineOptions } from './engine';
import { encodeRgbaPng } from './png';
import type { RgbaImage } from './types';

const require = createRequire(import.meta.url);

/**
 * Which traineddata: `4.0.0_best_int` (tessdata_best converted to integer). Measured against `4.0.0`
 * on the fixtures: as fast or faster, higher word confidence on the five values, half the init time
 * (see utils/ocr/README.md). The extension build copies the same file (wxt.config.ts).
 */
export const TRAINEDDATA_VARIANT = '4.0.0_best_int';

export function nodeLangPath(lang = 'chi_sim'): string {
  return join(dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)), TRAINEDDATA_VARIANT);
}

export function createNodeOcrEngine(o: Omit<OcrEngineOptions, 'langPath'> = {}): OcrEngine {
  return createOcrEngine({ poolSize: 1, idleMs: 10_000, ...o, langPath: nodeLangPath(o.langs ?? 'chi_sim') });
}

/** PNG bytes of an RgbaImage (debugging, fixtures). */
export function encodePngNode(img: RgbaImage): Uint8Array {
  return encodeRgbaPng(img);
}
