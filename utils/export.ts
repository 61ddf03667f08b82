/** Exports of a declaration's receipts for the clerk's records (CSV with BOM for Excel, XLSX) and the paper checklist. */
import type { ReceiptRecord } from './db/db';

export const EXPORT_COLUMNS: Array<[string, string]> = [
  ['hospitalName', '医疗机构'], ['kind', '门诊/住院'], ['billCode', '票据代码'], ['billNumber', '票据号码'], ['checkCode', '校验码'],
  ['issueDate', '开票日期'], ['totalAmount', '金额（元）'], ['payerName', '交款人'], ['status', '状态'], ['fileName', '文件'],
];

export function exportRows(receipts: ReceiptRecord[]): string[][] {
  return receipts.map((r) =>
    EXPORT_COLUMNS.map(([k]) => {
      if (k === 'fileName') return r.fileName;
      if (k === 'status') return r.status;
      const v = (r.fields as any)[k]?.value ?? '';
      return k === 'kind' ? (v === 'inpatient' ? '住院' : v === 'outpatient' ? '门诊' : v) : v;
    }),
  );
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/"/g, '""').replace(/^([=+\-@])/, "'$1")}"` : s);

export function toCsv(receipts: ReceiptRecord[]): string {
  const lines = [EXPORT_COLUMNS.map(([, h]) => h), ...exportRows(receipts)].map((row) => row.map(csvCell).join(','));
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

export async function toXlsx(receipts: ReceiptRecord[]): Promise<Blob> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('票据明细');
  ws.addRow(EXPORT_COLUMNS.map(([, h]) => h)).font = { bold: true };
  // codes are text: keep leading zeros
  for (const row of exportRows(receipts)) ws.addRow(row);
  ws.columns.forEach((c) => (c.width = 16));
  const buf = await wb.xlsx.writeBuffer();
  return new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

/** Paper materials a declaration needs (domain rules). */
export function checklist(kind: 'outpatient' | 'inpatient' | 'unknown'): string[] {
  const base = ['医疗收费票据原件（电子票据需加盖医院收费章）', '费用明细单', '诊断证明'];
  if (kind === 'inpatient') return [...base, '住院结算明细单', '《北京市医疗保险费用全额结账证明》（如需）'];
  return [...base, '处方底方（门诊、急诊）'];
}
export const CONDITIONAL_MATERIALS = ['外埠就医：转诊单', '意外伤害：事故证明或个人承诺书', '新生儿：出生医学证明复印件', '药店购药：药店票据及外购药特殊处方'];
