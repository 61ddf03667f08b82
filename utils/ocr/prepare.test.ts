import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import type { RgbaImage } from './types';
import {
  binarise, estimateSkew, estimateTextHeight, flattenLight, grayscale, grayToRgba, keepDarkestInk, lineDirectionRatio,
  otsuThreshold, resizeGray, rotateGray90, rotateGraySmall, estimateSlant, shearGray, type GrayImage,
} from './prepare';
import { encodeGrayPng, encodeRgbaPng } from './png';

function rgba(w: number, h: number, px: (x: number, y: number) => [number, number, number]): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) data.set([...px(x, y), 255], (y * w + x) * 4);
  return { width: w, height: h, data };
}
const at = (g: GrayImage, x: number, y: number) => g.data[y * g.width + x];

/** A page of fake text: lines of glyph-like blocks (10 px high, 28 px apart), dark on paper. */
function textPage(w = 600, h = 400, lineH = 10, gap = 28): GrayImage {
  const data = new Uint8Array(w * h).fill(250);
  for (let top = 30; top + lineH < h - 30; top += gap)
    for (let x = 40; x < w - 60; x += 14) {
      if ((x / 14 + top) % 7 === 0) continue; // word gaps
      for (let y = top; y < top + lineH; y++) for (let dx = 0; dx < 10; dx++) if ((dx + y) % 3) data[y * w + x + dx] = 20;
    }
  return { width: w, height: h, data };
}

describe('seal suppression', () => {
  it('turns a red seal into paper while black strokes, also under the seal, stay black', () => {
    // black vertical strokes every 10 px; a red disc over the middle; where both overlap the ink is dark red
    const img = rgba(120, 80, (x, y) => {
      const stroke = x % 10 < 3;
      const inSeal = (x - 60) ** 2 + (y - 40) ** 2 < 30 ** 2;
      if (stroke && inSeal) return [90, 15, 20]; // black printed under red ink
      if (stroke) return [25, 25, 25];
      if (inSeal) return [215, 45, 40];
      return [245, 243, 238];
    });
    const g = binarise(grayscale(img), 128);
    expect(at(g, 61, 40)).toBe(0); // stroke under the seal survives
    expect(at(g, 65, 40)).toBe(255); // seal ink between strokes is gone
    expect(at(g, 1, 5)).toBe(0); // stroke outside the seal
    expect(at(g, 5, 5)).toBe(255); // paper
    // without suppression the seal would be ink
    expect(at(binarise(grayscale(img, { suppressRed: false }), 128), 65, 40)).toBe(0);
  });

  it('on grey paper (a phone photo) the seal becomes paper of the same grey, not a white halo', () => {
    const img = rgba(120, 80, (x, y) => ((x - 60) ** 2 + (y - 40) ** 2 < 30 ** 2 ? [180, 60, 55] : [172, 170, 165]));
    const g = grayscale(img);
    const paper = at(g, 5, 5), seal = at(g, 60, 40);
    expect(Math.abs(seal - paper)).toBeLessThanOrEqual(40);
    expect(seal).toBeLessThan(255);
  });
});

describe('keepDarkestInk: a grey scan\'s seal taken off the print it crosses', () => {
  // dark strokes (30) with grey edges (130) every 10 px; a ring of lighter grey ink (100) across them
  const page = (): GrayImage => {
    const w = 120, h = 40, data = new Uint8Array(w * h).fill(235);
    for (let y = 8; y < 32; y++)
      for (let x = 0; x < w; x++) {
        if (x % 10 === 2 || x % 10 === 3) data[y * w + x] = 30;
        else if (x % 10 === 1 || x % 10 === 4) data[y * w + x] = 130;
      }
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (Math.abs(Math.hypot(x - 60, y - 60) - 45) < 3 && data[y * w + x] > 100) data[y * w + x] = 100;
    return { width: w, height: h, data };
  };
  it('keeps the print, its grey edges next to it with grow 1, and turns the lighter ring into paper', () => {
    const g = page();
    const ringAt = (() => { for (let x = 0; x < 120; x++) if (at(g, x, 20) === 100 && x % 10 >= 6) return x; return -1; /* (two pixels from any stroke) */ })();
    expect(ringAt).toBeGreaterThan(0);
    const k0 = keepDarkestInk(g)!, k1 = keepDarkestInk(g, 1)!;
    expect(at(k0, ringAt, 20)).toBe(255);
    expect(at(k1, ringAt, 20)).toBe(255);
    expect(at(k0, 2, 20)).toBe(30);
    expect(at(k0, 1, 20)).toBe(255); // the edge, without grow
    expect(at(k1, 1, 20)).toBe(130); // the edge, next to the print
    expect(at(k1, 45, 3)).toBe(255); // the ring away from the print
  });
  it('gives null for a crop of one ink', () => {
    const one: GrayImage = { width: 40, height: 20, data: new Uint8Array(800).map((_, i) => (i % 40 < 20 && i % 4 === 0 ? 30 : 235)) };
    expect(keepDarkestInk(one)).toBeNull();
  });
});

describe('light and size', () => {
  it('flattens a shadow: paper becomes white on both sides, ink stays dark', () => {
    const g: GrayImage = { width: 300, height: 100, data: new Uint8Array(300 * 100) };
    for (let y = 0; y < 100; y++)
      for (let x = 0; x < 300; x++) {
        const paper = 250 - (x / 300) * 150; // 250 → 100 across the page
        g.data[y * 300 + x] = x % 25 < 3 && y > 30 && y < 70 ? paper * 0.2 : paper;
      }
    expect(otsuThreshold(g)).toBeGreaterThan(0);
    const f = flattenLight(g);
    expect(at(f, 290, 10)).toBeGreaterThan(210); // shadowed paper (100) → near white
    expect(at(f, 10, 10)).toBeGreaterThan(235);
    expect(at(f, 276, 50)).toBeLessThan(90); // ink in the shadow stays ink
  });

  it('measures the text line height and resizes', () => {
    expect(Math.abs(estimateTextHeight(textPage(600, 400, 10)) - 10)).toBeLessThanOrEqual(2);
    expect(Math.abs(estimateTextHeight(textPage(600, 400, 24, 50)) - 24)).toBeLessThanOrEqual(2);
    const big = resizeGray(textPage(600, 400, 10), 2);
    expect([big.width, big.height]).toEqual([1200, 800]);
    expect(Math.abs(estimateTextHeight(big) - 20)).toBeLessThanOrEqual(3);
    expect(resizeGray(big, 0.25).width).toBe(300);
  });
});

describe('orientation and skew', () => {
  it('tells horizontal text lines from vertical ones (90°/270° rotated page)', () => {
    const page = textPage();
    expect(lineDirectionRatio(page)).toBeGreaterThan(1.3);
    expect(lineDirectionRatio(rotateGray90(page, 1))).toBeLessThan(0.77);
    expect(lineDirectionRatio(rotateGray90(page, 3))).toBeLessThan(0.77);
    expect(lineDirectionRatio(rotateGray90(page, 2))).toBeGreaterThan(1.3);
  });

  it('rotates by quarter turns exactly', () => {
    const g: GrayImage = { width: 3, height: 2, data: Uint8Array.from([1, 2, 3, 4, 5, 6]) };
    const r1 = rotateGray90(g, 1);
    expect([r1.width, r1.height]).toEqual([2, 3]);
    expect(Array.from(r1.data)).toEqual([4, 1, 5, 2, 6, 3]); // clockwise: bottom-left goes to top-left
    expect(Array.from(rotateGray90(rotateGray90(r1, 2), 1).data)).toEqual(Array.from(g.data));
  });

  it('rotateGraySmall(+a) turns clockwise and estimateSkew finds the angle with its sign', () => {
    const line: GrayImage = { width: 200, height: 200, data: new Uint8Array(200 * 200).fill(255) };
    for (let x = 20; x < 180; x++) for (let y = 99; y <= 101; y++) line.data[y * 200 + x] = 0;
    const cw = rotateGraySmall(line, 5);
    // clockwise (y down): the right end goes down, the left end up
    expect(at(cw, 170, 100 + Math.round(70 * Math.tan((5 * Math.PI) / 180)))).toBeLessThan(128);
    expect(at(cw, 30, 100 - Math.round(70 * Math.tan((5 * Math.PI) / 180)))).toBeLessThan(128);
    const page = textPage(700, 500);
    for (const deg of [3, -2.5, 1]) {
      const skewed = rotateGraySmall(page, deg);
      const est = estimateSkew(skewed);
      expect(Math.abs(est - deg)).toBeLessThanOrEqual(0.3);
      expect(Math.abs(estimateSkew(rotateGraySmall(skewed, -est)))).toBeLessThanOrEqual(0.3);
    }
    expect(Math.abs(estimateSkew(page))).toBeLessThanOrEqual(0.2);
  });
});

describe('a sheared page (photo taken at an angle)', () => {
  it('estimateSlant finds the lean of table columns on a level page and shearGray stands them up', () => {
    // a table: level rows every 40 px, columns every 120 px leaning by 3° (x grows downwards)
    const w = 600, h = 400, t = Math.tan((3 * Math.PI) / 180);
    const g: GrayImage = { width: w, height: h, data: new Uint8Array(w * h).fill(250) };
    for (let y = 20; y < h - 20; y++) {
      for (let c = 60; c < w - 60; c += 120) {
        const x = Math.round(c + (y - h / 2) * t);
        g.data[y * w + x] = g.data[y * w + x + 1] = 20;
      }
      if (y % 40 === 0) g.data.fill(20, y * w + 40, y * w + w - 40);
    }
    const slant = estimateSlant(g);
    expect(slant).toBeLessThan(-2.5);
    expect(slant).toBeGreaterThan(-3.5);
    const straight = shearGray(g, slant);
    // every column is now within a pixel or two of one x from top to bottom
    for (const c of [60, 180, 300]) {
      const xs = [50, 210, 350].map((y) => [...Array(w).keys()].filter((x) => Math.abs(x - c) < 20 && at(straight, x, y) < 128));
      const mid = xs.map((v) => v.reduce((a, b) => a + b, 0) / v.length);
      expect(Math.max(...mid) - Math.min(...mid)).toBeLessThanOrEqual(2);
    }
    // a page whose columns already stand is left alone
    expect(Math.abs(estimateSlant(textPage(700, 500)))).toBeLessThanOrEqual(0.5);
  });
});

describe('PNG encoding', () => {
  it('round-trips gray and RGBA through a standard decoder', () => {
    const g = textPage(64, 48, 6, 12);
    const back = PNG.sync.read(Buffer.from(encodeGrayPng(g)));
    expect([back.width, back.height]).toEqual([64, 48]);
    for (let p = 0; p < g.data.length; p += 37) expect(back.data[p * 4]).toBe(g.data[p]);
    const c = rgba(5, 4, (x, y) => [x * 40, y * 60, 7]);
    const back2 = PNG.sync.read(Buffer.from(encodeRgbaPng(c, 6)));
    expect(Array.from(back2.data)).toEqual(Array.from(c.data));
    expect(grayToRgba(g).data.length).toBe(64 * 48 * 4);
  });
});
