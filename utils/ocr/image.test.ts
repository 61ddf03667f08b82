import { describe, expect, it } from 'vitest';
import type { RgbaImage } from './types';
import { crop, flattenLight, inkRatio, resize, rotate90, suppressRedToGray } from './image';

function img(w: number, h: number, px: (x: number, y: number) => [number, number, number]): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const [r, g, b] = px(x, y);
      data.set([r, g, b, 255], (y * w + x) * 4);
    }
  return { width: w, height: h, data };
}
const at = (i: RgbaImage, x: number, y: number) => i.data[(y * i.width + x) * 4];

describe('image preparation', () => {
  it('removes the red seal but keeps black text and text printed under the seal', () => {
    const src = img(4, 1, (x) => [[224, 32, 27], [20, 20, 20], [120, 20, 20], [255, 255, 255]][x] as [number, number, number]);
    const g = suppressRedToGray(src);
    expect(at(g, 0, 0)).toBe(255); // seal red → paper
    expect(at(g, 1, 0)).toBeLessThan(40); // black text stays
    expect(at(g, 2, 0)).toBeLessThan(60); // dark red = black under red ink stays dark
    expect(at(g, 3, 0)).toBe(255);
  });

  it('rotates by quarter turns exactly', () => {
    const src = img(3, 2, (x, y) => [x * 10 + y, 0, 0]);
    const r1 = rotate90(src, 1);
    expect([r1.width, r1.height]).toEqual([2, 3]);
    expect(at(r1, 1, 0)).toBe(at(src, 0, 0)); // top-left goes to top-right
    const back = rotate90(rotate90(rotate90(r1, 1), 1), 1);
    expect(Array.from(back.data)).toEqual(Array.from(src.data));
  });

  it('crops inside the image and resizes', () => {
    const src = img(10, 10, (x, y) => [x === 5 && y === 5 ? 0 : 255, 0, 0]);
    const c = crop(src, { x: 4, y: 4, w: 3, h: 3 }, 0);
    expect([c.width, c.height, at(c, 1, 1)]).toEqual([3, 3, 0]);
    const edge = crop(src, { x: 8, y: 8, w: 10, h: 10 }, 2);
    expect([edge.width, edge.height]).toEqual([4, 4]);
    expect(resize(src, 2).width).toBe(20);
  });

  it('measures ink and flattens a lighting gradient', () => {
    expect(inkRatio(img(40, 40, () => [255, 255, 255]))).toBe(0);
    const dark = img(200, 100, (x) => [255 - x / 2, 255 - x / 2, 255 - x / 2]); // paper getting darker to the right
    const flat = flattenLight(suppressRedToGray(dark));
    expect(at(flat, 190, 50)).toBeGreaterThan(200); // still paper after flattening
  });
});
