/**
 * Layout-aware field reading from positioned text (OCR words, PDF text runs, OFD text objects):
 * group into lines, find the printed labels (spaces removed, full-width punctuation tolerated),
 * take the value to the right on the same line or just below the label, and keep its box.
 */
import type { Box, Candidate, FieldKey, FieldSource } from '../receipt/types';
import type { TextItem } from '../ocr/types';
import { normaliseText } from '../receipt/canonical';

export interface LayoutResult {
  candidates: Partial<Record<FieldKey, Candidate[]>>;
  valueBoxes: Partial<Record<FieldKey, Box>>;
  /** where each field's printed label was seen (even when its value was unreadable): lets OCR
   * re-read the region right of the label */
  labelBoxes: Partial<Record<FieldKey, Box>>;
  /** how many distinct receipt labels were seen (0 → probably not a receipt) */
  labelHits: number;
  lines: string[];
}

interface Line {
  items: TextItem[];
  text: string; // squeezed, with ' ' at large gaps
  owner: number[]; // item index (into items) per char of text
  y: number;
  h: number;
}

const LABELS: Array<[RegExp, string]> = [
  [/票据代码/, 'billCode'], [/票据号码/, 'billNumber'], [/校验码|校验$/, 'checkCode'], [/开票日期/, 'issueDate'],
  [/金额合计|小写/, 'totalAmount'], [/大写/, 'amountInWords'], [/交款人/, 'payerName'], [/收款单位/, 'hospitalName'],
  [/医疗(门诊|住院)收费票据/, 'title'], [/医保统筹/, 'fundPaid'], [/业务流水号/, 'serialNumber'],
];

/** Field patterns over a squeezed line. Group 1 is the value. */
const PATTERNS: Array<{ field: FieldKey; re: RegExp; label: RegExp }> = [
  { field: 'billCode', label: /票据代码/, re: /票据代码[:：;；.,，]{0,3}\s?(?:[\u4e00-\u9fff★☆]\s?){0,2}([0-9A-Za-z|!]{5,12})/ },
  { field: 'billNumber', label: /票据号码/, re: /票据号码[:：;；.,，]{0,3}\s?(?:[\u4e00-\u9fff★☆]\s?){0,2}(?:No\.?|№)?([0-9A-Za-z|!]{6,14})/ },
  // (码 may be lost altogether: 校验 alone in a boxed header's cell, the code below)
  // (and a stray mark before the code — ]A95F5, a 1 read as a bracket — is passed over: the code's box is
  // what counts, its re-read gives the glyph)
  { field: 'checkCode', label: /校验码|校验(?=\s|$)/, re: /校验码?[:：;；.,，\]\[|]{0,3}\s?(?:[\u4e00-\u9fff★☆]\s?){0,2}([0-9A-Za-z]{4,8})/ },
  { field: 'issueDate', label: /开票日期/, re: /开票日期[:：;；.,，]{0,3}\s?(?:[\u4e00-\u9fff★☆]\s?){0,2}([0-9OoIl|\]]{4}[-年./][0-9OoIl|\]]{1,2}[-月./][0-9OoIl|\]]{1,2}日?|[0-9]{8})/ },
  { field: 'totalAmount', label: /小写/, re: /小写[)）]?[:：]?\s?[¥￥Y羊]?\s?([0-9OoSlI]+(?:[,，][0-9]{3})*\.[0-9OoSlI]{2})(?![0-9])/ },
  { field: 'amountInWords', label: /大写/, re: /大写[)）]?[:：]?\s?([^\s（(¥￥]{2,30})/ },
  { field: 'payerName', label: /交款人(?!统一)/, re: /交款人(?!统一)[:：]\s?([\u4e00-\u9fff·]{2,10})/ },
  { field: 'payerId', label: /信用代码/, re: /信用代码[:：]?\s?([0-9A-Za-z]{15,20})/ },
  // (the bracket of （章） is read as 〈 or 《 as often as （)
  { field: 'hospitalName', label: /收款单位/, re: /收款单位[(（〈《<]?章?[)）〉》>]?[:：]?\s?([\u4e00-\u9fff（）()]{4,30}?)(?=复核|收款人|\s|$)/ },
  { field: 'title', label: /收费票据/, re: /((?:北京市)?医疗(?:门诊|住院)收费票据(?:[（(]电子[)）])?)/ },
  { field: 'serialNumber', label: /业务流水号/, re: /业务流水号[:：]?\s?([0-9]{6,30})/ },
  { field: 'patientNumber', label: /(门诊|住院)号/, re: /(?:门诊|住院)号[:：]?\s?([0-9A-Za-z]{4,20})/ },
  { field: 'insuranceType', label: /医保类型/, re: /医保类型[:：]?\s?([\u4e00-\u9fff]{2,16})/ },
  { field: 'fundPaid', label: /统筹基金支付/, re: /统筹基金支付[:：]?\s?([0-9,]*\d\.\d{2})(?![0-9])/ },
  { field: 'otherPaid', label: /其他支付/, re: /其他支付[:：]?\s?([0-9,]*\d\.\d{2})(?![0-9])/ },
  { field: 'accountPaid', label: /个人账户支付/, re: /个人账户支付[:：]?\s?([0-9,]*\d\.\d{2})(?![0-9])/ },
  { field: 'cashPaid', label: /个人现金支付/, re: /个人现金支付[:：]?\s?([0-9,]*\d\.\d{2})(?![0-9])/ },
  { field: 'selfPaid', label: /个人自付/, re: /个人自付[:：]?\s?([0-9,]*\d\.\d{2})(?![0-9])/ },
  { field: 'selfFunded', label: /个人自费/, re: /个人自费[:：]?\s?([0-9,]*\d\.\d{2})(?![0-9])/ },
];

const norm = (s: string) => normaliseText(s).replace(/\s+/g, '');

function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function groupLines(items: TextItem[]): Line[] {
  // an OCR engine reports lines and their words: read the words, grouped by their line
  const words = items.filter((i) => i.level !== 'line');
  const usable = (words.length ? words : items).filter((i) => norm(i.text));
  const medH = median(usable.map((i) => i.h)) || 10;
  const sorted = [...usable].sort((a, b) => a.y + a.h / 2 - (b.y + b.h / 2));
  // An item joins a line when it overlaps the line's first (anchor) item vertically by half
  // of the smaller height: a big title does not swallow the small header lines beside it.
  // Titles (much taller text) form their own lines even when they sit beside the header block.
  // measured against CJK text (digits are shorter than ideographs)
  const cjkH = median(usable.filter((i) => /[\u4e00-\u9fff]/.test(i.text)).map((i) => i.h)) || medH;
  const big = (i: TextItem) => i.h > cjkH * 1.45;
  const lines: Array<{ items: TextItem[]; cy: number; h: number; a: TextItem }> = [];
  if (usable.length && usable.every((i) => i.lineId != null)) {
    // OCR: trust the engine's lines (it follows baselines; its word boxes are too irregular
    // in height to regroup them).
    const byLine = new Map<string, TextItem[]>();
    for (const it of sorted) {
      const k = `${it.lineId}`;
      byLine.set(k, [...(byLine.get(k) ?? []), it]);
    }
    for (const its of byLine.values()) {
      const h = Math.max(...its.map((i) => i.h));
      lines.push({ items: its, cy: its.reduce((s, i) => s + i.y + i.h / 2, 0) / its.length, h, a: its[0] });
    }
    lines.sort((a, b) => a.cy - b.cy);
  }
  for (const it of lines.length ? [] : sorted) {
    const cy = it.y + it.h / 2;
    const line = lines.find((l) => {
      if ((l.a.page ?? 0) !== (it.page ?? 0) || big(l.a) !== big(it)) return false;
      const overlap = Math.min(l.a.y + l.a.h, it.y + it.h) - Math.max(l.a.y, it.y);
      return overlap >= 0.5 * Math.min(l.a.h, it.h) && Math.abs(l.a.y + l.a.h / 2 - cy) < 0.5 * Math.max(l.a.h, it.h);
    });
    if (line) {
      line.items.push(it);
      line.h = Math.max(line.h, it.h);
    } else lines.push({ items: [it], cy, h: it.h, a: it });
  }
  return lines.map((l) => {
    const its = l.items.sort((a, b) => a.x - b.x);
    let text = '';
    const owner: number[] = [];
    its.forEach((it, k) => {
      if (k > 0) {
        const prev = its[k - 1];
        const gap = it.x - (prev.x + prev.w);
        if (gap > Math.max(l.h, medH) * 1.6) {
          text += ' ';
          owner.push(-1);
        }
      }
      const t = norm(it.text);
      text += t;
      for (let c = 0; c < t.length; c++) owner.push(k);
    });
    return { items: its, text, owner, y: l.cy - l.h / 2, h: l.h };
  });
}

function unionBox(items: TextItem[]): Box | undefined {
  if (!items.length) return undefined;
  const x0 = Math.min(...items.map((i) => i.x)), y0 = Math.min(...items.map((i) => i.y));
  const x1 = Math.max(...items.map((i) => i.x + i.w)), y1 = Math.max(...items.map((i) => i.y + i.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0, ...(items[0].page != null ? { page: items[0].page } : {}) };
}

function candidateFrom(line: Line, start: number, end: number, value: string, source: FieldSource): Candidate {
  const owners = [...new Set(line.owner.slice(start, end).filter((o) => o >= 0))];
  const its = owners.map((o) => line.items[o]);
  const confs = its.map((i) => i.confidence).filter((c): c is number => typeof c === 'number');
  const c: Candidate = { value, source };
  if (confs.length) c.confidence = Math.min(...confs);
  else if (source !== 'ocr') c.confidence = 1;
  let box = unionBox(its);
  // one OCR word holding label and value ("代码:11050126"): narrow the box to the value's characters
  if (box && its.length === 1) {
    const t = norm(its[0].text);
    const first = line.owner.indexOf(owners[0]);
    const from = start - first, to = end - first;
    if (t.length > value.length && from >= 0 && to <= t.length) {
      const cw = box.w / t.length;
      box = { ...box, x: box.x + cw * from, w: cw * (to - from) };
    }
  }
  if (box) c.box = box;
  // per-character confidences of the value's own characters (an OCR word may also hold the label)
  if (its.length === 1 && its[0].charConfidences) {
    const t = norm(its[0].text);
    const first = line.owner.indexOf(owners[0]);
    const from = start - first, to = end - first;
    if (its[0].charConfidences.length === t.length && from >= 0 && to <= t.length && t.slice(from, to) === value) {
      c.charConfidences = its[0].charConfidences.slice(from, to);
      // never more confident than the whole word: a dropped or merged character shows there
      c.confidence = Math.min(c.confidence ?? 1, ...c.charConfidences);
    }
  }
  return c;
}

/**
 * `label` with the glyph at each of `at` read as another CJK glyph, followed by `after` (a pattern:
 * `\\s?` in the strings below is a space or none between the label, its colon and the value).
 */
const oneGlyphOff = (label: string, at: number[], after: string): Array<[RegExp, string]> =>
  at.map((i) => {
    const re = [...label].map((c, k) => (k === i ? `[\u4e00-\u9fff](?<!${c})` : c)).join('');
    return [new RegExp(`${re}(?=${after})`), label];
  });

/**
 * Labels of the five elements (and 收款单位) with one glyph misread (开豆日期, 票据号三, 校验色, （小号）, 收散单位: a photo's blur;
 * 校验王, 开票日其 alone in a boxed header's cell, the value below).
 * Each variant keeps all but one glyph of its label, the changed one a CJK glyph, followed by what
 * the label is followed by; variants that fit two labels (票据?码) are not listed. A page that has the
 * label itself, or the variant on more than one line, is left alone. Same length: boxes stay aligned.
 */

const LABEL_REPAIRS: Array<[RegExp, string]> = [
  ...([
    ['票据代码', [0, 1, 3]],
    ['票据号码', [0, 1, 3]],
    ['校验码', [0, 1, 2]],
    ['开票日期', [0, 1, 2, 3]],
  ] as const).flatMap(([label, at]) => [
    ...oneGlyphOff(label, [...at], '\\s?[:：;；]?\\s?[0-9A-Za-z]'),
    // (a boxed header: the label alone in its cell, the value on the line below — 校验王, 开票日其)
    ...oneGlyphOff(label, [...at], '\\s|$'),
  ]),
  [/(?<=[(（]\s?)小[\u4e00-\u9fff](?<!写)(?=\s?[)）])/, '小写'],
  // 收款单位 (收散单位) before its （章）
  ...oneGlyphOff('收款单位', [0, 1, 2, 3], '\\s?[(（〈《<]\\s?章'),
];

function repairLabels(lines: Line[]): void {
  const all = lines.map((l) => l.text.replace(/\s/g, '')).join('\n');
  for (const [re, label] of LABEL_REPAIRS) {
    if (all.includes(label)) continue;
    const hits = lines.filter((l) => re.test(l.text));
    if (hits.length !== 1) continue;
    hits[0].text = hits[0].text.replace(re, label);
  }
}

/**
 * `o.headerBand`: the items are a read of the header band alone (above the payer lines), so all of
 * them are in the header zone where values are taken by their shape.
 */
export function readFieldsFromTextItems(items: TextItem[], source: FieldSource, o: { headerBand?: boolean } = {}): LayoutResult {
  const lines = groupLines(items);
  repairLabels(lines);
  const candidates: Partial<Record<FieldKey, Candidate[]>> = {};
  const valueBoxes: Partial<Record<FieldKey, Box>> = {};
  const add = (f: FieldKey, c: Candidate) => {
    (candidates[f] ??= []).push(c);
    if (c.box && !valueBoxes[f]) valueBoxes[f] = c.box;
  };
  const labelBoxes: Partial<Record<FieldKey, Box>> = {};
  const seen = new Set<string>();
  for (const line of lines) for (const [re, name] of LABELS) if (re.test(line.text.replace(/\s/g, ''))) seen.add(name);

  lines.forEach((line, li) => {
    for (const p of PATTERNS) {
      const lab = p.label.exec(line.text);
      if (lab && !labelBoxes[p.field]) {
        const lb = candidateFrom(line, lab.index, lab.index + lab[0].length, lab[0], source).box;
        if (lb) labelBoxes[p.field] = lb;
      }
      const m = p.re.exec(line.text);
      if (m) {
        const start = m.index + m[0].length - m[1].length;
        add(p.field, candidateFrom(line, start, start + m[1].length, m[1], source));
        continue;
      }
      // label with nothing after it: the value sits just below (boxed headers)
      const lm = p.label.exec(line.text);
      if (!lm || p.field === 'title') continue;
      const after = line.text.slice(lm.index + lm[0].length).replace(/^[:：]/, '');
      if (after && !/^\s/.test(after) && after.length > 1 && !LABELS.some(([re]) => re.test(after.slice(0, 6)))) continue;
      const labelItems = [...new Set(line.owner.slice(lm.index, lm.index + lm[0].length))].filter((o) => o >= 0).map((o) => line.items[o]);
      const lb = unionBox(labelItems);
      if (!lb) continue;
      // the first line below (skipping stray marks such as a seal's star) with text under the label
      let below: Line | undefined;
      let under: TextItem[] = [];
      for (const cand of lines.slice(li + 1, li + 4)) {
        if (cand.y - (line.y + line.h) > line.h * 2.5) break;
        under = cand.items.filter((it) => it.x + it.w > lb.x - lb.h && it.x < lb.x + Math.max(lb.w * 2.2, lb.h * 8) && /[0-9A-Za-z\u4e00-\u9fff]/.test(it.text));
        if (under.length && p.re.test(lm[0] + under.map((it) => norm(it.text)).join(''))) {
          below = cand;
          break;
        }
      }
      if (!below || !under.length) continue;
      const sub: Line = { items: under, text: '', owner: [], y: below.y, h: below.h };
      under.forEach((it, k) => {
        // a wide gap (the next cell's value: 767bd2 | 2026年…) separates, as on a line
        if (k > 0 && it.x - (under[k - 1].x + under[k - 1].w) > below.h * 1.6) {
          sub.text += ' ';
          sub.owner.push(-1);
        }
        const t = norm(it.text);
        sub.text += t;
        for (let c = 0; c < t.length; c++) sub.owner.push(k);
      });
      const vm = p.re.exec(line.text.slice(lm.index, lm.index + lm[0].length) + sub.text);
      if (vm) {
        const offset = lm[0].length;
        const start = vm.index + vm[0].length - vm[1].length - offset;
        add(p.field, candidateFrom(sub, Math.max(0, start), Math.max(0, start) + vm[1].length, vm[1], source));
      }
    }
  });

  // kind from the 门诊号/住院号 label as well
  for (const line of lines) {
    const m = /(门诊|住院)号/.exec(line.text);
    if (m) add('kind', { ...candidateFrom(line, m.index, m.index + 3, m[1], source), value: m[1] });
  }
  // kind from the title
  for (const t of candidates.title ?? []) {
    const kind = /住院/.test(t.value) ? '住院' : /门诊/.test(t.value) ? '门诊' : null;
    if (kind) add('kind', { ...t, value: kind });
  }
  // Garbled labels (small red print, a seal over them): values with a distinctive shape in the
  // header zone are taken as weak candidates (confidence ≤ 0.6): never ok on their own, but they
  // confirm (or contradict) the QR code.
  const maxY = Math.max(...items.map((i) => i.y + i.h), 1);
  // the header zone ends where the payer/serial lines or the items table begin (a photo's desk
  // margin moves the receipt down the image); without them, the top 35 % of the image
  const below = lines.filter((l) => /交款人|业务流水号|项目名称/.test(l.text)).map((l) => l.y);
  const headerEnd = o.headerBand ? Infinity : below.length ? Math.min(...below) : maxY * 0.35;
  const SHAPES: Array<[FieldKey, RegExp]> = [
    ['billCode', /(?<![0-9A-Za-z])(11\d{6})(?![0-9A-Za-z])/g],
    ['billNumber', /(?<![0-9A-Za-z])(\d{10})(?![0-9A-Za-z])/g],
    ['checkCode', /(?<![0-9A-Za-z])((?=[0-9a-zA-Z]*[a-zA-Z])(?=[0-9a-zA-Z]*\d)[0-9a-zA-Z]{6})(?![0-9A-Za-z])/g],
    // a date keeps its shape when a digit is misread as a look-alike (01 → 0]): the canonical fix
    // keeps that reading under review, but its box lets the region re-read confirm the date
    // (its 日 may be misread as another glyph: 2024年02月01昌)
    ['issueDate', /(?<![0-9])(20\d{2}(?:-[0-9Il|\]]{2}-[0-9Il|\]]{2}|年[0-9Il|\]]{1,2}月(?:[0-9Il|\]]{1,2}日|[0-9Il|\]]{2})))(?![0-9])/g],
  ];
  for (const [field, re] of SHAPES) {
    if (candidates[field]) continue;
    const hits: Array<{ line: Line; start: number; v: string }> = [];
    for (const line of lines) {
      if (line.y >= headerEnd) continue;
      for (const m of line.text.matchAll(re)) hits.push({ line, start: m.index!, v: m[1] });
    }
    if (hits.length === 1) {
      const c = candidateFrom(hits[0].line, hits[0].start, hits[0].start + hits[0].v.length, hits[0].v, source);
      add(field, { ...c, confidence: Math.min(c.confidence ?? 0.6, 0.6), charConfidences: undefined });
    }
  }
  if (!candidates.totalAmount) {
    const hits: Array<{ line: Line; start: number; v: string }> = [];
    for (const line of lines) for (const m of line.text.matchAll(/[¥￥]\s?(\d[\d,]*\.\d{2})(?![0-9])/g)) hits.push({ line, start: m.index! + m[0].length - m[1].length, v: m[1] });
    if (hits.length === 1) {
      const c = candidateFrom(hits[0].line, hits[0].start, hits[0].start + hits[0].v.length, hits[0].v, source);
      add('totalAmount', { ...c, confidence: Math.min(c.confidence ?? 0.6, 0.6), charConfidences: undefined });
    }
  }
  // the amount line often also carries "金额合计" without "小写" (some layouts print ¥ right after)
  if (!candidates.totalAmount) {
    for (const line of lines) {
      const m = /金额合计[^¥￥]*[¥￥]\s?([0-9,]+\.\d{2})/.exec(line.text);
      if (m) {
        const start = m.index + m[0].length - m[1].length;
        add('totalAmount', candidateFrom(line, start, start + m[1].length, m[1], source));
      }
    }
  }
  return { candidates, valueBoxes, labelBoxes, labelHits: seen.size, lines: lines.map((l) => l.text) };
}
