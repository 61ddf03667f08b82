/**
 * The catalogue of reason codes. Every message is Simplified Chinese, names the field and says the fix.
 */
import type { FieldKey, Reason } from './types';
import { FIELD_LABELS, FIELD_LABELS_EN } from './labels';

type Severity = Reason['severity'];
type Vars = Record<string, string | number>;

interface Entry {
  severity: Severity;
  zh: string;
  en: string;
}

export const REASONS = {
  'field.missing': { severity: 'error', zh: '未识别到{label}：请对照原票据录入。', en: 'No {labelEn} found: type it from the original receipt.' },
  'format.billCode': { severity: 'error', zh: '票据代码应为 8 位数字，{got}：请对照原票据核对。', en: 'Bill code must be 8 digits, got "{value}".' },
  'format.billNumber': { severity: 'error', zh: '票据号码应为 10 位数字（含前导 0），{got}：请对照原票据核对。', en: 'Bill number must be 10 digits (with leading zeros), got "{value}".' },
  'format.checkCode': { severity: 'error', zh: '校验码应为 6 位字母或数字，{got}：请对照原票据核对。', en: 'Check code must be 6 letters/digits, got "{value}".' },
  'format.date': { severity: 'error', zh: '{label}“{value}”不是有效日期：请按 年-月-日 核对。', en: '{labelEn} "{value}" is not a valid date.' },
  'format.amount': { severity: 'error', zh: '{label}“{value}”不是有效金额（应为正数，最多两位小数）：请核对。', en: '{labelEn} "{value}" is not a valid amount.' },
  'format.hospitalCode': { severity: 'warning', zh: '医疗机构编码应为 H 加 10 位数字，当前为“{value}”：请核对。', en: 'Hospital code must be H + 10 digits, got "{value}".' },
  'format.payerId': { severity: 'warning', zh: '交款人统一社会信用代码/证件号“{value}”位数不对：请核对。', en: 'Payer ID "{value}" has the wrong length.' },
  'format.kind': { severity: 'error', zh: '无法判断是门诊还是住院票据（“{value}”）：请选择。', en: 'Cannot tell outpatient from inpatient ("{value}").' },
  'format.amountInWords': { severity: 'warning', zh: '金额合计（大写）“{value}”无法辨认：请对照原票据核对大写金额。', en: 'Amount in words "{value}" is unreadable.' },
  'canon.charFix': { severity: 'warning', zh: '{label}中“{from}”被当作“{to}”读取（易混字符）：请对照原票据确认。', en: '{labelEn}: read "{from}" as "{to}" (look-alike characters); confirm.' },
  'canon.ocrLowConfidence': { severity: 'warning', zh: '{label}识别把握不足（{conf}%）：请对照图片核对{chars}。', en: '{labelEn} read with low confidence ({conf}%); check it.' },
  'merge.disagree': { severity: 'error', zh: '{label}来源不一致：{values}。请对照原票据选择正确的值。', en: '{labelEn}: sources disagree: {values}.' },
  'ocr.lookalike': { severity: 'warning', zh: '{label}“{value}”含易混字符（如 l/1、O/0、S/5），只由图像识别读出：请对照原票据逐字确认。', en: '{labelEn} "{value}" has look-alike characters and was read by OCR only.' },
  'ocr.nameOnly': { severity: 'warning', zh: '{label}只由图像识别读出，漏字或错字无法自动发现：请对照原票据确认。', en: '{labelEn} was read by OCR only; a missing or wrong character cannot be detected automatically.' },
  'merge.qrOnly': { severity: 'warning', zh: '{label}只从二维码读出，未能与票面文字核对：请对照原票据确认。', en: '{labelEn} came from the QR code only; confirm it against the printed receipt.' },
  'merge.agree': { severity: 'info', zh: '{label}由 {sources} 一致读出。', en: '{labelEn} agreed by {sources}.' },
  'cross.codeYear': { severity: 'warning', zh: '票据代码第 7–8 位为“{codeYear}”，与开票年份 {year} 不符：请核对票据代码和开票日期。', en: 'Bill code digits 7–8 "{codeYear}" do not match the issue year {year}.' },
  'format.value': { severity: 'error', zh: '{label}“{value}”格式不对：请对照原票据核对。', en: '{labelEn} "{value}" is malformed.' },
  'cross.codeYearUnverified': { severity: 'warning', zh: '开票日期未读出，无法用票据代码第 7–8 位（年份）核对票据代码：请对照原票据确认。', en: 'The issue date is missing, so the bill code year cannot be checked.' },
  'cross.words': { severity: 'error', zh: '大写金额“{words}”（{wordsValue} 元）与小写金额 {amount} 元不一致：请对照原票据核对金额。', en: 'Amount in words ({wordsValue}) differs from the amount {amount}.' },
  'cross.wordsContradict': { severity: 'error', zh: '大写金额读作“{words}”，与小写金额 {amount} 元应有的“{expected}”逐字对不上：请对照原票据核对金额。', en: 'The amount in words as read ({words}) does not match {amount} ({expected}) character by character.' },
  'cross.wordsUnverified': { severity: 'warning', zh: '大写金额{words}，未能逐字核对与小写金额 {amount} 元（“{expected}”）一致：请看一眼原票据的大写金额。', en: 'The amount in words ({words}) could not be checked against {amount} character by character; look at it on the receipt.' },
  'cross.wordsVerified': { severity: 'info', zh: '大写金额经识别结果逐字核对（{n} 次识别，已知易混字按原字计），与小写金额一致。', en: 'Amount in words checked character by character ({n} readings, known look-alikes counted): matches the amount.' },
  'cross.wordsAgree': { severity: 'info', zh: '大写金额与小写金额一致。', en: 'Amount in words matches the amount.' },
  'cross.amountUnconfirmed': { severity: 'warning', zh: '金额只由图像识别读出，未能用大写金额、结算明细或二维码核对：请对照原票据确认金额（漏读、多读一位最常见）。', en: 'The amount was read by OCR only and could not be confirmed by the amount in words, the settlement or the QR code.' },
  'cross.settlementSum': { severity: 'warning', zh: '结算明细合计 {sum} 元与金额合计 {amount} 元不一致：请核对医保统筹、个人账户、个人现金等支付金额。', en: 'Settlement parts sum to {sum}, total is {amount}.' },
  'cross.settlementOver': { severity: 'warning', zh: '已读出的结算明细（{parts}）合计 {sum} 元，超过金额合计 {amount} 元：请核对金额合计和各项支付金额。', en: 'Settlement parts read so far sum to {sum}, more than the total {amount}.' },
  'cross.kindTitle': { severity: 'error', zh: '票据名称为“{title}”，但类别为“{kind}”：请确认是门诊还是住院。', en: 'Title "{title}" contradicts kind "{kind}".' },
  'cross.stayOrder': { severity: 'warning', zh: '住院开始日期晚于结束日期：请核对住院时间。', en: 'Stay start is after stay end.' },
  'plaus.future': { severity: 'error', zh: '开票日期 {date} 晚于今天（{today}）：请核对开票日期。', en: 'Issue date {date} is in the future.' },
  'plaus.beforeSwitch': { severity: 'warning', zh: '开票日期 {date} 早于 2022-08-05（医保平台切换前）：此类费用通常不走本次手工报销，请确认后再申报。', en: 'Issued before 2022-08-05 (before the platform switch); confirm.' },
  'plaus.deadlineNear': { severity: 'warning', zh: '{year} 年的费用须在 {deadline} 前申报，还剩 {days} 天。', en: '{year} costs are due by {deadline}; {days} days left.' },
  'plaus.deadlinePast': { severity: 'warning', zh: '{year} 年的费用应在 {deadline} 前申报，已超过申报期限：请确认是否仍可受理（节假日可能顺延）。', en: '{year} costs were due by {deadline}; the deadline has passed.' },
  'plaus.largeOutpatient': { severity: 'warning', zh: '门诊金额 {amount} 元异常偏大：请核对金额和小数点位置。', en: 'Outpatient amount {amount} is unusually large.' },
  'batch.duplicate': { severity: 'error', zh: '票据代码 {billCode} + 票据号码 {billNumber} 重复：{where}。同一张票据不能重复报销。', en: 'Duplicate receipt {billCode}/{billNumber}: {where}.' },
  'batch.mixedHospitals': { severity: 'error', zh: '本批次包含不同医疗机构（{hospitals}）：不同医院的票据须分别申报。', en: 'Different hospitals in one declaration ({hospitals}).' },
  'batch.multipleStays': { severity: 'error', zh: '住院费用按次申报：本批次有 {count} 次不同的住院（{stays}），请每次住院单独申报。', en: 'Inpatient costs are declared per stay; {count} different stays in one declaration.' },
  'batch.staysUnverified': { severity: 'warning', zh: '本批次有 {count} 张住院票据，但未读出住院时间或住院号，无法确认是同一次住院：请核对，每次住院须单独申报。', en: '{count} inpatient receipts in one declaration and the stays cannot be compared; each stay is declared separately.' },
  'batch.mixedKinds': { severity: 'warning', zh: '本批次同时包含门诊和住院票据：请分开申报。', en: 'Outpatient and inpatient receipts mixed in one declaration.' },
} satisfies Record<string, Entry>;

export type ReasonCode = keyof typeof REASONS;

function fill(template: string, vars: Vars): string {
  return template.replace(/\{(\w+)\}/g, (_, k) => (k in vars ? String(vars[k]) : `{${k}}`));
}

export function reason(code: ReasonCode, field: FieldKey | null, vars: Vars = {}, fields?: string[]): Reason {
  const e: Entry = REASONS[code];
  const all = { label: field ? FIELD_LABELS[field] : '', labelEn: field ? FIELD_LABELS_EN[field] : '', ...vars };
  return { code, severity: e.severity, message: fill(e.zh, all), messageEn: fill(e.en, all), ...(fields ? { fields } : {}) };
}
