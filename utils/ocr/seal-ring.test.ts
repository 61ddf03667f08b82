import { describe, expect, it } from 'vitest';
import { eraseSealRing, findSealRing } from './seal-ring';
import type { GrayImage } from './prepare';

/** A grey page (paper 235) with lines of dark "print" (blocks of strokes), optionally a grey ring. */
function page(o: { ring?: { cx: number; cy: number; r: number; t: number; level: number } } = {}): GrayImage {
  const W = 1500, H = 950;
  const data = new Uint8Array(W * H).fill(235);
  // print: 20 px tall lines of glyph-like strokes, 45 px apart
  for (let y0 = 60; y0 < H - 40; y0 += 45)
    for (let x0 = 60; x0 < W - 80; x0 += 26) {
      if ((x0 * 7 + y0) % 5 === 0) continue; // gaps between words
      for (let y = y0; y < y0 + 20; y++) for (let x = x0; x < x0 + 20; x++) {
        const stroke = x - x0 < 3 || y - y0 < 3 || (y - y0 > 9 && y - y0 < 12) || (x - x0 > 16);
        if (stroke) data[y * W + x] = 40;
      }
    }
  if (o.ring) {
    const { cx, cy, r, t, level } = o.ring;
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
      const d = Math.hypot(x - cx, y - cy);
      if (Math.abs(d - r) <= t / 2) data[y * W + x] = Math.min(data[y * W + x], level);
    }
  }
  return { width: W, height: H, data };
}

describe('a grey seal ring', () => {
  it('is found over print (centre, radius, band, grey) and taken off, the darker print under it kept', () => {
    const ring = { cx: 330, cy: 700, r: 115, t: 6, level: 130 };
    const g = page({ ring });
    const found = findSealRing(g)!;
    expect(found).not.toBeNull();
    expect(Math.abs(found.cx - ring.cx)).toBeLessThanOrEqual(3);
    expect(Math.abs(found.cy - ring.cy)).toBeLessThanOrEqual(3);
    expect(Math.abs(found.r - ring.r)).toBeLessThanOrEqual(3);
    expect(found.t).toBeGreaterThanOrEqual(4);
    expect(found.t).toBeLessThanOrEqual(9);
    expect(Math.abs(found.level - ring.level)).toBeLessThanOrEqual(10);
    const out = eraseSealRing(g, found);
    const clean = page();
    let ringLeft = 0, printLost = 0;
    for (let i = 0; i < out.data.length; i++) {
      if (g.data[i] === ring.level && out.data[i] < 200) ringLeft++;
      if (clean.data[i] === 40 && out.data[i] !== 40) printLost++;
    }
    // the ring's own pixels all gone; the print's strokes (darker than the ring) all there
    expect(ringLeft).toBe(0);
    expect(printLost).toBe(0);
  });

  it('is found on a page enlarged ×2 before reading (searched at half size, scaled back)', () => {
    const g = page({ ring: { cx: 330, cy: 700, r: 115, t: 6, level: 130 } });
    const big = { width: g.width * 2, height: g.height * 2, data: new Uint8Array(g.width * g.height * 4) };
    for (let y = 0; y < big.height; y++) for (let x = 0; x < big.width; x++) big.data[y * big.width + x] = g.data[(y >> 1) * g.width + (x >> 1)];
    const found = findSealRing(big)!;
    expect(found).not.toBeNull();
    expect(Math.abs(found.cx - 660)).toBeLessThanOrEqual(5);
    expect(Math.abs(found.cy - 1400)).toBeLessThanOrEqual(5);
    expect(Math.abs(found.r - 230)).toBeLessThanOrEqual(5);
    expect(found.t).toBeGreaterThanOrEqual(8);
  });

  it('is not found where there is none: print alone, a blank page, a ring too faint to be ink', () => {
    expect(findSealRing(page())).toBeNull();
    expect(findSealRing({ width: 800, height: 600, data: new Uint8Array(800 * 600).fill(240) })).toBeNull();
    expect(findSealRing(page({ ring: { cx: 700, cy: 400, r: 110, t: 6, level: 225 } }))).toBeNull();
  });
});
