/**
 * The OCR engine: a small pool of tesseract.js workers, created once, reused, terminated when
 * idle and recreated on demand. A job that fails, hangs (timeout) or is aborted is rejected
 * alone: its worker is thrown away and replaced, the pool keeps going.
 *
 * `recognize` takes a decoded image as it came (colour, any orientation, a little skewed),
 * prepares it (seal suppression, light flattening, size, 90°/180°/270° orientation, skew) and
 * returns lines and words with boxes in the coordinates of the prepared upright image it returns.
 * `readRegion` re-reads one value region of that image with a character whitelist.
 */
import type { Box } from '../receipt/types';
import type { RegionReadOptions, RegionReadResult, RgbaImage, TextItem } from './types';
import {
  binarise,
  estimateSkew,
  estimateTextHeight,
  flattenLight,
  grayscale,
  grayToRgba,
  inkShare,
  keepDarkestInk,
  lineDirectionRatio,
  otsuThreshold,
  resizeGray,
  rgbaToGray,
  rotateGray90,
  rotateGraySmall,
  estimateSlant,
  shearGray,
  type GrayImage,
} from './prepare';
import { encodeGrayPng } from './png';

/** The part of a tesseract.js worker the engine uses (tests can plug in their own). */
export interface WorkerLike {
  recognize(image: Uint8Array, options?: object, output?: object): Promise<{ data: any }>;
  setParameters(params: Record<string, string | number>): Promise<unknown>;
  terminate(): Promise<unknown>;
}

export interface OcrEngineOptions {
  /** tesseract.js worker script (browser: extension URL of /ocr/worker.min.js; Node: leave empty). */
  workerPath?: string;
  /** folder with tesseract-core-*.wasm.js (browser: extension URL of /ocr/core/). */
  corePath?: string;
  /** folder with <lang>.traineddata.gz */
  langPath?: string;
  /** 1 (default) or 2 workers */
  poolSize?: number;
  /** terminate idle workers after this many ms (default 60 s) */
  idleMs?: number;
  /** tesseract language(s), default 'chi_sim' (it reads the digits and Latin letters of receipts too) */
  langs?: string;
  /** per job, default 30 s */
  jobTimeoutMs?: number;
  /** browser: false inside an MV3 extension (no blob: workers) */
  workerBlobURL?: boolean;
  /** Replace worker creation (tests). */
  createWorker?: () => Promise<WorkerLike>;
  /** Labels whose presence tells that an orientation reads well (default: receipt labels). */
  labels?: string[];
}

export interface RecognizeOptions {
  signal?: AbortSignal;
  /** Page segmentation mode for the full read (default 3 = automatic). */
  psm?: number;
  /** Try the other orientations when the first read is poor (default true). */
  autoRotate?: boolean;
  /** The page's orientation known from elsewhere (its QR code): quarter turns clockwise that make it upright, read first. */
  quarterTurns?: number;
  /** Seal suppression, light flattening, resizing, deskew (default true). Off: the image is read as is. */
  prepare?: boolean;
}

export interface RecognizeResult {
  /** lines (level 'line') and words (level 'word', same lineId as their line), boxes in `image` pixels */
  items: TextItem[];
  /** quarter turns clockwise applied to the input to make it upright */
  rotation: 0 | 90 | 180 | 270;
  /** skew that was removed, degrees (positive: text ran downhill to the right) */
  skewDeg: number;
  /** the prepared upright image (gray) the boxes refer to */
  image: RgbaImage;
  /** size factor from the input to `image` (before the rotation) */
  scale: number;
  ms: number;
  /** mean word confidence 0..1 */
  meanConfidence: number;
  /** how many known receipt labels the text contains (orientation check) */
  labelHits: number;
  /** how many full/probe reads were needed (1 for an upright receipt) */
  reads: number;
}

export interface OcrEngine {
  recognize(img: RgbaImage, o?: RecognizeOptions): Promise<RecognizeResult>;
  readRegion(img: RgbaImage, box: Box, o?: RegionReadOptions & { signal?: AbortSignal }): Promise<RegionReadResult>;
  terminate(): Promise<void>;
  readonly stats: { jobs: number; workersCreated: number; failures: number; live: number };
}

export const RECEIPT_LABELS = [
  '票据代码', '票据号码', '校验码', '开票日期', '交款人', '收款单位', '金额合计', '大写', '小写',
  '项目名称', '数量', '单位', '业务流水号', '门诊号', '住院号', '医保类型', '收费', '医疗', '复核人', '收款人',
];

const BASE_PARAMS: Record<string, string> = {
  // re-reading low-confidence lines as white-on-black doubles the time on noisy photos and
  // receipts have no inverted text
  tessedit_do_invert: '0',
  preserve_interword_spaces: '0',
  user_defined_dpi: '300',
};

class JobError extends Error {}

/** Line height (px) under which an image is enlarged before reading. */
export const MIN_TEXT_HEIGHT = 13;
/** A glyph read on its own (RegionReadOptions.glyph) is enlarged to about this height. */
const GLYPH_HEIGHT = 33;

export function createOcrEngine(opts: OcrEngineOptions = {}): OcrEngine {
  const size = Math.max(1, Math.min(opts.poolSize ?? 1, 2));
  const idleMs = opts.idleMs ?? 60_000;
  const timeout = opts.jobTimeoutMs ?? 30_000;
  const labels = opts.labels ?? RECEIPT_LABELS;
  const idle: WorkerLike[] = [];
  const waiting: Array<{ resolve: (w: WorkerLike) => void; reject: (e: Error) => void }> = [];
  const crashed = new WeakSet<WorkerLike>();
  const crashListeners = new WeakMap<WorkerLike, (e: Error) => void>();
  let live = 0;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const stats = { jobs: 0, workersCreated: 0, failures: 0, live: 0 };

  async function spawn(): Promise<WorkerLike> {
    if (opts.createWorker) return opts.createWorker();
    const T: any = await import('tesseract.js');
    const createWorker = T.createWorker ?? T.default?.createWorker;
    const options: Record<string, unknown> = {
      cacheMethod: 'none',
      gzip: true,
      // without a handler tesseract.js rethrows a failed job inside its message listener
      errorHandler: () => {},
    };
    if (opts.workerPath) options.workerPath = opts.workerPath;
    if (opts.corePath) options.corePath = opts.corePath;
    if (opts.langPath) options.langPath = opts.langPath;
    if (opts.workerBlobURL !== undefined) options.workerBlobURL = opts.workerBlobURL;
    const w = await createWorker(opts.langs ?? 'chi_sim', 1, options);
    // a crashed worker thread (Node) / worker (browser): fail its job now instead of at the timeout
    const onCrash = (e: any) => {
      crashed.add(w);
      crashListeners.get(w)?.(new Error(`OCR 引擎出错：${e?.message ?? e}`));
    };
    const raw = w.worker;
    if (raw?.on) raw.on('error', onCrash);
    else if (raw && 'onerror' in raw) raw.onerror = onCrash;
    await w.setParameters(BASE_PARAMS);
    return w;
  }

  function scheduleIdle() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (waiting.length) return;
      const all = idle.splice(0);
      live -= all.length;
      stats.live = live;
      for (const x of all) x.terminate().catch(() => {});
    }, idleMs);
    (idleTimer as any)?.unref?.();
  }

  async function acquire(signal?: AbortSignal): Promise<WorkerLike> {
    if (closed) closed = false; // terminate() then use again: recreate on demand
    clearTimeout(idleTimer);
    const w = idle.pop();
    if (w) return w;
    if (live < size) {
      live++;
      stats.live = live;
      try {
        const worker = await spawn();
        stats.workersCreated++;
        return worker;
      } catch (e) {
        live--;
        stats.live = live;
        throw new Error(`OCR 引擎启动失败：${(e as Error)?.message ?? e}`);
      }
    }
    return new Promise((resolve, reject) => {
      const entry = { resolve, reject };
      waiting.push(entry);
      signal?.addEventListener('abort', () => {
        const i = waiting.indexOf(entry);
        if (i >= 0) waiting.splice(i, 1);
        reject(new Error('识别已取消'));
      }, { once: true });
    });
  }

  function release(w: WorkerLike) {
    const next = waiting.shift();
    if (next) return next.resolve(w);
    idle.push(w);
    scheduleIdle();
  }

  function discard(w: WorkerLike) {
    live--;
    stats.live = live;
    w.terminate().catch(() => {});
    // someone waits for a worker: a fresh one takes the place of the discarded one
    const next = waiting.shift();
    if (next) acquire().then(next.resolve, next.reject);
  }

  async function run<T>(job: (w: WorkerLike) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw new Error('识别已取消');
    const w = await acquire(signal);
    if (signal?.aborted) { release(w); throw new Error('识别已取消'); }
    stats.jobs++;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    try {
      const result = await Promise.race([
        job(w),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new JobError(`OCR 超时（超过 ${Math.round(timeout / 1000)} 秒）：图片可能过大或已损坏`)), timeout);
          crashListeners.set(w, reject);
          if (signal) {
            onAbort = () => reject(new JobError('识别已取消'));
            signal.addEventListener('abort', onAbort, { once: true });
          }
        }),
      ]);
      if (crashed.has(w)) discard(w);
      else release(w);
      return result;
    } catch (e) {
      stats.failures++;
      // the worker may still be busy (timeout, abort) or broken: replace it
      discard(w);
      const msg = e instanceof Error ? e.message : String(e);
      throw new Error(/[\u4e00-\u9fff]/.test(msg) ? msg : `OCR 识别失败：${msg}`);
    } finally {
      clearTimeout(timer);
      crashListeners.delete(w);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  /** One tesseract read of a gray plane: lines and words. */
  async function read(g: GrayImage, params: Record<string, string>, signal?: AbortSignal): Promise<{ items: TextItem[]; mean: number; text: string }> {
    const png = encodeGrayPng(g);
    const { data } = await run((w) => w.recognize(png, params, { blocks: true, text: false }), signal);
    return itemsOf(data);
  }

  /**
   * A page read in two halves at once when it is tall (the pool's two workers each take one: a single
   * receipt's page read is faster — measured in utils/ocr/README.md): cut across a blank stretch of rows
   * near the middle, so that no line of text is cut, and put back together (the lower half's boxes moved
   * down, its line ids apart). No blank stretch there: read whole.
   */
  async function readPage(g: GrayImage, params: Record<string, string>, signal?: AbortSignal): Promise<{ items: TextItem[]; mean: number; text: string }> {
    const at = g.height >= SPLIT_MIN_HEIGHT ? blankRowNearMiddle(g) : null;
    if (at == null) return read(g, params, signal);
    const top: GrayImage = { width: g.width, height: at, data: g.data.subarray(0, at * g.width) };
    const bottom: GrayImage = { width: g.width, height: g.height - at, data: g.data.subarray(at * g.width) };
    const [a, b] = await Promise.all([read(top, params, signal), read(bottom, params, signal)]);
    const words = (r: { items: TextItem[] }) => r.items.filter((i) => i.level === 'word').length;
    const na = words(a), nb = words(b);
    return {
      items: [...a.items, ...b.items.map((i) => ({ ...i, y: i.y + at, ...(i.lineId != null ? { lineId: i.lineId + SPLIT_LINE_IDS } : {}) }))],
      mean: na + nb ? (a.mean * na + b.mean * nb) / (na + nb) : 0,
      text: [a.text, b.text].filter(Boolean).join('\n'),
    };
  }

  function quality(r: { items: TextItem[]; mean: number }): { hits: number; score: number } {
    const text = r.items.filter((i) => i.level === 'line').map((i) => i.text).join('').replace(/\s+/g, '');
    const hits = labels.filter((l) => text.includes(l)).length;
    const cjk = (text.match(/[\u4e00-\u9fff]/g) ?? []).length;
    return { hits, score: hits * 2 + r.mean * 3 + Math.min(cjk, 200) / 200 };
  }

  return {
    stats,
    async recognize(img, o = {}) {
      const t0 = performance.now();
      if (!img || !img.width || !img.height || img.data.length < img.width * img.height * 4) {
        throw new Error('图片数据无效（尺寸为 0 或像素数据不完整）');
      }
      const params = { tessedit_pageseg_mode: String(o.psm ?? 3) };
      if (o.prepare === false) {
        const g = rgbaToGray(img);
        const r = await read(g, params, o.signal);
        return { items: r.items, rotation: 0, skewDeg: 0, image: img, scale: 1, ms: performance.now() - t0, meanConfidence: r.mean, labelHits: quality(r).hits, reads: 1 };
      }
      // 1. gray with the seal suppressed, sized, light flattened
      let g = grayscale(img);
      let scale = 1;
      const long = Math.max(g.width, g.height);
      if (long > 2400) {
        scale = 2000 / long;
        g = resizeGray(g, scale);
      }
      g = flattenLight(g);
      const blank = inkShare(g) < 0.002;
      // 2. orientation guess from the projection profiles: lines across → 0 (or 180), lines up and down → 90 (or 270)
      const ratio = blank || o.quarterTurns != null ? 1 : lineDirectionRatio(g);
      const first = o.quarterTurns != null ? ((o.quarterTurns % 4) + 4) % 4 : ratio < 0.8 ? 1 : 0;
      const upright = (turns: number) => straighten(rotateGray90(g, turns));
      let cur = { turns: first, ...upright(first) };
      let r = await readPage(cur.g, params, o.signal);
      let q = quality(r);
      let reads = 1;
      // 3. a poor read (fewer than 3 receipt labels): try the other orientations, keep a clearly better one
      if ((o.autoRotate ?? true) && !blank && q.hits < 3) {
        // 3a. the profiles cannot tell 0° from 180°: an upside-down page (the common case of a poor
        // first read) is read again turned round, at full size, and kept if it finds clearly more labels
        const flip = { turns: (first + 2) % 4, ...upright((first + 2) % 4) };
        const rf = await readPage(flip.g, params, o.signal);
        reads++;
        const qf = quality(rf);
        if (qf.hits >= q.hits + 2 && qf.score > q.score) { cur = flip; r = rf; q = qf; }
        else {
          // 3b. the profiles may have been wrong about the line direction: probe the quarter turns on a
          // half-size copy; a probe must find clearly more labels than the full read did
          const small = resizeGray(g, 0.5);
          const probe = async (turns: number) => {
            const s = straighten(rotateGray90(small, turns)).g;
            reads++;
            return quality(await read(s, params, o.signal));
          };
          let best = { turns: first, hits: Math.max(q.hits, qf.hits) };
          for (const turns of [(first + 1) % 4, (first + 3) % 4]) {
            const pq = await probe(turns);
            if (pq.hits >= best.hits + 2) best = { turns, hits: pq.hits };
            if (pq.hits >= 4) break;
          }
          if (best.turns !== first) {
            const alt = { turns: best.turns, ...upright(best.turns) };
            const r2 = await readPage(alt.g, params, o.signal);
            reads++;
            const q2 = quality(r2);
            if (q2.score > q.score) { cur = alt; r = r2; q = q2; }
          }
        }
      }
      return {
        items: r.items,
        rotation: ((cur.turns * 90) % 360) as 0 | 90 | 180 | 270,
        skewDeg: cur.skew,
        image: grayToRgba(cur.g),
        scale: scale * cur.up,
        ms: performance.now() - t0,
        meanConfidence: r.mean,
        labelHits: q.hits,
        reads,
      };
    },

    async readRegion(img, box, o = {}) {
      // a little room above and below; little to the sides, where a label's colon would be read
      // as a character (measured: a crop reaching the colon of 票据号码： dropped the first digit's
      // confidence from 0.98 to 0.36)
      // (one glyph: exactly its cell, no neighbour's stroke; a value: a little room around it)
      const padY = o.glyph ? 0 : Math.max(6, box.h * 0.5), padX = o.glyph ? 0 : Math.max(3, box.h * 0.15);
      const x0 = Math.max(0, Math.floor(box.x - padX)), y0 = Math.max(0, Math.floor(box.y - padY));
      const x1 = Math.min(img.width, Math.ceil(box.x + box.w + padX)), y1 = Math.min(img.height, Math.ceil(box.y + box.h + padY));
      if (x1 - x0 < 2 || y1 - y0 < 2) return { text: '', confidence: 0, charConfidences: [] };
      let full = rgbaCropToGray(img, x0, y0, x1 - x0, y1 - y0);
      if (o.darkest) {
        const kept = keepDarkestInk(full, 1);
        if (!kept) return { text: '', confidence: 0, charConfidences: [] };
        full = kept;
      }
      if (o.glyph) {
        // grey levels, enlarged to ~GLYPH_HEIGHT, white around
        const up = Math.min(3, GLYPH_HEIGHT / full.height);
        const big = up > 1.1 ? resizeGray(full, up) : full;
        const cell = o.stretch ? stretchContrast(big) : big;
        const res = regionResult(await read(padWhite(cell, Math.round(cell.height * 0.3)), { tessedit_pageseg_mode: String(o.psm ?? 10), tessedit_char_whitelist: o.whitelist ?? '' }, o.signal));
        delete res.charBoxes;
        return res;
      }
      // only clearly small text is enlarged (to ~20 px): measured on the fixtures, enlarging 20 px
      // digits to 30–40 px made tesseract misread 6→0 and 5→2, binarised 1:1 crops read right
      const s = box.h < MIN_TEXT_HEIGHT + 1 ? Math.min(2.5, 20 / Math.max(6, box.h)) : 1;
      const sc = s > 1.1 ? s : 1;
      let g = sc > 1 ? resizeGray(full, sc) : full;
      const bin = binariseText(g);
      // (where the read image's pixels lie in `img`: the band kept, the enlargement, the white border)
      const band = centreBand(bin);
      const up = o.grayScale && o.grayScale !== 1 ? o.grayScale : 1;
      const toImage = ([x, y, w, h]: [number, number, number, number]) => ({
        x: x0 + (x - 8) / up / sc,
        y: y0 + ((y - 8) / up + band[0]) / sc,
        w: w / up / sc,
        h: h / up / sc,
      });
      if (o.grayScale) {
        // grey levels, without what removeRules took away, in the band of the binarised line
        const [y0, y1] = band;
        const d = new Uint8Array(g.width * (y1 - y0));
        for (let i = 0; i < d.length; i++) {
          const j = y0 * g.width + i;
          d[i] = bin.data[j] === 255 && g.data[j] < 128 ? 255 : g.data[j];
        }
        g = { width: g.width, height: y1 - y0, data: d };
        if (o.grayScale !== 1) g = resizeGray(g, o.grayScale);
      } else g = centreLine(bin);
      if (o.splitTouching) g = splitTouching(g);
      if (o.eraseYen && !o.grayScale) g = eraseYen(g);
      g = padWhite(g, 8);
      const params: Record<string, string> = {
        tessedit_pageseg_mode: String(o.psm ?? 7),
        tessedit_char_whitelist: o.whitelist ?? '',
      };
      const res = regionResult(await read(g, params, o.signal));
      if (o.splitTouching || o.eraseYen) delete res.charBoxes;
      else if (res.charBoxes) res.charBoxes = (res.charBoxes as unknown as Array<[number, number, number, number]>).map(toImage);
      return res;
    },

    async terminate() {
      closed = true;
      clearTimeout(idleTimer);
      const all = idle.splice(0);
      live -= all.length;
      stats.live = live;
      await Promise.all(all.map((w) => w.terminate().catch(() => {})));
    },
  };
}

/** A page at least this tall is read in two halves (readPage). */
export const SPLIT_MIN_HEIGHT = 600;
/** The lower half's line ids: apart from the upper half's. */
const SPLIT_LINE_IDS = 500_000;

/**
 * The middle of the widest stretch of blank rows between 35 % and 65 % of the height (at least 3): where
 * a page can be cut without cutting a line of text. Blank: no more dark pixels than the emptiest row there
 * and a few more (a table's upright rules cross every row), the emptiest row itself at most 3 % dark;
 * dark: below the page's own ink/paper threshold (Otsu). Null when there is none.
 */
export function blankRowNearMiddle(g: GrayImage): number | null {
  const { width: w, height: h, data } = g;
  const lo = Math.floor(h * 0.35), hi = Math.ceil(h * 0.65);
  // (dark: below the page's own ink/paper threshold — a blurred photo's print is grey, lighter than 128)
  const t = otsuThreshold(g);
  const dark: number[] = [];
  for (let y = lo; y < hi; y++) {
    let d = 0;
    for (let x = 0; x < w; x++) if (data[y * w + x] <= t) d++;
    dark.push(d);
  }
  // (the emptiest row is not blank when 3 % of it is dark: text all across the middle, or a photo — its dark
  // surround, its print blurred and sloping with the perspective: no clean gap to cut at)
  if (!dark.length || Math.min(...dark) > w * 0.03) return null;
  const limit = Math.min(...dark) + Math.max(3, w * 0.004);
  let best: [number, number] | null = null;
  for (let i = 0, start = -1; i <= dark.length; i++) {
    const blank = i < dark.length && dark[i] <= limit;
    if (blank && start < 0) start = i;
    if (!blank && start >= 0) {
      if (!best || i - start > best[1] - best[0]) best = [start, i];
      start = -1;
    }
  }
  return best && best[1] - best[0] >= 3 ? lo + Math.floor((best[0] + best[1]) / 2) : null;
}

/** A region read's text, its weakest word's confidence and its characters' confidences. */
function regionResult(r: { items: TextItem[] }): RegionReadResult {
  const words = r.items.filter((i) => i.level === 'word');
  return {
    text: words.map((x) => x.text).join(''),
    confidence: words.length ? Math.min(...words.map((x) => x.confidence ?? 0)) : 0,
    charConfidences: words.flatMap((x) => x.charConfidences ?? []),
    // (the read image's coordinates here; readRegion maps them into the page's)
    ...(words.length && words.every((x) => x.charBoxes) ? { charBoxes: words.flatMap((x) => x.charBoxes!) as unknown as RegionReadResult['charBoxes'] } : {}),
  };
}

/** Text height check (upscale small text ×2) and skew removal of an upright-oriented plane. */
function straighten(g: GrayImage): { g: GrayImage; skew: number; up: number } {
  let up = 1;
  const th = estimateTextHeight(g);
  // tesseract reads CJK best from ~20 px line height; the fixtures' photos (17–18 px) read as well
  // unscaled and ×2 costs 2–3× the time, so only clearly small text is enlarged
  if (th > 0 && th < MIN_TEXT_HEIGHT) {
    up = Math.min(2, 20 / th, 4000 / Math.max(g.width, g.height));
    if (up > 1.05) g = resizeGray(g, up);
    else up = 1;
  }
  let skew = estimateSkew(g);
  if (Math.abs(skew) >= 0.3) g = rotateGraySmall(g, -skew);
  else skew = 0;
  // a photo taken at an angle: rows level now, columns (table rules, strokes) still lean
  const slant = estimateSlant(g);
  if (Math.abs(slant) >= 0.5) g = shearGray(g, slant);
  return { g, skew, up };
}

export function rgbaCropToGray(img: RgbaImage, x0: number, y0: number, w: number, h: number): GrayImage {
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = ((y0 + y) * img.width + x0 + x) * 4;
      out[y * w + x] = (img.data[i] * 77 + img.data[i + 1] * 150 + img.data[i + 2] * 29) >> 8;
    }
  return { width: w, height: h, data: out };
}

/** A re-read crop black and white, a little past Otsu (thin strokes kept), its table rules whitened. */
export function binariseText(g: GrayImage, o: { columnShare?: number } = {}): GrayImage {
  return removeRules(binarise(g, Math.min(200, otsuThreshold(g) + 10)), o);
}

/**
 * Table rules in a crop (the border under the 金额合计 row, a cell's side) make tesseract read
 * nothing in one-line mode: rows dark over most of the width and columns dark over most of the
 * height are whitened (text never fills a whole row of pixels).
 */
export function removeRules(g: GrayImage, o: { columnShare?: number } = {}): GrayImage {
  const { width: w, height: h } = g;
  const out = new Uint8Array(g.data);
  // a rule is one unbroken dark run; the serifs of a line of text sit on one row too, but with gaps.
  // Vertically a glyph spans at most the text line (under half of a re-read crop): longer is a cell border
  // (`columnShare`: in a crop cut tight around the line, a glyph's stem may span most of it — the f, d, b
  // of a check code — and only a run over nearly the whole height is a border)
  for (let y = 0; y < h; y++) {
    let run = 0, longest = 0;
    for (let x = 0; x < w; x++) {
      run = g.data[y * w + x] < 128 ? run + 1 : 0;
      if (run > longest) longest = run;
    }
    if (longest > w * 0.5) out.fill(255, y * w, (y + 1) * w);
  }
  for (let x = 0; x < w; x++) {
    let run = 0, longest = 0;
    for (let y = 0; y < h; y++) {
      run = g.data[y * w + x] < 128 ? run + 1 : 0;
      if (run > longest) longest = run;
    }
    if (longest > h * (o.columnShare ?? 0.6)) for (let y = 0; y < h; y++) out[y * w + x] = 255;
  }
  return { width: w, height: h, data: out };
}

/**
 * One-line mode needs one line: when a crop also catches the line above or below (a label box
 * from a tall OCR line), keep the band of inked rows at (or nearest to) the crop's middle.
 */
export function centreLine(g: GrayImage): GrayImage {
  const [y0, y1] = centreBand(g);
  return y0 === 0 && y1 === g.height ? g : { width: g.width, height: y1 - y0, data: g.data.slice(y0 * g.width, y1 * g.width) };
}

/** Each row's dark pixels (below 128). */
export function rowInk(g: GrayImage): number[] {
  const { width: w, height: h } = g;
  const ink: number[] = [];
  for (let y = 0; y < h; y++) {
    let dark = 0;
    for (let x = 0; x < w; x++) if (g.data[y * w + x] < 128) dark++;
    ink.push(dark);
  }
  return ink;
}

/** The rows [y0, y1) centreLine keeps. */
export function centreBand(g: GrayImage): [number, number] {
  const { width: w, height: h } = g;
  const ink = rowInk(g);
  // a few dark pixels are a border or a speck, not text (a slanted cell border crosses every row)
  const floor = Math.max(3, w * 0.015);
  // nor is a seal's arc crossing the gap between a rule and the text (it joined the rules to the line
  // and the 大写 was read at half size): the line's core rows hold at least LINE_INK of a full row's ink
  const full = [...ink].sort((a, b) => a - b)[Math.floor(h * 0.9)];
  const core = ink.map((dark) => dark >= Math.max(floor, full * LINE_INK));
  const runs: Array<[number, number]> = [];
  for (let y = 0; y < h; y++) {
    if (!core[y]) continue;
    let e = y;
    while (e + 1 < h && core[e + 1]) e++;
    runs.push([y, e]);
    y = e;
  }
  // merge runs split by a thin gap (accents, the dot of 写, broken strokes)
  const merged: Array<[number, number]> = [];
  for (const r of runs) {
    const last = merged[merged.length - 1];
    if (last && r[0] - last[1] <= 3) last[1] = r[1];
    else merged.push([...r]);
  }
  if (!merged.length) return [0, h];
  const mid = h / 2;
  const dist = (r: [number, number]) => (mid >= r[0] && mid <= r[1] ? 0 : Math.min(Math.abs(mid - r[0]), Math.abs(mid - r[1])));
  let [a, b] = merged.filter((r) => r[1] - r[0] >= 4).sort((p, q) => dist(p) - dist(q))[0] ?? merged[0];
  // the core's sparse top and bottom rows (ascenders, the tip of f, descenders) belong to it: a
  // little way up and down while rows keep some ink
  const reach = Math.ceil((b - a + 1) * 0.35);
  for (let k = 0; k < reach && a > 0 && ink[a - 1] >= floor; k++) a--;
  for (let k = 0; k < reach && b < h - 1 && ink[b + 1] >= floor; k++) b++;
  return [Math.max(0, a - 3), Math.min(h, b + 4)];
}

/** Share of a full text row's ink (90th percentile row) under which a row is not text (centreLine). */
export const LINE_INK = 0.15;

/** A black-on-white line's ink per column and its runs of inked columns [start, end) (glyphs, or glyphs that touch). */
export function inkColumns(g: GrayImage): { ink: number[]; blobs: Array<[number, number]> } {
  const { width: w, height: h } = g;
  const ink = new Array<number>(w).fill(0);
  for (let x = 0; x < w; x++) for (let y = 0; y < h; y++) if (g.data[y * w + x] < 128) ink[x]++;
  const blobs: Array<[number, number]> = [];
  for (let x = 0; x < w; x++) {
    if (!ink[x]) continue;
    let e = x;
    while (e + 1 < w && ink[e + 1]) e++;
    blobs.push([x, e + 1]);
    x = e;
  }
  return { ink, blobs };
}

/**
 * Touching or close glyphs in a line of digits (a ¥ printed against or close to the first digit is
 * read as one CJK glyph, e.g. ¥4 → 到, ¥1 → 对, and the digit is lost):
 * - an ink blob about twice as wide as the typical glyph is cut at its thinnest column near the middle;
 * - every gap between ink blobs is widened to at least SPREAD × the crop height.
 * (measured on 129 generated receipts: the total read right and ok 105 → 112, nothing else changed)
 */
export function splitTouching(g: GrayImage): GrayImage {
  const { width: w, height: h } = g;
  const { ink, blobs } = inkColumns(g);
  // typical glyph width: median of blobs at least a quarter of the line height wide (not . or ,)
  const widths = blobs.map(([a, b]) => b - a).filter((bw) => bw >= h * 0.25).sort((a, b) => a - b);
  if (widths.length < 3) return g;
  const median = widths[Math.floor(widths.length / 2)];
  /** [column, white columns inserted before it] */
  const inserts: Array<[number, number]> = [];
  for (const [a, b] of blobs) {
    const bw = b - a;
    if (bw < median * 1.6 || bw > median * 2.6) continue;
    let best = -1;
    for (let x = a + Math.round(bw * 0.35); x <= a + Math.round(bw * 0.65); x++) if (best < 0 || ink[x] < ink[best]) best = x;
    if (best > 0) inserts.push([best, 3]);
  }
  const want = Math.round(h * SPREAD);
  for (let i = 1; i < blobs.length; i++) {
    const gap = blobs[i][0] - blobs[i - 1][1];
    if (gap < want) inserts.push([blobs[i][0], want - gap]);
  }
  if (!inserts.length) return g;
  inserts.sort((p, q) => p[0] - q[0]);
  const W = w + inserts.reduce((sum, e) => sum + e[1], 0);
  const out = new Uint8Array(W * h).fill(255);
  for (let y = 0; y < h; y++) {
    let shift = 0, k = 0;
    for (let x = 0; x < w; x++) {
      while (k < inserts.length && x === inserts[k][0]) shift += inserts[k++][1];
      out[y * W + x + shift] = g.data[y * w + x];
    }
  }
  return { width: W, height: h, data: out };
}

/**
 * A line of black-on-white glyphs with every ¥ sign cut out. The language data has no ¥ (nor ￥):
 * the engine forces it into a digit, ¥194.81 → 7194.81, ¥559.61 → 7559.61, ¥989.05 → 8989.05 (7 of
 * 122 generated images), a total one digit too long. A ¥ is known by its shape, which no digit
 * has: two arms that close in going down (a V, two separate strokes from its top row down the top third),
 * below them at least one bar across most of the glyph, and a single stem at the foot, centred.
 * A blurred ¥ whose arms have run together is not recognised and stays as it was.
 */
export function eraseYen(g: GrayImage): GrayImage {
  const { width: w, height: h } = g;
  const dark = (x: number, y: number) => g.data[y * w + x] < 128;
  const { blobs } = inkColumns(g);
  /** ink runs of row y within [a, b) */
  const runs = (y: number, a: number, b: number) => {
    const out: Array<[number, number]> = [];
    for (let x = a; x < b; x++) {
      if (!dark(x, y)) continue;
      let e = x;
      while (e + 1 < b && dark(e + 1, y)) e++;
      out.push([x, e + 1]);
      x = e;
    }
    return out;
  };
  const rowsOf = ([a, b]: [number, number]) => {
    let t = -1, bt = -1;
    for (let y = 0; y < h; y++)
      for (let x = a; x < b; x++)
        if (dark(x, y)) {
          if (t < 0) t = y;
          bt = y;
          break;
        }
    return [t, bt + 1] as const;
  };
  const rows = blobs.map(rowsOf);
  const tallest = Math.max(0, ...rows.map(([t, bt]) => bt - t));
  const yen: Array<[number, number]> = [];
  for (const [i, bl] of blobs.entries()) {
    const [a, b] = bl;
    const [t, bt] = rows[i];
    const hb = bt - t, wb = b - a;
    if (hb < 8 || hb < tallest * 0.7 || wb < hb * 0.4 || wb > hb * 1.2) continue;
    // the arms: two strokes from the very top (an 8, 0, 6 or 9 is closed there by one arc), on most
    // rows of the top third, closer at its foot than at their widest
    if (runs(t, a, b).length < 2 || runs(t + 1, a, b).length < 2) continue;
    const top = Math.max(3, Math.round(hb * 0.33));
    const gaps: number[] = [];
    for (let y = t; y < t + top; y++) {
      const r = runs(y, a, b);
      if (r.length === 2) gaps.push(r[1][0] - r[0][1]);
    }
    if (gaps.length < top * 0.6 || Math.max(...gaps) <= gaps[gaps.length - 1] || Math.max(...gaps) < wb * 0.2) continue;
    // a bar: a row below the arms with one stroke across three quarters of the glyph
    let bar = false;
    for (let y = t + top; y < bt - 1 && !bar; y++) {
      const r = runs(y, a, b);
      bar = r.length === 1 && r[0][1] - r[0][0] >= wb * 0.75;
    }
    if (!bar) continue;
    // the stem at the foot: one stroke, centred (a foot serif may widen it)
    const foot = runs(bt - Math.max(2, Math.round(hb * 0.12)), a, b);
    if (foot.length !== 1 || Math.abs((foot[0][0] + foot[0][1]) / 2 - (a + b) / 2) > wb * 0.15 || foot[0][1] - foot[0][0] > wb * 0.75) continue;
    yen.push(bl);
  }
  if (!yen.length) return g;
  // (its columns cut out, not whitened: a wide blank before a thin serif 4 had it read as 2)
  const keep = Array.from({ length: w }, (_, x) => x).filter((x) => !yen.some(([a, b]) => x >= a && x < b));
  const out = new Uint8Array(keep.length * h);
  for (let y = 0; y < h; y++) for (let i = 0; i < keep.length; i++) out[y * keep.length + i] = g.data[y * w + keep[i]];
  return { width: keep.length, height: h, data: out };
}

/** Minimum gap between glyphs of a split line, in crop heights. */
const SPREAD = 0.4;

/**
 * Grey levels spread over the whole range: the darkest ink black, the paper white (a blurred photo's
 * glyph is a light grey smear that the engine takes for no text at all).
 */
export function stretchContrast(g: GrayImage): GrayImage {
  const hist = new Array<number>(256).fill(0);
  for (const v of g.data) hist[v]++;
  const n = g.data.length;
  let lo = 0, hi = 255, acc = 0;
  for (; lo < 255 && (acc += hist[lo]) < n * 0.02; lo++);
  acc = 0;
  for (; hi > 0 && (acc += hist[hi]) < n * 0.3; hi--);
  if (hi - lo < 24) return g;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.max(0, Math.min(255, Math.round(((g.data[i] - lo) * 255) / (hi - lo))));
  return { width: g.width, height: g.height, data: out };
}

function padWhite(g: GrayImage, p: number): GrayImage {
  const W = g.width + 2 * p, H = g.height + 2 * p;
  const out = new Uint8Array(W * H).fill(255);
  for (let y = 0; y < g.height; y++) out.set(g.data.subarray(y * g.width, (y + 1) * g.width), (y + p) * W + p);
  return { width: W, height: H, data: out };
}

/** tesseract.js blocks → lines and words (confidences 0..1). */
export function itemsOf(data: any): { items: TextItem[]; mean: number; text: string } {
  const items: TextItem[] = [];
  let lineId = 0, sum = 0, n = 0;
  const lines: string[] = [];
  for (const b of data?.blocks ?? [])
    for (const p of b.paragraphs ?? [])
      for (const l of p.lines ?? []) {
        lineId++;
        const words: TextItem[] = [];
        for (const w of l.words ?? []) {
          const text = String(w.text ?? '').trim();
          if (!text) continue;
          const c = (w.confidence ?? 0) / 100;
          sum += c;
          n++;
          words.push({
            text,
            x: w.bbox.x0,
            y: w.bbox.y0,
            w: w.bbox.x1 - w.bbox.x0,
            h: w.bbox.y1 - w.bbox.y0,
            confidence: c,
            level: 'word',
            lineId,
            charConfidences: (w.symbols ?? []).map((s: any) => (s.confidence ?? 0) / 100),
            ...((w.symbols ?? []).length && w.symbols.every((s: any) => s?.bbox) ? { charBoxes: w.symbols.map((s: any) => [s.bbox.x0, s.bbox.y0, s.bbox.x1 - s.bbox.x0, s.bbox.y1 - s.bbox.y0]) } : {}),
          });
        }
        if (!words.length) continue;
        const text = String(l.text ?? words.map((w) => w.text).join(' ')).trim();
        lines.push(text);
        items.push({
          text,
          x: l.bbox.x0,
          y: l.bbox.y0,
          w: l.bbox.x1 - l.bbox.x0,
          h: l.bbox.y1 - l.bbox.y0,
          confidence: (l.confidence ?? 0) / 100,
          level: 'line',
          lineId,
        });
        items.push(...words);
      }
  return { items, mean: n ? sum / n : 0, text: lines.join('\n') };
}
