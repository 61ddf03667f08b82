import { describe, expect, it } from 'vitest';
import { blankRowNearMiddle, centreLine, createOcrEngine, eraseYen, itemsOf, removeRules, splitTouching, stretchContrast, SPLIT_MIN_HEIGHT, type WorkerLike } from './engine';
import type { RgbaImage } from './types';

const tiny: RgbaImage = { width: 8, height: 8, data: new Uint8ClampedArray(8 * 8 * 4).fill(255) };
const block = (text: string, conf = 90) => ({
  blocks: [{ paragraphs: [{ lines: [{ text, confidence: conf, bbox: { x0: 1, y0: 2, x1: 50, y1: 12 }, words: text.split(' ').map((t, i) => ({ text: t, confidence: conf, bbox: { x0: 1 + i * 20, y0: 2, x1: 18 + i * 20, y1: 12 }, symbols: [...t].map(() => ({ confidence: conf })) })) }] }] }],
});

/** A fake worker: `behave` decides what each recognize does. */
function fakePool(behave: (call: number, params: any) => Promise<any>) {
  let calls = 0;
  const created: Array<{ terminated: boolean; params: any[] }> = [];
  const createWorker = async (): Promise<WorkerLike> => {
    const rec = { terminated: false, params: [] as any[] };
    created.push(rec);
    return {
      recognize: async (_img, params) => { rec.params.push(params); return { data: await behave(++calls, params) }; },
      setParameters: async () => ({}),
      terminate: async () => { rec.terminated = true; },
    };
  };
  return { createWorker, created };
}

describe('OCR engine pool', () => {
  it('reads a page the way a known orientation says first (quarterTurns), without a second read', async () => {
    // a wide white page with dark text rows: the first read gets it turned a quarter (tall PNG)
    const W = 240, H = 120;
    const data = new Uint8ClampedArray(W * H * 4).fill(255);
    for (let y = 20; y < 100; y += 20) for (let yy = y; yy < y + 8; yy++) for (let x = 20; x < 220; x++) if (x % 6 < 4) data.set([0, 0, 0, 255], (yy * W + x) * 4);
    const sizes: Array<[number, number]> = [];
    const createWorker = async (): Promise<WorkerLike> => ({
      recognize: async (img: any) => {
        const b = img as Uint8Array; // PNG: width and height at bytes 16..23
        sizes.push([(b[16] << 24) | (b[17] << 16) | (b[18] << 8) | b[19], (b[20] << 24) | (b[21] << 16) | (b[22] << 8) | b[23]]);
        return { data: block('票据代码 票据号码 校验码 开票日期') };
      },
      setParameters: async () => ({}),
      terminate: async () => {},
    });
    const eng = createOcrEngine({ createWorker });
    const r = await eng.recognize({ width: W, height: H, data }, { quarterTurns: 1 });
    expect(r.rotation).toBe(90);
    expect(sizes).toHaveLength(1);
    expect(sizes[0][0]).toBeLessThan(sizes[0][1]);
    const r0 = await eng.recognize({ width: W, height: H, data });
    expect(r0.rotation).toBe(0);
    expect(sizes[1][0]).toBeGreaterThan(sizes[1][1]);
    await eng.terminate();
  });

  it('reuses one worker, returns lines and words with 0..1 confidences', async () => {
    const f = fakePool(async () => block('票据代码 11050126', 80));
    const eng = createOcrEngine({ createWorker: f.createWorker, idleMs: 50 });
    const a = await eng.recognize(tiny, { prepare: false });
    await eng.recognize(tiny, { prepare: false });
    expect(f.created.length).toBe(1);
    expect(a.items.filter((i) => i.level === 'line').map((i) => i.text)).toEqual(['票据代码 11050126']);
    const words = a.items.filter((i) => i.level === 'word');
    expect(words.map((w) => w.text)).toEqual(['票据代码', '11050126']);
    expect(words.every((w) => w.lineId === a.items[0].lineId && w.confidence === 0.8)).toBe(true);
    expect(a.meanConfidence).toBeCloseTo(0.8);
    // idle → terminated, then recreated on demand
    await new Promise((r) => setTimeout(r, 120));
    expect(f.created[0].terminated).toBe(true);
    await eng.recognize(tiny, { prepare: false });
    expect(f.created.length).toBe(2);
    await eng.terminate();
  });

  it('a crashing job is rejected alone; its worker is replaced and the next job works', async () => {
    const f = fakePool(async (n) => { if (n === 1) throw 'RuntimeError: memory access out of bounds'; return block('ok'); });
    const eng = createOcrEngine({ createWorker: f.createWorker });
    await expect(eng.recognize(tiny, { prepare: false })).rejects.toThrow(/OCR 识别失败/);
    const r = await eng.recognize(tiny, { prepare: false });
    expect(r.items[0].text).toBe('ok');
    expect(f.created.length).toBe(2);
    expect(f.created[0].terminated).toBe(true);
    expect(eng.stats.failures).toBe(1);
    await eng.terminate();
  });

  it('a hanging job times out with a Chinese message and frees the pool', async () => {
    const f = fakePool(async (n) => (n === 1 ? new Promise(() => {}) : block('after')));
    const eng = createOcrEngine({ createWorker: f.createWorker, jobTimeoutMs: 60 });
    const waiting = eng.recognize(tiny, { prepare: false }).then(() => 'resolved', (e) => e.message);
    const second = eng.recognize(tiny, { prepare: false }); // queued behind the hanging one (pool of 1)
    expect(await waiting).toMatch(/超时/);
    expect((await second).items[0].text).toBe('after');
    await eng.terminate();
  });

  it('runs two jobs at once with a pool of 2, and an aborted job is cancelled', async () => {
    let running = 0, peak = 0;
    const f = fakePool(async () => { running++; peak = Math.max(peak, running); await new Promise((r) => setTimeout(r, 30)); running--; return block('x'); });
    const eng = createOcrEngine({ createWorker: f.createWorker, poolSize: 2 });
    await Promise.all([1, 2, 3, 4].map(() => eng.recognize(tiny, { prepare: false })));
    expect(peak).toBe(2);
    const ac = new AbortController();
    const p = eng.recognize(tiny, { prepare: false, signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toThrow('识别已取消');
    expect((await eng.recognize(tiny, { prepare: false })).items.length).toBe(2);
    await eng.terminate();
  });

  it('readRegion passes whitelist and single-line mode per job only', async () => {
    const f = fakePool(async () => block('11050126', 95));
    const eng = createOcrEngine({ createWorker: f.createWorker });
    const img: RgbaImage = { width: 100, height: 40, data: new Uint8ClampedArray(100 * 40 * 4).fill(255) };
    const r = await eng.readRegion(img, { x: 10, y: 10, w: 60, h: 14 }, { whitelist: '0123456789', psm: 7 });
    expect(r).toMatchObject({ text: '11050126', confidence: 0.95 });
    expect(r.charConfidences).toHaveLength(8);
    expect(f.created[0].params[0]).toMatchObject({ tessedit_char_whitelist: '0123456789', tessedit_pageseg_mode: '7' });
    await eng.recognize(tiny, { prepare: false });
    expect(f.created[0].params[1].tessedit_char_whitelist).toBeUndefined();
    await eng.terminate();
  });

  it('readRegion tells where each character was found, in the coordinates of the image it was cut from', async () => {
    const withBoxes = { blocks: [{ paragraphs: [{ lines: [{ text: '贰佰', confidence: 40, bbox: { x0: 8, y0: 8, x1: 40, y1: 20 }, words: [{ text: '贰佰', confidence: 40, bbox: { x0: 8, y0: 8, x1: 40, y1: 20 }, symbols: [{ confidence: 30, bbox: { x0: 18, y0: 10, x1: 28, y1: 20 } }, { confidence: 50, bbox: { x0: 30, y0: 10, x1: 40, y1: 20 } }] }] }] }] }] };
    const eng = createOcrEngine({ createWorker: fakePool(async () => withBoxes).createWorker });
    const img: RgbaImage = { width: 100, height: 40, data: new Uint8ClampedArray(100 * 40 * 4).fill(255) };
    // the crop starts 3 px left of and 7 px above the box (its margins), and is read behind an 8 px white border
    const r = await eng.readRegion(img, { x: 10, y: 10, w: 60, h: 14 }, { psm: 7 });
    expect(r.charBoxes).toEqual([{ x: 17, y: 5, w: 10, h: 10 }, { x: 29, y: 5, w: 10, h: 10 }]);
    // a read whose columns were changed (the ¥ cut out) tells no places
    expect((await eng.readRegion(img, { x: 10, y: 10, w: 60, h: 14 }, { psm: 7, eraseYen: true })).charBoxes).toBeUndefined();
    await eng.terminate();
  });

  it('refuses an image without pixels', async () => {
    const eng = createOcrEngine({ createWorker: fakePool(async () => block('x')).createWorker });
    await expect(eng.recognize({ width: 0, height: 0, data: new Uint8ClampedArray(0) })).rejects.toThrow(/图片数据无效/);
  });

  it('itemsOf skips empty words and lines', () => {
    expect(itemsOf({ blocks: [{ paragraphs: [{ lines: [{ text: ' ', bbox: {}, words: [{ text: ' ', bbox: {} }] }] }] }] }).items).toEqual([]);
  });
});

describe('a faint glyph cell', () => {
  it('has its grey levels spread: the darkest ink black, the paper white, the order of levels kept', () => {
    // a blurred photo's glyph: paper at 200, ink no darker than 130
    const data = Uint8Array.from({ length: 100 }, (_, i) => (i % 10 < 3 ? 130 + (i % 10) * 10 : 200));
    const out = stretchContrast({ width: 10, height: 10, data });
    expect(Math.min(...out.data)).toBe(0);
    expect(Math.max(...out.data)).toBe(255);
    expect(out.data[0]).toBeLessThan(out.data[1]);
    expect(out.data[1]).toBeLessThan(out.data[2]);
    // an even patch (no ink at all) is left as it is, not blown up into noise
    const flat = { width: 4, height: 1, data: Uint8Array.from([200, 205, 210, 200]) };
    expect(stretchContrast(flat)).toBe(flat);
  });
});

describe('region clean-up before a one-line read', () => {
  /** rows of a binary crop drawn with '#' (ink) and '.' (paper) */
  const plane = (rows: string[]) => ({ width: rows[0].length, height: rows.length, data: Uint8Array.from(rows.join('').split('').map((c) => (c === '#' ? 0 : 255))) });
  const draw = (g: { width: number; height: number; data: Uint8Array }) => Array.from({ length: g.height }, (_, y) => [...g.data.subarray(y * g.width, (y + 1) * g.width)].map((v) => (v < 128 ? '#' : '.')).join(''));

  it('removes a table rule but keeps the serifs of a text line on the same row', () => {
    const g = plane([
      '....................',
      '.#..##..#..##..#..#.',
      '.#..#...#..#...#..#.',
      '##.###.###.###.##.##', // serifs: many dark pixels, short runs
      '....................',
      '####################', // the table's border
    ]);
    const out = draw(removeRules(g));
    expect(out[3]).toBe('##.###.###.###.##.##');
    expect(out[5]).toBe('....................');
  });

  it('keeps the text line at the middle of a crop that also caught the lines above and below', () => {
    const g = plane([
      '.##.##.##.', '.##.##.##.', '..........', '..........',
      '..........', '.#.#.#.#..', '.#.#.#.#..', '.#.#.#.#..', '.#.#.#.#..', '.#.#.#.#..', '..........',
      '..........', '..........', '#.#.#.....', '#.#.#.....',
    ]);
    const out = centreLine(g);
    expect(out.height).toBeLessThan(g.height);
    const rows = draw(out);
    expect(rows.filter((r) => r === '.#.#.#.#..')).toHaveLength(5);
    expect(rows).not.toContain('.##.##.##.');
    expect(rows).not.toContain('#.#.#.....');
  });

  it('a seal arc crossing the gaps does not join the rules above and below to the text line', () => {
    // 40 wide: the arc's 3 dark pixels per row pass the fixed floor (max(3, 1.5 % of the width)), the
    // text rows hold ~24; a dashed rule (broken by binarisation) 12 rows above and below the 20-row line
    const text = '.##.##.##.##.##.##.##.##.##.##.##.##....';
    const arc = (x: number) => '.'.repeat(x) + '###' + '.'.repeat(37 - x);
    const rule = '#####..######...#####.######..########..';
    const g = plane([
      rule, ...Array.from({ length: 12 }, (_, k) => arc(34 - k)),
      ...Array.from({ length: 20 }, () => text),
      ...Array.from({ length: 12 }, (_, k) => arc(20 - k)), rule,
    ]);
    const rows = draw(centreLine(g));
    expect(rows.filter((r) => r === text)).toHaveLength(20);
    expect(rows).not.toContain(rule);
    // the line and a little of the arc next to it (the rows a glyph's sparse top or bottom could use)
    expect(rows.length).toBeLessThanOrEqual(20 + 2 * 7 + 7);
  });

  it('keeps the sparse top rows of a line (the tips of f and 4) and drops specks of a faint label above', () => {
    const specks = '..#.#..#....#.#.........................';
    const tips = '.#' + '.'.repeat(23) + '##' + '.'.repeat(13); // 3 dark pixels: an eighth of a text row
    const text = '.##.##.##.##.##.##.##.##.##.##.##.##....';
    const blank = '.'.repeat(40);
    const g = plane([
      blank, specks, specks, blank, blank, blank, blank, blank,
      tips, tips, tips, tips, tips, ...Array.from({ length: 14 }, () => text), blank, blank, blank, blank, blank,
    ]);
    const rows = draw(centreLine(g));
    expect(rows.filter((r) => r === tips)).toHaveLength(5);
    expect(rows.filter((r) => r === text)).toHaveLength(14);
    expect(rows).not.toContain(specks);
  });

  it('cuts a blob twice as wide as the other glyphs (¥ against a digit) and spreads close glyphs apart', () => {
    const g = plane([
      '.#####.##.##.##.##.',
      '.##.#..##.##.##.##.',
      '.##.#..##.##.##.##.',
      '.#####.##.##.##.##.',
      '.#####.##.##.##.##.',
    ]);
    const out = splitTouching(g);
    // column profile: runs of inked columns and the white gaps between them
    const cols = (p: { width: number; height: number; data: ArrayLike<number> }) =>
      Array.from({ length: p.width }, (_, x) => (Array.from({ length: p.height }, (_, y) => p.data[y * p.width + x]).some((v) => v < 128) ? '#' : '.')).join('');
    const runs = cols(out).replace(/^\.+|\.+$/g, '').split(/\.+/);
    const gaps = cols(out).replace(/^\.+|\.+$/g, '').split(/#+/).filter(Boolean);
    // the wide blob is now two glyphs; the four narrow ones keep their width
    expect(runs).toHaveLength(6);
    expect(runs.slice(2).map((r) => r.length)).toEqual([2, 2, 2, 2]);
    // every gap at least 0.4 × the height (2 columns here)
    expect(Math.min(...gaps.map((x) => x.length))).toBeGreaterThanOrEqual(2);
    // glyphs already far apart are left as they are
    const even = plane(['.##...##...##...##.', '.##...##...##...##.']);
    expect(splitTouching(even).width).toBe(even.width);
  });

  it('cuts out a ¥ sign (the language data has none: it was read as a 7 or 8) and no digit', () => {
    // glyphs as binarised from a generated scan's total (¥ and 0), and a bold serif 7, 4 and 1
    const YEN = ['######...#####', '.#####....####', '..###......##.', '..####....##..', '...###....##..', '...###...##...', '....###..##...', '....###.###...', '.....#####....', '.....#####....', '..###########.', '...#########..', '......###.....', '..###########.', '..###########.', '......###.....', '......###.....', '...########...', '....#######...'];
    const ZERO = ['...#######....', '..##########..', '..####..####..', '.####....####.', '.####....####.', '#####....#####', '####......####', '####......####', '####......####', '####......####', '####......####', '####......####', '####......####', '####.....#####', '#####....#####', '.####....####.', '..####..####..', '...########...', '....######....'];
    const SEVEN = ['##############', '##############', '#..........###', '..........###.', '.........###..', '........###...', '........###...', '.......###....', '.......###....', '......###.....', '......###.....', '.....####.....', '.....###......', '.....###......', '....####......', '....####......', '....####......', '....####......', '....####......'];
    const FOUR = ['.........####.', '........#####.', '.......######.', '......###.###.', '.....###..###.', '....###...###.', '...###....###.', '..###.....###.', '.###......###.', '##############', '##############', '..........###.', '..........###.', '..........###.', '..........###.', '..........###.', '..........###.', '.......#######', '.......#######'];
    // an 8 as binarised from a generated scan: its upper loop is two strokes on most rows of its top
    // third, a bar at its waist, one stroke at its foot — it was cut out as a ¥ (scan-084: 67.28 → 67.2)
    const EIGHT = ['..#######...', '.#########..', '.##.....##..', '###.....###.', '###.....###.', '###.....###.', '.###....##..', '.####..###..', '..######....', '..######....', '..########..', '.###..#####.', '###.....###.', '##......###.', '##.......###', '##.......###', '###......##.', '####....###.', '.#########..', '...####.....'];
    const ONE = ['....###.......', '..#####.......', '.######.......', '....###.......', '....###.......', '....###.......', '....###.......', '....###.......', '....###.......', '....###.......', '....###.......', '....###.......', '....###.......', '....###.......', '....###.......', '....###.......', '....###.......', '.#########....', '.#########....'];
    const line = (...glyphs: string[][]) => {
      const rows = ['', ...glyphs[0].map(() => ''), ''];
      for (const gl of glyphs) for (let y = 0; y < rows.length; y++) rows[y] += '...' + (gl[y - 1] ?? '.'.repeat(gl[0].length));
      return plane(rows.map((r) => r + '...'));
    };
    // ¥ 7 4 1 0: the ¥'s columns are cut out, every digit keeps every pixel
    const out = eraseYen(line(YEN, SEVEN, FOUR, ONE, ZERO));
    expect(draw(out)).toEqual(draw(line(SEVEN, FOUR, ONE, ZERO)).map((r) => '...' + r));
    // digits alone are left as they are
    const digits = line(SEVEN, FOUR, ONE, ZERO, EIGHT, SEVEN);
    expect(eraseYen(digits)).toBe(digits);
    // a ¥ whose arms ran together (a blurred photo) is not known for one: left as it was
    const blurred = line(YEN.map((r, y) => (y < 8 ? r.replace(/\.+(?=#)/g, (m) => '#'.repeat(m.length)) : r)), ONE);
    expect(eraseYen(blurred)).toBe(blurred);
  });

  it('a cell border crossing every row does not join the lines above and below to the value', () => {
    const rows = [
      '#.##.##.##.##.##.##.##', '#.##.##.##.##.##.##.##', '#.....................', '#.....................', '#.....................', '.#....................',
      '.#.####.####.####.###.', '.#.####.####.####.###.', '.#.####.####.####.###.', '.#.####.####.####.###.', '.#.####.####.####.###.', '.#.####.####.####.###.',
      '.#....................', '.#....................', '.#....................', '.#....................', '.#.##.##.##.##.##.##..', '.#.##.##.##.##.##.##..',
    ];
    const out = draw(centreLine(plane(rows)));
    expect(out.filter((r) => r === '.#.####.####.####.###.')).toHaveLength(6);
    expect(out).not.toContain('#.##.##.##.##.##.##.##');
    expect(out).not.toContain('.#.##.##.##.##.##.##..');
  });
});

describe('a tall page read in two halves at once', () => {
  /** A white page with rows of "text" (dashed dark bars) every `pitch` px, upright table rules at the sides. */
  const page = (W: number, H: number, rows: Array<[number, number]>, ink = 0) => {
    const data = new Uint8ClampedArray(W * H * 4).fill(255);
    for (const [y0, y1] of rows) for (let y = y0; y < y1; y++) for (let x = 40; x < W - 40; x++) if (x % 9 < 6) data.set([ink, ink, ink, 255], (y * W + x) * 4);
    for (let y = 0; y < H; y++) for (const x of [20, 21, W - 22, W - 21]) data.set([0, 0, 0, 255], (y * W + x) * 4);
    return { width: W, height: H, data };
  };
  const rowsEvery = (H: number, pitch: number, h: number) => Array.from({ length: Math.floor((H - 40) / pitch) }, (_, i): [number, number] => [30 + i * pitch, 30 + i * pitch + h]);
  const gray = (img: RgbaImage) => ({ width: img.width, height: img.height, data: Uint8Array.from({ length: img.width * img.height }, (_, i) => img.data[i * 4]) });

  it('cuts across blank rows near the middle, never through a line of text; none there: no cut', () => {
    const H = 800, rows = rowsEvery(H, 40, 22);
    const at = blankRowNearMiddle(gray(page(600, H, rows)))!;
    expect(at).toBeGreaterThan(H * 0.35);
    expect(at).toBeLessThan(H * 0.65);
    for (const [y0, y1] of rows) expect(at < y0 - 2 || at > y1 + 1).toBe(true);
    // a blurred photo's print is grey, lighter than 128: still text, never cut through (rows at an odd pitch
    // so that the middle of the window falls on one)
    const grey = rowsEvery(H, 37, 24);
    const g2 = blankRowNearMiddle(gray(page(600, H, grey, 175)))!;
    expect(g2).not.toBeNull();
    for (const [y0, y1] of grey) expect(g2 < y0 - 2 || g2 > y1 + 1).toBe(true);
    // text rows with no gap between them across the middle: nowhere to cut
    expect(blankRowNearMiddle(gray(page(600, H, [[250, 560]])))).toBeNull();
  });

  it('reads the halves on two workers at once and puts their lines back in place', async () => {
    const H = 800, W = 600;
    const heights: number[] = [];
    let running = 0, peak = 0;
    const createWorker = async (): Promise<WorkerLike> => ({
      recognize: async (img: any) => {
        const b = img as Uint8Array;
        const h = (b[20] << 24) | (b[21] << 16) | (b[22] << 8) | b[23];
        heights.push(h);
        const lower = heights.length === 2;
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 20));
        running--;
        return { data: block(lower ? '金额合计 11050126' : '票据代码 票据号码 校验码 开票日期', 90) };
      },
      setParameters: async () => ({}),
      terminate: async () => {},
    });
    const eng = createOcrEngine({ createWorker, poolSize: 2 });
    const r = await eng.recognize(page(W, H, rowsEvery(H, 40, 22)), { quarterTurns: 0 });
    expect(heights).toHaveLength(2);
    expect(heights[0] + heights[1]).toBe(r.image!.height);
    expect(peak).toBe(2);
    const lines = r.items.filter((i) => i.level === 'line');
    expect(lines.map((l) => l.text)).toEqual(['票据代码 票据号码 校验码 开票日期', '金额合计 11050126']);
    // (the lower half's line: moved down by the upper half's height, its own line id)
    expect(lines[1].y).toBe(lines[0].y + heights[0]);
    expect(lines[1].lineId).not.toBe(lines[0].lineId);
    const words = r.items.filter((i) => i.level === 'word');
    expect(words.filter((w) => w.lineId === lines[1].lineId).map((w) => w.text)).toEqual(['金额合计', '11050126']);
    // a short page: one read
    const small = await eng.recognize(page(W, SPLIT_MIN_HEIGHT - 100, rowsEvery(SPLIT_MIN_HEIGHT - 100, 40, 22)), { quarterTurns: 0 });
    expect(heights).toHaveLength(3);
    expect(small.items.filter((i) => i.level === 'line')).toHaveLength(1);
    await eng.terminate();
  });
});
