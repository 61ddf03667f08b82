/** OFD (zip + XML): text objects of the page and its template page → TextItems (mm × 10). */
import { unzipSync, strFromU8 } from 'fflate';
import { XMLParser } from 'fast-xml-parser';
import type { TextItem } from '../ocr/types';
import { ExtractError } from './pdf';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, textNodeName: '#text', parseTagValue: false, trimValues: false });
const arr = <T>(x: T | T[] | undefined): T[] => (x == null ? [] : Array.isArray(x) ? x : [x]);
const S = 10; // mm → "pixels"

function resolvePath(base: string, rel: string): string {
  const r = rel.replace(/^\//, '');
  if (rel.startsWith('/')) return r;
  const parts = base.split('/').slice(0, -1).concat(r.split('/'));
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p && p !== '.') out.push(p);
  }
  return out.join('/');
}

function textObjects(node: any, found: any[] = []): any[] {
  if (!node || typeof node !== 'object') return found;
  for (const [k, v] of Object.entries(node)) {
    if (k === 'TextObject') found.push(...arr(v as any));
    else if (typeof v === 'object') for (const x of arr(v as any)) textObjects(x, found);
  }
  return found;
}

/** Sum of a DeltaX list ("g 7 2.88" = 7 gaps of 2.88, or plain numbers). */
function deltaWidth(d: string | undefined, chars: number, size: number): number {
  if (!d) return chars * size;
  const t = d.trim().split(/\s+/);
  let sum = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === 'g') {
      sum += Number(t[i + 1]) * Number(t[i + 2]);
      i += 2;
    } else sum += Number(t[i]) || 0;
  }
  return sum + size; // the last glyph's own width
}

function itemsOf(xml: string, page: number): TextItem[] {
  const doc = parser.parse(xml);
  const out: TextItem[] = [];
  for (const to of textObjects(doc)) {
    const [x, y, w, h] = String(to['@Boundary'] ?? '0 0 0 0').trim().split(/\s+/).map(Number);
    const codes = arr(to.TextCode).map((tc: any) => (typeof tc === 'string' ? { '#text': tc } : tc));
    const size = Number(to['@Size']) || h || 3;
    if (codes.length > 1 && codes.every((c: any) => c['@X'] != null && c['@Y'] != null)) {
      // several runs in one object: each at its own X/Y (relative to the boundary)
      for (const c of codes) {
        const text = String(c['#text'] ?? '');
        if (!text.trim()) continue;
        const cx = x + Number(c['@X']), base = y + Number(c['@Y']);
        const cw = deltaWidth(c['@DeltaX'], text.length - 1, size);
        out.push({ text, x: cx * S, y: (base - size * 0.88) * S, w: Math.max(cw, 1) * S, h: Math.max(size * 1.1, 1) * S, page, confidence: 1 });
      }
      continue;
    }
    const text = codes.map((c: any) => String(c['#text'] ?? '')).join('');
    if (!text.trim()) continue;
    out.push({ text, x: x * S, y: y * S, w: Math.max(w, 1) * S, h: Math.max(h, 1) * S, page, confidence: 1 });
  }
  return out;
}

export function readOfdText(bytes: Uint8Array): { items: TextItem[]; pages: number; embedded: Record<string, string> } {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch {
    throw new ExtractError('ofd.corrupt', 'OFD 文件已损坏，无法解压');
  }
  const get = (p: string) => {
    const key = Object.keys(files).find((k) => k.replace(/^\//, '').toLowerCase() === p.toLowerCase());
    return key ? strFromU8(files[key]) : null;
  };
  const root = get('OFD.xml');
  if (!root) throw new ExtractError('ofd.invalid', '不是有效的 OFD 文件（缺少 OFD.xml）');
  const ofd = parser.parse(root);
  const docRoot = String(arr(ofd?.OFD?.DocBody)[0]?.DocRoot ?? '').trim();
  const docXml = docRoot && get(docRoot);
  if (!docXml) throw new ExtractError('ofd.invalid', '不是有效的 OFD 文件（找不到文档）');
  const doc = parser.parse(docXml).Document ?? {};
  const templates = new Map<string, string>();
  for (const t of arr(doc.CommonData?.TemplatePage)) templates.set(String(t['@ID']), resolvePath(docRoot, String(t['@BaseLoc'])));
  const items: TextItem[] = [];
  const pages = arr(doc.Pages?.Page);
  pages.slice(0, 3).forEach((p: any, i: number) => {
    const path = resolvePath(docRoot, String(p['@BaseLoc']));
    const xml = get(path);
    if (!xml) return;
    items.push(...itemsOf(xml, i));
    const pageDoc = parser.parse(xml).Page ?? {};
    for (const t of arr(pageDoc.Template)) {
      const tp = templates.get(String(t['@TemplateID']));
      const txml = tp && get(tp);
      if (txml) items.push(...itemsOf(txml, i));
    }
  });
  // Some issuers embed the invoice data as custom XML (tags named like the fields).
  const embedded: Record<string, string> = {};
  for (const [name, data] of Object.entries(files)) {
    if (!/\.xml$/i.test(name) || /Content\.xml$|Document\.xml$|OFD\.xml$|PublicRes|DocumentRes|Signature/i.test(name)) continue;
    const xml = strFromU8(data);
    for (const [tag, key] of [['BillCode|EInvoiceCode|PJDM', 'billCode'], ['BillNumber|EInvoiceNumber|PJHM', 'billNumber'], ['CheckCode|RandomNumber|JYM', 'checkCode'], ['IssueDate|KPRQ', 'issueDate'], ['TotalAmount|TotalAmt|JE', 'totalAmount']] as const) {
      const m = new RegExp(`<(?:\\w+:)?(?:${tag})>([^<]+)<`, 'i').exec(xml);
      if (m) embedded[key] = m[1].trim();
    }
  }
  return { items, pages: pages.length, embedded };
}
