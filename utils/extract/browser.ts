/** Extension wiring of the pipeline: OCR, decoders, QR and PDF workers all load from the extension package. */
import { browser } from 'wxt/browser';
import { createBrowserOcrEngine } from '../ocr/browser';
import { decodeImageBrowser } from '../ocr/decode-browser';
import type { ExtractEnv } from './pipeline';

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
