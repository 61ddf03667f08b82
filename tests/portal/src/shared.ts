import { createApp, type Component } from 'vue';
import ElementPlus from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import 'element-plus/dist/index.css';
import './portal.css';

export function mount(component: Component) {
  const app = createApp(component);
  app.use(ElementPlus, { locale: zhCn });
  app.mount('#app');
  return app;
}

export { HOSPITALS } from './shared-data';

export interface BillRow {
  hospital: string;
  kind: string; // 门诊 | 住院
  billCode: string;
  billNumber: string;
  checkCode: string;
  issueDate: string; // YYYY-MM-DD
  amount: number | null;
}

export interface Applicant {
  name: string;
  idNumber: string;
  insuredType: string; // 职工 | 居民
  phone: string;
  reason: string;
}

export const REASONS = ['急诊未持卡', '计划生育手术', '补换卡期间', '新参保未制卡', '单位欠费', '外埠就医', '其他'];

export function emptyRow(): BillRow {
  return { hospital: '', kind: '', billCode: '', billNumber: '', checkCode: '', issueDate: '', amount: null };
}

/** Today as YYYY-MM-DD in local time. */
export function today(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/**
 * The checks a real portal makes on one field of one row; '' when fine. Used by the el-form rules
 * of the table (messages shown under the cell) and by validateRows (the server-side view).
 */
export function rowFieldError(rows: BillRow[], i: number, key: keyof BillRow): string {
  const r = rows[i];
  const v = r[key];
  switch (key) {
    case 'hospital':
      if (!v) return '请选择医疗机构';
      if (i > 0 && rows[0].hospital && v !== rows[0].hospital) return '不同医疗机构的票据请分别申报';
      return '';
    case 'kind':
      return v ? '' : '请选择就诊类别';
    case 'billCode':
      if (!v) return '请输入票据代码';
      return /^\d{8}$/.test(String(v)) ? '' : '票据代码应为 8 位数字';
    case 'billNumber': {
      if (!v) return '请输入票据号码';
      if (!/^\d{10}$/.test(String(v))) return '票据号码应为 10 位数字';
      const dup = rows.findIndex((o, j) => j !== i && o.billNumber === v && o.billCode === r.billCode);
      return dup >= 0 && dup < i ? `与第 ${dup + 1} 行票据重复` : '';
    }
    case 'checkCode':
      if (!v) return '请输入校验码';
      return /^[0-9A-Za-z]{6}$/.test(String(v)) ? '' : '校验码应为 6 位字母或数字';
    case 'issueDate':
      if (!v) return '请选择开票日期';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(String(v))) return '开票日期格式应为 YYYY-MM-DD';
      return String(v) > today() ? '开票日期不能晚于今天' : '';
    case 'amount':
      if (v === null || v === undefined || (v as unknown) === '') return '请输入金额';
      return typeof v === 'number' && v > 0 ? '' : '金额应大于 0';
  }
  return '';
}

export const ROW_KEYS: (keyof BillRow)[] = ['hospital', 'kind', 'billCode', 'billNumber', 'checkCode', 'issueDate', 'amount'];

/** Every row problem as "第 N 行：message" (plus the batch-level ones). */
export function validateRows(rows: BillRow[]): string[] {
  if (rows.length === 0) return ['请至少填写一张票据'];
  const errors: string[] = [];
  rows.forEach((_, i) => {
    for (const k of ROW_KEYS) {
      const e = rowFieldError(rows, i, k);
      if (e) errors.push(`第 ${i + 1} 行：${e}`);
    }
  });
  return errors;
}

export const money = (n: number) => n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
