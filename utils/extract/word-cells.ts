/**
 * The 大写 words cut into one cell per glyph, so that each glyph can be read on its own.
 *
 * A line read of the capital numerals on a grey scan or a photo is garbled by the model's language
 * context (叁分 → 公分, 壹元 → 喜完) even where every glyph is plain to a person; read one at a time
 * (single-character mode), most come out right. The words are printed in a CJK font, every glyph one
 * em wide, so once their span on the line is found and the number of glyphs is known (the words the
 * total read from the digits should have), the cells are the span divided evenly, each cut moved to
 * the emptiest column near it.
 */
import type { Box } from '../receipt/types';
import type { RgbaImage } from '../ocr/types';
import { binariseText, centreBand, LINE_INK, removeRules, rgbaCropToGray, rowInk } from '../ocr/engine';
import { binarise, type GrayImage } from '../ocr/prepare';

/** The share of a binarised plane's pixels that are ink. */
const inked = (bin: { data: Uint8Array }) => bin.data.reduce((n, v) => n + (v < 128 ? 1 : 0), 0) / bin.data.length;

/** The lag in [lo, hi] at which the column profile over [s, e) best matches itself (Pearson), or null. */
function period(col: number[], s: number, e: number, lo: number, hi: number): number | null {
  let best: number | null = null, bestR = 0.2;
  for (let L = lo; L <= hi && L < (e - s) / 2; L++) {
    let sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, k = 0;
    for (let x = s; x + L < e; x++) {
      const a = col[x], b = col[x + L];
      sx += a; sy += b; sxx += a * a; syy += b * b; sxy += a * b; k++;
    }
    const cov = sxy - (sx * sy) / k, va = sxx - (sx * sx) / k, vb = syy - (sy * sy) / k;
    const r = va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0;
    if (r > bestR) (bestR = r), (best = L);
  }
  return best;
}

/** How a words' line is binarised and banded (lineColumns). */
export type LineMode = 'usual' | 'midway' | 'core';

/**
 * The line of text in `region` (image coordinates), as the words' readers see it: the crop's top-left
 * (x0, y0), its grey levels, its binarised copy, the text band [b0, b1) of that copy and each column's
 * inked pixels in the band — or null when the region is under `minWidth` px wide or 6 px high.
 * With `midway`, the line binarised midway between its paper and its darkest ink instead — only for a line
 * that needs it (else null): a blurred photo's glyphs are grey halos on uneven paper, Otsu's threshold
 * falls among the paper's own greys and each glyph binarises as a solid block (the band the whole crop,
 * or a third of the crop ink); midway between the paper (the 70th percentile) and the darkest ink (the
 * 1st), the glyphs keep their strokes.
 * With `core`, the band is only the line's core rows (as centreBand finds them, not grown while rows keep
 * a little ink) — only where that is narrower (else null): a grey scan's seal ring crosses the rows above
 * and below the words, the band grows to the whole crop, and the glyphs seem half again as high as they are.
 */
export function lineColumns(img: RgbaImage, region: Box, minWidth: number, mode: LineMode = 'usual') {
  const x0 = Math.max(0, Math.floor(region.x)), y0 = Math.max(0, Math.floor(region.y));
  const x1 = Math.min(img.width, Math.ceil(region.x + region.w)), y1 = Math.min(img.height, Math.ceil(region.y + region.h));
  if (x1 - x0 < minWidth || y1 - y0 < 6) return null;
  const g = rgbaCropToGray(img, x0, y0, x1 - x0, y1 - y0);
  let bin = binariseText(g);
  let [b0, b1] = centreBand(bin);
  if (mode === 'midway') {
    if (b1 - b0 < bin.height - 1 && inked(bin) <= 0.3) return null;
    const again = removeRules(binarise(g, midwayThreshold(g)));
    const band = centreBand(again);
    if (band[1] - band[0] >= b1 - b0) return null;
    [bin, b0, b1] = [again, ...band];
  }
  if (mode === 'core') {
    const core = coreRows(bin);
    if (!core || core[1] - core[0] + 8 >= b1 - b0) return null;
    [b0, b1] = [Math.max(0, core[0] - 3), Math.min(bin.height, core[1] + 4)];
  }
  const w = bin.width;
  const col = new Array<number>(w).fill(0);
  for (let y = b0; y < b1; y++) for (let x = 0; x < w; x++) if (bin.data[y * w + x] < 128) col[x]++;
  return { x0, y0, g, bin, b0, b1, w, col };
}

/** Midway between a line's paper (its 70th percentile grey) and its darkest ink (its 1st). */
export function midwayThreshold(g: { data: Uint8Array }): number {
  const s = Uint8Array.from(g.data).sort();
  return (s[Math.floor((s.length - 1) * 0.01)] + s[Math.floor((s.length - 1) * 0.7)]) / 2;
}

/** The longest run of rows [first, last] holding LINE_INK of a full row's ink (gaps of up to 3 rows bridged), or null. */
function coreRows(bin: GrayImage): [number, number] | null {
  const h = bin.height;
  const ink = rowInk(bin);
  const full = [...ink].sort((a, b) => a - b)[Math.floor(h * 0.9)];
  let best: [number, number] | null = null;
  for (let y = 0, start = -1, last = -1; y <= h; y++) {
    const on = y < h && ink[y] >= Math.max(3, full * LINE_INK);
    if (on) {
      if (start < 0 || y - last > 4) start = y;
      last = y;
    }
    if ((!on || y === h - 1) && start >= 0 && (y >= h || y - last > 3)) {
      if (!best || last - start > best[1] - best[0]) best = [start, last];
      if (y < h) start = -1;
    }
  }
  return best;
}

/**
 * Where to cut between two glyphs near `ideal`: the column within a fifth of a pitch of it with the least
 * ink, the nearer of two alike (`fallback` when no column there lies in the crop).
 */
export function emptiestColumn(col: number[], ideal: number, pitch: number, fallback: number): number {
  let at = fallback, least = Infinity;
  for (let x = Math.round(ideal - pitch * 0.2); x <= Math.round(ideal + pitch * 0.2); x++) {
    if (x < 0 || x >= col.length) continue;
    const v = col[x] * 4 + Math.abs(x - ideal) / pitch;
    if (v < least) (least = v), (at = x);
  }
  return at;
}

/**
 * `n` glyph cells of the words in `region` (image coordinates), or null when no stretch of ink there
 * has the width of `n` glyphs of the line's height (then the words are not where we think, or have
 * another number of glyphs: nothing to read cell by cell). With `fromRight` the cells are instead the
 * last n pitches of ink in the region (only for a reader that checks each cell's shape, glyph-match.ts).
 */
export function glyphCells(img: RgbaImage, region: Box, n: number, o: { fromRight?: boolean } = {}): Box[] | null {
  // (the line as binarised for the words' readers; where that finds no cells, binarised midway: lineColumns)
  // (then with the band cut to the line's core rows, where a seal's ring made it the whole crop)
  return cellsOf(img, region, n, o, 'usual') ?? cellsOf(img, region, n, o, 'midway') ?? cellsOf(img, region, n, o, 'core');
}

function cellsOf(img: RgbaImage, region: Box, n: number, o: { fromRight?: boolean }, mode: LineMode): Box[] | null {
  if (n < 2) return null;
  const line = lineColumns(img, region, n * 4, mode);
  if (!line) return null;
  const { x0, y0, b0, b1, w, col } = line;
  // the glyph height: the band minus the 3–4 rows centreBand adds around the line's ink
  const h = Math.max(1, b1 - b0 - 7);
  // stretches of ink whose gaps are narrower than half a glyph (the gaps inside and between glyphs of
  // one word; a space, the label's bracket or the （小写） label lie farther off)
  const runs: Array<[number, number]> = [];
  for (let x = 0; x < w; x++) {
    if (!col[x]) continue;
    const last = runs[runs.length - 1];
    if (last && x - last[1] <= h * 0.5) last[1] = x + 1;
    else runs.push([x, x + 1]);
  }
  // the stretch whose width is nearest n glyphs (a CJK glyph's ink is ~0.9 of its em, the em ~1.05 of
  // the line's ink height); its pitch, n ems less the side bearings of the first and last glyph (~0.1 em
  // in all), must be the period of its ink columns when they have one: words of n + 1 glyphs (a total
  // read with a digit dropped, ¥1250.00 → 250.00) are not cut into n cells
  const want = n * h * 1.05;
  let best: { s: number; e: number; off: number } | null = null;
  for (const [rs, re] of runs) {
    const off = Math.abs(re - rs - want) / want;
    if (off > 0.3 || (best && best.off <= off)) continue;
    const pitch = (re - rs) / (n - 0.1);
    const p = period(col, rs, re, Math.ceil(h * 0.8), Math.floor(h * 1.45));
    if (p != null && Math.abs(pitch - p) > p * Math.min(0.12, 0.5 / n)) continue;
    best = { s: rs, e: re, off };
  }
  if (!best && !o.fromRight) return null;
  let s: number, e: number, pitch: number;
  if (best && !o.fromRight) {
    ({ s, e } = best);
    pitch = (e - s) / (n - 0.1);
  } else {
    // (fromRight: the words end where the last stretch of ink ends — they stand last in their region —
    // and run n glyphs of the line's pitch leftwards, whatever ink lies before them: the label's 写）
    // printed close, a seal's arc)
    if (!runs.length) return null;
    e = runs[runs.length - 1][1];
    pitch = period(col, Math.max(0, Math.round(e - n * h * 1.3)), e, Math.ceil(h * 0.8), Math.floor(h * 1.45)) ?? h * 1.05;
    s = e - pitch * (n - 0.1);
    if (s < -pitch * 0.2) return null;
  }
  if (pitch < h * 0.8 || pitch > h * 1.45) return null;
  const cuts = [s - pitch * 0.05];
  for (let k = 1; k < n; k++) {
    const ideal = s - pitch * 0.05 + k * pitch;
    cuts.push(emptiestColumn(col, ideal, pitch, Math.round(ideal)));
  }
  cuts.push(e + pitch * 0.05);
  const top = y0 + b0 + 2, height = Math.max(4, b1 - b0 - 4);
  return cuts.slice(0, -1).map((c, k) => ({
    x: x0 + c,
    y: top,
    w: Math.max(2, cuts[k + 1] - c),
    h: height,
    ...(region.page != null ? { page: region.page } : {}),
  }));
}

/**
 * Glyph cells from where a line read of the words placed its characters (`boxes`, however it read
 * them): the last `n` boxes, when they run left to right one glyph apart; and the `n` pitches of ink
 * that end where the last box ends, in the band of the boxes (glyphCells fromRight). Only for a reader
 * that checks each cell's shape (glyph-match.ts): a wrong cut just matches nothing.
 */
export function cellsFromGlyphBoxes(img: RgbaImage, region: Box, boxes: Box[], n: number): Box[][] {
  const out: Box[][] = [];
  const inside = boxes.filter((b) => b.w > 1 && b.h > 1 && b.x + b.w / 2 >= region.x && b.x + b.w / 2 <= region.x + region.w);
  if (!inside.length) return out;
  const hs = inside.map((b) => b.h).sort((a, b) => a - b);
  const h = hs[Math.floor(hs.length / 2)];
  const last = inside.slice(-n);
  if (last.length === n) {
    const ok = last.every((b, i) => b.w < h * 1.6 && (i === 0 || (b.x >= last[i - 1].x + last[i - 1].w * 0.5 && b.x - last[i - 1].x < h * 1.6)));
    if (ok) out.push(last.map((b) => ({ x: b.x - 1, y: b.y - 1, w: b.w + 2, h: b.h + 2, ...(region.page != null ? { page: region.page } : {}) })));
  }
  const ys = inside.map((b) => b.y + b.h / 2).sort((a, b) => a - b);
  const cy = ys[Math.floor(ys.length / 2)];
  const end = Math.max(...inside.map((b) => b.x + b.w));
  const band = { x: region.x, y: cy - h * 0.9, w: end + h * 0.2 - region.x, h: h * 1.8, ...(region.page != null ? { page: region.page } : {}) };
  const fromRight = glyphCells(img, band, n, { fromRight: true });
  if (fromRight) out.push(fromRight);
  return out;
}
