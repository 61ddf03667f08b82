import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Box } from '../receipt/types';
import type { RegionReadOptions, RgbaImage, TextItem } from '../ocr/types';
import { amountWordsOf, checkCodeHypotheses, CUT_READING_CONFIDENCE, extractReceipt, gluedToDate, oneGlyphApart, findInOcr, locateInOcr, leadingDoubtCandidate, regionCandidate, settlementSum, sniff, type ExtractEnv, type OcrEngineLike } from './pipeline';
import { mergeCandidates } from '../receipt/merge';
import { templateInkMaps } from './glyph-match';
import { decodeImageNode } from '../ocr/decode-node';

const fixture = (p: string) => new Uint8Array(readFileSync(join(process.cwd(), 'tests/fixtures/receipts', p)));
const PNG_MAGIC = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const img: RgbaImage = { width: 1500, height: 900, data: new Uint8ClampedArray(1500 * 900 * 4).fill(128) };

let lineNo = 0;
/** One OCR line made of words (as the engine reports: a line item plus its words). */
function line(words: Array<[string, number]>, x: number, y: number, conf = 0.93): TextItem[] {
  const id = ++lineNo;
  let cx = x;
  const out: TextItem[] = words.map(([text, w]) => {
    const it: TextItem = { text, x: cx, y, w, h: 24, confidence: conf, level: 'word', lineId: id };
    cx += w + 8;
    return it;
  });
  out.unshift({ text: words.map((w) => w[0]).join(' '), x, y, w: cx - x, h: 24, confidence: conf, level: 'line', lineId: id });
  return out;
}

/** A fake engine: a fixed page read, and region re-reads answered by a function of the box. */
function fakeOcr(items: TextItem[], region: (box: Box, o: RegionReadOptions) => { text: string; confidence: number } = () => ({ text: '', confidence: 0 }), image = img): OcrEngineLike & { regions: RegionReadOptions[]; boxes: Box[] } {
  const regions: RegionReadOptions[] = [];
  const boxes: Box[] = [];
  return {
    regions,
    boxes,
    async recognize() {
      return { items, image, rotation: 0 };
    },
    async readRegion(_img, box, o = {}) {
      regions.push(o);
      boxes.push(box);
      return region(box, o);
    },
  };
}

const receiptLines = (o: { number?: string; numberConf?: number } = {}) => [
  ...line([['北京市医疗门诊收费票据（电子）', 600]], 400, 40, 0.9),
  ...line([['票据代码:11060124', 260], ['校验码:8f3a2c', 220]], 900, 100),
  ...line([['票据号码:' + (o.number ?? '0012345678'), 300], ['开票日期:2024-05-12', 300]], 900, 140, o.numberConf ?? 0.93),
  ...line([['交款人:张三', 200]], 60, 260),
  ...line([['金额合计（大写）贰佰捌拾伍元陆角整', 520], ['（小写）¥285.60', 240]], 60, 600),
];

/** Region re-reads that return what is printed there (by the whitelist asked for). */
const printed = (number = '0012345678') => (_b: Box, o: RegionReadOptions) => {
  const wl = o.whitelist ?? '';
  if (wl.includes('壹')) return { text: '贰佰捌拾伍元陆角整', confidence: 0.9 };
  if (wl.includes('年')) return { text: '2024-05-12', confidence: 0.92 };
  if (wl.includes('¥')) return { text: '¥285.60', confidence: 0.92 };
  if (wl.includes('a')) return { text: '8f3a2c', confidence: 0.9 };
  if (wl === '0123456789') return { text: _b.y + _b.h / 2 > 125 ? number : '11060124', confidence: 0.91 };
  return { text: '', confidence: 0 };
};

/** Region re-reads as printed, except the whitelisted 大写 read, which gives nothing. */
const regionNoWords = (b: Box, o: RegionReadOptions) => (o.whitelist?.includes('壹') ? { text: '', confidence: 0 } : printed()(b, o));

/** Where the pipeline re-reads regions, found by one run on a blank page: the box of the read whose whitelist has `wl`. */
async function probeRegions(lines: TextItem[], reread = regionNoWords): Promise<(wl: string) => Box> {
  const probe = fakeOcr(lines, reread);
  await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ocr: probe, decodeImage: async () => img, today: '2024-06-01' });
  return (wl) => probe.boxes[probe.regions.findIndex((o) => o.whitelist?.includes(wl))];
}

describe('sniff', () => {
  it('detects the file type by magic bytes, not by name', () => {
    expect(sniff(fixture('pdf/pdf-023.pdf'))).toBe('pdf');
    expect(sniff(fixture('ofd/ofd-033.ofd'))).toBe('ofd');
    expect(sniff(fixture('clean/clean-001.png'))).toBe('image');
    expect(sniff(fixture('scan/scan-011.jpg'))).toBe('image');
    expect(sniff(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image');
    expect(sniff(new TextEncoder().encode('hello'))).toBe('unknown');
  });
});

describe('extractReceipt: bad input never throws', () => {
  it('empty, too large, unknown type', async () => {
    expect((await extractReceipt({ name: 'a.png', bytes: new Uint8Array() }, {})).error?.code).toBe('file.empty');
    const big = await extractReceipt({ name: 'a.png', bytes: new Uint8Array(41 * 1024 * 1024) }, {});
    expect(big.error?.code).toBe('file.tooLarge');
    expect(big.error?.message).toMatch(/文件过大/);
    const txt = await extractReceipt({ name: 'receipt.pdf', bytes: new TextEncoder().encode('just text') }, {});
    expect(txt.error?.code).toBe('file.unsupported');
  });

  it('a corrupt image gives a Chinese message without the decoder’s English detail', async () => {
    const env: ExtractEnv = { ocr: fakeOcr([]), decodeImage: async () => { throw new Error('图片文件已损坏或无法解码：unexpected end of stream'); } };
    const res = await extractReceipt({ name: 'x.png', bytes: PNG_MAGIC }, env);
    expect(res.error?.code).toBe('image.corrupt');
    expect(res.error?.message).toMatch(/^图片文件已损坏或无法解码/);
    expect(res.error?.message).not.toMatch(/[a-z]{4}/);
  });

  it('an image that is not a receipt', async () => {
    const env: ExtractEnv = { ocr: fakeOcr([...line([['今天天气很好', 200]], 10, 10)]), decodeImage: async () => img };
    const res = await extractReceipt({ name: 'cat.jpg', bytes: PNG_MAGIC }, env);
    expect(res.error?.code).toBe('not.receipt');
    expect(res.error?.message).toMatch(/^未识别到票据：请确认这是医疗收费票据的照片或文件/);
  });

  it('an encrypted PDF', async () => {
    const res = await extractReceipt({ name: 'e.pdf', bytes: fixture('bad/encrypted.pdf') }, { loadPdfjs: () => import('pdfjs-dist/legacy/build/pdf.mjs' as any) });
    expect(res.error).toEqual({ code: 'pdf.encrypted', message: 'PDF 已加密，请导出未加密的版本后再导入' });
  });
});

describe('extractReceipt: images', () => {
  it('line reads confirmed by whitelisted region re-reads come out ok; the amount is confirmed by its words', async () => {
    const ocr = fakeOcr(receiptLines(), printed());
    const res = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ocr, decodeImage: async () => img, today: '2024-06-01' });
    expect(res.error).toBeUndefined();
    expect(res.fileKind).toBe('image');
    expect(res.pageImage).toBe(img);
    for (const [k, v] of Object.entries({ billCode: '11060124', billNumber: '0012345678', checkCode: '8f3a2c', issueDate: '2024-05-12', totalAmount: '285.60' })) {
      expect(res.fields[k as 'billCode'], k).toMatchObject({ value: v, status: 'ok' });
    }
    // the re-reads used the field whitelists and single-line mode
    expect(ocr.regions.every((o) => o.psm === 7)).toBe(true);
    expect(ocr.regions.map((o) => o.whitelist)).toContain('0123456789');
  });

  it('with a Latin values engine, the digits (bill code, bill number, total) are re-read by it; the check code and date by the page engine', async () => {
    const ocr = fakeOcr(receiptLines(), printed());
    const values = fakeOcr([], printed());
    const res = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ocr, valuesOcr: values, decodeImage: async () => img, today: '2024-06-01' });
    for (const [k, v] of Object.entries({ billCode: '11060124', billNumber: '0012345678', checkCode: '8f3a2c', issueDate: '2024-05-12', totalAmount: '285.60' })) {
      expect(res.fields[k as 'billCode'], k).toMatchObject({ value: v, status: 'ok' });
    }
    const wls = (e: typeof ocr) => new Set(e.regions.map((o) => o.whitelist));
    expect(wls(values)).toEqual(new Set(['0123456789', '0123456789.,¥']));
    expect(wls(ocr).has('0123456789')).toBe(false);
    expect([...wls(ocr)].some((w) => w?.includes('abc'))).toBe(true);
    expect([...wls(ocr)].some((w) => w?.includes('年'))).toBe(true);
    // what the values engine reads counts: a bill number it reads otherwise sends the number to the clerk
    const other = fakeOcr([], printed('0012345673'));
    const res2 = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ocr: fakeOcr(receiptLines(), printed()), valuesOcr: other, decodeImage: async () => img, today: '2024-06-01' });
    expect(res2.fields.billNumber?.status).toBe('review');
    expect(res2.fields.billNumber?.reasons.map((r) => r.code)).toContain('merge.disagree');
  });

  it('a page read that dropped the items table: the band above the settlement lines is read again and the total found there', async () => {
    const page = [...receiptLines().filter((i) => !/合计|小写|大写/.test(i.text)), ...line([['医保统筹基金支付:100.00', 300]], 60, 700)];
    const calls: Array<{ psm?: number; prepare?: boolean; h: number }> = [];
    const ocr: OcrEngineLike = {
      async recognize(im: any, o: any = {}) {
        calls.push({ psm: o.psm, prepare: o.prepare, h: im.height });
        if (o.prepare !== false) return { items: page, image: img, rotation: 0 };
        // the band starts below the 交款人 line (y 260 + 24): its own coordinates
        return { items: line([['金额合计（大写）贰佰捌拾伍元陆角整', 520], ['（小写）¥285.60', 240]], 60, 600 - 284), image: im, rotation: 0 };
      },
      async readRegion(_im, box, o = {}) {
        return printed()(box, o);
      },
    };
    const res = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ocr, decodeImage: async () => img, today: '2024-06-01' });
    const band = calls.find((c) => c.prepare === false && c.psm === 6);
    expect(band).toBeTruthy();
    expect(res.fields.totalAmount).toMatchObject({ value: '285.60', status: 'ok' });
    // without the band read the total is missing
    const plain = fakeOcr(page, printed());
    const res2 = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ocr: { ...plain, recognize: async (im: any, o: any = {}) => (o.prepare === false ? { items: [], image: im, rotation: 0 } : plain.recognize(im, o)) }, decodeImage: async () => img, today: '2024-06-01' });
    expect(res2.fields.totalAmount?.status).not.toBe('ok');
  });

  it('the 大写 garbled by the page model is re-read by the words model; together they verify the amount', async () => {
    // the page read has 冈 for 捌 (a glyph seen for no numeral); the whitelisted re-read finds nothing
    const lines = receiptLines().map((it) => (it.text.includes('大写') ? { ...it, text: it.text.replace('捌', '冈') } : it));
    const base = { decodeImage: async () => img, today: '2024-06-01' };
    const alone = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ...base, ocr: fakeOcr(lines, regionNoWords) });
    expect(alone.fields.totalAmount?.status).toBe('review');
    expect(alone.fields.totalAmount?.reasons.map((r) => r.code).some((c) => c === 'cross.wordsUnverified' || c === 'cross.amountUnconfirmed')).toBe(true);
    // chi_tra-like reading: 捌 right, 贰 not (屆)
    const words = fakeOcr([], () => ({ text: '屆佰捌拾伍元陆角整', confidence: 0.5 }));
    const both = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ...base, ocr: fakeOcr(lines, regionNoWords), wordsOcr: words });
    expect(both.fields.totalAmount).toMatchObject({ value: '285.60', status: 'ok' });
    expect(words.regions).toHaveLength(1);
    // words the page model already read right: the second model is not asked
    const idle = fakeOcr([], () => ({ text: '', confidence: 0 }));
    await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ...base, ocr: fakeOcr(receiptLines(), printed()), wordsOcr: idle });
    expect(idle.regions).toHaveLength(0);
  });

  it('digits read with doubt are confirmed by 大写 readings that together spell them, though none parses alone', async () => {
    const lines = receiptLines().map((it) => (it.text.includes('大写') || it.text.includes('小写') ? { ...it, text: it.text.replace('捌', '冈'), confidence: 0.5 } : it));
    const doubtful = (b: Box, o: RegionReadOptions) => (o.whitelist?.includes('壹') ? { text: '', confidence: 0 } : o.whitelist?.includes('¥') ? { text: '¥285.60', confidence: 0.4 } : printed()(b, o));
    const base = { decodeImage: async () => img, today: '2024-06-01' };
    const alone = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ...base, ocr: fakeOcr(lines, doubtful) });
    expect(alone.fields.totalAmount?.status).toBe('review');
    // the words model reads 捌 but not 贰: no reading parses, together they spell 贰佰捌拾伍元陆角整
    const words = fakeOcr([], () => ({ text: '屆佰捌拾伍元陆角整', confidence: 0.5 }));
    const both = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ...base, ocr: fakeOcr(lines, doubtful), wordsOcr: words });
    expect(both.fields.totalAmount).toMatchObject({ value: '285.60', status: 'ok' });
    // words that spell another amount (叁 where the digits have 捌) confirm nothing
    const other = fakeOcr([], () => ({ text: '屆佰叁拾伍元陆角整', confidence: 0.5 }));
    const wrong = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ...base, ocr: fakeOcr(lines, doubtful), wordsOcr: other });
    expect(wrong.fields.totalAmount?.status).toBe('review');
  });

  it('words no line read verifies are read glyph by glyph; the glyphs the line reads missed complete the check', async () => {
    // the page read has 吉 for 贰 and 冈 for 捌; the words model reads 屆 for 贰 (glyphs seen for no numeral): 贰 and 捌 are read by nobody
    const lines = receiptLines().map((it) => (it.text.includes('大写') ? { ...it, text: it.text.replace('捌', '冈').replace('）贰', '）吉') } : it));
    // where the words are: the box of the whitelisted 大写 read
    const wr = (await probeRegions(lines))('壹');
    expect(wr).toBeDefined();
    // a page with nine glyph-like blocks there (贰佰捌拾伍元陆角整)
    const W = 1500, H = 900, gh = 20, pitch = 21, x0 = Math.round(wr.x + 12), y0 = Math.round(wr.y + wr.h / 2 - gh / 2);
    const page: RgbaImage = { width: W, height: H, data: new Uint8ClampedArray(W * H * 4).fill(255) };
    for (let k = 0; k < 9; k++)
      for (let y = y0; y < y0 + gh; y++)
        for (let x = x0 + k * pitch; x < x0 + k * pitch + 19; x += 2) page.data.fill(20, (y * W + x) * 4, (y * W + x) * 4 + 3);
    const glyphAt = (b: Box, printedWords: string) => printedWords[Math.round((b.x + b.w / 2 - x0 - 9.5) / pitch)] ?? '';
    const run = async (printedWords: string) => {
      // chi_sim reads every glyph but 贰 (武); chi_tra reads 贰
      const sim = fakeOcr(lines, (b, o) => (o.glyph ? { text: glyphAt(b, printedWords).replace('贰', '武'), confidence: 0.8 } : regionNoWords(b, o)), page);
      const tra = fakeOcr([], (b, o) => (o.glyph ? { text: glyphAt(b, printedWords), confidence: 0.8 } : { text: '屆佰冈拾伍元陆角整', confidence: 0.5 }), page);
      const res = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ocr: sim, wordsOcr: tra, decodeImage: async () => page, today: '2024-06-01' });
      return { res, glyphReads: [...sim.regions, ...tra.regions].filter((o) => o.glyph).length };
    };
    const ok = await run('贰佰捌拾伍元陆角整');
    expect(ok.res.fields.totalAmount).toMatchObject({ value: '285.60', status: 'ok' });
    expect(ok.res.fields.amountInWords).toMatchObject({ value: '贰佰捌拾伍元陆角整', status: 'ok' });
    // only the two glyphs nobody had read were read (捌 by chi_sim; 贰 by chi_sim, then chi_tra)
    expect(ok.glyphReads).toBe(3);
    // printed 叁 where the total's words have 捌 (the 大写 and 小写 disagree): never ok
    const other = await run('贰佰叁拾伍元陆角整');
    expect(other.res.fields.totalAmount?.status).toBe('review');
  });

  it('a glyph no reading takes alone is read with its neighbours; only the expected three glyphs count', async () => {
    const lines = receiptLines().map((it) => (it.text.includes('大写') ? { ...it, text: it.text.replace('捌', '冈') } : it));
    const wr = (await probeRegions(lines))('壹');
    const W = 1500, H = 900, gh = 20, pitch = 21, x0 = Math.round(wr.x + 12), y0 = Math.round(wr.y + wr.h / 2 - gh / 2);
    const page: RgbaImage = { width: W, height: H, data: new Uint8ClampedArray(W * H * 4).fill(255) };
    for (let k = 0; k < 9; k++)
      for (let y = y0; y < y0 + gh; y++)
        for (let x = x0 + k * pitch; x < x0 + k * pitch + 19; x += 2) page.data.fill(20, (y * W + x) * 4, (y * W + x) * 4 + 3);
    // the glyphs whose centres lie in the box; the one at 2 (捌 or 叁) is read as nothing alone
    const glyphsIn = (b: Box, printedWords: string) =>
      [...printedWords].filter((_, k) => x0 + k * pitch + 9.5 >= b.x && x0 + k * pitch + 9.5 <= b.x + b.w).join('');
    const run = async (printedWords: string) => {
      const read = (b: Box, o: RegionReadOptions) => {
        const t = glyphsIn(b, printedWords);
        return { text: t.length === 1 && t === printedWords[2] ? '' : t, confidence: 0.1 };
      };
      const sim = fakeOcr(lines, (b, o) => (o.glyph ? read(b, o) : regionNoWords(b, o)), page);
      const tra = fakeOcr([], (b, o) => (o.glyph ? read(b, o) : { text: '', confidence: 0 }), page);
      return extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ocr: sim, wordsOcr: tra, decodeImage: async () => page, today: '2024-06-01' });
    };
    expect((await run('贰佰捌拾伍元陆角整')).fields.totalAmount).toMatchObject({ value: '285.60', status: 'ok' });
    // 叁 printed where the total's words have 捌: its neighbours read right, itself not the expected glyph
    expect((await run('贰佰叁拾伍元陆角整')).fields.totalAmount?.status).toBe('review');
  });

  it('words no reading gets right are verified by the shape of each glyph (glyph-match), never when one glyph is another', async () => {
    // the page read garbles the 大写 (冈 for 捌, 吉 for 贰); every other reading of it fails too
    const lines = receiptLines().map((it) => (it.text.includes('大写') ? { ...it, text: it.text.replace('捌', '冈').replace('）贰', '）吉') } : it));
    const wr = (await probeRegions(lines))('壹');
    // a page with the nine glyphs printed there, in a song-style font, 22 px high at a 24 px pitch
    const W = 1500, H = 900, gh = 22, pitch = 24, x0 = Math.round(wr.x + 12), y0 = Math.round(wr.y + wr.h / 2 - gh / 2);
    const shapes = templateInkMaps().filter((m) => m.font === 'AR PL UMing CN 400');
    const pageWith = (words: string) => {
      const page: RgbaImage = { width: W, height: H, data: new Uint8ClampedArray(W * H * 4).fill(235) };
      [...words].forEach((g, k) => {
        const m = shapes.find((s) => s.glyph === g)!.map;
        for (let y = 0; y < gh; y++)
          for (let x = 0; x < gh; x++) {
            const v = Math.round(235 - 200 * m[Math.floor((y / gh) * 32) * 32 + Math.floor((x / gh) * 32)]);
            page.data.fill(v, ((y0 + y) * W + x0 + k * pitch + x) * 4, ((y0 + y) * W + x0 + k * pitch + x) * 4 + 3);
          }
      });
      return page;
    };
    const run = async (words: string, wordsRead = '屆佰冈拾伍元陆角整') => {
      const page = pageWith(words);
      const sim = fakeOcr(lines, (b, o) => (o.glyph ? { text: '', confidence: 0 } : regionNoWords(b, o)), page);
      const tra = fakeOcr([], () => ({ text: wordsRead, confidence: 0.3 }), page);
      return extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ocr: sim, wordsOcr: tra, decodeImage: async () => page, today: '2024-06-01' });
    };
    const ok = await run('贰佰捌拾伍元陆角整');
    expect(ok.fields.totalAmount).toMatchObject({ value: '285.60', status: 'ok' });
    expect(ok.fields.amountInWords).toMatchObject({ value: '贰佰捌拾伍元陆角整', status: 'ok' });
    // 叁 printed where the total's words have 捌 (the 大写 and 小写 disagree): never ok
    expect((await run('贰佰叁拾伍元陆角整')).fields.totalAmount?.status).toBe('review');
    // a line read's look-alike (作, which the model gives for a garbled 仟) does not veto the shapes…
    expect((await run('贰佰捌拾伍元陆角整', '作佰冈拾伍元陆角整')).fields.totalAmount?.status).toBe('ok');
    // …a numeral read as printed where these words have another does
    expect((await run('贰佰捌拾伍元陆角整', '贰佰叁拾伍元陆角整')).fields.totalAmount?.status).toBe('review');
  });

  it('a total read with the ¥ as a digit in front (7285.60) counts without it when its words and digits are printed so, by shape', async () => {
    // (the line read as the engine reads a ¥ it has no glyph for: a digit, with doubt)
    const lines = receiptLines().map((it) => (it.text.includes('285.60') ? { ...it, confidence: 0.5, text: (it.text.includes('大写') ? it.text.replace('捌', '冈').replace('）贰', '）吉') : it.text).replace('¥285.60', '7285.60') } : it));
    const reread = (b: Box, o: RegionReadOptions) => (o.whitelist?.includes('壹') ? { text: '', confidence: 0 } : o.whitelist?.includes('¥') ? { text: '7285.60', confidence: 0.5 } : printed()(b, o));
    const at = await probeRegions(lines, reread);
    const wr = at('壹'), tr = at('¥');
    const W = 1500, H = 900;
    const words = templateInkMaps().filter((m) => m.font === 'AR PL UMing CN 400');
    const digits = templateInkMaps().filter((m) => m.font === 'Liberation Sans 400');
    const draw = (page: RgbaImage, m: Float32Array, x0: number, y0: number, h: number) => {
      for (let y = 0; y < h; y++)
        for (let x = 0; x < h; x++) {
          const v = Math.round(235 - 200 * m[Math.floor((y / h) * 32) * 32 + Math.floor((x / h) * 32)]);
          const k = ((y0 + y) * W + x0 + x) * 4;
          if (v < page.data[k]) page.data.fill(v, k, k + 3);
        }
    };
    const pageWith = (printedDigits: string) => {
      const page: RgbaImage = { width: W, height: H, data: new Uint8ClampedArray(W * H * 4).fill(235) };
      [...'贰佰捌拾伍元陆角整'].forEach((g, k) => draw(page, words.find((s) => s.glyph === g)!.map, Math.round(wr.x + 12) + k * 24, Math.round(wr.y + wr.h / 2 - 11), 22));
      // the digits where the total was read (a ¥ before them: a block the width of a digit)
      let x = Math.round(tr.x + 30);
      const y0 = Math.round(tr.y + tr.h / 2 - 10);
      for (let y = y0; y < y0 + 20; y++) for (let i = x; i < x + 12; i++) if (y === y0 + 8 || i === x + 6) page.data.fill(30, (y * W + i) * 4, (y * W + i) * 4 + 3);
      x += 18;
      for (const ch of printedDigits) {
        if (ch === '.') {
          for (let y = y0 + 16; y < y0 + 20; y++) for (let i = x; i < x + 4; i++) page.data.fill(30, (y * W + i) * 4, (y * W + i) * 4 + 3);
          x += 8;
          continue;
        }
        draw(page, digits.find((s) => s.glyph === ch)!.map, x - 4, y0, 20);
        x += 15;
      }
      return page;
    };
    const run = async (printedDigits: string) => {
      const page = pageWith(printedDigits);
      const sim = fakeOcr(lines, (b, o) => (o.glyph ? { text: '', confidence: 0 } : reread(b, o)), page);
      const tra = fakeOcr([], () => ({ text: '屆佰冈拾伍元陆角整', confidence: 0.3 }), page);
      return extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ocr: sim, wordsOcr: tra, decodeImage: async () => page, today: '2024-06-01' });
    };
    expect((await run('285.60')).fields.totalAmount).toMatchObject({ value: '285.60', status: 'ok' });
    // digits printed otherwise than the words say: nothing is confirmed
    expect((await run('286.60')).fields.totalAmount?.status).toBe('review');
  });

  it('a region re-read that disagrees with the line read sends the field to review', async () => {
    const ocr = fakeOcr(receiptLines({ number: '0012345673' }), printed('0012345678'));
    const res = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ocr, decodeImage: async () => img, today: '2024-06-01' });
    expect(res.fields.billNumber?.status).toBe('review');
    expect(res.fields.billNumber?.reasons.map((r) => r.code)).toContain('merge.disagree');
  });

  it('a header value the seal garbled is read once more with only the darkest ink; that read adds no new disagreement', async () => {
    // (a grey scan: the seal's ring across the date; the page read and the re-reads get no date)
    const lines = receiptLines().map((it) => (it.text.includes('2024-05-12') ? { ...it, text: it.text.replace('2024-05-12', '2024年5') } : it));
    const reread = (darkDate: string, darkNumber: string) => (b: Box, o: RegionReadOptions) => {
      if (o.whitelist?.includes('年')) return o.darkest ? { text: darkDate, confidence: 0.92 } : { text: '2024年1', confidence: 0.6 };
      if (o.whitelist === '0123456789' && b.y + b.h / 2 > 125) return o.darkest ? { text: darkNumber, confidence: 0.9 } : { text: '0012345678', confidence: 0.91 };
      return printed()(b, o);
    };
    const run = async (darkDate: string, darkNumber: string, number = '0012345678') => {
      const ocr = fakeOcr(receiptLines({ number }).map((it) => (it.text.includes('2024-05-12') ? { ...it, text: it.text.replace('2024-05-12', '2024年5') } : it)), reread(darkDate, darkNumber));
      const res = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ocr, decodeImage: async () => img, today: '2024-06-01' });
      return { res, darkReads: ocr.regions.filter((o) => o.darkest).map((o) => o.whitelist) };
    };
    expect(lines.some((it) => it.text.includes('2024年5'))).toBe(true);
    const a = await run('2024-05-12', '0012345678');
    expect(a.res.fields.issueDate).toMatchObject({ value: '2024-05-12', status: 'ok' });
    // (only where the readings were not ok: the date, not the bill number its reads agree on)
    expect(a.darkReads).toEqual(['0123456789-年月日']);
    // the bill number's reads disagree (…673 / …678): a darkest read of a third value is not taken…
    const b = await run('2024-05-12', '0012345670', '0012345673');
    expect(b.darkReads).toContain('0123456789');
    expect(b.res.fields.billNumber?.candidates.map((c) => c.value)).not.toContain('0012345670');
    expect(b.res.fields.billNumber?.status).toBe('review');
    // …one of a value read before is
    const c = await run('2024-05-12', '0012345678', '0012345673');
    const n678 = (r: typeof b) => r.res.fields.billNumber?.candidates.filter((x) => x.value === '0012345678').length ?? 0;
    expect(n678(c)).toBe(n678(b) + 1);
  });

  it('a check code read by OCR alone with a 1 in it is not ok where its glyphs are not seen to be what was read', async () => {
    // (the engine reads an l as 1, three times over: here the page is blank, so nothing shows the 1 is a 1)
    const lines = receiptLines().map((it) => (it.text.includes('8f3a2c') ? { ...it, text: it.text.replace('8f3a2c', '8f1a2c') } : it));
    const reread = (b: Box, o: RegionReadOptions) => (o.whitelist?.includes('a') ? { text: '8f1a2c', confidence: 0.9 } : printed()(b, o));
    const res = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ocr: fakeOcr(lines, reread), decodeImage: async () => img, today: '2024-06-01' });
    expect(res.fields.checkCode).toMatchObject({ value: '8f1a2c', status: 'review' });
    expect(res.fields.checkCode?.reasons.map((r) => r.code)).toContain('ocr.lookalike');
    // (the same readings of a code without 1 or 0 are ok: the first test)
  });

  it('a check code the page engine did not settle is confirmed by the Latin engine reading the same, never changed by it', async () => {
    // the page read the code once, weakly; the page engine's re-reads of it give nothing
    const lines = receiptLines().map((it) => (it.text.includes('8f3a2c') ? { ...it, confidence: 0.45 } : it));
    const noCode = (b: Box, o: RegionReadOptions) => (o.whitelist?.includes('a') ? { text: '', confidence: 0 } : printed()(b, o));
    const run = (code: string) => {
      const values = fakeOcr([], (b, o) => (o.whitelist?.includes('a') ? { text: code, confidence: 0.88 } : printed()(b, o)));
      return extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ocr: fakeOcr(lines, noCode), valuesOcr: values, decodeImage: async () => img, today: '2024-06-01' });
    };
    const alone = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ocr: fakeOcr(lines, noCode), decodeImage: async () => img, today: '2024-06-01' });
    expect(alone.fields.checkCode).toMatchObject({ value: '8f3a2c', status: 'review' });
    expect((await run('8f3a2c')).fields.checkCode).toMatchObject({ value: '8f3a2c', status: 'ok' });
    // a reading of another code (eng reads a serif face's letters as others) is not taken at all
    const other = (await run('8fza2c')).fields.checkCode;
    expect(other).toMatchObject({ value: '8f3a2c', status: 'review' });
    expect(other?.candidates.map((c) => c.value)).not.toContain('8fza2c');
    // the page engine read two codes: the Latin engine is not asked to pick one
    const two = (b: Box, o: RegionReadOptions) => (o.whitelist?.includes('a') ? { text: '8f3a2e', confidence: 0.5 } : printed()(b, o));
    const values = fakeOcr([], (b, o) => (o.whitelist?.includes('a') ? { text: '8f3a2c', confidence: 0.88 } : printed()(b, o)));
    const split = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ocr: fakeOcr(lines, two), valuesOcr: values, decodeImage: async () => img, today: '2024-06-01' });
    expect(split.fields.checkCode?.status).toBe('review');
    expect(values.regions.some((o) => o.whitelist?.includes('a'))).toBe(false);
  });

  it('a re-read with the glyphs pulled apart that gives the same value at the same confidence is no second reading', async () => {
    // (the page read garbled the number; each re-read of its region gives 0013943893 at 0.83 — where none
    // of its glyphs touch, pulling them apart reads the crop as printed again)
    const lines = receiptLines({ number: '0O14%4Z893', numberConf: 0.3 });
    const reread = (varies: boolean) => (b: Box, o: RegionReadOptions) =>
      o.whitelist === '0123456789' && b.y + b.h / 2 > 125 ? (o.darkest ? { text: '', confidence: 0 } : { text: '0013943893', confidence: varies && o.splitTouching ? 0.84 : 0.83 }) : printed()(b, o);
    const run = async (varies: boolean) => (await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ocr: fakeOcr(lines, reread(varies)), decodeImage: async () => img, today: '2024-06-01' })).fields.billNumber;
    expect((await run(false))?.status).toBe('review');
    // (a pulled-apart read that differs is a second reading)
    expect(await run(true)).toMatchObject({ value: '0013943893', status: 'ok' });
  });

  it('a check code read surely with l where the print has a 1 (its strokes, beside the digits) is the value with a 1', async () => {
    // (the print: a check code cut from a generated grey scan, fae10b — the engine read it fael0b three times)
    const lines = (v: string) => receiptLines().map((it) => (it.text.includes('8f3a2c') ? { ...it, text: it.text.replace('8f3a2c', v) } : it));
    const reread = (v: string) => (b: Box, o: RegionReadOptions) => (o.whitelist?.includes('a') ? { text: v, confidence: 0.88 } : printed()(b, o));
    const at = (await probeRegions(lines('fael0b'), reread('fael0b')))('a');
    const crop = await decodeImageNode(readFileSync(join(__dirname, 'testdata', 'code-fae10b-scan.png')));
    const page: RgbaImage = { width: img.width, height: img.height, data: new Uint8ClampedArray(img.width * img.height * 4).fill(255) };
    const x0 = Math.round(at.x + at.w / 2 - crop.width / 2), y0 = Math.round(at.y + at.h / 2 - crop.height / 2);
    for (let y = 0; y < crop.height; y++) page.data.set(crop.data.subarray(y * crop.width * 4, (y + 1) * crop.width * 4), ((y0 + y) * page.width + x0) * 4);
    const run = async (v: string) =>
      (await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ocr: fakeOcr(lines(v), reread(v), page), decodeImage: async () => page, today: '2024-06-01' })).fields.checkCode;
    expect(await run('fael0b')).toMatchObject({ value: 'fae10b', status: 'ok' });
    // (read with another glyph besides: not so)
    expect(await run('fael0d')).toMatchObject({ value: 'fael0d', status: 'review' });
  });

  it('a QR value found in the OCR text confirms it', async () => {
    const items = receiptLines({ number: '0012345679', numberConf: 0.5 });
    const env: ExtractEnv = {
      ocr: fakeOcr(items, () => ({ text: '', confidence: 0 })),
      decodeImage: async () => img,
      zxing: { readBarcodes: async () => [{ text: 'https://x.cn/?code=11060124&number=0012345678&check=8f3a2c', isValid: true }] },
      today: '2024-06-01',
    };
    const res = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, env);
    expect(res.sourcesUsed).toContain('qr');
    expect(res.fields.billCode).toMatchObject({ value: '11060124', status: 'ok' });
    // OCR read "0012345679" (weakly): the QR value is not found in the text, so a person decides
    expect(res.fields.billNumber?.status).toBe('review');
  });
});

describe('extractReceipt: a value the header band read sees wider than the page read', () => {
  it('re-reads the value where either read saw it (f7 of f7e521 read as a CJK glyph by the page read)', async () => {
    // the page read: 校验码: 人 3a2c (8f read as 人); the header band read: 8fr3a2c, as wide as the value is printed
    const page = [...receiptLines().filter((i) => !/校验码|票据代码/.test(i.text)), ...line([['票据代码:11060124', 260], ['校验码:', 70], ['人', 20], ['3a2c', 100]], 900, 100)];
    const band = line([['票据代码:11060124', 260], ['校验码:', 70], ['8fr3a2c', 128]], 900, 100);
    const boxes: Box[] = [];
    const ocr: OcrEngineLike = {
      async recognize(_im: any, o: any = {}) {
        return { items: o.prepare === false ? band : page, image: img, rotation: 0 };
      },
      async readRegion(_im, box, o = {}) {
        if (!o.whitelist?.includes('a')) return printed()(box, o);
        boxes.push(box);
        // the glyphs 8f start at x 1246, 3a2c at 1274
        return box.x < 1250 ? { text: '8f3a2c', confidence: 0.9 } : { text: '3a2c', confidence: 0.9 };
      },
    };
    const res = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ocr, decodeImage: async () => img, today: '2024-06-01' });
    expect(res.fields.checkCode).toMatchObject({ value: '8f3a2c', status: 'ok' });
    expect(boxes[0].x).toBeGreaterThan(1250);
    expect(boxes.some((b) => b.x < 1250)).toBe(true);
    // the band read no wider than the page read: no further re-read, the fragment stays for the clerk
    const narrow = line([['票据代码:11060124', 260], ['校验码:', 70], ['人', 20], ['3ar2c', 100]], 900, 100);
    const res2 = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ocr: { ...ocr, recognize: async (_im: any, o: any = {}) => ({ items: o.prepare === false ? narrow : page, image: img, rotation: 0 }) }, decodeImage: async () => img, today: '2024-06-01' });
    expect(res2.fields.checkCode?.status).not.toBe('ok');
    // the page read no fragment (as many characters as a check code has, or more): its box stands
    const whole = [...receiptLines().filter((i) => !/校验码|票据代码/.test(i.text)), ...line([['票据代码:11060124', 260], ['校验码:', 70], ['人', 20], ['3a2c9d', 100]], 900, 100)];
    boxes.length = 0;
    await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ocr: { ...ocr, recognize: async (_im: any, o: any = {}) => ({ items: o.prepare === false ? band : whole, image: img, rotation: 0 }) }, decodeImage: async () => img, today: '2024-06-01' });
    expect(boxes.length).toBeGreaterThan(0);
    expect(boxes.every((b) => b.x > 1250)).toBe(true);
  });
});

describe('gluedToDate: a boxed header’s check code read together with the date in the next cell', () => {
  const cc = (n: number, at = 0.95) => Array.from({ length: n }, () => at);
  const box = { x: 0, y: 0, w: 400, h: 30 };
  it('takes the first six glyphs where eight digits of a date follow, with their own confidences', () => {
    expect(gluedToDate({ text: 'd67ebe20241116', confidence: 0, charConfidences: [0.9, ...cc(13)] }, box)).toMatchObject({ value: 'd67ebe', confidence: 0.9, charConfidences: [0.9, ...cc(5)] });
    expect(gluedToDate({ text: '170A88 20240325', confidence: 0 }, box)).toMatchObject({ value: '170A88', confidence: 0 });
    // (a glyph more before it, a date a digit short, letters after: no such line)
    for (const text of ['1170A8820240325', 'd67ebe2024111', 'd67ebeabcdefgh', 'd67ebe'])
      expect(gluedToDate({ text, confidence: 0.9 }, box), text).toBeNull();
  });
  it('confirms a QR check code that the re-reads give only so', async () => {
    const qr = { readBarcodes: async () => [{ text: 'https://x.cn/?code=11060124&number=0012345678&check=8f3a2c', isValid: true }] };
    const lines = receiptLines().map((it) => (it.text.includes('8f3a2c') ? { ...it, text: it.text.replace('8f3a2c', 'B') } : it));
    const run = async (glued: string) => {
      const reread = (b: Box, o: RegionReadOptions) => (o.whitelist?.includes('a') ? { text: glued, confidence: 0, charConfidences: cc(glued.length) } : printed()(b, o));
      return (await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ocr: fakeOcr(lines, reread), decodeImage: async () => img, zxing: qr, today: '2024-06-01' })).fields.checkCode;
    };
    expect(await run('8f3a2c20240512')).toMatchObject({ value: '8f3a2c', status: 'ok' });
    // (another code glued so is no confirmation of the QR's)
    expect((await run('8f3a7c20240512'))?.status).toBe('review');
  });
});

describe('extractReceipt: values of digits checked glyph by glyph against their print (glyph-match)', () => {
  /** The page with `digits` printed where the bill number's line is (x 1000…, y 142, 20 px high). */
  function pageWithNumber(digits: string): RgbaImage {
    const W = 1500, H = 900, h = 20, page: RgbaImage = { width: W, height: H, data: new Uint8ClampedArray(W * H * 4).fill(245) };
    const shapes = templateInkMaps().filter((m) => m.font === 'Liberation Sans 400');
    let x = 1000;
    for (const d of digits) {
      const m = shapes.find((s) => s.glyph === d)!.map, left = x - Math.round(h * 0.19);
      for (let y = 0; y < h; y++)
        for (let i = 0; i < h; i++) {
          const v = Math.round(245 - 215 * m[Math.floor((y / h) * 32) * 32 + Math.floor((i / h) * 32)]);
          const k = ((142 + y) * W + left + i) * 4;
          if (v < page.data[k]) page.data.fill(v, k, k + 3);
        }
      x += Math.round(h * 0.62) + 3;
    }
    return page;
  }
  const run = (printedNumber: string, qrNumber: string | null, read = '0012345679', reread: Parameters<typeof fakeOcr>[1] = () => ({ text: '', confidence: 0 })) => {
    const page = pageWithNumber(printedNumber);
    const env: ExtractEnv = {
      ocr: fakeOcr(receiptLines({ number: read, numberConf: 0.5 }), reread, page),
      decodeImage: async () => page,
      ...(qrNumber ? { zxing: { readBarcodes: async () => [{ text: `https://x.cn/?code=11060124&number=${qrNumber}&check=8f3a2c`, isValid: true }] } } : {}),
      today: '2024-06-01',
    };
    return extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, env);
  };

  it('a QR value no re-read gives is confirmed by the shapes of the digits printed; a QR changed by one digit is not', async () => {
    // (the page read a digit short: no value of the right shape)
    expect((await run('0012345678', '0012345678', '001234567')).fields.billNumber).toMatchObject({ value: '0012345678', status: 'ok' });
    expect((await run('0012345678', '0012345676', '001234567')).fields.billNumber?.status).toBe('review');
    // where the print was read as another value (…679), its shapes are not searched for the QR's: a disagreement
    const other = (await run('0012345678', '0012345678')).fields.billNumber;
    expect(other?.status).toBe('review');
    expect(other?.reasons.map((r) => r.code)).toContain('merge.disagree');
  });

  it('a QR one digit from what the print was read as: the digits printed decide against it, never for it', async () => {
    // the print 0012345678, read so by the page read (0.5); the QR changed to …676; the re-reads misread
    // the 8 as 6 the same way, at 0.67 — QR and re-reads would outweigh the page read
    const misread = (b: Box, o: RegionReadOptions) =>
      o.whitelist === '0123456789' ? (b.y + b.h / 2 > 125 ? { text: '0012345676', confidence: 0.67 } : { text: '11060124', confidence: 0.91 }) : { text: '', confidence: 0 };
    const changed = (await run('0012345678', '0012345676', '0012345678', misread)).fields.billNumber;
    expect(changed?.status).toBe('review');
    expect(changed?.reasons.map((r) => r.code)).toContain('merge.disagree');
    // (the print as the QR says, the page read misreading it: the shapes add nothing for the QR — still a disagreement
    // between readings, settled as the merge settles it)
    const asQr = (await run('0012345676', '0012345676', '0012345678', misread)).fields.billNumber;
    expect(asQr?.candidates.some((c) => c.derived === 'shape')).toBe(false);
  });

  it('a QR value read only weakly and clearly printed is still read once more (its shapes are no confirmation beside another reading)', async () => {
    // the page read the number …679 at 0.5, the header band read the QR's …678 at 0.44; re-read as printed
    // the region gives nothing, in grey levels …678 at 0.8
    const page = pageWithNumber('0012345678');
    const grey: Box[] = [];
    const env = (qr: string, pageRead = '0012345679'): ExtractEnv => ({
      ocr: {
        async recognize(_im: any, o: any = {}) {
          return { items: o.prepare === false ? receiptLines({ numberConf: 0.44 }) : receiptLines({ number: pageRead, numberConf: 0.5 }), image: page, rotation: 0 };
        },
        async readRegion(_im, b, o = {}) {
          if (o.whitelist !== '0123456789') return { text: '', confidence: 0 };
          if (b.y + b.h / 2 <= 125) return { text: '11060124', confidence: 0.91 };
          if (o.grayScale) grey.push(b);
          return o.grayScale ? { text: '0012345678', confidence: 0.8 } : { text: '', confidence: 0 };
        },
      },
      decodeImage: async () => page,
      zxing: { readBarcodes: async () => [{ text: `https://x.cn/?code=11060124&number=${qr}&check=8f3a2c`, isValid: true }] },
      today: '2024-06-01',
    });
    const res = (await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, env('0012345678'))).fields.billNumber;
    expect(res).toMatchObject({ value: '0012345678', status: 'ok' });
    expect(res?.candidates.some((c) => c.source === 'ocr' && c.value === '0012345678' && c.confidence === 0.8)).toBe(true);
    expect(grey.length).toBeGreaterThan(0);
    // a QR changed to what the page misread (…679): the print, by its shapes, against it
    expect((await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, env('0012345679'))).fields.billNumber?.status).toBe('review');
    // the readings so far settle it (the page read the QR's value too, weakly): no further reading, which could only add a misread
    grey.length = 0;
    expect((await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, env('0012345678', '0012345678'))).fields.billNumber).toMatchObject({ value: '0012345678', status: 'ok' });
    expect(grey).toHaveLength(0);
  });

  it('a QR value whose place nothing read is looked for on the header’s lines as read', async () => {
    // the page read has the label and no digits at all (a seal over them)
    expect((await run('0012345678', '0012345678', '')).fields.billNumber).toMatchObject({ value: '0012345678', status: 'ok' });
    expect((await run('0012345678', '0012345671', '')).fields.billNumber?.status).toBe('review');
  });

  it('a weak OCR reading is confirmed by the shapes of its digits; a misread one (9 for 8) is not', async () => {
    expect((await run('0012345679', null)).fields.billNumber).toMatchObject({ value: '0012345679', status: 'ok' });
    expect((await run('0012345678', null)).fields.billNumber?.status).toBe('review');
  });
});

describe('extractReceipt: a QR value the OCR text holds only approximately', () => {
  const qrEnv = (reread: string, items: TextItem[], charConfidences?: number[]): ExtractEnv => ({
    ocr: fakeOcr(items, (b, o) => (o.whitelist === '0123456789' && b.x >= 850 && b.y < 125 ? { text: reread, confidence: 0.8, ...(charConfidences ? { charConfidences } : {}) } : { text: '', confidence: 0 })),
    decodeImage: async () => img,
    zxing: { readBarcodes: async () => [{ text: 'https://x.cn/?code=11060124&number=0012345678&check=8f3a2c&date=20240512', isValid: true }] },
    today: '2024-06-01',
  });
  // a photo: the bill code lost a digit in the page read, its label is garbled
  const items = () => [
    ...line([['北京市医疗门诊收费票据（电子）', 600]], 400, 40, 0.9),
    ...line([['|', 10], ['1060124', 140]], 900, 100, 0.4),
    ...line([['交款人:张三', 200]], 60, 260),
  ];

  it('the place read closest to the QR value is re-read; a re-read giving the QR value exactly confirms it', async () => {
    const res = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, qrEnv('11060124', items()));
    expect(res.fields.billCode).toMatchObject({ value: '11060124', status: 'ok' });
  });

  it('a re-read may hold one doubtful glyph, but not also others short of sure', async () => {
    const one = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, qrEnv('11060124', items(), [0.05, 0.98, 0.98, 0.97, 0.98, 0.98, 0.99, 0.98]));
    expect(one.fields.billCode).toMatchObject({ value: '11060124', status: 'ok' });
    // (a QR changed by one digit was so "confirmed" by a re-read with glyphs at 0.00, 0.54 and 0.52)
    const weak = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, qrEnv('11060124', items(), [0.05, 0.98, 0.54, 0.97, 0.52, 0.98, 0.99, 0.98]));
    expect(weak.fields.billCode?.status).toBe('review');
  });

  it('a re-read that gives another value confirms nothing', async () => {
    const res = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, qrEnv('11060125', items()));
    expect(res.fields.billCode?.status).toBe('review');
    expect(res.fields.billCode?.reasons.map((r) => r.code)).toContain('merge.qrOnly');
  });

  it('the value region right of its label is among the places re-read: a seal read away with the darkest ink gives the QR value', async () => {
    // a grey scan: the check code's label read, its value under the seal ring read as "ss"; nothing else
    // of the header read, nothing in the text close to the QR's value
    const its = [...line([['北京市医疗门诊收费票据（电子）', 600]], 400, 40, 0.9), ...line([['校验码:', 90], ['ss', 40]], 1080, 160, 0.6), ...line([['交款人:张三', 200]], 60, 260)];
    const ocr = fakeOcr(its, (b, o) =>
      o.whitelist?.includes('a') && b.y < 200 ? (o.darkest ? { text: '8f3a2c', confidence: 0, charConfidences: [0.35, 0.98, 0.98, 0.98, 0.98, 0.98] } : { text: 'ss', confidence: 0.32 }) : { text: '', confidence: 0 },
    );
    const res = await extractReceipt(
      { name: 'r.png', bytes: PNG_MAGIC },
      { ocr, decodeImage: async () => img, zxing: { readBarcodes: async () => [{ text: 'https://x.cn/?code=11060124&number=0012345678&check=8f3a2c&date=20240512', isValid: true }] }, today: '2024-06-01' },
    );
    expect(res.fields.checkCode).toMatchObject({ value: '8f3a2c', status: 'ok' });
    const dark = ocr.boxes.filter((_, i) => ocr.regions[i].darkest && ocr.regions[i].whitelist?.includes('a'));
    expect(dark.length).toBeGreaterThan(0);
    expect(dark[0].x).toBeGreaterThan(1100); // (right of the label: where its value is printed)
  });

  /** 代码 | 号码 over 校验码 | 日期, each value under its label: a grey seal over 开票日期 and the date left the page read garbage there. */
  const sealedDate = () => [
    ...line([['北京市医疗门诊收费票据（电子）', 600]], 400, 40, 0.9),
    ...line([['票据代码', 100]], 900, 90),
    ...line([['11060124', 130]], 900, 120),
    ...line([['校验码', 80]], 900, 160),
    ...line([['8f3a2c', 110], ['和', 30], ['外', 30]], 900, 190, 0.9),
    ...line([['交款人:张三', 200]], 60, 260),
  ];

  it('a date under a grey seal, its label unread: the stretch right of the check code (boxed headers two by two) is re-read for the QR date', async () => {
    // (only the darkest ink of the stretch right of the check code gives the date)
    const its = sealedDate();
    const run = (date: string) => {
      const ocr = fakeOcr(its, (b, o) =>
        o.whitelist?.includes('年') && o.darkest && b.x > 1010 && b.y > 170 && b.y < 200 ? { text: '2024年05月12', confidence: 0, charConfidences: [0.9, 0.9, 0.9, 0.9, 0.4, 0.9, 0.9, 0.6, 0.9, 0.9] } : { text: '', confidence: 0 },
      );
      return extractReceipt(
        { name: 'r.png', bytes: PNG_MAGIC },
        { ocr, decodeImage: async () => img, zxing: { readBarcodes: async () => [{ text: `https://x.cn/?code=11060124&number=0012345678&check=8f3a2c&date=${date}`, isValid: true }] }, today: '2024-06-01' },
      );
    };
    expect((await run('20240512')).fields.issueDate).toMatchObject({ value: '2024-05-12', status: 'ok' });
    // (a QR date one digit off is not confirmed there)
    expect((await run('20240513')).fields.issueDate?.status).toBe('review');
  });

  it('…and without a QR code, the date is looked for there too: the first place that reads as a date is read as any value', async () => {
    const its = sealedDate();
    // (right of the check code: a date only with the darkest ink; left of it, digits that are no date)
    const ocr = fakeOcr(its, (b, o) =>
      o.whitelist?.includes('年') && b.y > 170 && b.y < 200 ? (b.x > 1010 && o.darkest ? { text: '2024年05月12日', confidence: 0.8 } : { text: '20240', confidence: 0.5 }) : { text: '', confidence: 0 },
    );
    const res = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ocr, decodeImage: async () => img, today: '2024-06-01' });
    expect(res.fields.issueDate?.value).toBe('2024-05-12');
    // (the bill code's year is then checked against it)
    expect(res.fields.billCode?.reasons.map((r) => r.code)).not.toContain('cross.codeYearUnverified');
  });

  it('a QR value nothing located (its label unread, its value garbled) is re-read on the line below another header value, in its column', async () => {
    // boxed headers, 代码 over 校验码: the labels too small to read, the check code read as "[seod"
    const its = [
      ...line([['北京市医疗门诊收费票据（电子）', 600]], 400, 40, 0.9),
      ...line([['11060124', 130]], 900, 120),
      ...line([['0012345678', 160]], 1180, 120),
      ...line([['[seod', 100]], 900, 190, 0.3),
      ...line([['2024f#05R12', 180]], 1180, 190, 0.3),
      ...line([['交款人:张三', 200]], 60, 260),
    ];
    const run = (check: string) => {
      const ocr = fakeOcr(its, (b, o) => (o.whitelist?.includes('a') && b.y > 170 && b.y < 200 && b.x < 900 ? { text: '8f3a2c', confidence: 0.8 } : { text: '', confidence: 0 }));
      return extractReceipt(
        { name: 'r.png', bytes: PNG_MAGIC },
        { ocr, decodeImage: async () => img, zxing: { readBarcodes: async () => [{ text: `https://x.cn/?code=11060124&number=0012345678&check=${check}&date=20240512`, isValid: true }] }, today: '2024-06-01' },
      );
    };
    expect((await run('8f3a2c')).fields.checkCode).toMatchObject({ value: '8f3a2c', status: 'ok' });
    expect((await run('8f3a2e')).fields.checkCode?.status).toBe('review');
  });

  it('no re-read is fished for the QR value where the print was read as another value: a QR changed by one digit stays a disagreement', async () => {
    // the bill number read 0012345678 by the page read alone, weakly; the QR says 0012345676; a re-read
    // in grey levels misreads the 8 as 6 with one doubtful glyph (QR + that re-read would outvote the one
    // weak reading of the print)
    const qrNumber = (qr: string, grey = '0012345676'): ExtractEnv => ({
      ocr: fakeOcr(receiptLines({ numberConf: 0.3 }), (b, o) => {
        if (o.whitelist !== '0123456789') return { text: '', confidence: 0 };
        if (b.y + b.h / 2 <= 125) return { text: '11060124', confidence: 0.91 };
        return o.grayScale ? { text: grey, confidence: 0.8, charConfidences: [0.98, 0.98, 0.98, 0.98, 0.98, 0.98, 0.98, 0.98, 0.98, 0.3] } : { text: '', confidence: 0 };
      }),
      decodeImage: async () => img,
      zxing: { readBarcodes: async () => [{ text: `https://x.cn/?code=11060124&number=${qr}&check=8f3a2c&date=20240512`, isValid: true }] },
      today: '2024-06-01',
    });
    const changed = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, qrNumber('0012345676'));
    expect(changed.fields.billNumber?.status).toBe('review');
    expect(changed.fields.billNumber?.reasons.map((r) => r.code)).toContain('merge.disagree');
    // (the QR as printed, and the grey re-read reads so too: ok. The print read only weakly as the QR's value
    // is read once more, and a re-read misreading the 8 as 6, surer than the page read, would be a disagreement)
    expect((await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, qrNumber('0012345678', '0012345678'))).fields.billNumber).toMatchObject({ value: '0012345678', status: 'ok' });
    expect((await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, qrNumber('0012345678'))).fields.billNumber?.status).toBe('review');
  });

  it('a QR value the page read agrees with only weakly is read once more: a QR changed the way the print was misread is a disagreement', async () => {
    // the check code printed 8f3a2c; the page read it 8f3a2e at 0.63, and the QR says 8f3a2e. Read again as
    // printed it gives nothing (a blurred photo); in grey levels, 8f3a2c at 0.8
    const its = [
      ...line([['北京市医疗门诊收费票据（电子）', 600]], 400, 40, 0.9),
      ...line([['票据代码:11060124', 260]], 900, 100),
      ...line([['校验码:8f3a2e', 220]], 1200, 100, 0.63),
      ...line([['交款人:张三', 200]], 60, 260),
    ];
    const env = (qr: string, printed: string): ExtractEnv & { ocr: ReturnType<typeof fakeOcr> } => ({
      ocr: fakeOcr(its, (_b, o) => (o.whitelist?.includes('a') && o.grayScale ? { text: printed, confidence: 0.8 } : { text: '', confidence: 0 })),
      decodeImage: async () => img,
      zxing: { readBarcodes: async () => [{ text: `https://x.cn/?code=11060124&number=0012345678&check=${qr}&date=20240512`, isValid: true }] },
      today: '2024-06-01',
    });
    const changed = env('8f3a2e', '8f3a2c');
    const res = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, changed);
    expect(res.fields.checkCode?.status).toBe('review');
    expect(res.fields.checkCode?.reasons.map((r) => r.code)).toContain('merge.disagree');
    // (read as printed first, then with the glyphs pulled apart, then in grey levels: the first reading ends it)
    const reads = changed.ocr.regions.filter((o) => o.whitelist?.includes('a'));
    expect(reads.map((o) => !!o.grayScale)).toEqual([false, false, true]);
    // the QR as printed, and read so again: ok
    expect((await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, env('8f3a2e', '8f3a2e'))).fields.checkCode).toMatchObject({ value: '8f3a2e', status: 'ok' });
  });

  it('locateInOcr: within a quarter of the characters; an amount only on the line of the total', () => {
    const its = [...line([['|', 10], ['1060124', 140]], 900, 100), ...line([['西药费', 80], ['285.50', 100]], 60, 400), ...line([['(小写)', 80], ['¥285.6O', 100]], 60, 600)];
    expect(locateInOcr('billCode', its, '11060124')).toMatchObject({ y: 100 });
    expect(locateInOcr('billCode', its, '11060124')!.x).toBeLessThan(900); // room for a dropped first digit
    expect(locateInOcr('billCode', its, '22334455')).toBeNull();
    expect(locateInOcr('totalAmount', its, '285.60')?.y).toBe(600);
    expect(locateInOcr('issueDate', line([['2024年O5月12日', 200]], 0, 0), '2024-05-12')).not.toBeNull();
  });
});

describe('amountWordsOf (the 大写 words of a read)', () => {
  it('drops the label, but never turns words that lost their first numeral into a smaller amount', () => {
    expect(amountWordsOf('金额合计（大写）贰佰陆拾陆元伍角玖分')).toBe('贰佰陆拾陆元伍角玖分');
    expect(amountWordsOf('（大写）拾伍元整')).toBe('拾伍元整');
    expect(amountWordsOf('大写拾伍元整')).toBe('拾伍元整');
    // 贰 unreadable: "陆拾陆元…" (66.59) would be a tenth of 266.59
    expect(amountWordsOf('屆佰陆拾陆元伍角玖分')).toBe('');
    expect(amountWordsOf('喜拾伍元整')).toBe('');
  });
});

describe('helpers', () => {
  it('oneGlyphApart: same length, exactly one glyph different (case aside)', () => {
    expect(oneGlyphApart('0027270316', '0027270310')).toBe(true);
    expect(oneGlyphApart('2024-01-15', '2024-11-15')).toBe(true);
    expect(oneGlyphApart('F8D556', 'fgd556')).toBe(true);
    expect(oneGlyphApart('3980088688', '3980083088')).toBe(false);
    expect(oneGlyphApart('c5fo98', '3c5f98')).toBe(false);
    expect(oneGlyphApart('3c5f98', '3C5F98')).toBe(false);
  });

  it('regionCandidate takes the bounded token, or the tail of a run with a label fragment glued on', () => {
    expect(regionCandidate('billCode', { text: '11060124', confidence: 0.9 }, { x: 0, y: 0, w: 1, h: 1 })?.value).toBe('11060124');
    const glued = regionCandidate('billCode', { text: '911060124', confidence: 0.9 }, { x: 0, y: 0, w: 1, h: 1 })!;
    expect(glued.value).toBe('11060124');
    // never ok on its own, nor with another reading beside it (c243apb's tail 243apb is no check code)
    expect(mergeCandidates('billCode', [glued, glued]).status).toBe('review');
    expect(mergeCandidates('billCode', [glued, { value: '11060124', source: 'ocr', confidence: 0.8 }]).status).toBe('review');
    expect(regionCandidate('billCode', { text: '11060124', confidence: 0.1 }, { x: 0, y: 0, w: 1, h: 1 })).toBeNull();
    expect(regionCandidate('totalAmount', { text: '¥1,285.60', confidence: 0.9 }, { x: 0, y: 0, w: 1, h: 1 })?.value).toBe('1,285.60');
    // a date whose 日 the whitelist forced into a digit: the date, only as weak as a cut
    const day = regionCandidate('issueDate', { text: '2026年02月248', confidence: 0.9 }, { x: 0, y: 0, w: 1, h: 1 })!;
    expect(day.value).toBe('2026年02月24');
    expect(day.confidence).toBeLessThanOrEqual(CUT_READING_CONFIDENCE);
    expect(regionCandidate('issueDate', { text: '2026年02月2488', confidence: 0.9 }, { x: 0, y: 0, w: 1, h: 1 })).toBeNull();
  });

  it('settlementSum adds the four parts when each was read once and confidently', () => {
    const c = (value: string, confidence = 0.9) => [{ value, source: 'ocr' as const, confidence }];
    expect(settlementSum({ fundPaid: c('179.08'), otherPaid: c('0.00'), accountPaid: c('27.20'), cashPaid: c('98.12') })?.value).toBe('304.40');
    expect(settlementSum({ fundPaid: c('179.08'), otherPaid: c('0.00'), accountPaid: c('27.20') })).toBeNull();
    expect(settlementSum({ fundPaid: c('179.08', 0.5), otherPaid: c('0.00'), accountPaid: c('27.20'), cashPaid: c('98.12') })).toBeNull();
  });

  it('findInOcr finds a value split over words of one line', () => {
    const items = line([['开票日期:2024年', 160], ['05月12日', 100]], 0, 0, 0.8);
    expect(findInOcr('issueDate', items, new Set(['2024-05-12']))?.value).toBe('2024年05月12日');
    expect(findInOcr('issueDate', items, new Set(['2024-05-13']))).toBeNull();
  });
});

describe('leadingDoubtCandidate (the ¥ printed against the first digit)', () => {
  const box = { x: 0, y: 0, w: 10, h: 10 };
  it('keeps a total whose only doubtful character is the first, as a weak reading', () => {
    const c = leadingDoubtCandidate({ text: '369.37', confidence: 0, charConfidences: [0.02, 0.98, 0.99, 0.98, 0.98, 0.99] }, box);
    expect(c).toMatchObject({ value: '369.37', confidence: 0.3 });
  });
  it('refuses a total with another doubtful character', () => {
    expect(leadingDoubtCandidate({ text: '369.37', confidence: 0, charConfidences: [0.02, 0.98, 0.5, 0.98, 0.98, 0.99] }, box)).toBeNull();
  });
});

describe('extractReceipt: a ¥ printed against the total', () => {
  const lines = (words: string) => [
    ...line([['北京市医疗门诊收费票据（电子）', 600]], 400, 40, 0.9),
    ...line([['票据代码:11060124', 260], ['校验码:8f3a2c', 220]], 900, 100),
    ...line([['票据号码:0012345678', 300], ['开票日期:2024-05-12', 300]], 900, 140),
    ...line([['金额合计（大写）' + words, 520], ['（小写）罗65.03', 240]], 60, 600),
  ];
  const regions = (wordsRead: string) => (b: Box, o: RegionReadOptions) => {
    const wl = o.whitelist ?? '';
    if (wl.includes('壹')) return { text: wordsRead, confidence: 0.9 };
    // the ¥ read as a digit: the first character is doubtful, the rest clear
    if (wl.includes('¥')) return { text: '3465.03', confidence: 0, charConfidences: [0.02, 0.98, 0.99, 0.98, 0.98, 0.99, 0.98] };
    return printed()(b, o);
  };
  it('the 大写 decides that the doubtful first glyph was the ¥ sign: 465.03, ok', async () => {
    const ocr = fakeOcr(lines('肆佰陆拾伍元零叁分'), regions('肆佰陆拾伍元零叁分'));
    const res = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ocr, decodeImage: async () => img, today: '2024-06-01' });
    expect(res.fields.totalAmount).toMatchObject({ value: '465.03', status: 'ok' });
  });
  it('a total its pulled-apart read garbles (a bold 4 cut in two: 465.013) is read once more as printed', async () => {
    const reads: boolean[] = [];
    const ocr = fakeOcr(lines('肆佰陆拾伍元零叁分'), (b, o) => {
      if (!(o.whitelist ?? '').includes('¥')) return regions('肆佰陆拾伍元零叁分')(b, o);
      reads.push(!!o.splitTouching);
      return o.splitTouching ? { text: '465.013', confidence: 0.9 } : { text: '465.03', confidence: 0.9 };
    });
    const res = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ocr, decodeImage: async () => img, today: '2024-06-01' });
    expect(res.fields.totalAmount).toMatchObject({ value: '465.03', status: 'ok' });
    expect(reads.slice(0, 2)).toEqual([true, false]);
  });
  it('without a reading from other print the doubtful total stays under review', async () => {
    const ocr = fakeOcr(lines('肆佰陆拾伍'), regions(''));
    const res = await extractReceipt({ name: 'r.png', bytes: PNG_MAGIC }, { ocr, decodeImage: async () => img, today: '2024-06-01' });
    expect(res.fields.totalAmount?.status).not.toBe('ok');
  });
});

describe('checkCodeHypotheses: what a check code read by OCR may stand for', () => {
  it('the reading itself, or a reading a glyph too long without one glyph, each with its l and i as 1 — no other look-alike swapped', () => {
    expect(checkCodeHypotheses(['c6bd9f'])).toEqual(['c6bd9f']);
    const long = checkCodeHypotheses(['c243apb']);
    expect(long).toContain('c243ab');
    expect(long).toHaveLength(7);
    expect(checkCodeHypotheses(['5b7dl6'])).toEqual(['5b7dl6', '5b7d16']);
    expect(checkCodeHypotheses(['il31d2']).sort()).toEqual(['1131d2', '1l31d2', 'i131d2', 'il31d2']);
    expect(checkCodeHypotheses(['ofa6oe', '5s2z0o'])).toEqual(['ofa6oe', '5s2z0o']);
    // too short or too long to be a check code, or not letters and digits
    expect(checkCodeHypotheses(['e9fc', 'c6bdo9f12', 'c6-d9f'])).toEqual([]);
  });
});
