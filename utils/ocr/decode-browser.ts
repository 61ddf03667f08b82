/** Browser/worker image decoding via createImageBitmap + OffscreenCanvas, with a size limit. */
import type { RgbaImage } from './types';

export const MAX_PIXELS = 40_000_000;
const MAX_SIDE = 4000;

export async function decodeImageBrowser(bytes: Uint8Array, mime = ''): Promise<RgbaImage> {
  let bmp: ImageBitmap;
  try {
    bmp = await createImageBitmap(new Blob([bytes as BlobPart], { type: mime }));
  } catch {
    throw new Error('图片文件已损坏或格式不受支持（支持 PNG、JPEG、WebP）');
  }
  if (bmp.width * bmp.height > MAX_PIXELS * 4) {
    bmp.close();
    throw new Error('图片尺寸过大，请缩小后再导入');
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(bmp.width, bmp.height));
  const w = Math.round(bmp.width * scale), h = Math.round(bmp.height * scale);
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  ctx.drawImage(bmp, 0, 0, w, h);
  bmp.close();
  const d = ctx.getImageData(0, 0, w, h);
  return { width: w, height: h, data: d.data };
}
