/**
 * The pipeline's environment in an extension page or its worker: OCR, decoders, QR and PDF workers
 * all load from the extension package (`url` maps a package path to its URL). No `browser.*` API here,
 * so a dedicated worker can use it too.
 */
import { createBrowserOcrEngine } from '../ocr/browser';
import { decodeImageBrowser } from '../ocr/decode-browser';
import type { ExtractEnv } from './pipeline';
import type { RgbaImage } from '../ocr/types';

/**
 * The page image as the JPEG the receipt keeps (the clerk's crops of each value are cut from it).
 * Encoded where the pipeline ran — the panel's extraction worker — so the panel's own thread does not
 * (it was ~75 ms of the panel's thread per receipt). The pixels are wrapped, not copied.
 */
export async function encodePageJpeg(img: RgbaImage): Promise<Blob> {
  const c = new OffscreenCanvas(img.width, img.height);
  const px = img.data.length === img.width * img.height * 4 ? new Uint8ClampedArray(img.data.buffer as ArrayBuffer, img.data.byteOffset, img.data.length) : new Uint8ClampedArray(img.data);
  c.getContext('2d')!.putImageData(new ImageData(px, img.width, img.height), 0, 0);
  return c.convertToBlob({ type: 'image/jpeg', quality: 0.82 });
}

export function createWebExtractEnv(url: (path: string) => string, o: { poolSize?: number } = {}): ExtractEnv {
  let zxingReady: Promise<any> | null = null;
  return {
    ocr: createBrowserOcrEngine(url, { poolSize: o.poolSize ?? 1 }),
    // one small worker that only re-reads the 大写 line (traditional-Chinese model, see wxt.config.ts)
    wordsOcr: createBrowserOcrEngine(url, { poolSize: 1, langs: 'chi_tra' }),
    // one small worker that re-reads the values printed in digits and confirms a check code (eng: pipeline.ts's LATIN_VALUES)
    valuesOcr: createBrowserOcrEngine(url, { poolSize: 1, langs: 'eng' }),
    decodeImage: decodeImageBrowser,
    zxing: {
      async readBarcodes(bytes: Uint8Array, opts: object) {
        zxingReady ??= import('zxing-wasm/reader').then((m) => {
          m.prepareZXingModule({ overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? url('/qr/zxing_reader.wasm') : prefix + path) } });
          return m;
        });
        const m = await zxingReady;
        return m.readBarcodes(new Blob([bytes as BlobPart]), opts);
      },
    },
    loadPdfjs: async () => {
      const pdfjs: any = await import('pdfjs-dist');
      pdfjs.GlobalWorkerOptions.workerSrc = url('/pdf/pdf.worker.min.mjs');
      return pdfjs;
    },
  };
}
