/** PDF text layer (pdfjs-dist) → TextItems in page pixels (scale 2). Encrypted/corrupt → Chinese errors. */
import type { TextItem } from '../ocr/types';

export class ExtractError extends Error {
  constructor(public code: string, message: string) {
    super(message);
  }
}

export interface PdfText {
  items: TextItem[];
  pages: number;
}

/** `pdfjs` is the pdfjs-dist module (legacy build in Node, normal build with a local worker in the extension). */
export async function readPdfText(bytes: Uint8Array, pdfjs: any, maxPages = 3): Promise<PdfText> {
  let doc: any;
  let task: any;
  try {
    task = pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 });
    doc = await task.promise;
  } catch (e: any) {
    if (e?.name === 'PasswordException') throw new ExtractError('pdf.encrypted', 'PDF 已加密，请导出未加密的版本后再导入');
    throw new ExtractError('pdf.corrupt', 'PDF 文件已损坏或不完整，无法读取');
  }
  const items: TextItem[] = [];
  const S = 2;
  const pages = Math.min(doc.numPages, maxPages);
  let yOffset = 0;
  for (let p = 1; p <= pages; p++) {
    const page = await doc.getPage(p);
    const vp = page.getViewport({ scale: 1 });
    const tc = await page.getTextContent();
    for (const it of tc.items as any[]) {
      const str = String(it.str ?? '');
      if (!str.trim()) continue;
      const [, , c, d, e, f] = it.transform;
      const h = Math.hypot(c, d) || it.height || 10;
      items.push({ text: str, x: e * S, y: (yOffset + vp.height - f - h * 0.85) * S, w: Math.max(it.width, h * 0.5) * S, h: h * S, page: p - 1, confidence: 1 });
    }
    yOffset += vp.height;
  }
  const numPages = doc.numPages;
  await task.destroy?.();
  return { items, pages: numPages };
}
