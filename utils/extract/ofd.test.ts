import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { readOfdText } from './ofd';
import { readFieldsFromTextItems } from './layout';
import { extractReceipt } from './pipeline';

const NS = 'xmlns:ofd="http://www.ofdspec.org/2016"';
const obj = (id: number, b: string, text: string) =>
  `<ofd:TextObject ID="${id}" Boundary="${b}" Font="4" Size="3.2"><ofd:TextCode X="0" Y="3.52">${text}</ofd:TextCode></ofd:TextObject>`;

/** A small OFD like the issuers': labels on a template page, values on the page, one value split in two objects. */
export function buildOfd(o: { embedded?: string; twoRuns?: boolean } = {}): Uint8Array {
  const tpl = `<?xml version="1.0" encoding="UTF-8"?><ofd:Page ${NS}><ofd:Content><ofd:Layer ID="1">
    ${obj(2, '60 5 90 7', '北京市医疗门诊收费票据（电子）')}
    ${obj(3, '140 18 18 4.5', '票据代码：')}
    ${obj(4, '140 23 18 4.5', '票据号码：')}
    ${obj(5, '140 28 18 4.5', '校验码：')}
    ${obj(6, '140 33 18 4.5', '开票日期：')}
    ${obj(7, '10 80 45 4.5', '金额合计（大写）')}
    ${obj(8, '120 80 15 4.5', '（小写）')}
    ${obj(9, '100 42 15 4.5', '交款人：')}
  </ofd:Layer></ofd:Content></ofd:Page>`;
  const numberObj = o.twoRuns
    ? `<ofd:TextObject ID="14" Boundary="158 23 40 4.48" Size="3.2"><ofd:TextCode X="0" Y="3.52" DeltaX="g 4 2.88">00123</ofd:TextCode><ofd:TextCode X="14.4" Y="3.52" DeltaX="g 4 2.88">45678</ofd:TextCode></ofd:TextObject>`
    : obj(14, '158 23 28.8 4.48', '0012345678');
  const page = `<?xml version="1.0" encoding="UTF-8"?><ofd:Page ${NS}><ofd:Template TemplateID="2"/><ofd:Content><ofd:Layer ID="10">
    ${obj(12, '158 18 11.52 4.48', '1106')}${obj(13, '169.6 18 11.52 4.48', '0124')}
    ${numberObj}
    ${obj(16, '158 28 17.28 4.48', '8f3a2c')}
    ${obj(18, '158 33 28.8 4.48', '2024-05-12')}
    ${obj(20, '56 80 50 4.48', '贰佰捌拾伍元陆角整')}
    ${obj(22, '136 80 20 4.48', '¥285.60')}
    ${obj(24, '116 42 10 4.48', '张三')}
  </ofd:Layer></ofd:Content></ofd:Page>`;
  const files: Record<string, Uint8Array> = {
    'OFD.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><ofd:OFD ${NS} Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`),
    'Doc_0/Document.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><ofd:Document ${NS}><ofd:CommonData><ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>`,
    ),
    'Doc_0/Tpls/Tpl_0/Content.xml': strToU8(tpl),
    'Doc_0/Pages/Page_0/Content.xml': strToU8(page),
  };
  if (o.embedded) files['Doc_0/Attachs/invoice.xml'] = strToU8(o.embedded);
  return zipSync(files);
}

describe('readOfdText', () => {
  it('collects text objects of the page and its template page in one coordinate space', () => {
    const { items, pages } = readOfdText(buildOfd());
    expect(pages).toBe(1);
    const label = items.find((i) => i.text === '票据代码：')!;
    const value = items.find((i) => i.text === '1106')!;
    expect(label).toBeTruthy();
    expect(value.x).toBeGreaterThan(label.x);
    expect(Math.abs(value.y - label.y)).toBeLessThan(1);
  });

  it('reads the five elements from labels and split values', () => {
    const r = readFieldsFromTextItems(readOfdText(buildOfd()).items, 'ofd-xml');
    const v = (f: string) => (r.candidates as any)[f]?.[0]?.value;
    expect([v('billCode'), v('billNumber'), v('checkCode'), v('issueDate'), v('totalAmount'), v('payerName')]).toEqual([
      '11060124',
      '0012345678',
      '8f3a2c',
      '2024-05-12',
      '285.60',
      '张三',
    ]);
  });

  it('places several TextCode runs of one object by their own X', () => {
    const { items } = readOfdText(buildOfd({ twoRuns: true }));
    const a = items.find((i) => i.text === '00123')!, b = items.find((i) => i.text === '45678')!;
    expect(b.x).toBeGreaterThan(a.x + a.w * 0.8);
    const r = readFieldsFromTextItems(items, 'ofd-xml');
    expect(r.candidates.billNumber?.[0].value).toBe('0012345678');
  });

  it('reads embedded invoice XML as extra values', () => {
    const { embedded } = readOfdText(buildOfd({ embedded: '<Invoice><BillCode>11060124</BillCode><BillNumber>0012345678</BillNumber><CheckCode>8f3a2c</CheckCode></Invoice>' }));
    expect(embedded).toMatchObject({ billCode: '11060124', billNumber: '0012345678', checkCode: '8f3a2c' });
  });

  it('a corrupt or foreign zip gives a Chinese error', () => {
    expect(() => readOfdText(new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]))).toThrow(/OFD 文件已损坏/);
    expect(() => readOfdText(zipSync({ 'a.txt': strToU8('x') }))).toThrow(/不是有效的 OFD/);
  });
});

describe('extractReceipt on OFD', () => {
  it('gives all five elements ok without OCR, quickly', async () => {
    const res = await extractReceipt({ name: 'x.ofd', bytes: buildOfd() }, { today: '2024-06-01' });
    expect(res.error).toBeUndefined();
    expect(res.fileKind).toBe('ofd');
    expect(res.sourcesUsed).toEqual(['ofd-xml']);
    for (const [k, v] of Object.entries({ billCode: '11060124', billNumber: '0012345678', checkCode: '8f3a2c', issueDate: '2024-05-12', totalAmount: '285.60' })) {
      expect(res.fields[k as 'billCode']).toMatchObject({ value: v, status: 'ok', source: 'ofd-xml' });
    }
    expect(res.fields.kind?.value).toBe('outpatient');
    expect(res.ms).toBeLessThan(150);
  });

  it('a damaged OFD is an error result, not an exception', async () => {
    const bytes = buildOfd().slice(0, 200);
    const res = await extractReceipt({ name: 'x.ofd', bytes }, {});
    expect(res.error?.message).toMatch(/OFD/);
    expect(res.fields).toEqual({});
  });
});
