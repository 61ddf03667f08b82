/**
 * Image preparation for OCR: pure functions over pixel arrays (no DOM), so they run in Node,
 * workers and pages alike. Internally a one-byte-per-pixel gray plane is used (4× less memory
 * and work than RGBA); `grayToRgba` turns the result back into an RgbaImage.
 */
import type { RgbaImage } from './types';

/** One byte per pixel, row-major, 0 = black, 255 = paper. */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * Seal ink reflects red light as the paper around it does: its red channel (a little lifted) is the
 * paper's brightness there. Pure white instead left a bright halo on a grey phone photo, which the
 * light flattening then turned into a dark disc around the seal (measured, lift 8 vs 24 on 129
 * generated receipts: 24 as good or better on every field).
 */
const SEAL_LIFT = 24;

/**
 * Grayscale. With `suppressRed` (default) a pixel whose red channel clearly dominates green
 * and blue (seal ink, red table rules) becomes paper, while black text printed under the seal
 * (which shows as *dark* red: low red too) stays dark.
 */
export function grayscale(img: RgbaImage, o: { suppressRed?: boolean } = {}): GrayImage {
  const suppress = o.suppressRed ?? true;
  const { width, height, data } = img;
  const out = new Uint8Array(width * height);
  for (let i = 0, p = 0; p < out.length; i += 4, p++) {
    const r = data[i], g = data[i + 1], b = data[i + 2];
    const gb = g > b ? g : b;
    if (suppress && r - gb > 40 && r > 110) {
      // black under the seal stays dark; seal ink becomes paper (see SEAL_LIFT)
      out[p] = r < 150 && gb < 70 ? gb * 1.5 : Math.min(255, r + SEAL_LIFT);
    } else {
      out[p] = (r * 77 + g * 150 + b * 29) >> 8;
    }
  }
  return { width, height, data: out };
}

/** Gray plane → RGBA (for APIs that want an RgbaImage). */
export function grayToRgba(g: GrayImage): RgbaImage {
  const out = new Uint8ClampedArray(g.width * g.height * 4);
  const u32 = new Uint32Array(out.buffer);
  for (let p = 0; p < g.data.length; p++) {
    const v = g.data[p];
    u32[p] = 0xff000000 | (v << 16) | (v << 8) | v; // little-endian RGBA
  }
  return { width: g.width, height: g.height, data: out };
}

/** RGBA that is already gray (R=G=B) → gray plane, without any colour logic. */
export function rgbaToGray(img: RgbaImage): GrayImage {
  return grayscale(img, { suppressRed: false });
}

/**
 * Flatten uneven lighting: estimate the paper brightness per block (a high value of the block,
 * which ignores ink), interpolate it bilinearly and divide. Shadows and a darker corner of a
 * phone photo become white paper; ink stays dark.
 */
export function flattenLight(g: GrayImage, block = 48): GrayImage {
  const { width, height, data } = g;
  const bw = Math.ceil(width / block), bh = Math.ceil(height / block);
  const bg = new Float32Array(bw * bh);
  for (let by = 0; by < bh; by++)
    for (let bx = 0; bx < bw; bx++) {
      let m = 0;
      const yEnd = Math.min(height, (by + 1) * block), xEnd = Math.min(width, (bx + 1) * block);
      for (let y = by * block; y < yEnd; y += 2)
        for (let x = bx * block; x < xEnd; x += 2) {
          const v = data[y * width + x];
          if (v > m) m = v;
        }
      bg[by * bw + bx] = m;
    }
  // a block fully covered by ink (a thick bar, a photo's dark border) borrows its neighbours' paper
  const bg2 = new Float32Array(bg);
  for (let by = 0; by < bh; by++)
    for (let bx = 0; bx < bw; bx++) {
      let m = bg[by * bw + bx];
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const yy = by + dy, xx = bx + dx;
          if (yy >= 0 && yy < bh && xx >= 0 && xx < bw) m = Math.max(m, bg[yy * bw + xx] * 0.85);
        }
      bg2[by * bw + bx] = Math.max(m, 60);
    }
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    const fy = Math.min(bh - 1, Math.max(0, y / block - 0.5));
    const y0 = Math.floor(fy), y1 = Math.min(bh - 1, y0 + 1), ty = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(bw - 1, Math.max(0, x / block - 0.5));
      const x0 = Math.floor(fx), x1 = Math.min(bw - 1, x0 + 1), tx = fx - x0;
      const b = (bg2[y0 * bw + x0] * (1 - tx) + bg2[y0 * bw + x1] * tx) * (1 - ty) + (bg2[y1 * bw + x0] * (1 - tx) + bg2[y1 * bw + x1] * tx) * ty;
      const v = (data[y * width + x] * 255) / b;
      out[y * width + x] = v > 255 ? 255 : v;
    }
  }
  return { width, height, data: out };
}

/** Otsu threshold of a gray plane (sampled). */
export function otsuThreshold(g: GrayImage): number {
  const hist = new Float64Array(256);
  const step = g.data.length > 2_000_000 ? 3 : 1;
  let n = 0;
  for (let p = 0; p < g.data.length; p += step) { hist[g.data[p]]++; n++; }
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * hist[i];
  let sumB = 0, wB = 0, best = 0, thr = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t];
    if (!wB) continue;
    const wF = n - wB;
    if (!wF) break;
    sumB += t * hist[t];
    const mB = sumB / wB, mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) { best = between; thr = t; }
  }
  return thr;
}

/**
 * The plane with only its darkest ink kept, when it holds two inks (a second Otsu among the pixels darker
 * than the paper, the two inks' means at least 50 apart): on a grey scan the seal's ring and star are a
 * lighter grey than the print and cross it. `grow`: ink as dark as the print's edges is kept within that
 * many pixels of the darkest ink (a thin serif stroke is grey at its edges). Null with one ink.
 */
export function keepDarkestInk(g: GrayImage, grow = 0): GrayImage | null {
  const t1 = otsuThreshold(g);
  const dark = g.data.filter((v) => v <= t1);
  if (dark.length < 20) return null;
  const t2 = otsuThreshold({ width: dark.length, height: 1, data: dark });
  let a = 0, na = 0, b = 0, nb = 0;
  for (const v of dark) {
    if (v <= t2) (a += v), na++;
    else (b += v), nb++;
  }
  if (!na || !nb || b / nb - a / na < 50) return null;
  const { width: w, height: h } = g;
  const out = new Uint8Array(g.data.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const v = g.data[y * w + x];
      let keep = v <= t2;
      if (!keep && grow > 0 && v <= t1)
        for (let dy = -grow; dy <= grow && !keep; dy++)
          for (let dx = -grow; dx <= grow && !keep; dx++) {
            const yy = y + dy, xx = x + dx;
            if (yy >= 0 && xx >= 0 && yy < h && xx < w && g.data[yy * w + xx] <= t2) keep = true;
          }
      out[y * w + x] = keep ? v : 255;
    }
  return { width: w, height: h, data: out };
}

/** Black/white at a threshold (Otsu unless given). */
export function binarise(g: GrayImage, threshold = otsuThreshold(g)): GrayImage {
  const out = new Uint8Array(g.data.length);
  for (let p = 0; p < out.length; p++) out[p] = g.data[p] <= threshold ? 0 : 255;
  return { width: g.width, height: g.height, data: out };
}

/** Bilinear resize of a gray plane. */
export function resizeGray(g: GrayImage, scale: number): GrayImage {
  const W = Math.max(1, Math.round(g.width * scale)), H = Math.max(1, Math.round(g.height * scale));
  const { width: w, height: h, data } = g;
  const out = new Uint8Array(W * H);
  const sx = w / W, sy = h / H;
  if (sx >= 2 && sy >= 2) {
    // strong shrink: box filter (bilinear would alias thin strokes away)
    for (let y = 0; y < H; y++) {
      const ys = Math.floor(y * sy), ye = Math.min(h, Math.floor((y + 1) * sy));
      for (let x = 0; x < W; x++) {
        const xs = Math.floor(x * sx), xe = Math.min(w, Math.floor((x + 1) * sx));
        let s = 0, c = 0;
        for (let yy = ys; yy < ye; yy++) for (let xx = xs; xx < xe; xx++) { s += data[yy * w + xx]; c++; }
        out[y * W + x] = c ? s / c : 255;
      }
    }
    return { width: W, height: H, data: out };
  }
  for (let y = 0; y < H; y++) {
    const fy = Math.min(h - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy), y1 = Math.min(h - 1, y0 + 1), ty = fy - y0;
    for (let x = 0; x < W; x++) {
      const fx = Math.min(w - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx), x1 = Math.min(w - 1, x0 + 1), tx = fx - x0;
      const a = data[y0 * w + x0] * (1 - tx) + data[y0 * w + x1] * tx;
      const b = data[y1 * w + x0] * (1 - tx) + data[y1 * w + x1] * tx;
      out[y * W + x] = a * (1 - ty) + b * ty;
    }
  }
  return { width: W, height: H, data: out };
}

/** Rotate by quarter turns clockwise. */
export function rotateGray90(g: GrayImage, quarterTurns: number): GrayImage {
  const k = ((quarterTurns % 4) + 4) % 4;
  if (k === 0) return g;
  const { width: w, height: h, data } = g;
  const W = k === 2 ? w : h, H = k === 2 ? h : w;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const v = data[y * w + x];
      if (k === 1) out[x * W + (h - 1 - y)] = v;
      else if (k === 2) out[(h - 1 - y) * W + (w - 1 - x)] = v;
      else out[(w - 1 - x) * W + y] = v;
    }
  return { width: W, height: H, data: out };
}

/** Rotate by a small angle (degrees, positive = clockwise) about the centre; same size, paper fill. */
export function rotateGraySmall(g: GrayImage, deg: number): GrayImage {
  if (Math.abs(deg) < 0.05) return g;
  const { width: w, height: h, data } = g;
  const a = (deg * Math.PI) / 180, c = Math.cos(a), s = Math.sin(a);
  const cx = (w - 1) / 2, cy = (h - 1) / 2;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < h; y++) {
    const dy = y - cy;
    for (let x = 0; x < w; x++) {
      const dx = x - cx;
      // inverse mapping: source = R(-a) · dest
      const fx = c * dx + s * dy + cx, fy = -s * dx + c * dy + cy;
      const x0 = Math.floor(fx), y0 = Math.floor(fy);
      if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) { out[y * w + x] = 255; continue; }
      const tx = fx - x0, ty = fy - y0, i = y0 * w + x0;
      const top = data[i] * (1 - tx) + data[i + 1] * tx;
      const bot = data[i + w] * (1 - tx) + data[i + w + 1] * tx;
      out[y * w + x] = top * (1 - ty) + bot * ty;
    }
  }
  return { width: w, height: h, data: out };
}

/** Dark pixel coordinates of a (small) image: the input for projection profiles. */
function inkPoints(g: GrayImage, max = 60_000): { xs: Float32Array; ys: Float32Array; n: number } {
  const thr = Math.min(160, otsuThreshold(g));
  let count = 0;
  for (let p = 0; p < g.data.length; p++) if (g.data[p] <= thr) count++;
  const step = Math.max(1, Math.ceil(count / max));
  const n = Math.ceil(count / step);
  const xs = new Float32Array(n), ys = new Float32Array(n);
  let k = 0, seen = 0;
  for (let y = 0; y < g.height; y++)
    for (let x = 0; x < g.width; x++)
      if (g.data[y * g.width + x] <= thr && seen++ % step === 0 && k < n) { xs[k] = x; ys[k] = y; k++; }
  return { xs, ys, n: k };
}

/** Sharpness of the projection of the ink onto lines at `deg` (sum of squared bin counts, normalised). */
function profileScore(pts: { xs: Float32Array; ys: Float32Array; n: number }, deg: number, size: number, vertical: boolean): number {
  const t = Math.tan((deg * Math.PI) / 180);
  const bins = new Float64Array(size * 2 + 4);
  const off = size / 2 + 2;
  for (let i = 0; i < pts.n; i++) {
    const x = pts.xs[i], y = pts.ys[i];
    const v = vertical ? x + y * t : y - x * t;
    const b = Math.round(v + off);
    if (b >= 0 && b < bins.length) bins[b]++;
  }
  let s = 0;
  for (let i = 0; i < bins.length; i++) s += bins[i] * bins[i];
  return s / Math.max(1, pts.n * pts.n);
}

function bestAngle(pts: ReturnType<typeof inkPoints>, size: number, vertical: boolean, maxDeg: number): { deg: number; score: number } {
  let best = { deg: 0, score: profileScore(pts, 0, size, vertical) };
  for (let d = -maxDeg; d <= maxDeg + 1e-9; d += 0.5) {
    const s = profileScore(pts, d, size, vertical);
    if (s > best.score * 1.0001) best = { deg: d, score: s };
  }
  const c = best.deg;
  for (let d = c - 0.4; d <= c + 0.4 + 1e-9; d += 0.1) {
    const s = profileScore(pts, d, size, vertical);
    if (s > best.score * 1.0001) best = { deg: Math.round(d * 10) / 10, score: s };
  }
  return best;
}

/** Shrink so the long side is at most `maxSide` (for cheap analysis). */
function analysisCopy(g: GrayImage, maxSide: number): { img: GrayImage; scale: number } {
  const long = Math.max(g.width, g.height);
  const scale = long > maxSide ? maxSide / long : 1;
  return { img: scale < 1 ? resizeGray(g, scale) : g, scale };
}

/**
 * Skew of text lines in degrees (positive = the text runs downhill to the right, i.e. the page is
 * turned clockwise; `rotateGraySmall(g, -skew)` straightens it). Projection-profile search in
 * ±maxDeg on an 800 px copy. 0 when the page has too little ink to tell.
 */
export function estimateSkew(g: GrayImage, maxDeg = 6): number {
  const { img } = analysisCopy(g, 800);
  const pts = inkPoints(img);
  if (pts.n < 200) return 0;
  return bestAngle(pts, img.height + img.width, false, maxDeg).deg;
}

/**
 * Slant of the page's vertical strokes and rules in degrees, on a page whose lines are already
 * level (a phone photo taken at an angle shears the page: rows level, columns leaning). Positive:
 * columns lean left going down. `shearGray(g, slant)` stands them up. 0 with too little ink.
 */
export function estimateSlant(g: GrayImage, maxDeg = 4): number {
  const { img } = analysisCopy(g, 800);
  const pts = inkPoints(img);
  if (pts.n < 200) return 0;
  return bestAngle(pts, img.height + img.width, true, maxDeg).deg;
}

/** Shear horizontally about the middle row: x' = x + (y − cy)·tan(deg). Rows stay where they are. */
export function shearGray(g: GrayImage, deg: number): GrayImage {
  if (Math.abs(deg) < 0.05) return g;
  const { width: w, height: h, data } = g;
  const t = Math.tan((deg * Math.PI) / 180);
  const cy = (h - 1) / 2;
  const out = new Uint8Array(data.length).fill(255);
  for (let y = 0; y < h; y++) {
    const shift = (y - cy) * t;
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const fx = x - shift;
      const x0 = Math.floor(fx);
      if (x0 < 0 || x0 >= w - 1) continue;
      const tx = fx - x0;
      out[row + x] = data[row + x0] * (1 - tx) + data[row + x0 + 1] * tx;
    }
  }
  return { width: w, height: h, data: out };
}

/**
 * Do the text lines run across (horizontal, orientation 0/180) or up and down (90/270)?
 * Compares the sharpest row profile with the sharpest column profile. Returns the ratio
 * row/column: > 1 means horizontal lines.
 */
export function lineDirectionRatio(g: GrayImage): number {
  const { img } = analysisCopy(g, 700);
  const pts = inkPoints(img);
  if (pts.n < 200) return 1;
  const size = img.width + img.height;
  const rows = bestAngle(pts, size, false, 4).score;
  const cols = bestAngle(pts, size, true, 4).score;
  return rows / Math.max(1e-12, cols);
}

/**
 * Typical height in pixels of a text line (median height of ink bands in the row profile of
 * vertical strips). Used to decide whether to upscale small text. 0 if no text found.
 */
export function estimateTextHeight(g: GrayImage): number {
  const thr = Math.min(170, otsuThreshold(g));
  const strips = 6;
  const heights: number[] = [];
  const sw = Math.floor(g.width / strips);
  if (sw < 8) return 0;
  for (let s = 0; s < strips; s++) {
    let run = 0;
    for (let y = 0; y < g.height; y++) {
      let ink = 0;
      const row = y * g.width + s * sw;
      for (let x = 0; x < sw; x += 2) if (g.data[row + x] <= thr) ink++;
      const on = ink >= 2 && ink < (sw / 2) * 0.6; // some ink, but not a ruled line across the strip
      if (on) run++;
      else {
        if (run >= 4) heights.push(run);
        run = 0;
      }
    }
  }
  if (!heights.length) return 0;
  heights.sort((a, b) => a - b);
  return heights[Math.floor(heights.length / 2)];
}

/** Share of dark pixels (sampled): a blank page has almost none. */
export function inkShare(g: GrayImage): number {
  let dark = 0, n = 0;
  for (let p = 0; p < g.data.length; p += 7) { n++; if (g.data[p] < 128) dark++; }
  return dark / Math.max(1, n);
}

export interface PrepareOptions {
  /** Suppress red seal ink (default true). */
  suppressRed?: boolean;
  /** Flatten uneven lighting (default true). */
  flatten?: boolean;
  /** Straighten small skew (default true). */
  deskew?: boolean;
  /** Text line height below which the image is upscaled ×2 (default 20 px). */
  minTextHeight?: number;
  /** Long side above which the image is shrunk first (default 2400 px → 2000 px). */
  maxSide?: number;
}

export interface Prepared {
  gray: GrayImage;
  /** scale applied to the input (after it, the gray plane's pixel = input pixel × scale) */
  scale: number;
  skewDeg: number;
  textHeight: number;
}

/** Gray, seal suppressed, light flattened, sized for tesseract and straightened (orientation not decided here). */
export function prepareForOcr(img: RgbaImage, o: PrepareOptions = {}): Prepared {
  let g = grayscale(img, { suppressRed: o.suppressRed ?? true });
  let scale = 1;
  const maxSide = o.maxSide ?? 2400;
  const long = Math.max(g.width, g.height);
  if (long > maxSide) {
    scale = 2000 / long;
    g = resizeGray(g, scale);
  }
  if (o.flatten ?? true) g = flattenLight(g);
  const textHeight = estimateTextHeight(g);
  const minH = o.minTextHeight ?? 20;
  if (textHeight > 0 && textHeight < minH && Math.max(g.width, g.height) * 2 <= 4000) {
    g = resizeGray(g, 2);
    scale *= 2;
  }
  let skewDeg = 0;
  if (o.deskew ?? true) {
    skewDeg = estimateSkew(g);
    if (Math.abs(skewDeg) >= 0.3) g = rotateGraySmall(g, -skewDeg);
    else skewDeg = 0;
  }
  return { gray: g, scale, skewDeg, textHeight: textHeight * (scale >= 2 ? 2 : 1) };
}
