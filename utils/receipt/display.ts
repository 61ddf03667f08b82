/** How canonical values are shown to the clerk (side panel, exports). Pure; no browser APIs. */
import type { FieldKey, FieldStatus, FieldSource } from './types';
import { toCents } from './amount';
import { DATE_FIELDS, MONEY_FIELDS } from './labels';

/** "1285.60" → "¥1,285.60"; anything else is returned unchanged. */
export function formatAmountDisplay(amount: string, withSymbol = true): string {
  const cents = toCents(amount);
  if (cents == null) return amount;
  const yuan = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${withSymbol ? '¥' : ''}${yuan}.${(cents % 100n).toString().padStart(2, '0')}`;
}

/** "2024-05-12" → "2024年05月12日"; anything else unchanged. */
export function formatDateDisplay(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[1]}年${m[2]}月${m[3]}日` : date;
}

export const KIND_LABELS: Record<string, string> = { outpatient: '门诊', inpatient: '住院' };
export const STATUS_LABELS: Record<FieldStatus, string> = { ok: '已核对', review: '待核对', missing: '未识别' };
export const SOURCE_LABELS: Record<FieldSource, string> = { clerk: '经办人录入', 'ofd-xml': 'OFD 文件', 'pdf-text': 'PDF 文字', qr: '二维码', ocr: '图像识别' };

/** Group a long digit string for reading aloud / comparing: "0012345678" → "0012 3456 78". */
export function groupDigits(s: string, size = 4): string {
  return /^\d+$/.test(s) ? s.replace(new RegExp(`(\\d{${size}})(?=\\d)`, 'g'), '$1 ') : s;
}

/** One field value as the clerk reads it on screen (never used for filling a form). */
export function formatDisplay(field: FieldKey, value: string | null | undefined): string {
  if (value == null || value === '') return '';
  if ((MONEY_FIELDS as readonly string[]).includes(field)) return formatAmountDisplay(value);
  if ((DATE_FIELDS as readonly string[]).includes(field)) return formatDateDisplay(value);
  if (field === 'kind') return KIND_LABELS[value] ?? value;
  return value;
}
