/** Image format and size from the first bytes (no decoding), to refuse what cannot or should not be decoded. */

export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'gif' | 'bmp' | 'heic' | 'avif' | 'unknown';

export const CORRUPT_MESSAGE = '图片文件已损坏或格式不受支持';
export const HEIC_MESSAGE = '暂不支持 HEIC/HEIF 格式（iPhone 默认照片格式）：请在手机上导出为 JPEG（或在“设置 → 相机 → 格式”中选“兼容性最佳”）后再导入';
/** Above this many pixels an image is refused before decoding (a receipt needs ~2–4 MP). */
export const MAX_DECODE_PIXELS = 100_000_000;
export const TOO_LARGE_MESSAGE = '图片尺寸过大（超过 1 亿像素）：请缩小后再导入';

export function imageFormat(b: Uint8Array): ImageFormat {
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 12 && b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50) return 'webp';
  if (b.length >= 6 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return 'gif';
  if (b.length >= 2 && b[0] === 0x42 && b[1] === 0x4d) return 'bmp';
  if (b.length >= 12 && b[4] === 0x66 && b[5] === 0x74 && b[6] === 0x79 && b[7] === 0x70) {
    const brand = String.fromCharCode(b[8], b[9], b[10], b[11]);
    if (/^(heic|heix|hevc|hevx|heim|heis|mif1|msf1)$/.test(brand)) return 'heic';
    if (/^avi[fs]$/.test(brand)) return 'avif';
  }
  return 'unknown';
}

/** Width and height from the header, or null when the header cannot be read. */
export function imageSize(b: Uint8Array): { width: number; height: number } | null {
  const f = imageFormat(b);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  try {
    if (f === 'png' && b.length >= 24) return { width: dv.getUint32(16), height: dv.getUint32(20) };
    if (f === 'gif' && b.length >= 10) return { width: dv.getUint16(6, true), height: dv.getUint16(8, true) };
    if (f === 'bmp' && b.length >= 26) return { width: Math.abs(dv.getInt32(18, true)), height: Math.abs(dv.getInt32(22, true)) };
    if (f === 'webp' && b.length >= 30) {
      const kind = String.fromCharCode(b[12], b[13], b[14], b[15]);
      if (kind === 'VP8 ') return { width: dv.getUint16(26, true) & 0x3fff, height: dv.getUint16(28, true) & 0x3fff };
      if (kind === 'VP8L') {
        const v = dv.getUint32(21, true);
        return { width: (v & 0x3fff) + 1, height: ((v >> 14) & 0x3fff) + 1 };
      }
      if (kind === 'VP8X') return { width: 1 + (b[24] | (b[25] << 8) | (b[26] << 16)), height: 1 + (b[27] | (b[28] << 8) | (b[29] << 16)) };
    }
    if (f === 'jpeg') {
      let i = 2;
      while (i + 9 < b.length) {
        if (b[i] !== 0xff) { i++; continue; }
        const m = b[i + 1];
        if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7) || m === 0xff) { i += m === 0xff ? 1 : 2; continue; }
        const len = dv.getUint16(i + 2);
        if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) return { width: dv.getUint16(i + 7), height: dv.getUint16(i + 5) };
        i += 2 + len;
      }
    }
  } catch {
    return null;
  }
  return null;
}
