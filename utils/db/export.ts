/** Exports of a declaration's receipts for the clerk's records (CSV with BOM for Excel, XLSX) and the paper checklist. */
import type { ReceiptRecord } from './db';
import { receiptState } from './summary';

type Row = Pick<ReceiptRecord, 'fileName' | 'status' | 'fields' | 'corrections'>;
const STATE_ZH = { queued: '排队中', processing: '识别中', error: '无法识别', review: '待复核', ok: '已核对', filled: '已填写' } as const;
const kindZh = (v: string) => (v === 'inpatient' ? '住院' : v === 'outpatient' ? '门诊' : v);

export const EXPORT_COLUMNS: Array<[key: string, header: string]> = [
  ['#', '序号'],
  ['hospitalName', '医疗机构'],
  ['kind', '门诊/住院'],
  ['billCode', '票据代码'],
  ['billNumber', '票据号码'],
  ['checkCode', '校验码'],
  ['issueDate', '开票日期'],
  ['totalAmount', '金额（元）'],
  ['amountInWords', '金额大写'],
  ['payerName', '交款人'],
  ['visitDate', '就诊日期'],
  ['state', '状态'],
  ['corrections', '人工更正'],
  ['fileName', '文件'],
];

/** One row of text per receipt, in EXPORT_COLUMNS order (codes stay text: leading zeros kept). */
export function exportRows(receipts: Row[]): string[][] {
  return receipts.map((r, i) =>
    EXPORT_COLUMNS.map(([k]) => {
      if (k === '#') return String(i + 1);
      if (k === 'fileName') return r.fileName;
      if (k === 'state') return STATE_ZH[receiptState(r)];
      if (k === 'corrections') return r.corrections?.length ? r.corrections.map((c) => c.field).filter((f, j, a) => a.indexOf(f) === j).length + ' 项' : '';
      const v = (r.fields as Record<string, { value: string | null } | undefined>)[k]?.value ?? '';
      return k === 'kind' ? kindZh(v) : v;
    }),
  );
}

/** Neutralises spreadsheet formulas (=, +, -, @ at the start) and quotes where CSV needs it. */
const csvCell = (s: string) => {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r']/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function toCsv(receipts: Row[]): string {
  const lines = [EXPORT_COLUMNS.map(([, h]) => h), ...exportRows(receipts)].map((row) => row.map(csvCell).join(','));
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

export async function toXlsxBuffer(receipts: Row[]): Promise<ArrayBuffer> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('票据明细');
  ws.addRow(EXPORT_COLUMNS.map(([, h]) => h)).font = { bold: true };
  const amountCol = EXPORT_COLUMNS.findIndex(([k]) => k === 'totalAmount');
  for (const row of exportRows(receipts)) {
    // the amount as a number (Excel sums it); codes and numbers with leading zeros stay text
    const cells: Array<string | number> = row.map((v, i) => (i === amountCol && /^\d+(\.\d{1,2})?$/.test(v) ? Number(v) : /^[=+\-@]/.test(v) ? `'${v}` : v));
    ws.addRow(cells);
  }
  ws.getColumn(amountCol + 1).numFmt = '0.00';
  const total = ws.addRow([]);
  total.getCell(amountCol).value = '合计';
  total.getCell(amountCol + 1).value = { formula: `SUM(${ws.getColumn(amountCol + 1).letter}2:${ws.getColumn(amountCol + 1).letter}${receipts.length + 1})`, result: receipts.reduce((s, r) => s + (Number(r.fields.totalAmount?.value) || 0), 0) } as any;
  total.font = { bold: true };
  ws.columns.forEach((c, i) => (c.width = [6, 22, 8, 11, 13, 9, 12, 11, 22, 10, 12, 8, 9, 24][i] ?? 14));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return (await wb.xlsx.writeBuffer()) as ArrayBuffer;
}

export async function toXlsx(receipts: Row[]): Promise<Blob> {
  return new Blob([await toXlsxBuffer(receipts)], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

/** Paper materials a declaration needs (domain rules). */
export function checklist(kind: 'outpatient' | 'inpatient' | 'unknown'): string[] {
  const base = ['医疗收费票据原件（电子票据需加盖医院收费章）', '费用明细单', '诊断证明'];
  if (kind === 'inpatient') return [...base, '住院结算明细单'];
  if (kind === 'outpatient') return [...base, '处方底方（门诊、急诊）'];
  return [...base, '处方底方（门诊、急诊）', '住院结算明细单（住院）'];
}
export const CONDITIONAL_MATERIALS = ['外埠就医：转诊单', '意外伤害：事故证明或个人承诺书', '新生儿：出生医学证明复印件', '药店购药：药店票据及外购药特殊处方'];
