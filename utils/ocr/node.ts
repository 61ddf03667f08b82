/** Node: tesseract.js with language data read from the npm packages (no download). */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PNG } from 'pngjs';
import { createOcrEngine, type OcrEngine } from './engine';
import type { RgbaImage } from './types';

export function encodePngNode(img: RgbaImage): Uint8Array {
  const png = new PNG({ width: img.width, height: img.height });
  png.data = Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength);
  return PNG.sync.write(png, { deflateLevel: 1 });
}

const require = createRequire(import.meta.url);

export function nodeLangPath(lang = 'chi_sim'): string {
  return join(dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)), '4.0.0_best_int');
}

export function createNodeOcrEngine(o: { poolSize?: number; idleMs?: number } = {}): OcrEngine {
  return createOcrEngine({
    poolSize: o.poolSize ?? 1,
    idleMs: o.idleMs ?? 10_000,
    encode: async (img) => encodePngNode(img),
    createWorker: async () => {
      const { createWorker } = await import('tesseract.js');
      return createWorker('chi_sim', 1, { langPath: nodeLangPath(), cacheMethod: 'none', gzip: true }) as any;
    },
  });
}
