/**
 * Dedicated worker of the side panel: decoding, image preparation, QR, PDF/OFD parsing and the
 * whole pipeline run here, off the panel's main thread (the panel stays responsive while hundreds
 * of receipts are read). tesseract.js and pdf.js start their own workers from here.
 * Two tesseract workers: the queue reads two files at once (one OCR while the other decodes/parses).
 * Protocol: {id, input} → {id, result} | {id, error}; {abort: id} cancels that file's OCR jobs.
 */
import { extractReceipt, type ExtractResult } from './pipeline';
import { createWebExtractEnv, encodePageJpeg } from './web-env';

// chrome.* is not available in a worker: the extension's own origin gives the packaged files' URLs
const base = createWebExtractEnv((p) => new URL(p, self.location.origin).href, { poolSize: 2 });

const running = new Map<number, AbortController>();
self.onmessage = async (e: MessageEvent) => {
  const msg = e.data;
  if (msg?.abort != null) return running.get(msg.abort)?.abort();
  const { id, input } = msg as { id: number; input: { name: string; bytes: Uint8Array; mime?: string } };
  const ac = new AbortController();
  running.set(id, ac);
  try {
    let result: ExtractResult = await extractReceipt(input, { ...base, signal: ac.signal });
    // the page image kept as JPEG is encoded here, not on the panel's thread (raw pixels if that fails)
    if (result.pageImage) {
      const img = result.pageImage;
      const blob = await encodePageJpeg(img).catch(() => null);
      if (blob) result = { ...result, pageImage: undefined, pageJpeg: { blob, width: img.width, height: img.height } };
    }
    const transfer = result.pageImage?.data?.buffer ? [result.pageImage.data.buffer as ArrayBuffer] : [];
    (self as unknown as Worker).postMessage({ id, result }, transfer);
  } catch (err) {
    (self as unknown as Worker).postMessage({ id, error: (err as Error)?.message ?? String(err) });
  } finally {
    running.delete(id);
  }
};
