import { describe, expect, it } from 'vitest';
import { neighboursPrinted } from './pipeline';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ALNUM_GLYPHS, DIGIT_GLYPHS, cellFeatures, glyphNear, GLYPH_MATCH_MARGIN, GLYPH_MATCH_MIN, GLYPH_SIZE, WORD_GLYPHS, bowlClosed, boxIsGlyph, cellIsGlyph, digitsPrinted, foldCase, formsPrinted, glyphInkMap, matchGlyph, strokeIsOne, templateInkMaps, wordsTracked } from './glyph-match';
import { decodeImageNode } from '../ocr/decode-node';
import type { RgbaImage } from '../ocr/types';
import { GLYPH_TEMPLATES } from './glyph-templates';
import { glyphCells } from './word-cells';
import { binariseText, centreBand, inkColumns, rgbaCropToGray } from '../ocr/engine';
import type { GrayImage } from '../ocr/prepare';

/** A deterministic pseudo-random sequence (tests must not flake). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/**
 * A glyph cell as a grey scan shows it: a template's ink map drawn `px` pixels high at an offset on
 * grey paper (180) in grey ink (70), blurred a little, with noise.
 */
function cellOf(map: Float32Array, o: { px?: number; dx?: number; dy?: number; noise?: number; seed?: number } = {}): GrayImage {
  const px = o.px ?? 26, W = px + 6, H = px + 6, S = GLYPH_SIZE;
  const rand = rng(o.seed ?? 1);
  const ink = new Float32Array(W * H);
  for (let y = 0; y < px; y++)
    for (let x = 0; x < px; x++) {
      const u = Math.min(S - 1, Math.floor((x / px) * S)), v = Math.min(S - 1, Math.floor((y / px) * S));
      const X = x + 3 + (o.dx ?? 0), Y = y + 3 + (o.dy ?? 0);
      if (X >= 0 && Y >= 0 && X < W && Y < H) ink[Y * W + X] = map[v * S + u];
    }
  const data = new Uint8Array(W * H);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      let s = 0, n = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy, xx = x + dx;
          if (yy < 0 || xx < 0 || yy >= H || xx >= W) continue;
          s += ink[yy * W + xx];
          n++;
        }
      const a = s / n;
      data[y * W + x] = Math.max(0, Math.min(255, Math.round(180 - 110 * a + (rand() - 0.5) * 2 * (o.noise ?? 12))));
    }
  return { width: W, height: H, data };
}

const maps = templateInkMaps();
const of = (font: string, glyph: string) => maps.find((m) => m.font === font && m.glyph === glyph)!.map;
const glyphs = [...GLYPH_TEMPLATES.sets[0].glyphs];
const wordFonts = GLYPH_TEMPLATES.sets[0].fonts;

describe('glyph-match: the 大写 glyphs told apart by shape', () => {
  it('has templates of every glyph in several fonts', () => {
    expect(wordFonts.length).toBeGreaterThanOrEqual(5);
    for (const g of '零壹贰叁肆伍陆柒捌玖拾佰仟万元角分整') expect(glyphs).toContain(g);
    expect(maps.length).toBe(GLYPH_TEMPLATES.sets.reduce((n, x) => n + x.fonts.length * [...x.glyphs].length, 0));
  });

  it('recognises a degraded glyph in a font it has no template of (each font left out in turn)', () => {
    let right = 0, wrongAccepted = 0, n = 0;
    for (const font of wordFonts)
      for (const [i, g] of glyphs.entries()) {
        const cell = cellOf(of(font, g), { seed: i + 1, dx: (i % 3) - 1 });
        const others = (f: string) => f.split(' ').slice(0, -1).join(' ') !== font.split(' ').slice(0, -1).join(' ');
        n++;
        const m = matchGlyph(cell, { fonts: others });
        const clear = !!m && m.score >= GLYPH_MATCH_MIN && m.score - m.runnerUp >= GLYPH_MATCH_MARGIN;
        if (clear && m.glyph === g) right++;
        if (clear && m.glyph !== g) wrongAccepted++;
      }
    // never another glyph; most glyphs of an unseen font clearly
    console.log(`left-out font: ${right}/${n} right, ${wrongAccepted} wrong`);
    expect(wrongAccepted).toBe(0);
    expect(right / n).toBeGreaterThan(0.8);
  });

  it('does not take one numeral for another', () => {
    const cell = cellOf(of('AR PL UMing CN 400', '叁'));
    expect(cellIsGlyph(cell, '叁')).toBe(true);
    for (const w of '壹贰肆伍陆柒捌玖零') expect(cellIsGlyph(cell, w)).toBe(false);
    expect(matchGlyph(cell)!.glyph).toBe('叁');
  });

  it('normalises size and position: the same glyph large or small, left or right, maps alike', () => {
    const m = of('Noto Sans CJK SC 400', '捌');
    const a = glyphInkMap(cellOf(m, { px: 20, dx: -2, noise: 0 }))!;
    const b = glyphInkMap(cellOf(m, { px: 40, dx: 2, dy: 1, noise: 0 }))!;
    let d = 0, na = 0, nb = 0;
    for (let i = 0; i < a.length; i++) (d += a[i] * b[i]), (na += a[i] * a[i]), (nb += b[i] * b[i]);
    expect(d / Math.sqrt(na * nb)).toBeGreaterThan(0.85);
  });

  it('finds nothing in a blank cell and no glyph in noise', () => {
    expect(glyphInkMap({ width: 20, height: 20, data: new Uint8Array(400).fill(200) })).toBeNull();
    expect(matchGlyph({ width: 3, height: 3, data: new Uint8Array(9) })).toBeNull();
    const rand = rng(7);
    const noise = { width: 30, height: 30, data: Uint8Array.from({ length: 900 }, () => (rand() < 0.3 ? 40 : 220)) };
    for (const g of glyphs) expect(cellIsGlyph(noise, g)).toBe(false);
  });

  it('knows only the glyphs of amounts in words', () => {
    const cell = cellOf(of('AR PL UMing CN 400', '壹'));
    expect(cellIsGlyph(cell, '一')).toBe(false);
    expect(cellIsGlyph(cell, 'A')).toBe(false);
  });
});

/** A line of text on a page: each digit a template drawn `h` px high (60 % as wide), a letter its template's width, '-' a short bar, 年月日 a block. */
function line(text: string, font: string, o: { h?: number; breakAt?: number; touchAfter?: number[] } = {}) {
  const h = o.h ?? 20, W = 400, H = 50, data = new Uint8ClampedArray(W * H * 4).fill(240);
  const ink = (x: number, y: number, a: number) => {
    const i = (y * W + x) * 4;
    const v = Math.round(240 - 210 * a);
    if (v < data[i]) data[i] = data[i + 1] = data[i + 2] = v;
  };
  let x = 20;
  for (const [k, ch] of [...text].entries()) {
    if (/[a-z]/i.test(ch)) {
      // (a letter: the template's inked columns, drawn h high)
      const m = of(font, ch);
      const cols = [...Array(32).keys()].filter((i) => [...Array(32).keys()].some((y) => m[y * 32 + i] > 0.3));
      const c0 = cols[0], c1 = cols[cols.length - 1] + 1, dw = Math.round(((c1 - c0) / 32) * h);
      for (let y = 0; y < h; y++) for (let i = 0; i < dw; i++) ink(x + i, 15 + y, m[Math.floor((y / h) * 32) * 32 + c0 + Math.floor((i / dw) * (c1 - c0))]);
      x += dw + 3;
    } else if (/\d/.test(ch)) {
      // (the template is the digit fitted in a square, its aspect kept: drawn h × h, it is ~0.6 h wide in the middle)
      const m = of(font, ch), dw = Math.round(h * 0.62), left = x - Math.round((h - dw) / 2);
      for (let y = 0; y < h; y++) for (let i = 0; i < h; i++) ink(left + i, 15 + y, m[Math.floor((y / h) * 32) * 32 + Math.floor((i / h) * 32)]);
      // a hairline of paper through the digit: it falls apart into two pieces of ink
      if (o.breakAt === k) for (let y = 0; y < H; y++) data.fill(240, (y * W + x + Math.floor(dw / 2)) * 4, (y * W + x + Math.floor(dw / 2)) * 4 + 3);
      // (touching the next digit: no paper between them, as bold digits blurred on a photo)
      x += o.touchAfter?.includes(k) ? dw - 1 : dw + 3;
    } else if (ch === '-') {
      for (let y = 0; y < 2; y++) for (let i = 0; i < 7; i++) ink(x + i, 25 + y, 1);
      x += 10;
    } else {
      // (a CJK glyph: strokes across its whole width, like 日)
      for (let y = 0; y < h + 4; y++) for (let i = 0; i < h + 4; i++) if (y < 2 || y > h + 1 || y === (h >> 1) || i < 2 || i > h + 1) ink(x + i, 13 + y, 1);
      x += h + 7;
    }
  }
  return { img: { width: W, height: H, data }, region: { x: 0, y: 5, w: W, h: 40 } };
}

describe('digitsPrinted: a value of digits checked glyph by glyph against its print', () => {

  it('confirms the digits printed, in either date style, and a digit broken in two', () => {
    const a = line('2024-05-12', 'Liberation Serif 400');
    expect(digitsPrinted(a.img, a.region, ['2024-05-12'])).toBe(true);
    const b = line('2024年05月12日', 'DejaVu Sans 400');
    expect(digitsPrinted(b.img, b.region, ['2024-05-12', '2024年05月12日'])).toBe(true);
    const c = line('0045876139', 'Liberation Sans 700', { breakAt: 3 });
    expect(digitsPrinted(c.img, c.region, ['0045876139'])).toBe(true);
  });

  it('confirms digits that touch (060 as one piece of ink), and still no other digit there', () => {
    const a = line('11060323', 'Liberation Sans 700', { touchAfter: [2, 3] });
    expect(digitsPrinted(a.img, a.region, ['11060323'])).toBe(true);
    for (const other of ['11080323', '11066323', '11000323']) expect(digitsPrinted(a.img, a.region, [other])).toBe(false);
  });

  it('never confirms another value: a digit changed, one more or one fewer', () => {
    const a = line('0045876139', 'Liberation Sans 400');
    expect(digitsPrinted(a.img, a.region, ['0045836139'])).toBe(false);
    expect(digitsPrinted(a.img, a.region, ['0045876138'])).toBe(false);
    expect(digitsPrinted(a.img, a.region, ['00458761390'])).toBe(false);
    expect(digitsPrinted(a.img, a.region, ['2024-05-12'])).toBe(false);
  });
});

describe('neighboursPrinted: a QR value and the values one glyph from it, checked against the print', () => {
  it('tells the value printed from its neighbours: the QR value itself, or the one the print holds instead', () => {
    const a = line('11060323', 'Liberation Sans 700');
    expect([...neighboursPrinted('billCode', a.img, a.region, '11060323')]).toEqual(['11060323']);
    // a QR changed by one digit: the print holds its neighbour, not it
    expect([...neighboursPrinted('billCode', a.img, a.region, '11060328')]).toEqual(['11060323']);
    expect(neighboursPrinted('billCode', a.img, a.region, '11060328', { ifPrinted: true }).size).toBe(0);
    const d = line('2024年05月12日', 'DejaVu Sans 400');
    expect([...neighboursPrinted('issueDate', d.img, d.region, '2024-05-17')]).toEqual(['2024-05-12']);
    const c = line('3e8d2c', 'Liberation Serif 400');
    expect([...neighboursPrinted('checkCode', c.img, c.region, '3e8d2e', { lookalikes: true })]).toEqual(['3e8d2c']);
  });

  it('does not take a 1 for a neighbour: a stroke of a broken or bold glyph is a clear 1', () => {
    // (an 8 broken in two, its left half a 1: 11060321 "held" too; a bold serif 0 or 6 the same)
    for (const [font, breakAt] of [['Liberation Sans 700', 7], ['Liberation Serif 700', 7], ['Liberation Serif 700', 3], ['Liberation Serif 700', undefined]] as const) {
      const a = line('11060328', font, { breakAt });
      expect([...neighboursPrinted('billCode', a.img, a.region, '11060328')].filter((v) => v !== '11060328')).toEqual([]);
    }
    const a = line('11060323', 'Liberation Sans 700');
    // (but a QR with a 1 where the print has another digit is found out: 11060321's neighbour 11060323)
    expect([...neighboursPrinted('billCode', a.img, a.region, '11060321')]).toEqual(['11060323']);
  });
});

describe('formsPrinted: a check code checked glyph by glyph among all letters and digits', () => {
  it('finds the value printed, in either case, and tells which of several it is', () => {
    for (const font of ['Liberation Serif 400', 'Liberation Sans 400', 'DejaVu Sans 400', 'Noto Sans CJK SC 700']) {
      const a = line('3e8d2c', font);
      expect(formsPrinted(a.img, a.region, ['3e8d2e', '3e8d2c', '3c8d2c', '3e6d2c'], { alnum: true })).toEqual(['3e8d2c']);
    }
    const b = line('5D03E8', 'DejaVu Sans 400');
    expect(formsPrinted(b.img, b.region, ['5d03e8', '5d03e9'], { alnum: true })).toEqual(['5d03e8']);
  });

  it('never confirms another value: a letter or digit changed, one more (a check code is always six)', () => {
    const a = line('4c2a97', 'Liberation Sans 400');
    expect(formsPrinted(a.img, a.region, ['4c2a97'], { alnum: true })).toEqual(['4c2a97']);
    for (const other of ['4c2a98', '4e2a97', '4c2e97', '1c2a97', '4c2a977', '44c2a97']) expect(formsPrinted(a.img, a.region, [other], { alnum: true })).toEqual([]);
  });
});

describe('matchGlyph among letters and digits (case folded)', () => {
  it('takes a glyph of a font it has no template of for another glyph only where they are look-alikes', () => {
    const latin = GLYPH_TEMPLATES.sets[2].fonts;
    const family = (f: string) => f.split(' ').slice(0, -1).join(' ');
    let right = 0, n = 0;
    const wrong: string[] = [];
    for (const font of latin)
      for (const [i, g] of [...ALNUM_GLYPHS].entries()) {
        const cell = cellOf(of(font, g), { seed: i + 7, dx: (i % 3) - 1 });
        const others = (f: string) => family(f) !== family(font);
        n++;
        // (only its best match among all can be accepted: the others need not be tried)
        const best = matchGlyph(cell, { among: ALNUM_GLYPHS, fold: foldCase, fonts: others })?.glyph;
        if (!best || !cellIsGlyph(cell, best, { alnum: true, fonts: others })) continue;
        if (best === g.toLowerCase()) right++;
        else wrong.push(`${g}→${best} (${font})`);
      }
    console.log(`left-out font, letters and digits: ${right}/${n} right, taken for another: ${wrong.join(', ') || 'none'}`);
    expect(wrong.filter((w) => !/^[1liI|]→[1li]|^[0oO]→[0o]/.test(w))).toEqual([]);
    expect(right / n).toBeGreaterThan(0.6);
  }, 60_000);
});

describe('formsPrinted `best`: no glyph looks more like another (an l where a check code was read 1)', () => {
  it('holds a value whose 1 is printed as 1, not one whose 1 is printed as l, nor another value', () => {
    // (as clearly as a confirmation wants, these 1s are not: a 1 and an l are one serif apart)
    for (const font of ['Liberation Sans 400', 'DejaVu Sans 400', 'Liberation Serif 400', 'Noto Sans CJK SC 400']) {
      const one = line('3f01w1', font), ell = line('3f0lw1', font);
      expect(formsPrinted(one.img, one.region, ['3f01w1'], { alnum: true, best: '01' }), font).toEqual(['3f01w1']);
      expect(formsPrinted(ell.img, ell.region, ['3f01w1'], { alnum: true, best: '01' }), font).toEqual([]);
      // (a 1 read where a 7 is printed is refused; the other glyphs need only be near their templates —
      // the OCR read them — so 8 for 3 is not: `best` is no confirmation)
      expect(formsPrinted(one.img, one.region, ['3f07w1'], { alnum: true, best: '01' }), font).toEqual([]);
    }
    // (in Noto Serif bold the 1 looks as much like I as like 1: such a value is not held either way)
    const ell = line('3f0lw1', 'Noto Serif CJK SC 700');
    expect(formsPrinted(ell.img, ell.region, ['3f01w1'], { alnum: true, best: '01' })).toEqual([]);
  });
});

describe('formsPrinted with look-alikes: a QR value whose 1 the print shows like l', () => {
  it('takes 1 l i as one glyph (and 0 o), and still tells every other glyph apart', () => {
    const a = line('7c1ca5', 'Liberation Sans 400');
    const b = line('7clca5', 'Liberation Sans 400');
    for (const x of [a, b]) {
      expect(formsPrinted(x.img, x.region, ['7c1ca5'], { alnum: true, lookalikes: true })).toEqual(['7c1ca5']);
      expect(formsPrinted(x.img, x.region, ['7c1ca6', '7c7ca5', '7e1ca5'], { alnum: true, lookalikes: true })).toEqual([]);
    }
    // without: the l is not a 1
    expect(formsPrinted(b.img, b.region, ['7c1ca5'], { alnum: true })).toEqual([]);
  });
});

/**
 * The 大写 words on a page as a grey scan shows them: each glyph a template drawn `h` px high, the pitch
 * uneven (a glyph a few px off its place), after a label's ink ending a gap before them (`after`: the
 * （小写） label's bracket far off after them).
 */
function wordsLine(words: string, font: string, o: { h?: number; jitter?: number[]; gapBefore?: number; after?: boolean } = {}) {
  const h = o.h ?? 26, W = 640, H = 60, data = new Uint8ClampedArray(W * H * 4).fill(235);
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  const ink = (x: number, y: number, a: number) => {
    const i = (y * W + x) * 4;
    const v = Math.round(235 - 185 * a);
    if (x >= 0 && x < W && v < data[i]) data[i] = data[i + 1] = data[i + 2] = v;
  };
  // (a glyph's ink ~0.9 of its em: the template drawn g px square, the em h + 2)
  const g = Math.round(h * 0.9);
  const draw = (m: Float32Array, x0: number) => {
    for (let y = 0; y < g; y++) for (let x = 0; x < g; x++) ink(x0 + x, 18 + y, m[Math.floor((y / g) * 32) * 32 + Math.floor((x / g) * 32)]);
  };
  // the label's closing bracket before the words (a full-width ）: its ink at the left of its em), then the gap
  const bracket = (x0: number, dir: number) => {
    for (let y = 0; y < h; y++) for (let i = 0; i < 3; i++) ink(x0 + i + dir * Math.round(Math.abs(y - h / 2) / 4), 18 + y, 1);
  };
  bracket(20 + h, -1);
  let x = 20 + h + 3 + (o.gapBefore ?? Math.round(h * 0.8));
  for (const [k, g] of [...words].entries()) {
    draw(of(font, g), x + (o.jitter?.[k] ?? 0));
    x += h + 2;
  }
  // (the （小写） label's opening bracket after them, far off)
  if (o.after) bracket(x + h * 3, 1);
  return { img: { width: W, height: H, data }, region: { x: 0, y: 8, w: W, h: 44 } };
}

describe('wordsTracked: the 大写 words found glyph by glyph from their end', () => {
  const all = (got: string[] | null) => got?.join('') ?? null;
  const never = () => false;

  it('finds each glyph where it is, though the pitch is uneven (cells at fixed shares would drift off)', () => {
    const jitter = [0, 2, -1, 2, 0, -2, 1, 2, 0];
    for (const font of ['AR PL UMing CN 400', 'Noto Serif CJK SC 400', 'Noto Sans CJK SC 400']) {
      const a = wordsLine('壹佰陆拾元玖角肆分', font, { jitter, after: true });
      expect(all(wordsTracked(a.img, a.region, [...'壹佰陆拾元玖角肆分'], never)), font).toBe('壹佰陆拾元玖角肆分');
    }
  });

  it('never confirms other words: a numeral changed, or only the end of longer words (60.94 in 160.94)', () => {
    const a = wordsLine('壹佰陆拾元玖角肆分', 'AR PL UMing CN 400', { after: true });
    expect(wordsTracked(a.img, a.region, [...'壹佰伍拾元玖角肆分'], never)).toBeNull();
    expect(wordsTracked(a.img, a.region, [...'壹佰陆拾元玖角叁分'], never)).toBeNull();
    expect(wordsTracked(a.img, a.region, [...'陆拾元玖角肆分'], never)).toBeNull();
    // (nor when a gap inside the words is wide — a blurred photo binarised — and the glyph before it is
    // clearly one of the words')
    const wide = wordsLine('壹佰陆拾元玖角肆分', 'AR PL UMing CN 400', { jitter: [0, 0, 14, 14, 14, 14, 14, 14, 14], gapBefore: 60 });
    expect(all(wordsTracked(wide.img, wide.region, [...'壹佰陆拾元玖角肆分'], never))).toBe('壹佰陆拾元玖角肆分');
    expect(wordsTracked(wide.img, wide.region, [...'陆拾元玖角肆分'], never)).toBeNull();
    // (nor when the region begins inside the words: nothing shows where they begin)
    expect(wordsTracked(a.img, { ...a.region, x: 150, w: 490 }, [...'陆拾元玖角肆分'], never)).toBeNull();
    // a unit may stay unconfirmed only where the caller allows it
    const b = wordsLine('陆拾元玖角肆分', 'AR PL UMing CN 400');
    expect(all(wordsTracked(b.img, b.region, [...'陆拾元玖角肆分'], never))).toBe('陆拾元玖角肆分');
    expect(wordsTracked(b.img, b.region, [...'陆拾元玖角肆整'], never)).toBeNull();
    expect(all(wordsTracked(b.img, b.region, [...'陆拾元玖角肆整'], (k) => k === 6))).toBe('陆拾元玖角肆□');
  });
});

describe('formsPrinted with strokes: a check code’s 1 told from l and I (strokeIsOne)', () => {
  // check codes cut from receipts the generator rendered (Noto Serif CJK bold), as the pipeline cuts them
  const load = (f: string) => decodeImageNode(readFileSync(fileURLToPath(new URL(`./testdata/${f}`, import.meta.url))));
  const whole = (img: RgbaImage) => ({ x: 0, y: 0, w: img.width, h: img.height });
  it('holds a 1 the templates cannot tell from l — by its flag, its bare right side and its height', async () => {
    const img = await load('code-82cbd1.png');
    // (the templates alone: a printed 1 is as much l as 1)
    expect(formsPrinted(img, whole(img), ['82cbd1'], { alnum: true })).toEqual([]);
    expect(formsPrinted(img, whole(img), ['82cbd1', '82cbdl'], { alnum: true, strokes: true })).toEqual(['82cbd1']);
    const up = await load('code-1FF9B6.png');
    expect(formsPrinted(up, whole(up), ['1ff9b6', 'iff9b6'], { alnum: true, strokes: true })).toEqual(['1ff9b6']);
  });
  it('never takes an l (taller than the digits) or an I (serifs both ways) for a 1', async () => {
    // (the line's 1 is held — the l after it is not a 1)
    const ell = await load('code-3d134l.png');
    expect(formsPrinted(ell, whole(ell), ['3d134'], { alnum: true, strokes: true })).toEqual(['3d134']);
    expect(formsPrinted(ell, whole(ell), ['3d1341', 'd1341'], { alnum: true, strokes: true })).toEqual([]);
    const eye = await load('code-1X3BMI.png');
    expect(formsPrinted(eye, whole(eye), ['1x3bm'], { alnum: true, strokes: true })).toEqual(['1x3bm']);
    expect(formsPrinted(eye, whole(eye), ['1x3bm1', '3bm1'], { alnum: true, strokes: true })).toEqual([]);
  });
  it('needs the line’s other digits to measure against', () => {
    // (a plain stroke and no digits beside it: unknown)
    const bin: GrayImage = { width: 10, height: 20, data: new Uint8Array(200).fill(255) };
    for (let y = 0; y < 20; y++) for (let x = 2; x < 6; x++) bin.data[y * 10 + x] = 0;
    for (let y = 0; y < 3; y++) bin.data[y * 10 + 0] = bin.data[y * 10 + 1] = 0;
    const q = { s: 0, e: 10, top: 0, bottom: 20 };
    expect(strokeIsOne(bin, q, [])).toBe(false);
    expect(strokeIsOne(bin, q, [{ s: 12, e: 20, top: 0, bottom: 20 }])).toBe(true);
    // (its top above the digits': an l)
    expect(strokeIsOne(bin, q, [{ s: 12, e: 20, top: 2, bottom: 20 }])).toBe(false);
    // (a crossbar: a t)
    for (let x = 6; x < 9; x++) bin.data[6 * 10 + x] = 0;
    expect(strokeIsOne(bin, q, [{ s: 12, e: 20, top: 0, bottom: 20 }])).toBe(false);
  });
});

describe('boxIsGlyph: a 大写 glyph under a grey seal’s ring', () => {
  // the words of 1202.98 as the pipeline prepared a generated grey scan, the seal's ring across the second 贰
  const load = (f: string) => decodeImageNode(readFileSync(fileURLToPath(new URL(`./testdata/${f}`, import.meta.url))));
  it('holds the glyph by its darkest ink — and only that glyph', async () => {
    const img = await load('words-120298-scan.png');
    const expected = [...'壹仟贰佰零贰元玖角捌分'];
    const cells = glyphCells(img, { x: 10, y: 10, w: img.width - 20, h: img.height - 20 }, expected.length)!;
    expect(cells).toHaveLength(expected.length);
    expect(cells.map((c, k) => (boxIsGlyph(img, c, expected[k]) ? expected[k] : '□')).join('')).toBe(expected.join(''));
    const under = cells[5];
    // (as printed, the ring makes it no glyph clearly)
    const asPrinted = rgbaCropToGray(img, Math.floor(under.x), Math.floor(under.y), Math.ceil(under.w), Math.ceil(under.h));
    expect([...WORD_GLYPHS].filter((g) => cellIsGlyph(asPrinted, g))).toEqual([]);
    // (no other numeral or unit is held there)
    expect([...WORD_GLYPHS].filter((g) => boxIsGlyph(img, under, g))).toEqual(['贰']);
  });
});

describe('glyphCells on a blurred photo', () => {
  // the words of 47.02 as the pipeline prepared a generated phone photo: grey halos on uneven paper
  const load = (f: string) => decodeImageNode(readFileSync(fileURLToPath(new URL(`./testdata/${f}`, import.meta.url))));
  it('finds the glyphs where Otsu’s threshold makes each a solid block', async () => {
    const img = await load('words-4702-photo.png');
    const region = { x: 10, y: 10, w: img.width - 20, h: img.height - 20 };
    const cellsOf = (words: string) => {
      const cells = glyphCells(img, region, [...words].length);
      return cells && cells.map((c, k) => (boxIsGlyph(img, c, [...words][k]) ? [...words][k] : '□')).join('');
    };
    expect(cellsOf('肆拾柒元零贰分')).toBe('肆拾柒元零贰分');
    // (another numeral is not held where it is not printed)
    expect(cellsOf('肆拾陆元零贰分')).toBe('肆拾□元零贰分');
  });
});

describe('formsPrinted in a crop cut tight around a check code', () => {
  const load = (f: string) => decodeImageNode(readFileSync(fileURLToPath(new URL(`./testdata/${f}`, import.meta.url))));
  it('keeps the stems of f and d (three quarters of the crop high: not table rules)', async () => {
    // (the code as a generated clean page's OCR word box cut it)
    const img = await load('code-f8d556.png');
    const whole = { x: 0, y: 0, w: img.width, h: img.height };
    expect(formsPrinted(img, whole, ['f8d556'], { alnum: true })).toEqual(['f8d556']);
    expect(formsPrinted(img, whole, ['f8d566', 'f9d556', 't8d556'], { alnum: true })).toEqual([]);
  });
  it('binarises a blurred photo’s code midway between paper and ink, where Otsu runs its glyphs together', async () => {
    // (the code as a generated phone photo's OCR word box cut it)
    const img = await load('code-87e44c-photo.png');
    const whole = { x: 0, y: 0, w: img.width, h: img.height };
    expect(formsPrinted(img, whole, ['87e44c'], { alnum: true })).toEqual(['87e44c']);
    expect(formsPrinted(img, whole, ['87e44e', '87c44c', '81e44c'], { alnum: true })).toEqual([]);
  });
  it('tells a b from an h by its bowl, where the templates are 0.01 apart', async () => {
    // (a generated clean page's code: OCR read c243apb; b matched 0.98, h 0.97)
    const img = await load('code-c243ab.png');
    const whole = { x: 0, y: 0, w: img.width, h: img.height };
    expect(formsPrinted(img, whole, ['c243ab', 'c243ah', 'c243an'], { alnum: true })).toEqual(['c243ab']);
    // the glyphs of 3LIhOY as the line is cut: the h has no bowl, the O's is closed but does not curve in to a stem
    const h = await load('code-3LIhOY.png');
    const bin = binariseText(rgbaCropToGray(h, 0, 0, h.width, h.height), { columnShare: 0.95 });
    const [b0, b1] = centreBand(bin);
    const { blobs } = inkColumns({ width: bin.width, height: b1 - b0, data: bin.data.subarray(b0 * bin.width, b1 * bin.width) });
    const bowls = blobs.map(([s, e]) => {
      let top = b1, bottom = b0;
      for (let y = b0; y < b1; y++) for (let x = s; x < e; x++) if (bin.data[y * bin.width + x] < 128) (top = Math.min(top, y)), (bottom = Math.max(bottom, y + 1));
      return bowlClosed(bin, { s, e, top, bottom });
    });
    expect(bowls).toHaveLength(6);
    expect(bowls[3]).toBe(false);
    expect(formsPrinted(h, { x: 0, y: 0, w: h.width, h: h.height }, ['3libOy', '3l1bOy', '31ibOy'], { alnum: true, lookalikes: true })).toEqual([]);
  });
  it('cuts a kerned pair (FA: the F’s arm over the A’s foot, no blank column between them) away from its middle too', async () => {
    // (a generated clean page's code in capitals, OCR read OFAGOE, 0FA60E, OFA6OE)
    const img = await load('code-0FA60E.png');
    const whole = { x: 0, y: 0, w: img.width, h: img.height };
    expect(formsPrinted(img, whole, ['0fa60e', 'ofagoe', 'ofa6oe'], { alnum: true })).toEqual(['0fa60e']);
    expect(formsPrinted(img, whole, ['0ea60e', '0fe60e', '0f460e', '0fa60c'], { alnum: true })).toEqual([]);
  });
});

describe('wordsTracked under a grey seal’s ring', () => {
  // the words of 422.18 as the pipeline prepared a generated grey scan: the seal's ring crosses the rows
  // above and below the words, and the line's band grew to the whole crop
  const load = (f: string) => decodeImageNode(readFileSync(fileURLToPath(new URL(`./testdata/${f}`, import.meta.url))));
  it('finds the glyphs in the line’s core rows', async () => {
    const img = await load('words-42218-scan.png');
    const region = { x: 10, y: 10, w: img.width - 20, h: img.height - 20 };
    const unitsMayMiss = (k: number, misses: number) => '元角分'.includes('肆佰贰拾贰元壹角捌分'[k]) && misses < 2;
    expect(wordsTracked(img, region, [...'肆佰贰拾贰元壹角捌分'], unitsMayMiss)?.join('')).toBe('肆佰贰拾贰□壹角捌分');
    // (another numeral is not held where it is not printed)
    expect(wordsTracked(img, region, [...'肆佰贰拾叁元壹角捌分'], (k, m) => '元角分'.includes('肆佰贰拾叁元壹角捌分'[k]) && m < 2)).toBeNull();
  });
});

describe('the matcher’s shortcut: templates that cannot reach what is asked are not correlated in full', () => {
  const load = (f: string) => decodeImageNode(readFileSync(fileURLToPath(new URL(`./testdata/${f}`, import.meta.url))));
  it('gives the same best glyph, runner-up, scores and thresholds as correlating every template', async () => {
    // cells of every width cut along real crops (codes and 大写 words of scans and photos): glyphs, halves,
    // pairs and junk — the best two among all, and whether a glyph reaches a threshold, exactly as without it
    let n = 0;
    for (const f of ['code-87e44c-photo.png', 'code-fae10b-scan.png', 'code-0FA60E.png', 'words-4702-photo.png', 'words-120298-scan.png']) {
      const img = await load(f);
      const g = rgbaCropToGray(img, 0, 0, img.width, img.height);
      const h = img.height;
      for (let x = 0; x + 4 < img.width; x += Math.max(2, Math.round(h / 7)))
        for (const share of [0.35, 0.7, 1.1]) {
          const w = Math.min(img.width - x, Math.max(4, Math.round(h * share)));
          const cell = { width: w, height: h, data: new Uint8Array(w * h) };
          for (let y = 0; y < h; y++) cell.data.set(g.data.subarray(y * g.width + x, y * g.width + x + w), y * w);
          const vs = cellFeatures(cell);
          if (!vs) continue;
          for (const o of [{ among: ALNUM_GLYPHS, fold: foldCase }, { among: DIGIT_GLYPHS }, { among: WORD_GLYPHS }]) {
            const quick = matchGlyph(cell, o)!, full = matchGlyph(cell, { ...o, scores: true })!;
            expect({ ...quick }).toEqual({ glyph: full.glyph, score: full.score, runnerUp: full.runnerUp, runnerUpGlyph: full.runnerUpGlyph, separation: full.separation });
            for (const [glyph, score] of Object.entries(full.scores!).slice(0, 4))
              for (const min of [GLYPH_MATCH_MIN, 0.8, 0.9, score - 1e-3, score + 1e-3]) expect(glyphNear(vs, glyph, min, o)).toBe(score >= min);
            n++;
          }
        }
    }
    expect(n).toBeGreaterThan(300);
  }, 120_000);
});
