/**
 * The OCR engine: a small pool of tesseract.js workers, created once, reused, terminated when idle.
 * A failing or hanging job is rejected alone; its worker is replaced and the pool keeps going.
 */
import type { Box } from '../receipt/types';
import type { RegionReadOptions, RegionReadResult, RgbaImage, TextItem } from './types';
import { crop, resize } from './image';

/** The part of a tesseract.js worker we use (lets tests and both environments plug in). */
export interface WorkerLike {
  recognize(image: Uint8Array, options?: object, output?: object): Promise<{ data: any }>;
  setParameters(params: Record<string, string | number>): Promise<unknown>;
  terminate(): Promise<unknown>;
}

export interface OcrEngineOptions {
  createWorker: () => Promise<WorkerLike>;
  /** Encode pixels for tesseract: PNG (BMP input was measured 4× slower in tesseract). */
  encode: (img: RgbaImage) => Promise<Uint8Array>;
  poolSize?: number;
  idleMs?: number;
  jobTimeoutMs?: number;
}

export interface RecognizeResult {
  items: TextItem[];
  ms: number;
  meanConfidence: number;
}

export interface OcrEngine {
  recognize(img: RgbaImage, o?: { psm?: number }): Promise<RecognizeResult>;
  readRegion(img: RgbaImage, box: Box, o?: RegionReadOptions): Promise<RegionReadResult>;
  terminate(): Promise<void>;
  readonly stats: { jobs: number; workersCreated: number; failures: number };
}

const DEFAULT_PARAMS = { tessedit_char_whitelist: '', tessedit_pageseg_mode: '3', preserve_interword_spaces: '0' };

export function createOcrEngine(opts: OcrEngineOptions): OcrEngine {
  const size = Math.max(1, Math.min(opts.poolSize ?? 1, 4));
  const idleMs = opts.idleMs ?? 120_000;
  const timeout = opts.jobTimeoutMs ?? 30_000;
  const idle: WorkerLike[] = [];
  const waiting: Array<(w: WorkerLike) => void> = [];
  let live = 0;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const stats = { jobs: 0, workersCreated: 0, failures: 0 };

  async function acquire(): Promise<WorkerLike> {
    clearTimeout(idleTimer);
    const w = idle.pop();
    if (w) return w;
    if (live < size) {
      live++;
      try {
        const worker = await opts.createWorker();
        stats.workersCreated++;
        return worker;
      } catch (e) {
        live--;
        throw new Error(`OCR 引擎启动失败：${(e as Error).message}`);
      }
    }
    return new Promise((resolve) => waiting.push(resolve));
  }

  function release(w: WorkerLike) {
    const next = waiting.shift();
    if (next) return next(w);
    idle.push(w);
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (waiting.length) return;
      const all = idle.splice(0);
      live -= all.length;
      for (const x of all) x.terminate().catch(() => {});
    }, idleMs);
    (idleTimer as any)?.unref?.();
  }

  async function discard(w: WorkerLike) {
    live--;
    w.terminate().catch(() => {});
    // someone may be waiting for a worker: let them create a fresh one
    const next = waiting.shift();
    if (next) acquire().then(next, () => {});
  }

  async function run<T>(job: (w: WorkerLike) => Promise<T>): Promise<T> {
    const w = await acquire();
    stats.jobs++;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const result = await Promise.race([
        job(w),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('OCR 超时：图片可能过大或已损坏')), timeout);
        }),
      ]);
      clearTimeout(timer);
      release(w);
      return result;
    } catch (e) {
      clearTimeout(timer);
      stats.failures++;
      await discard(w);
      throw e instanceof Error ? e : new Error(String(e));
    }
  }

  function wordsOf(data: any): TextItem[] {
    const items: TextItem[] = [];
    let lineId = 0;
    for (const b of data.blocks ?? [])
      for (const p of b.paragraphs ?? [])
        for (const l of p.lines ?? [])
          for (const w of (lineId++, l.words ?? [])) {
            const text = String(w.text ?? '').trim();
            if (!text) continue;
            items.push({
              text,
              x: w.bbox.x0,
              y: w.bbox.y0,
              w: w.bbox.x1 - w.bbox.x0,
              h: w.bbox.y1 - w.bbox.y0,
              confidence: (w.confidence ?? 0) / 100,
              level: 'word',
              lineId,
              charConfidences: (w.symbols ?? []).map((s: any) => (s.confidence ?? 0) / 100),
            });
          }
    return items;
  }

  return {
    stats,
    async recognize(img, o = {}) {
      const t0 = performance.now();
      return run(async (w) => {
        await w.setParameters({ ...DEFAULT_PARAMS, tessedit_pageseg_mode: String(o.psm ?? 3) });
        const { data } = await w.recognize(await opts.encode(img), {}, { blocks: true, text: false });
        const items = wordsOf(data);
        const meanConfidence = items.length ? items.reduce((s, i) => s + (i.confidence ?? 0), 0) / items.length : 0;
        return { items, ms: performance.now() - t0, meanConfidence };
      });
    },
    async readRegion(img, box, o = {}) {
      // crop with a margin; upscale small text to ~40 px line height
      let region = crop(img, box, Math.max(4, box.h * 0.25));
      const scale = box.h < 36 ? Math.min(3, 40 / Math.max(8, box.h)) : 1;
      if (scale > 1.1) region = resize(region, scale);
      return run(async (w) => {
        await w.setParameters({
          ...DEFAULT_PARAMS,
          tessedit_char_whitelist: o.whitelist ?? '',
          tessedit_pageseg_mode: String(o.psm ?? 7),
        });
        const { data } = await w.recognize(await opts.encode(region), {}, { blocks: true, text: true });
        const words = wordsOf(data);
        const text = words.map((x) => x.text).join('');
        const charConfidences = words.flatMap((x) => x.charConfidences ?? []);
        const confidence = words.length ? Math.min(...words.map((x) => x.confidence ?? 0)) : 0;
        return { text, confidence, charConfidences };
      });
    },
    async terminate() {
      clearTimeout(idleTimer);
      const all = idle.splice(0);
      live -= all.length;
      await Promise.all(all.map((w) => w.terminate().catch(() => {})));
    },
  };
}
