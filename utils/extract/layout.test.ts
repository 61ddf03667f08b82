import { describe, expect, it } from 'vitest';
import type { TextItem } from '../ocr/types';
import { groupLines, readFieldsFromTextItems } from './layout';
import { mergeCandidates } from '../receipt/merge';

const t = (text: string, x: number, y: number, w = text.length * 20, h = 20, extra: Partial<TextItem> = {}): TextItem => ({ text, x, y, w, h, ...extra });
const values = (r: ReturnType<typeof readFieldsFromTextItems>, f: string) => (r.candidates as any)[f]?.map((c: any) => c.value) ?? [];

describe('readFieldsFromTextItems', () => {
  it('repairs a label with one glyph misread (a blurred photo), never into a label two could be', () => {
    const items = [
      t('北京市医疗门诊收费票据（电子）', 300, 20, 600, 40),
      t('票据号三：0054951309', 900, 130, 300),
      t('校验色：616F7C', 900, 160, 200),
      t('开豆日期：2023年05月03日', 900, 190, 300),
      t('（小号）¥1040.60', 700, 600, 200),
      t('票据么码：11060323', 900, 100, 300), // 票据?码: 代码 or 号码 — left alone
    ];
    const r = readFieldsFromTextItems(items, 'ocr');
    expect(values(r, 'billNumber')).toEqual(['0054951309']);
    expect(values(r, 'checkCode')).toEqual(['616F7C']);
    expect(values(r, 'issueDate')).toEqual(['2023年05月03日']);
    expect(values(r, 'totalAmount')).toEqual(['1040.60']);
    expect(r.labelBoxes.totalAmount).toBeTruthy();
    expect(r.labelBoxes.billCode).toBeUndefined(); // (its value may still be taken by shape, weakly)
    // a wide gap (a space in the line's text) between the label and its colon or value
    const sp = readFieldsFromTextItems([t('开豆日期', 900, 190, 80), t('：2023年05月03日', 1040, 190, 220), t('票据号三', 900, 130, 80), t('0054951309', 1040, 130, 200)], 'ocr');
    expect(sp.labelBoxes.issueDate).toBeTruthy();
    expect(sp.labelBoxes.billNumber).toBeTruthy();
    // a boxed header: the labels alone in their cells (one glyph misread), the values on the line below
    const boxed = readFieldsFromTextItems(
      [t('校验王', 900, 230, 60), t('开票日其', 1180, 230, 80), t('7c1ca8', 900, 260, 90, 24), t('2025年09月28日', 1180, 260, 200, 24)],
      'ocr',
    );
    expect(values(boxed, 'checkCode')).toEqual(['7c1ca8']);
    expect(values(boxed, 'issueDate')).toEqual(['2025年09月28日']);
    expect(boxed.labelBoxes.checkCode?.x).toBe(900);
    // …or with its last glyph lost (校验), never taking what follows on its own line for the code
    const lost = readFieldsFromTextItems([t('校验', 900, 230, 40), t('开票日期', 1180, 230, 80), t('1A95F5', 900, 260, 90, 24), t('2025年07月17日', 1180, 260, 200, 24)], 'ocr');
    expect(values(lost, 'checkCode')).toEqual(['1A95F5']);
    // a page that has the label itself: a look-alike elsewhere is not a second label
    const r2 = readFieldsFromTextItems([t('校验码：8f3a2c', 900, 160, 200), t('校验色：123456', 900, 400, 200)], 'ocr');
    expect(values(r2, 'checkCode')).toEqual(['8f3a2c']);
  });

  it('reads the hospital after 收款单位（章）, its bracket read as 〈 or 《, its label with one glyph misread', () => {
    const r = readFieldsFromTextItems([t('收 散 单位 〈 章 ): 北京 市 海淀 医院 复核 人 : 李 会 计', 60, 760, 700)], 'ocr');
    expect(values(r, 'hospitalName')).toEqual(['北京市海淀医院']);
    const r2 = readFieldsFromTextItems([t('收款单位《章）：北京大学第一医院 复核人：李会计', 60, 760, 700)], 'ocr');
    expect(values(r2, 'hospitalName')).toEqual(['北京大学第一医院']);
    // 收款人 is another label: never taken for 收款单位
    const r3 = readFieldsFromTextItems([t('收款人：王收费', 60, 760, 200)], 'ocr');
    expect(values(r3, 'hospitalName')).toEqual([]);
  });

  it('reads label and value inside one item, with full-width colons and OCR spaces between CJK chars', () => {
    const items = [
      t('北 京 市 医 疗 门 诊 收 费 票 据 （ 电 子 ）', 300, 20, 600, 40),
      t('票 据 代 码 ： 11060124', 900, 100, 300),
      t('票据号码:0012345678', 900, 130, 300),
      t('校验码：8f3a2c', 900, 160, 200),
      t('开票日期：2024年05月12日', 900, 190, 300),
      t('金额合计（大写）贰佰捌拾伍元陆角整', 50, 600, 500),
      t('（小写）¥285.60', 700, 600, 200),
      t('交款人：张三', 50, 300, 150),
    ];
    const r = readFieldsFromTextItems(items, 'pdf-text');
    expect(values(r, 'billCode')).toEqual(['11060124']);
    expect(values(r, 'billNumber')).toEqual(['0012345678']);
    expect(values(r, 'checkCode')).toEqual(['8f3a2c']);
    expect(values(r, 'issueDate')).toEqual(['2024年05月12日']);
    expect(values(r, 'totalAmount')).toEqual(['285.60']);
    expect(values(r, 'amountInWords')).toEqual(['贰佰捌拾伍元陆角整']);
    expect(values(r, 'payerName')).toEqual(['张三']);
    expect(values(r, 'kind')).toContain('门诊');
    expect(r.labelHits).toBeGreaterThanOrEqual(6);
    // the value box is narrowed to the value's characters inside the one item
    const box = r.valueBoxes.billCode!;
    expect(box.x).toBeGreaterThan(900 + 300 * 0.3);
    expect(box.x + box.w).toBeLessThanOrEqual(1200.01);
    // the label's own box is kept too (region re-reads of unreadable values start there)
    expect(r.labelBoxes.billCode!.x).toBeCloseTo(900, 0);
  });

  it('reads values split from their labels and split over several objects on the line (OFD style)', () => {
    const items = [
      t('票据代码：', 100, 100, 100),
      t('1106', 205, 100, 40),
      t('0124', 246, 100, 40),
      t('票据号码：', 100, 130, 100),
      t('0012345678', 205, 130, 100),
      t('校验码：', 400, 100, 80),
      t('8F3A2C', 485, 100, 60),
      t('开票日期：', 400, 130, 100),
      t('2024-05-12', 505, 130, 100),
      t('医疗住院收费票据', 150, 40, 400, 40),
    ];
    const r = readFieldsFromTextItems(items, 'ofd-xml');
    expect(values(r, 'billCode')).toEqual(['11060124']);
    expect(values(r, 'billNumber')).toEqual(['0012345678']);
    expect(values(r, 'checkCode')).toEqual(['8F3A2C']);
    expect(values(r, 'issueDate')).toEqual(['2024-05-12']);
    expect(values(r, 'kind')).toContain('住院');
    // the code's box spans both objects
    expect(r.valueBoxes.billCode).toMatchObject({ x: 205, w: 81 });
    // born-digital text is certain
    expect(r.candidates.billCode![0].confidence).toBe(1);
  });

  it('takes the value just below a boxed header label', () => {
    const items = [
      t('票据代码', 100, 100, 80),
      t('票据号码', 300, 100, 80),
      t('校验码', 500, 100, 60),
      t('11060124', 100, 130, 80, 18),
      t('0012345678', 300, 130, 100, 18),
      t('8f3a2c', 500, 130, 60, 18),
    ];
    const r = readFieldsFromTextItems(items, 'ocr');
    expect(values(r, 'billCode')).toEqual(['11060124']);
    expect(values(r, 'billNumber')).toEqual(['0012345678']);
    expect(values(r, 'checkCode')).toEqual(['8f3a2c']);
    expect(r.valueBoxes.billNumber).toMatchObject({ x: 300, y: 130 });
  });

  it('a value below its label stops at a wide gap (the next cell begins with the date: 767bd2 | 2026年…)', () => {
    // OCR words of one engine line: the check code, then the date of the cell to its right
    const items = [
      t('校验码', 100, 100, 60, 20, { lineId: 1 }),
      t('开票日期', 245, 100, 80, 20, { lineId: 1 }),
      t('767BD2', 100, 130, 80, 27, { lineId: 2 }),
      t('2026', 245, 130, 60, 27, { lineId: 2 }),
      t('年11月07日', 307, 130, 110, 27, { lineId: 2 }),
    ];
    const r = readFieldsFromTextItems(items, 'ocr');
    expect(values(r, 'checkCode')).toEqual(['767BD2']);
    expect(values(r, 'issueDate')).toEqual(['2026年11月07日']);
  });

  it('keeps OCR confidences and per-character confidences of the value only', () => {
    const items = [t('校验码:8f3a2c', 100, 100, 260, 20, { confidence: 0.9, lineId: 1, charConfidences: [0.9, 0.9, 0.9, 0.9, 0.9, 0.95, 0.4, 0.9, 0.9, 0.9] })];
    const r = readFieldsFromTextItems(items, 'ocr');
    const c = r.candidates.checkCode![0];
    expect(c.value).toBe('8f3a2c');
    expect(c.charConfidences).toEqual([0.9, 0.95, 0.4, 0.9, 0.9, 0.9]);
    expect(c.confidence).toBe(0.4); // never more confident than its weakest character
  });

  it('reads the settlement line and the 门诊号/住院号 label', () => {
    const items = [
      t('医保统筹基金支付：179.08', 50, 700, 300),
      t('其他支付：0.00', 400, 700, 200),
      t('个人账户支付：27.20', 700, 700, 250),
      t('个人现金支付：98.12', 50, 730, 250),
      t('业务流水号：20260820327602', 50, 300, 400),
      t('住院号：697086571', 500, 300, 250),
      t('医保类型：职工基本医疗保险', 800, 300, 300),
    ];
    const r = readFieldsFromTextItems(items, 'pdf-text');
    expect(values(r, 'fundPaid')).toEqual(['179.08']);
    expect(values(r, 'otherPaid')).toEqual(['0.00']);
    expect(values(r, 'accountPaid')).toEqual(['27.20']);
    expect(values(r, 'cashPaid')).toEqual(['98.12']);
    expect(values(r, 'serialNumber')).toEqual(['20260820327602']);
    expect(values(r, 'patientNumber')).toEqual(['697086571']);
    expect(values(r, 'insuranceType')).toEqual(['职工基本医疗保险']);
    expect(values(r, 'kind')).toEqual(['住院']);
  });

  it('finds nothing on a page that is not a receipt', () => {
    const r = readFieldsFromTextItems([t('今天天气很好', 10, 10), t('我们去公园散步吧', 10, 40)], 'ocr');
    expect(r.labelHits).toBe(0);
    expect(r.candidates.billCode).toBeUndefined();
    expect(r.candidates.totalAmount).toBeUndefined();
  });

  it('groups items on the same baseline into one line, left to right', () => {
    const lines = groupLines([t('B', 200, 102), t('A', 10, 100), t('C', 10, 200)]);
    expect(lines.map((l) => l.text.replace(/\s/g, ''))).toEqual(['AB', 'C']);
  });
});

describe('amounts without their cents are not read as whole yuan', () => {
  it('¥162 (the .35 lost) and a settlement part "534" give no candidate; ¥162.35 does', () => {
    const r = readFieldsFromTextItems([t('金额合计（大写）壹佰陆拾贰元叁角伍分', 50, 600, 500), t('（小写）¥162', 700, 600, 200), t('个人现金支付：534', 50, 650, 250)], 'ocr');
    expect(values(r, 'totalAmount')).toEqual([]);
    expect(values(r, 'cashPaid')).toEqual([]);
    const ok = readFieldsFromTextItems([t('（小写）¥162.35', 700, 600, 200), t('个人现金支付：534.00', 50, 650, 250)], 'ocr');
    expect(values(ok, 'totalAmount')).toEqual(['162.35']);
    expect(values(ok, 'cashPaid')).toEqual(['534.00']);
  });
});

describe('header values by shape on a photo with a desk margin', () => {
  it('the header zone ends at the payer line, not at a fixed share of the image', () => {
    const items = [t('|2588626963|', 1250, 282, 260), t('|2025-08-28 |', 1270, 363, 260), t('交款人:尹远燕', 760, 435, 170), t('收款人:王收费', 700, 1000, 170)];
    const r = readFieldsFromTextItems(items, 'ocr');
    expect(values(r, 'issueDate')).toEqual(['2025-08-28']);
    expect(values(r, 'billNumber')).toEqual(['2588626963']);
    // shape readings are weak: never ok on their own
    expect((r.candidates.issueDate ?? [])[0].confidence).toBeLessThanOrEqual(0.6);
  });
});

describe('a header date by shape with a misread digit', () => {
  it('2025年0]月30日 is found (its box is re-read); the look-alike keeps it out of ok by itself', () => {
    const items = [t('f7d595', 888, 244, 120), t('2025年0]月30日', 1170, 244, 210), t('交款人:段雨', 660, 338, 170)];
    const r = readFieldsFromTextItems(items, 'ocr');
    expect(values(r, 'issueDate')).toEqual(['2025年0]月30日']);
    expect(r.valueBoxes.issueDate).toBeDefined();
    expect(mergeCandidates('issueDate', r.candidates.issueDate!).status).toBe('review');
    // a number that only looks like a date is not one
    const no = readFieldsFromTextItems([t('2025年0x月30日', 1170, 244, 210), t('交款人:段雨', 660, 338, 170)], 'ocr');
    expect(values(no, 'issueDate')).toEqual([]);
  });

  it('its 日 read as another glyph (2024年02月01昌, label unread) still gives the date a box; a one-digit day needs its 日', () => {
    const r = readFieldsFromTextItems([t('85bd97', 888, 244, 120), t('2024年02月01昌', 1170, 244, 210), t('交款人:段雨', 660, 338, 170)], 'ocr');
    expect(values(r, 'issueDate')).toEqual(['2024年02月01']);
    expect(r.valueBoxes.issueDate).toBeDefined();
    const short = readFieldsFromTextItems([t('2024年02月1昌', 1170, 244, 210), t('交款人:段雨', 660, 338, 170)], 'ocr');
    expect(values(short, 'issueDate')).toEqual([]);
  });
});
