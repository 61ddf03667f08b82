/**
 * A grey seal's ring. On a grey scan the red seal is grey ink like the print (its colour is gone, so
 * `grayscale`'s red suppression cannot take it off), and its ring, a thick circle, crosses whatever it
 * was stamped over: the 大写 line, a bill number, a date. Tesseract then reads the arc's thick strokes as
 * part of the glyphs. Here the ring is found (a circle of a seal's size: gradient Hough votes, then the
 * circle checked dark all round at full size) and taken off: in the ring's band, ink as light as the
 * ring's own grey becomes paper, the print's darker strokes under it stay.
 * Pure functions over gray planes (Node, workers, pages alike).
 */
import { otsuThreshold, type GrayImage } from './prepare';

export interface SealRing {
  cx: number;
  cy: number;
  /** radius to the middle of the ring's band */
  r: number;
  /** the band's width (px) */
  t: number;
  /** the ring's grey: the darkest point of the median profile across its band */
  level: number;
  /** share of the circle found dark all round (0–1) */
  cover: number;
}

/** Radii searched, as shares of the page's width (a 40 mm seal on a 210–240 mm receipt, photographed or scanned whole). */
const R_MIN = 0.045, R_MAX = 0.13;
/** A ring is taken only when this share of its circle is dark (a seal's ring is whole; a circle through text is not). */
const MIN_COVER = 0.8;

/** Half the size, each pixel the mean of four. */
function halve(g: GrayImage): GrayImage {
  const { width: W } = g;
  const w = W >> 1, h = g.height >> 1;
  const s = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const a = 2 * y * W, b = a + W;
    for (let x = 0; x < w; x++) {
      const i = 2 * x;
      s[y * w + x] = (g.data[a + i] + g.data[a + i + 1] + g.data[b + i] + g.data[b + i + 1] + 2) >> 2;
    }
  }
  return { width: w, height: h, data: s };
}

/** Pages wider than this (a scan enlarged ×2 before reading) are searched at half size. */
const SEARCH_MAX_WIDTH = 2400;

/**
 * The seal's ring, or null. `g` is an upright page (the prepared plane). Only a circle dark (below the
 * page's Otsu threshold) on ≥ 80 % of 180 rays, its dark band 2–14 px wide, counts. A page enlarged
 * before reading (small text) is searched at half size and the ring scaled back: its band would be too
 * wide for the check, and the search four times as long (0.75 s for nothing on a 3,120 px page).
 */
export function findSealRing(g: GrayImage): SealRing | null {
  if (g.width > SEARCH_MAX_WIDTH) {
    const r = findSealRing(halve(g));
    return r && { ...r, cx: r.cx * 2 + 0.5, cy: r.cy * 2 + 0.5, r: r.r * 2, t: r.t * 2 };
  }
  const { width: W, height: H } = g;
  if (W < 200 || H < 150) return null;
  // half size: the ring's band is still 2+ px wide, the votes 4× fewer
  const { width: w, height: h, data: s } = halve(g);
  const rMin = Math.max(8, Math.floor((R_MIN * W) / 2)), rMax = Math.ceil((R_MAX * W) / 2);
  const nr = Math.floor((rMax - rMin) / 2) + 1; // radius bins of 2 px (half size)
  const cw = Math.ceil(w / 2), ch = Math.ceil(h / 2); // centre cells of 2 px (half size)
  const acc = new Uint16Array(cw * ch * nr);
  // Sobel edges; each votes for the centres r away along its gradient, both ways (the ring's outer edge
  // is light outside, its inner edge light inside)
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const p = y * w + x;
      const gx = s[p - w + 1] + 2 * s[p + 1] + s[p + w + 1] - s[p - w - 1] - 2 * s[p - 1] - s[p + w - 1];
      const gy = s[p + w - 1] + 2 * s[p + w] + s[p + w + 1] - s[p - w - 1] - 2 * s[p - w] - s[p - w + 1];
      const m2 = gx * gx + gy * gy;
      if (m2 < 120 * 120) continue;
      const m = Math.sqrt(m2), ux = gx / m, uy = gy / m;
      for (let k = 0; k < nr; k++) {
        const r = rMin + 2 * k;
        let cx = (x - r * ux) >> 1, cy = (y - r * uy) >> 1;
        if (cx >= 0 && cy >= 0 && cx < cw && cy < ch) acc[(cy * cw + cx) * nr + k]++;
        cx = (x + r * ux) >> 1;
        cy = (y + r * uy) >> 1;
        if (cx >= 0 && cy >= 0 && cx < cw && cy < ch) acc[(cy * cw + cx) * nr + k]++;
      }
    }
  }
  // the strongest few peaks (a 3×3 cell window, neighbouring radii summed), each checked at full size
  const peaks: Array<{ v: number; cx: number; cy: number; r: number }> = [];
  for (let cy = 1; cy < ch - 1; cy++) {
    for (let cx = 1; cx < cw - 1; cx++) {
      for (let k = 0; k < nr; k++) {
        const c = (cy * cw + cx) * nr + k;
        if (acc[c] < 12) continue;
        let v = 0;
        for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
          const b = ((cy + dy) * cw + cx + dx) * nr;
          for (let dk = Math.max(0, k - 1); dk <= Math.min(nr - 1, k + 1); dk++) v += acc[b + dk];
        }
        if (peaks.length < 8 || v > peaks[peaks.length - 1].v) {
          // (one peak per place: a nearby stronger one replaces it)
          const near = peaks.findIndex((q) => Math.abs(q.cx - (cx * 4 + 2)) < 24 && Math.abs(q.cy - (cy * 4 + 2)) < 24);
          if (near >= 0) {
            if (peaks[near].v >= v) continue;
            peaks.splice(near, 1);
          }
          peaks.push({ v, cx: cx * 4 + 2, cy: cy * 4 + 2, r: 2 * (rMin + 2 * k) });
          peaks.sort((a, b) => b.v - a.v);
          if (peaks.length > 8) peaks.pop();
        }
      }
    }
  }
  const dark = otsuThreshold(g);
  let best: SealRing | null = null;
  for (const p of peaks) {
    const ring = checkRing(g, p.cx, p.cy, p.r, dark);
    if (ring && (!best || ring.cover > best.cover)) best = ring;
  }
  return best;
}

/** The ring around (cx, cy) near radius r at full size: its centre, radius and band refined, or null. */
function checkRing(g: GrayImage, cx0: number, cy0: number, r0: number, dark: number): SealRing | null {
  const { width: W, height: H, data } = g;
  const N = 180;
  let best: SealRing | null = null;
  // the votes' cells are 4 px: refine the centre and radius within that — the centre around which the
  // dark band's middle keeps one radius best (least spread), among those dark nearly all round
  let bestSpread = Infinity;
  for (let dy = -4; dy <= 4; dy++) {
    for (let dx = -4; dx <= 4; dx++) {
      const cx = cx0 + dx, cy = cy0 + dy;
      const mids: number[] = [], widths: number[] = [];
      let inside = 0;
      for (let i = 0; i < N; i++) {
        const a = (i / N) * 2 * Math.PI, ca = Math.cos(a), sa = Math.sin(a);
        // the dark run across radius r0 (±8 px) on this ray
        let first = -1, last = -1, seen = false;
        for (let d = -8; d <= 8; d++) {
          const x = Math.round(cx + (r0 + d) * ca), y = Math.round(cy + (r0 + d) * sa);
          if (x < 0 || y < 0 || x >= W || y >= H) continue;
          seen = true;
          if (data[y * W + x] <= dark) {
            if (first < 0) first = d;
            last = d;
          }
        }
        if (!seen) continue;
        inside++;
        if (first >= 0) {
          mids.push((first + last) / 2);
          widths.push(last - first + 1);
        }
      }
      if (inside < N * 0.75) continue;
      const cover = mids.length / inside;
      if (cover < MIN_COVER) continue;
      const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
      const m = med(mids), t = med(widths), r = r0 + m;
      if (t < 2 || t > 14) continue;
      let spread = 0;
      for (const x of mids) spread += Math.abs(x - m);
      spread /= mids.length;
      if (spread < bestSpread) {
        bestSpread = spread;
        best = { cx, cy, r, t, level: 0, cover };
      }
    }
  }
  if (!best) return null;
  // the band as the ink is, not as the threshold cuts it: the grey across the ring (every half pixel from
  // 12 px inside to 12 px outside), the median of 360 rays (print crossing a few rays does not count); the
  // band is where that profile is darker than halfway between the ring's grey and the paper's
  const steps: number[] = [];
  for (let d = -12; d <= 12; d += 0.5) steps.push(d);
  const profile = steps.map((d) => {
    const vs: number[] = [];
    for (let i = 0; i < 360; i++) {
      const a = (i / 360) * 2 * Math.PI;
      const x = Math.round(best!.cx + (best!.r + d) * Math.cos(a)), y = Math.round(best!.cy + (best!.r + d) * Math.sin(a));
      if (x >= 0 && y >= 0 && x < W && y < H) vs.push(data[y * W + x]);
    }
    vs.sort((a, b) => a - b);
    return vs[vs.length >> 1] ?? 255;
  });
  let lo = 0;
  for (let i = 1; i < profile.length; i++) if (profile[i] < profile[lo]) lo = i;
  const level = profile[lo];
  const paper = Math.max(profile[0], profile[profile.length - 1]);
  const half = (level + paper) / 2;
  let a = lo, b = lo;
  while (a > 0 && profile[a - 1] < half) a--;
  while (b < profile.length - 1 && profile[b + 1] < half) b++;
  return { ...best, r: best.r + (steps[a] + steps[b]) / 2, t: steps[b] - steps[a] + 0.5, level };
}

/**
 * The page without the ring: in its band (± 1.5 px), pixels lighter than the ring's grey less `margin`
 * become paper (255); darker ones — the print's strokes under the ring — stay.
 */
export function eraseSealRing(g: GrayImage, ring: SealRing, margin = 24): GrayImage {
  const { width: W, height: H } = g;
  const out = new Uint8Array(g.data);
  const rIn = ring.r - ring.t / 2 - 1.5, rOut = ring.r + ring.t / 2 + 1.5;
  const keep = ring.level - margin;
  const y0 = Math.max(0, Math.floor(ring.cy - rOut)), y1 = Math.min(H - 1, Math.ceil(ring.cy + rOut));
  for (let y = y0; y <= y1; y++) {
    const dy = y - ring.cy;
    const x0 = Math.max(0, Math.floor(ring.cx - rOut)), x1 = Math.min(W - 1, Math.ceil(ring.cx + rOut));
    for (let x = x0; x <= x1; x++) {
      const dx = x - ring.cx, d = Math.sqrt(dx * dx + dy * dy);
      if (d < rIn || d > rOut) continue;
      const p = y * W + x;
      if (out[p] > keep) out[p] = 255;
    }
  }
  return { width: W, height: H, data: out };
}
