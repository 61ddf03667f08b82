/**
 * Real tesseract.js in Node (slow: a few reads, < 15 s). Images: utils/ocr/testdata, cut from a
 * synthetic clean receipt (票据代码 11050126 … 医保统筹基金支付 19657.70 under the red seal).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createNodeOcrEngine } from './node';
import { decodeImageNode } from './decode-node';
import { rotate90 } from './image';

const load = (f: string) => decodeImageNode(readFileSync(fileURLToPath(new URL(`./testdata/${f}`, import.meta.url))));
const engine = createNodeOcrEngine();
afterAll(() => engine.terminate());
const squash = (s: string) => s.replace(/\s+/g, '');

describe('tesseract.js in Node', () => {
  it('reads 票据代码 and its 8-digit value, then re-reads the value region with a digit whitelist', async () => {
    const r = await engine.recognize(await load('receipt-top.png'));
    expect(r.rotation).toBe(0);
    const lines = r.items.filter((i) => i.level === 'line');
    const line = lines.find((l) => squash(l.text).includes('票据代码'));
    expect(line, lines.map((l) => l.text).join(' | ')).toBeTruthy();
    expect(squash(line!.text)).toMatch(/票据代码[:：]?11050126/);
    const word = r.items.find((i) => i.level === 'word' && i.lineId === line!.lineId && /11050126/.test(i.text))!;
    expect(word.confidence).toBeGreaterThan(0.5);
    const re = await engine.readRegion(r.image, word, { whitelist: '0123456789', psm: 7 });
    expect(re.text).toBe('11050126');
    expect(re.charConfidences).toHaveLength(8);
  }, 20_000);

  it('turns a page lying on its side upright (90°) and reads digits under the red seal', async () => {
    const r = await engine.recognize(rotate90(await load('receipt-top.png'), 3)); // turned left
    expect(r.rotation).toBe(90);
    expect(r.image.width).toBeGreaterThan(r.image.height);
    expect(squash(r.items.filter((i) => i.level === 'line').map((i) => i.text).join(''))).toContain('11050126');
    const s = await engine.recognize(await load('seal-strip.png'), { autoRotate: false });
    expect(squash(s.items.filter((i) => i.level === 'line').map((i) => i.text).join(''))).toContain('19657.70');
  }, 20_000);
});
