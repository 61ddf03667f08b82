import { describe, expect, it } from 'vitest';
import { parseQrPayload, uprightTurns } from './qr';

const vals = (p: string) => Object.fromEntries(Object.entries(parseQrPayload(p)).map(([k, v]) => [k, v!.map((c) => c.value)]));

describe('parseQrPayload', () => {
  it('reads URL parameters under several key names', () => {
    expect(vals('https://pjcy.example.gov.cn/check?code=11060124&number=0012345678&check=8f3a2c&amount=285.60&date=20240512')).toEqual({
      billCode: ['11060124'],
      billNumber: ['0012345678'],
      checkCode: ['8f3a2c'],
      totalAmount: ['285.60'],
      issueDate: ['20240512'],
    });
    expect(vals('http://x.cn/v?pjdm=11060124&pjhm=0012345678&jym=8F3A2C&je=285.60&kprq=2024-05-12')).toEqual({
      billCode: ['11060124'],
      billNumber: ['0012345678'],
      checkCode: ['8F3A2C'],
      totalAmount: ['285.60'],
      issueDate: ['2024-05-12'],
    });
    expect(vals('https://x.cn/?billcode=11060124&billno=0012345678&checkcode=8f3a2c&money=285.60')).toMatchObject({ billCode: ['11060124'], billNumber: ['0012345678'], totalAmount: ['285.60'] });
  });

  it('every candidate is a QR candidate', () => {
    const c = parseQrPayload('https://x.cn/?code=11060124')['billCode']![0];
    expect(c.source).toBe('qr');
  });

  it('recognises fields of a delimited list by their shape', () => {
    expect(vals('01,11060124,0012345678,285.60,20240512,8f3a2c')).toEqual({
      billCode: ['11060124'],
      billNumber: ['0012345678'],
      checkCode: ['8f3a2c'],
      totalAmount: ['285.60'],
      issueDate: ['20240512'],
    });
    expect(vals('11060124|0012345678|8F3A2C|2024-05-12|1,285.60'.replace('1,285.60', '1285.60'))).toMatchObject({ billCode: ['11060124'], checkCode: ['8F3A2C'], totalAmount: ['1285.60'] });
  });

  it('an ambiguous shape gives no candidate for that field', () => {
    // two 10-digit numbers: which is the bill number? neither is taken
    const v = vals('11060124,0012345678,0099999999,285.60');
    expect(v.billNumber).toBeUndefined();
    expect(v.billCode).toEqual(['11060124']);
  });

  it('an unknown payload gives no candidates', () => {
    expect(vals('WIFI:S:hospital;T:WPA;P:secret;;')).toEqual({});
    expect(vals('hello world')).toEqual({});
    expect(vals('')).toEqual({});
  });
});

describe('uprightTurns (a photo turned as its QR code is printed)', () => {
  it('zxing orientation in degrees → quarter turns clockwise that make the page upright', () => {
    // measured on generated photos: turned 89° clockwise → orientation 89; 270° → -89; 182° → -178
    expect(uprightTurns(89)).toBe(3);
    expect(uprightTurns(-89)).toBe(1);
    expect(uprightTurns(-92)).toBe(1);
    expect(uprightTurns(178)).toBe(2);
    expect(uprightTurns(-178)).toBe(2);
    expect(uprightTurns(-4)).toBe(0);
    expect(uprightTurns(2)).toBe(0);
  });
});
