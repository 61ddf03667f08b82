/** Node wiring of the pipeline (eval, tests). */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createNodeOcrEngine } from '../ocr/node';
import { decodeImageNode } from '../ocr/decode-node';
import type { ExtractEnv } from './pipeline';

const require = createRequire(import.meta.url);

export async function createNodeExtractEnv(o: { today?: string; ocr?: boolean } = {}): Promise<ExtractEnv> {
  const zxing = await import('zxing-wasm/reader');
  const wasmPath = require.resolve('zxing-wasm/reader/zxing_reader.wasm');
  const wasmBinary = await readFile(wasmPath);
  zxing.prepareZXingModule({ overrides: { wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) as ArrayBuffer } });
  // loaded once with the environment (module start-up is not part of any one file's time)
  const pdfjs = import('pdfjs-dist/legacy/build/pdf.mjs' as any);
  await pdfjs;
  return {
    ocr: o.ocr === false ? undefined : createNodeOcrEngine(),
    wordsOcr: o.ocr === false ? undefined : createNodeOcrEngine({ langs: 'chi_tra' }),
    valuesOcr: o.ocr === false ? undefined : createNodeOcrEngine({ langs: 'eng' }),
    decodeImage: (b) => decodeImageNode(b),
    zxing: zxing as any,
    loadPdfjs: () => pdfjs,
    today: o.today,
  };
}
