/**
 * A receipt file → the receipt model. The same code runs in Node (eval) and in the extension.
 * Order: born-digital text (OFD XML, PDF text layer) → QR → OCR with region re-reads; every
 * reading becomes a candidate and the receipt model's merge decides value and status.
 */
import type { Candidate, FieldKey, FieldSource, ReceiptFields } from '../receipt/types';
import { FIVE_ELEMENTS } from '../receipt/types';
import { buildReceipt } from '../receipt/validate';
import type { RgbaImage } from '../ocr/types';
import type { OcrEngine } from '../ocr/engine';
import { inkRatio, resize, rotate90, suppressRedToGray, flattenLight } from '../ocr/image';
import { readFieldsFromTextItems, type LayoutResult } from './layout';
import { readPdfText, ExtractError } from './pdf';
import { readOfdText } from './ofd';
import { decodeQr, parseQrPayload } from './qr';

export const MAX_FILE_BYTES = 40 * 1024 * 1024;

export interface ExtractEnv {
  ocr?: OcrEngine;
  decodeImage?: (bytes: Uint8Array, mime?: string) => Promise<RgbaImage>;
  zxing?: { readBarcodes: (b: Uint8Array, o: object) => Promise<Array<{ text: string; isValid?: boolean }>> };
  loadPdfjs?: () => Promise<any>;
  today?: string;
}

export type FileKind = 'image' | 'pdf' | 'ofd' | 'unknown';

export interface ExtractResult {
  fields: ReceiptFields;
  fileKind: FileKind;
  sourcesUsed: FieldSource[];
  error?: { code: string; message: string };
  ms: number;
  /** the upright image the boxes refer to (images only) */
  pageImage?: RgbaImage;
  qrPayloads?: string[];
  rotation?: number;
  labelHits?: number;
}

export function sniff(bytes: Uint8Array): FileKind {
  const b = bytes;
  if (b.length >= 4 && b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46) return 'pdf';
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return 'ofd';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image';
  if (b.length >= 12 && b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45) return 'image';
  if (b.length >= 2 && b[0] === 0x42 && b[1] === 0x4d) return 'image';
  if (b.length >= 4 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return 'image';
  return 'unknown';
}

type Cands = Partial<Record<FieldKey, Candidate[]>>;
function mergeInto(a: Cands, b: Cands) {
  for (const [k, list] of Object.entries(b) as Array<[FieldKey, Candidate[]]>) (a[k] ??= []).push(...list);
}

const WHITELIST: Partial<Record<FieldKey, string>> = {
  billCode: '0123456789',
  billNumber: '0123456789',
  checkCode: '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  issueDate: '0123456789-年月日',
  totalAmount: '0123456789.,¥',
};
const REGION_PATTERNS: Partial<Record<FieldKey, RegExp>> = {
  billCode: /\d{8}/,
  billNumber: /\d{10}/,
  checkCode: /[0-9a-zA-Z]{6}/,
  issueDate: /\d{4}(?:-\d{1,2}-\d{1,2}|年\d{1,2}月\d{1,2}日?|\d{4})/,
  totalAmount: /\d[\d,]*\.\d{2}/,
};

function fail(fileKind: FileKind, t0: number, code: string, message: string): ExtractResult {
  return { fields: {}, fileKind, sourcesUsed: [], error: { code, message }, ms: performance.now() - t0 };
}

export async function extractReceipt(input: { name: string; bytes: Uint8Array; mime?: string }, env: ExtractEnv): Promise<ExtractResult> {
  const t0 = performance.now();
  const { bytes } = input;
  if (!bytes || bytes.length === 0) return fail('unknown', t0, 'file.empty', '文件是空的（0 字节）：请重新导出或拍摄');
  if (bytes.length > MAX_FILE_BYTES) return fail('unknown', t0, 'file.tooLarge', `文件过大（${(bytes.length / 1048576).toFixed(1)} MB，上限 40 MB）：请压缩或裁剪后再导入`);
  const kind = sniff(bytes);
  const ctx = { today: env.today };
  try {
    if (kind === 'ofd') {
      const { items, embedded } = readOfdText(bytes);
      const layout = readFieldsFromTextItems(items, 'ofd-xml');
      const cands = layout.candidates;
      for (const [k, v] of Object.entries(embedded)) (cands[k as FieldKey] ??= []).push({ value: v, source: 'ofd-xml', confidence: 1 });
      if (layout.labelHits < 2) return fail(kind, t0, 'not.receipt', '这个 OFD 文件里没有找到票据内容：请确认是医疗收费电子票据');
      return { fields: buildReceipt(cands, ctx), fileKind: kind, sourcesUsed: ['ofd-xml'], ms: performance.now() - t0, labelHits: layout.labelHits };
    }
    if (kind === 'pdf') {
      if (!env.loadPdfjs) return fail(kind, t0, 'pdf.unsupported', '当前环境无法读取 PDF');
      const { items } = await readPdfText(bytes, await env.loadPdfjs());
      const layout = readFieldsFromTextItems(items, 'pdf-text');
      if (layout.labelHits < 2) {
        return fail(kind, t0, items.length ? 'not.receipt' : 'pdf.noText', items.length ? '这个 PDF 里没有找到票据内容：请确认是医疗收费电子票据' : '这个 PDF 没有文字层（可能是扫描件）：请导入原始电子票据，或把它截图/导出为图片后再导入');
      }
      return { fields: buildReceipt(layout.candidates, ctx), fileKind: kind, sourcesUsed: ['pdf-text'], ms: performance.now() - t0, labelHits: layout.labelHits };
    }
    if (kind === 'image') return await extractImage(input, env, t0);
    return fail(kind, t0, 'file.unsupported', '不支持的文件类型：请导入 PNG/JPEG/WebP 图片、PDF 或 OFD 文件');
  } catch (e) {
    if (e instanceof ExtractError) return fail(kind, t0, e.code, e.message);
    return fail(kind, t0, 'extract.failed', `读取失败：${(e as Error).message}`);
  }
}

async function extractImage(input: { name: string; bytes: Uint8Array; mime?: string }, env: ExtractEnv, t0: number): Promise<ExtractResult> {
  if (!env.decodeImage || !env.ocr) return fail('image', t0, 'ocr.unavailable', '当前环境无法识别图片');
  let img: RgbaImage;
  try {
    img = await env.decodeImage(input.bytes, input.mime);
  } catch (e) {
    return fail('image', t0, 'image.corrupt', (e as Error).message || '图片文件已损坏或无法解码');
  }
  if (img.width < 200 || img.height < 150) return fail('image', t0, 'image.tooSmall', `图片太小（${img.width}×${img.height}）：请拍摄或扫描更清晰的票据`);
  const qrPromise = env.zxing ? decodeQr(input.bytes, env.zxing) : Promise.resolve([]);

  // normalise size: receipts read best at ~1500–2000 px wide
  const long = Math.max(img.width, img.height);
  if (long > 2400) img = resize(img, 2000 / long);
  else if (long < 1300) img = resize(img, 1500 / long);
  let prep = flattenLight(suppressRedToGray(img));
  if (inkRatio(prep) < 0.002) {
    return fail('image', t0, 'image.blank', '图片几乎是空白的：请确认拍到了票据');
  }

  const ocr = env.ocr;
  let rec = await ocr.recognize(prep);
  let layout: LayoutResult = readFieldsFromTextItems(rec.items, 'ocr');
  let rotation = 0;
  if (layout.labelHits < 4) {
    // maybe rotated 90/180/270: try the other orientations on a smaller copy, keep the best
    const small = resize(prep, 0.5);
    let best = { turns: 0, hits: layout.labelHits };
    for (const turns of [2, 1, 3]) {
      const r = await ocr.recognize(rotate90(small, turns));
      const hits = readFieldsFromTextItems(r.items, 'ocr').labelHits;
      if (hits > best.hits) best = { turns, hits };
      if (hits >= 5) break;
    }
    if (best.turns !== 0) {
      rotation = best.turns * 90;
      img = rotate90(img, best.turns);
      prep = rotate90(prep, best.turns);
      rec = await ocr.recognize(prep);
      layout = readFieldsFromTextItems(rec.items, 'ocr');
    }
  }
  const qrPayloads = await qrPromise;
  const cands: Cands = {};
  for (const p of qrPayloads) mergeInto(cands, parseQrPayload(p));
  if (layout.labelHits < 2 && !qrPayloads.length) {
    return { ...fail('image', t0, 'not.receipt', '未识别到票据：请确认这是医疗收费票据的照片或文件（票据代码、票据号码等字样应清晰可见）'), pageImage: img };
  }
  mergeInto(cands, layout.candidates);

  // Re-read each of the five elements' value region with a whitelist, one line at a time.
  for (const f of FIVE_ELEMENTS) {
    const box = layout.valueBoxes[f];
    if (!box) continue;
    const region = { x: box.x - box.h * 0.4, y: box.y - box.h * 0.2, w: box.w + box.h * 0.8, h: box.h * 1.4 };
    try {
      const r = await ocr.readRegion(prep, region, { whitelist: WHITELIST[f], psm: 7 });
      const text = r.text.replace(/\s+/g, '');
      const m = REGION_PATTERNS[f]!.exec(text);
      if (m) {
        const cc = r.charConfidences && r.charConfidences.length === text.length ? r.charConfidences.slice(m.index, m.index + m[0].length) : undefined;
        (cands[f] ??= []).push({ value: m[0], source: 'ocr', confidence: r.confidence, box, ...(cc ? { charConfidences: cc } : {}) });
      }
    } catch {
      /* a failed re-read only loses one confirmation */
    }
  }
  const sources: FieldSource[] = [...(qrPayloads.length ? (['qr'] as const) : []), 'ocr'];
  return {
    fields: buildReceipt(cands, { today: env.today }),
    fileKind: 'image',
    sourcesUsed: sources,
    ms: performance.now() - t0,
    pageImage: img,
    qrPayloads,
    rotation,
    labelHits: layout.labelHits,
  };
}
