/**
 * Pure image operations on RgbaImage: runs in Node, workers and pages (no DOM).
 */
import type { Box } from '../receipt/types';
import type { RgbaImage } from './types';

/**
 * Grayscale with the red seal (and red/brown table rules) suppressed: a pixel whose red channel
 * clearly dominates green and blue is treated as paper, so black digits under a red seal survive.
 * Output is RGBA gray.
 */
export function suppressRedToGray(img: RgbaImage): RgbaImage {
  const { width, height, data } = img;
  const out = new Uint8ClampedArray(data.length);
  for (let i = 0; i < data.length; i += 4) {
    const r = data[i], g = data[i + 1], b = data[i + 2];
    let y: number;
    if (r - Math.max(g, b) > 40 && r > 110) {
      // red ink is paper; black text printed under the seal shows as dark red (low r too)
      y = r < 150 && Math.max(g, b) < 70 ? Math.max(g, b) * 1.5 : 255;
    } else {
      y = 0.299 * r + 0.587 * g + 0.114 * b;
    }
    out[i] = out[i + 1] = out[i + 2] = y;
    out[i + 3] = 255;
  }
  return { width, height, data: out };
}

/** Flatten uneven lighting: divide by a coarse background estimate (block maxima, bilinear). */
export function flattenLight(img: RgbaImage, block = 48): RgbaImage {
  const { width, height, data } = img;
  const bw = Math.ceil(width / block), bh = Math.ceil(height / block);
  const bg = new Float32Array(bw * bh);
  for (let by = 0; by < bh; by++)
    for (let bx = 0; bx < bw; bx++) {
      // a high percentile approximated by the max of a subsample
      let m = 0;
      for (let y = by * block; y < Math.min(height, (by + 1) * block); y += 3)
        for (let x = bx * block; x < Math.min(width, (bx + 1) * block); x += 3) {
          const v = data[(y * width + x) * 4];
          if (v > m) m = v;
        }
      bg[by * bw + bx] = Math.max(m, 60);
    }
  const out = new Uint8ClampedArray(data.length);
  for (let y = 0; y < height; y++) {
    const fy = Math.min(bh - 1, Math.max(0, y / block - 0.5));
    const y0 = Math.floor(fy), y1 = Math.min(bh - 1, y0 + 1), ty = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(bw - 1, Math.max(0, x / block - 0.5));
      const x0 = Math.floor(fx), x1 = Math.min(bw - 1, x0 + 1), tx = fx - x0;
      const b = (bg[y0 * bw + x0] * (1 - tx) + bg[y0 * bw + x1] * tx) * (1 - ty) + (bg[y1 * bw + x0] * (1 - tx) + bg[y1 * bw + x1] * tx) * ty;
      const i = (y * width + x) * 4;
      const v = Math.min(255, (data[i] / b) * 255);
      out[i] = out[i + 1] = out[i + 2] = v;
      out[i + 3] = 255;
    }
  }
  return { width, height, data: out };
}

/** Rotate by a multiple of 90° clockwise. */
export function rotate90(img: RgbaImage, quarterTurns: number): RgbaImage {
  const k = ((quarterTurns % 4) + 4) % 4;
  if (k === 0) return img;
  const { width: w, height: h, data } = img;
  const W = k === 2 ? w : h, H = k === 2 ? h : w;
  const out = new Uint8ClampedArray(data.length);
  const src = new Uint32Array(data.buffer, data.byteOffset, w * h);
  const dst = new Uint32Array(out.buffer);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let nx: number, ny: number;
      if (k === 1) { nx = h - 1 - y; ny = x; }
      else if (k === 2) { nx = w - 1 - x; ny = h - 1 - y; }
      else { nx = y; ny = w - 1 - x; }
      dst[ny * W + nx] = src[y * w + x];
    }
  return { width: W, height: H, data: out };
}

/** Bilinear resize. */
export function resize(img: RgbaImage, scale: number): RgbaImage {
  const W = Math.max(1, Math.round(img.width * scale)), H = Math.max(1, Math.round(img.height * scale));
  const out = new Uint8ClampedArray(W * H * 4);
  const { width: w, height: h, data } = img;
  for (let y = 0; y < H; y++) {
    const fy = Math.min(h - 1, (y + 0.5) / scale - 0.5);
    const y0 = Math.max(0, Math.floor(fy)), y1 = Math.min(h - 1, y0 + 1), ty = Math.max(0, fy - y0);
    for (let x = 0; x < W; x++) {
      const fx = Math.min(w - 1, (x + 0.5) / scale - 0.5);
      const x0 = Math.max(0, Math.floor(fx)), x1 = Math.min(w - 1, x0 + 1), tx = Math.max(0, fx - x0);
      for (let c = 0; c < 4; c++) {
        const a = data[(y0 * w + x0) * 4 + c] * (1 - tx) + data[(y0 * w + x1) * 4 + c] * tx;
        const b = data[(y1 * w + x0) * 4 + c] * (1 - tx) + data[(y1 * w + x1) * 4 + c] * tx;
        out[(y * W + x) * 4 + c] = a * (1 - ty) + b * ty;
      }
    }
  }
  return { width: W, height: H, data: out };
}

export function crop(img: RgbaImage, box: Box, margin = 0): RgbaImage {
  const x0 = Math.max(0, Math.floor(box.x - margin)), y0 = Math.max(0, Math.floor(box.y - margin));
  const x1 = Math.min(img.width, Math.ceil(box.x + box.w + margin)), y1 = Math.min(img.height, Math.ceil(box.y + box.h + margin));
  const w = Math.max(1, x1 - x0), h = Math.max(1, y1 - y0);
  const out = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) out.set(img.data.subarray(((y0 + y) * img.width + x0) * 4, ((y0 + y) * img.width + x0 + w) * 4), y * w * 4);
  return { width: w, height: h, data: out };
}

/** Share of dark pixels: a blank page has almost none. */
export function inkRatio(img: RgbaImage): number {
  let dark = 0, n = 0;
  for (let i = 0; i < img.data.length; i += 16) {
    n++;
    if (img.data[i] < 128) dark++;
  }
  return dark / Math.max(1, n);
}
