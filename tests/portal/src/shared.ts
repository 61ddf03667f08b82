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

export function emptyRow(): BillRow {
  return { hospital: '', kind: '', billCode: '', billNumber: '', checkCode: '', issueDate: '', amount: null };
}

/** Row rules a real portal checks on save; returns Chinese messages. */
export function validateRows(rows: BillRow[]): string[] {
  const errors: string[] = [];
  if (rows.length === 0) errors.push('请至少填写一张票据');
  rows.forEach((r, i) => {
    const n = `第 ${i + 1} 行`;
    if (!r.hospital) errors.push(`${n}：请选择医疗机构`);
    if (!r.kind) errors.push(`${n}：请选择就诊类别`);
    if (!/^\d{8}$/.test(r.billCode)) errors.push(`${n}：票据代码应为 8 位数字`);
    if (!/^\d{10}$/.test(r.billNumber)) errors.push(`${n}：票据号码应为 10 位数字`);
    if (!/^[0-9A-Za-z]{6}$/.test(r.checkCode)) errors.push(`${n}：校验码应为 6 位字母或数字`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(r.issueDate)) errors.push(`${n}：请选择开票日期`);
    if (!(typeof r.amount === 'number' && r.amount > 0)) errors.push(`${n}：金额应大于 0`);
  });
  const first = rows[0]?.hospital;
  if (first && rows.some((r) => r.hospital && r.hospital !== first)) errors.push('不同医疗机构的票据请分别申报');
  return errors;
}
