/** QR payloads → candidates. The payload is not standardised: recognised by key names or by shape. */
import type { Candidate, FieldKey } from '../receipt/types';

const KEYS: Array<[RegExp, FieldKey]> = [
  [/^(code|billcode|bill_code|pjdm|einvoicecode|invoicecode|dm)$/i, 'billCode'],
  [/^(number|no|billno|billnumber|bill_no|pjhm|einvoicenumber|invoicenumber|hm)$/i, 'billNumber'],
  [/^(check|checkcode|jym|random|randomnumber|verify|yzm)$/i, 'checkCode'],
  [/^(amount|money|je|total|totalamount|amt)$/i, 'totalAmount'],
  [/^(date|kprq|issuedate|billdate|rq)$/i, 'issueDate'],
];

export function parseQrPayload(payload: string): Partial<Record<FieldKey, Candidate[]>> {
  const out: Partial<Record<FieldKey, Candidate[]>> = {};
  const add = (f: FieldKey, value: string) => (out[f] ??= []).push({ value, source: 'qr', confidence: 1 });
  const text = payload.trim();
  // URL with parameters
  const q = text.indexOf('?');
  if (/^https?:\/\//i.test(text) || (q >= 0 && text.includes('='))) {
    try {
      const params = new URLSearchParams(text.slice(q + 1));
      for (const [k, v] of params) {
        const hit = KEYS.find(([re]) => re.test(k));
        if (hit && v) add(hit[1], v);
      }
      return out;
    } catch {
      return out;
    }
  }
  // delimited list: recognise fields by shape, only when each shape occurs once
  const parts = text.split(/[,，|;；\s]+/).filter(Boolean);
  if (parts.length < 3) return out;
  const one = (re: RegExp) => {
    const hits = parts.filter((p) => re.test(p));
    return hits.length === 1 ? hits[0] : null;
  };
  const code = one(/^11\d{6}$/);
  const number = one(/^\d{10}$/);
  const amount = one(/^\d+\.\d{2}$/);
  const date = one(/^20\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$|^20\d{2}-\d{2}-\d{2}$/);
  const check = one(/^(?=.*[a-zA-Z])[0-9a-zA-Z]{6}$/) ?? (parts.filter((p) => /^[0-9a-zA-Z]{6}$/.test(p)).length === 1 ? parts.find((p) => /^[0-9a-zA-Z]{6}$/.test(p))! : null);
  if (code) add('billCode', code);
  if (number) add('billNumber', number);
  if (amount) add('totalAmount', amount);
  if (date) add('issueDate', date);
  if (check) add('checkCode', check);
  return out;
}

/** Decode QR codes from an encoded image file (PNG/JPEG/…) with zxing-wasm. */
export async function decodeQr(bytes: Uint8Array, zxing: ZXingLike): Promise<string[]> {
  return (await decodeQrSymbols(bytes, zxing)).map((s) => s.text);
}

type ZXingLike = { readBarcodes: (b: Uint8Array, o: object) => Promise<Array<{ text: string; isValid?: boolean; orientation?: number }>> };

/**
 * The QR codes of an image with the angle each is printed at (degrees clockwise, zxing's
 * `orientation`): a receipt's QR code is printed upright, so it tells how the photo is turned.
 */
export async function decodeQrSymbols(bytes: Uint8Array, zxing: ZXingLike): Promise<Array<{ text: string; orientation?: number }>> {
  try {
    const res = await zxing.readBarcodes(bytes, { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 2 });
    return res.filter((r) => r.isValid !== false && r.text).map((r) => ({ text: r.text, ...(Number.isFinite(r.orientation) ? { orientation: r.orientation } : {}) }));
  } catch {
    return [];
  }
}

/** Quarter turns clockwise that make a page upright whose QR code is printed at `orientation` degrees. */
export function uprightTurns(orientation: number): number {
  return (((-Math.round(orientation / 90)) % 4) + 4) % 4;
}
