import type { FieldKey } from './types';

/** Chinese field names as printed on the receipt / used by clerks. */
export const FIELD_LABELS: Record<FieldKey, string> = {
  billCode: '票据代码',
  billNumber: '票据号码',
  checkCode: '校验码',
  issueDate: '开票日期',
  totalAmount: '金额合计（小写）',
  kind: '门诊/住院',
  payerName: '交款人',
  payerId: '交款人统一社会信用代码',
  hospitalName: '收款单位（医疗机构）',
  hospitalCode: '医疗机构编码',
  amountInWords: '金额合计（大写）',
  visitDate: '就诊日期',
  stayStart: '住院开始日期',
  stayEnd: '住院结束日期',
  serialNumber: '业务流水号',
  patientNumber: '门诊号/住院号',
  insuranceType: '医保类型',
  fundPaid: '医保统筹基金支付',
  otherPaid: '其他支付',
  accountPaid: '个人账户支付',
  cashPaid: '个人现金支付',
  selfPaid: '个人自付',
  selfFunded: '个人自费',
  title: '票据名称',
};

export const FIELD_LABELS_EN: Record<FieldKey, string> = {
  billCode: 'bill code', billNumber: 'bill number', checkCode: 'check code', issueDate: 'issue date',
  totalAmount: 'total amount', kind: 'outpatient/inpatient', payerName: 'payer', payerId: 'payer ID',
  hospitalName: 'hospital', hospitalCode: 'hospital code', amountInWords: 'amount in words', visitDate: 'visit date',
  stayStart: 'stay start', stayEnd: 'stay end', serialNumber: 'serial number', patientNumber: 'patient number',
  insuranceType: 'insurance type', fundPaid: 'pooled fund paid', otherPaid: 'other paid', accountPaid: 'personal account paid',
  cashPaid: 'personal cash paid', selfPaid: 'self-paid (co-pay)', selfFunded: 'self-funded', title: 'title',
};

export const MONEY_FIELDS = ['totalAmount', 'fundPaid', 'otherPaid', 'accountPaid', 'cashPaid', 'selfPaid', 'selfFunded'] as const;
export const DATE_FIELDS = ['issueDate', 'visitDate', 'stayStart', 'stayEnd'] as const;
