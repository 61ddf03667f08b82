/** Browser/worker image decoding via createImageBitmap + OffscreenCanvas (no DOM needed), with a size limit. */
import type { RgbaImage } from './types';
import { CORRUPT_MESSAGE, HEIC_MESSAGE, MAX_DECODE_PIXELS, TOO_LARGE_MESSAGE, imageFormat, imageSize } from './image-size';

/** Long side of the decoded image; larger photos are scaled down while decoding (receipts need ~2000 px). */
export const MAX_SIDE = 4000;

/**
 * PNG/JPEG/WebP/GIF/BMP (whatever the browser decodes) → RGBA, EXIF orientation applied,
 * transparency on white. Over 100 MP (by the header) → refused before decoding; HEIC → refused
 * with a hint; corrupt → Error('图片文件已损坏或格式不受支持').
 */
export async function decodeImageBrowser(bytes: Uint8Array, mime = ''): Promise<RgbaImage> {
  const fmt = imageFormat(bytes);
  if (fmt === 'heic' || /hei[cf]/i.test(mime)) throw new Error(HEIC_MESSAGE);
  const size = imageSize(bytes);
  if (size && size.width * size.height > MAX_DECODE_PIXELS) throw new Error(TOO_LARGE_MESSAGE);
  let bmp: ImageBitmap;
  try {
    bmp = await createImageBitmap(new Blob([bytes as BlobPart], { type: mime }), { imageOrientation: 'from-image' });
  } catch {
    throw new Error(CORRUPT_MESSAGE);
  }
  try {
    if (!bmp.width || !bmp.height) throw new Error(CORRUPT_MESSAGE);
    const scale = Math.min(1, MAX_SIDE / Math.max(bmp.width, bmp.height));
    const w = Math.max(1, Math.round(bmp.width * scale)), h = Math.max(1, Math.round(bmp.height * scale));
    const canvas = new OffscreenCanvas(w, h);
    const ctx = canvas.getContext('2d', { willReadFrequently: true }) as OffscreenCanvasRenderingContext2D | null;
    if (!ctx) throw new Error('无法创建画布（内存不足？）');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bmp, 0, 0, w, h);
    const d = ctx.getImageData(0, 0, w, h);
    return { width: w, height: h, data: d.data };
  } finally {
    bmp.close();
  }
}
