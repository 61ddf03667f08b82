/** Types shared by utils/ocr (engine, image prep) and utils/extract (layout, pipeline). Extend, do not rename. */

/** A decoded image: RGBA bytes, row-major (same layout as ImageData). Works in Node and in workers. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** A piece of text with its box in image pixels (or PDF/OFD page units scaled to pixels). */
export interface TextItem {
  text: string;
  x: number;
  y: number;
  w: number;
  h: number;
  page?: number;
  /** 0..1 */
  confidence?: number;
  /** 'line' | 'word' granularity from OCR; absent for PDF/OFD text objects. */
  level?: 'line' | 'word' | 'symbol';
  /** The engine's own line this word belongs to (OCR), used to group words into lines. */
  lineId?: number;
  /** Per-symbol confidences 0..1 when the engine gives them. */
  charConfidences?: number[];
  /** Per-symbol boxes [x, y, w, h] when the engine gives them (in the read image's coordinates). */
  charBoxes?: Array<[number, number, number, number]>;
}

export interface RegionReadOptions {
  /** tesseract_char_whitelist */
  whitelist?: string;
  /** tesseract page segmentation mode, e.g. 7 = single line */
  psm?: number;
  lang?: 'chi_sim' | 'eng' | 'chi_sim+eng';
  /** Split glyphs that touch (¥ printed against the first digit reads as one CJK glyph). */
  splitTouching?: boolean;
  /**
   * Cut every ¥ sign out of the line before reading (the language data has no ¥: the engine reads it
   * as a digit, ¥194.81 → 7194.81). Binarised reads only.
   */
  eraseYen?: boolean;
  /**
   * Keep the crop's grey levels (rules whitened, the line's band cut) instead of binarising, enlarged
   * by this factor: dense glyphs (the 大写 numerals on a grey scan) lose strokes at the threshold.
   */
  grayScale?: number;
  /** The box is one glyph's cell: read exactly it, in grey levels, enlarged (single-character mode by default). */
  glyph?: boolean;
  /** (glyph) its grey levels spread over the whole range first: a blurred photo's faint glyph. */
  stretch?: boolean;
  /**
   * Only the crop's darkest ink kept (keepDarkestInk): a grey scan's seal, lighter than the print, taken
   * off the value it crosses. A crop with one ink is not read (empty text).
   */
  darkest?: boolean;
}

export interface RegionReadResult {
  text: string;
  confidence: number; // 0..1
  charConfidences?: number[];
  /**
   * Where each character was found, in the coordinates of the image the region was cut from (line
   * reads that keep the region's columns: not with splitTouching or eraseYen, not glyph reads).
   */
  charBoxes?: Array<{ x: number; y: number; w: number; h: number }>;
}
