import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../ocr/types';
import { cellsFromGlyphBoxes, glyphCells } from './word-cells';

/** White page with dark glyph-like blocks: [x, width] each, `h` high from y. */
function page(blocks: Array<[number, number]>, y = 40, h = 20): RgbaImage {
  const W = 600, H = 120;
  const data = new Uint8ClampedArray(W * H * 4).fill(255);
  for (const [k, [x0, w]] of blocks.entries())
    for (let yy = y; yy < y + h; yy++)
      for (let x = x0; x < x0 + w; x++) {
        // a glyph is strokes, not a solid block: a column of paper somewhere inside (not at the same place in each)
        if (w > 10 && x - x0 === 4 + ((k * 5) % 11)) continue;
        const i = (yy * W + x) * 4;
        data[i] = data[i + 1] = data[i + 2] = 20;
      }
  return { width: W, height: H, data };
}

describe('glyphCells (the 大写 words cut one cell per glyph)', () => {
  // nine glyphs 19 px wide at a 21 px pitch, after a label bracket (narrow, a space away) and before （小写）
  const glyphs = Array.from({ length: 9 }, (_, k) => [120 + k * 21, 19] as [number, number]);
  const img = page([[70, 6], ...glyphs, [360, 8], [372, 19], [393, 19]]);
  const region = { x: 60, y: 25, w: 380, h: 50 };

  it('finds the stretch of n glyphs and cuts it into n cells, one glyph in each', () => {
    const cells = glyphCells(img, region, 9)!;
    expect(cells).toHaveLength(9);
    cells.forEach((c, k) => {
      const centre = 120 + k * 21 + 9.5;
      expect(c.x).toBeLessThan(centre - 6);
      expect(c.x + c.w).toBeGreaterThan(centre + 6);
      expect(c.y).toBeLessThanOrEqual(40);
      expect(c.y + c.h).toBeGreaterThanOrEqual(59);
    });
  });

  it('words of one glyph more than the total’s are not cut into its number of cells (a digit dropped: ¥1250.00 read 250.00), nor one fewer', () => {
    expect(glyphCells(img, region, 8)).toBeNull();
    expect(glyphCells(img, region, 10)).toBeNull();
  });

  it('no cells when no stretch of ink has the width of that many glyphs', () => {
    expect(glyphCells(img, region, 14)).toBeNull();
    expect(glyphCells(img, region, 5)).toBeNull();
    expect(glyphCells(page([]), region, 9)).toBeNull();
  });
});

describe('cells from where a line read put its glyphs (for the shape matcher)', () => {
  // the label's 写） printed close before the words: no stretch of ink is n glyphs wide
  const glyphs = Array.from({ length: 9 }, (_, k) => [120 + k * 21, 19] as [number, number]);
  const img = page([[80, 19], [101, 15], ...glyphs]);
  const region = { x: 60, y: 25, w: 330, h: 50 };

  it('glyphCells finds no stretch there; fromRight cuts the last n pitches of ink', () => {
    expect(glyphCells(img, region, 9)).toBeNull();
    const cells = glyphCells(img, region, 9, { fromRight: true })!;
    expect(cells).toHaveLength(9);
    cells.forEach((c, k) => {
      const centre = 120 + k * 21 + 9.5;
      expect(Math.abs(c.x + c.w / 2 - centre)).toBeLessThan(4);
    });
  });

  it('the last n boxes of a read, when they run one glyph apart; and the pitches of ink that end where they end', () => {
    const boxes = [{ x: 80, y: 40, w: 19, h: 20 }, { x: 101, y: 40, w: 15, h: 20 }, ...glyphs.map(([x, w]) => ({ x, y: 40, w, h: 20 }))];
    const sets = cellsFromGlyphBoxes(img, region, boxes, 9);
    expect(sets).toHaveLength(2);
    expect(sets[0].map((c) => c.x + 1)).toEqual(glyphs.map(([x]) => x));
    sets[1].forEach((c, k) => expect(Math.abs(c.x + c.w / 2 - (120 + k * 21 + 9.5))).toBeLessThan(4));
    // boxes that overlap or jump (two glyphs read as one) are not cells
    const merged = [...boxes.slice(0, 5), { x: 183, y: 40, w: 40, h: 20 }, ...boxes.slice(7)];
    expect(cellsFromGlyphBoxes(img, region, merged, 9).length).toBeLessThan(2);
  });
});
