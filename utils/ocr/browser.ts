/** Extension pages: worker, core and language data come from the extension package itself. */
import { browser } from 'wxt/browser';
import { createOcrEngine, type OcrEngine } from './engine';
import type { RgbaImage } from './types';

export async function encodePngBrowser(img: RgbaImage): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(img.width, img.height);
  canvas.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(img.data), img.width, img.height), 0, 0);
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return new Uint8Array(await blob.arrayBuffer());
}

export function createBrowserOcrEngine(o: { poolSize?: number; idleMs?: number } = {}): OcrEngine {
  const url = (p: string) => browser.runtime.getURL(p as any);
  return createOcrEngine({
    poolSize: o.poolSize ?? Math.min(2, Math.max(1, (navigator.hardwareConcurrency || 2) - 1)),
    idleMs: o.idleMs ?? 120_000,
    encode: encodePngBrowser,
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
