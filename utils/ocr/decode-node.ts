/** Node image decoding (eval, tests, bench): PNG and JPEG with pure-JS decoders (pngjs, jpeg-js). */
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import type { RgbaImage } from './types';
import { CORRUPT_MESSAGE, HEIC_MESSAGE, MAX_DECODE_PIXELS, TOO_LARGE_MESSAGE, imageFormat, imageSize } from './image-size';

export const MAX_PIXELS = MAX_DECODE_PIXELS;

/** PNG or JPEG bytes → RGBA. Corrupt bytes, HEIC, WebP/GIF (not decodable here) → Error with a Chinese message. */
export async function decodeImageNode(bytes: Uint8Array): Promise<RgbaImage> {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fmt = imageFormat(bytes);
  if (fmt === 'heic') throw new Error(HEIC_MESSAGE);
  if (fmt === 'png' || fmt === 'jpeg') {
    const size = imageSize(bytes);
    if (!size || !size.width || !size.height) throw new Error(CORRUPT_MESSAGE);
    if (size.width * size.height > MAX_PIXELS) throw new Error(TOO_LARGE_MESSAGE);
    try {
      if (fmt === 'png') {
        const png = PNG.sync.read(b);
        return { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length) };
      }
      const j = jpeg.decode(b, { useTArray: true, maxResolutionInMP: MAX_PIXELS / 1e6, maxMemoryUsageInMB: 1024, formatAsRGBA: true });
      if (!j.width || !j.height) throw new Error('empty');
      return { width: j.width, height: j.height, data: new Uint8ClampedArray(j.data.buffer, j.data.byteOffset, j.data.length) };
    } catch {
      throw new Error(CORRUPT_MESSAGE);
    }
  }
  if (fmt === 'webp' || fmt === 'gif' || fmt === 'bmp' || fmt === 'avif') {
    throw new Error(`${CORRUPT_MESSAGE}（Node 环境只解码 PNG 和 JPEG；扩展内可读 ${fmt.toUpperCase()}）`);
  }
  throw new Error(CORRUPT_MESSAGE);
}
