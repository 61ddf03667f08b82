/** Node image decoding (eval, tests): PNG and JPEG with pure-JS decoders. */
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import type { RgbaImage } from './types';

export const MAX_PIXELS = 40_000_000;

export async function decodeImageNode(bytes: Uint8Array): Promise<RgbaImage> {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (b[0] === 0x89 && b[1] === 0x50) {
      const png = PNG.sync.read(b);
      return { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length) };
    }
    if (b[0] === 0xff && b[1] === 0xd8) {
      const j = jpeg.decode(b, { useTArray: true, maxResolutionInMP: MAX_PIXELS / 1e6, formatAsRGBA: true });
      return { width: j.width, height: j.height, data: new Uint8ClampedArray(j.data.buffer, j.data.byteOffset, j.data.length) };
    }
  } catch (e) {
    throw new Error(`图片文件已损坏或无法解码：${(e as Error).message}`);
  }
  throw new Error('此环境不支持该图片格式（请使用 PNG 或 JPEG）');
}
