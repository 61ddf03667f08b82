// @ts-nocheck -- test page built by Vite; antd generics add nothing here
/** A React + Ant Design declaration table (a second real widget library for the fill strategies). */
import { createElement as h, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Button, ConfigProvider, DatePicker, Input, InputNumber, Select, Table } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import type { Dayjs } from 'dayjs';
import { HOSPITALS } from './shared-data';

interface Row { key: number; hospital?: string; kind?: string; billCode: string; billNumber: string; checkCode: string; issueDate: Dayjs | null; amount: number | null }
const empty = (key: number): Row => ({ key, billCode: '', billNumber: '', checkCode: '', issueDate: null, amount: null });

function App() {
  const [rows, setRows] = useState<Row[]>([empty(1)]);
  const set = (key: number, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  (window as any).__rows = () => rows.map((r) => ({ hospital: r.hospital ?? '', kind: r.kind ?? '', billCode: r.billCode, billNumber: r.billNumber, checkCode: r.checkCode, issueDate: r.issueDate ? r.issueDate.format('YYYY-MM-DD') : '', amount: r.amount }));
  const columns = [
    { title: '医疗机构', key: 'h', width: 220, render: (_: unknown, r: Row) => h(Select, { showSearch: true, placeholder: '请选择', style: { width: '100%' }, value: r.hospital, onChange: (v: unknown) => set(r.key, { hospital: String(v) }), options: HOSPITALS.map((x) => ({ label: x, value: x })) }) },
    { title: '就诊类别', key: 'k', width: 110, render: (_: unknown, r: Row) => h(Select, { placeholder: '请选择', style: { width: '100%' }, value: r.kind, onChange: (v: unknown) => set(r.key, { kind: String(v) }), options: [{ label: '门诊', value: '门诊' }, { label: '住院', value: '住院' }] }) },
    { title: '票据代码', key: 'c', render: (_: unknown, r: Row) => h(Input, { value: r.billCode, maxLength: 8, onChange: (e: any) => set(r.key, { billCode: e.target.value }) }) },
    { title: '票据号码', key: 'n', render: (_: unknown, r: Row) => h(Input, { value: r.billNumber, maxLength: 10, onChange: (e: any) => set(r.key, { billNumber: e.target.value }) }) },
    { title: '校验码', key: 'x', render: (_: unknown, r: Row) => h(Input, { value: r.checkCode, maxLength: 6, onChange: (e: any) => set(r.key, { checkCode: e.target.value }) }) },
    { title: '开票日期', key: 'd', width: 150, render: (_: unknown, r: Row) => h(DatePicker, { value: r.issueDate, format: 'YYYY-MM-DD', onChange: (d: unknown) => set(r.key, { issueDate: (d as Dayjs | null) ?? null }) }) },
    { title: '金额（元）', key: 'a', width: 130, render: (_: unknown, r: Row) => h(InputNumber, { value: r.amount, precision: 2, min: 0, style: { width: '100%' }, onChange: (v: unknown) => set(r.key, { amount: v == null ? null : Number(v) }) }) },
    { title: '操作', key: 'o', width: 70, render: (_: unknown, r: Row) => h(Button, { type: 'link', danger: true, onClick: () => setRows((rs) => rs.filter((x) => x.key !== r.key)) }, '删除') },
  ];
  return h(ConfigProvider, { locale: zhCN },
    h('div', { style: { padding: 16 } },
      h('h2', null, '医疗费用报销 · 票据明细（Ant Design）'),
      h(Table, { dataSource: rows, columns, pagination: false, size: 'small', bordered: true }),
      h('div', { style: { marginTop: 12, display: 'flex', gap: 8 } },
        h(Button, { onClick: () => setRows((rs) => [...rs, empty(Math.max(0, ...rs.map((r) => r.key)) + 1)]) }, '添加票据'),
        h(Button, { type: 'primary', onClick: () => ((window as any).__submitted = ((window as any).__submitted ?? 0) + 1) }, '提交'))));
}
createRoot(document.getElementById('app')!).render(h(App));
