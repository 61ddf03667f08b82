import { describe, expect, it } from 'vitest';
import type { Candidate, FieldKey } from './types';
import { mergeCandidates, OCR_OK_CONFIDENCE, sameUpToLookalikes } from './merge';
import {
  allFiveOk, applyClerkCorrection, buildReceipt, claimDeadline, duplicateKey, ruleAmountWords, ruleClaimWindow, ruleCodeYear, ruleFormat,
  ruleKindTitle, ruleLargeOutpatient, ruleNotFuture, ruleAfterSwitch, ruleSettlementNotOver, ruleSettlementSum, ruleStayOrder,
  validateBatch, validateReceipt,
} from './validate';
import { amountToChinese, fromCents, toCents } from './amount';

const ctx = { today: '2024-11-25' };
const pdf = (value: string): Candidate[] => [{ value, source: 'pdf-text' }];
const ocr = (value: string, confidence = 0.95): Candidate => ({ value, source: 'ocr', confidence });

function receipt(over: Partial<Record<FieldKey, string>> = {}) {
  const base: Partial<Record<FieldKey, string>> = {
    billCode: '11060124', billNumber: '0012345678', checkCode: '8f3a2c', issueDate: '2024-05-12', totalAmount: '285.60',
    amountInWords: '贰佰捌拾伍元陆角整', kind: '门诊', title: '北京市医疗门诊收费票据（电子）', payerName: '张三', hospitalName: '北京大学第一医院',
    ...over,
  };
  return buildReceipt(Object.fromEntries(Object.entries(base).map(([k, v]) => [k, pdf(v!)])), ctx);
}

describe('mergeCandidates', () => {
  it('is missing without candidates', () => {
    const f = mergeCandidates('billCode', []);
    expect(f.status).toBe('missing');
    expect(f.reasons[0].message).toContain('票据代码');
  });

  it('takes exact born-digital text as ok', () => {
    expect(mergeCandidates('billCode', pdf('11060124'))).toMatchObject({ value: '11060124', status: 'ok', source: 'pdf-text' });
  });

  it('accepts a lone OCR reading only when confident', () => {
    expect(mergeCandidates('billCode', [ocr('11060124', OCR_OK_CONFIDENCE)]).status).toBe('ok');
    const weak = mergeCandidates('billCode', [ocr('11060124', 0.6)]);
    expect(weak.status).toBe('review');
    expect(weak.reasons[0].code).toBe('canon.ocrLowConfidence');
  });

  it('two agreeing OCR readings: both fairly sure, or one nearly sure and the other more than a guess', () => {
    expect(mergeCandidates('billCode', [ocr('11060124', 0.72), ocr('11060124', 0.71)]).status).toBe('ok');
    expect(mergeCandidates('billCode', [ocr('11060124', 0.8), ocr('11060124', 0.55)]).status).toBe('ok');
    expect(mergeCandidates('billCode', [ocr('11060124', 0.8), ocr('11060124', 0.45)]).status).toBe('review');
    expect(mergeCandidates('billCode', [ocr('11060124', 0.72), ocr('11060124', 0.6)]).status).toBe('review');
  });

  it('three agreeing OCR readings, none of the three best a guess (a bill code on a photo read at 0.42–0.60)', () => {
    expect(mergeCandidates('billCode', [ocr('11050326', 0.69), ocr('11050326', 0.7), ocr('11050326', 0.62), ocr('11050326', 0.69)]).status).toBe('ok');
    expect(mergeCandidates('billCode', [ocr('11070224', 0.59), ocr('11070224', 0.42), ocr('11070224', 0.6)]).status).toBe('ok');
    expect(mergeCandidates('billCode', [ocr('11050326', 0.69), ocr('11050326', 0.65), ocr('11050326', 0.35)]).status).toBe('review');
    expect(mergeCandidates('billCode', [ocr('11050326', 0.69), ocr('11050326', 0.65)]).status).toBe('review');
    // still no count of readings makes a short date or a check code with a look-alike letter ok
    expect(mergeCandidates('issueDate', [ocr('2023年1月1日', 0.7), ocr('2023年1月1日', 0.68), ocr('2023年1月1日', 0.66)]).status).toBe('review');
    expect(mergeCandidates('checkCode', [ocr('elf370', 0.69), ocr('elf370', 0.65), ocr('elf370', 0.6)]).status).toBe('review');
  });

  it('a date read with a one-digit month or day is a glyph short (11 → 1), however often and surely read', () => {
    const short = mergeCandidates('issueDate', [ocr('2023年1月1日', 0.95), ocr('2023年1月1日', 0.9)]);
    expect(short.status).toBe('review');
    expect(short.value).toBe('2023-01-01');
    expect(mergeCandidates('issueDate', [ocr('2023-11-1', 0.97)]).status).toBe('review');
    // padded, the same confidence is enough; a short reading beside a padded one only joins its group
    expect(mergeCandidates('issueDate', [ocr('2023年01月01日', 0.95)]).status).toBe('ok');
    expect(mergeCandidates('issueDate', [ocr('2023年01月01日', 0.8), ocr('2023-1-01', 0.9)]).status).toBe('review');
    // nor do short readings, as many as the padded ones, make their value the first: 2025年11月26日 read once
    // and by its glyphs' shapes is the date beside 2025年1月26 read twice, weakly
    const shape: Candidate = { value: '2025-11-26', source: 'ocr', confidence: 0.9, derived: 'shape' };
    const tied = mergeCandidates('issueDate', [ocr('2025年1月26', 0.26), ocr('2025年1月26日', 0.49), ocr('2025年11月26日', 0.87), shape]);
    expect([tied.value, tied.status]).toEqual(['2025-11-26', 'ok']);
  });

  it('a reading of the wrong shape, however often made, does not outvote one of the right shape', () => {
    // c6bd9f printed; the page read and the header band read both saw an o more (7 characters)
    const f = mergeCandidates('checkCode', [ocr('c6bdo9f', 0.46), ocr('c6bdo9f', 0.68), ocr('c6bd9f', 0.9)]);
    expect(f).toMatchObject({ value: 'c6bd9f', status: 'ok' });
    // a doubtful right-shaped reading stays under review for its confidence, not as a disagreement
    const weak = mergeCandidates('checkCode', [ocr('c6bdo9f', 0.46), ocr('c6bdo9f', 0.68), ocr('c6bd9f', 0.6)]);
    expect(weak.status).toBe('review');
    expect(weak.reasons.map((r) => r.code)).toEqual(['canon.ocrLowConfidence']);
    // two readings of the right shape that differ still disagree
    expect(mergeCandidates('checkCode', [ocr('c6bd9f', 0.9), ocr('c6bd8f', 0.9)]).reasons[0].code).toBe('merge.disagree');
  });

  it('flags doubtful characters of a confident word', () => {
    const f = mergeCandidates('billNumber', [{ value: '0012345678', source: 'ocr', confidence: 0.93, charConfidences: [0.9, 0.9, 0.9, 0.9, 0.3, 0.9, 0.9, 0.9, 0.9, 0.9] }]);
    expect(f.status).toBe('review');
    expect(f.reasons[0].message).toContain('可疑字符：3');
  });

  it('OCR-only check codes with look-alike letters and OCR-only names need a look', () => {
    expect(mergeCandidates('checkCode', [ocr('7le4bf', 0.99)]).status).toBe('review');
    expect(mergeCandidates('checkCode', [ocr('71e4bf', 0.99)]).status).toBe('ok');
    expect(mergeCandidates('checkCode', [{ value: '7le4bf', source: 'pdf-text' }]).status).toBe('ok');
    expect(mergeCandidates('payerName', [ocr('周淑', 0.99)]).status).toBe('review');
    expect(mergeCandidates('payerName', [{ value: '周淑国', source: 'ofd-xml' }]).status).toBe('ok');
  });

  it('a QR check code with a digit where OCR read its look-alike letter (1/l) is confirmed by that read', () => {
    const qr = { value: '33da11', source: 'qr' as const, confidence: 1 };
    const f = mergeCandidates('checkCode', [qr, ocr('33dal1', 0.86)]);
    expect(f.status).toBe('ok');
    expect(f.value).toBe('33da11');
    // a different letter is not a look-alike: disagreement
    expect(mergeCandidates('checkCode', [qr, ocr('33da1e', 0.9)]).status).toBe('review');
    // two OCR readings that differ by a look-alike are not made to agree
    expect(mergeCandidates('checkCode', [ocr('33da11', 0.9), ocr('33dal1', 0.9)]).status).toBe('review');
    expect(sameUpToLookalikes('33dal1', '33DA11')).toBe(true);
    expect(sameUpToLookalikes('33dab1', '33da81')).toBe(false);
  });

  it('a check code read by its glyph shapes confirms an OCR reading of it, or one a glyph too long, never a look-alike', () => {
    const shape = (value: string): Candidate => ({ value, source: 'ocr', confidence: 0.9, derived: 'shape' });
    // three weak readings agreeing (0.58, 0.37, 0.50) were review; the shapes settle them
    expect(mergeCandidates('checkCode', [ocr('7923EF', 0.58), ocr('7923EF', 0.37), ocr('7923EF', 0.5)]).status).toBe('review');
    expect(mergeCandidates('checkCode', [ocr('7923EF', 0.58), ocr('7923EF', 0.37), ocr('7923EF', 0.5), shape('7923ef')]).status).toBe('ok');
    // c243apb (a p too many) supports c243ab read by shape; the shape reading alone never stands
    const f = mergeCandidates('checkCode', [ocr('c243apb', 0.6), ocr('243apb', 0.45), shape('c243ab')]);
    expect([f.status, f.value]).toEqual(['ok', 'c243ab']);
    expect(mergeCandidates('checkCode', [ocr('243apb', 0.45), shape('c243ab')]).status).toBe('review');
    expect(mergeCandidates('checkCode', [shape('c243ab')]).status).toBe('review');
    // a reading a glyph too long with another glyph changed is no support
    expect(mergeCandidates('checkCode', [ocr('c248apb', 0.6), shape('c243ab')]).status).toBe('review');
    // nor a look-alike (O for 0): the shapes of a font without templates can take O for 0
    expect(mergeCandidates('checkCode', [ocr('OFA6OE', 0.77), shape('0fa60e')]).status).toBe('review');
    // but an l or I read where the shapes hold a 1 (told apart by its strokes and height) supports it…
    const one = mergeCandidates('checkCode', [ocr('82cbdl', 0.76), ocr('82cbdl', 0.56), shape('82cbd1')]);
    expect([one.status, one.value]).toEqual(['ok', '82cbd1']);
    expect(mergeCandidates('checkCode', [ocr('IFF9B6', 0.92), ocr('IFF9B6', 0.56), shape('1ff9b6')]).value).toBe('1ff9b6');
    // (and a glyph too long besides: 7clcag8 for 7c1ca8)
    const long = mergeCandidates('checkCode', [ocr('7clcag8', 0.53), ocr('7clcag8', 0.53), shape('7c1ca8')]);
    expect([long.status, long.value]).toEqual(['ok', '7c1ca8']);
    // …not where anything else differs too, nor a 1 read where the shapes hold an l
    expect(mergeCandidates('checkCode', [ocr('82cbel', 0.76), ocr('82cbel', 0.56), shape('82cbd1')]).status).toBe('review');
    expect(mergeCandidates('checkCode', [ocr('82cbd1', 0.76), ocr('82cbd1', 0.56), shape('82cbdl')]).status).toBe('review');
    // a confident reading of another value still disagrees
    expect(mergeCandidates('checkCode', [ocr('c243apb', 0.6), ocr('c243ad', 0.9), shape('c243ab')]).status).toBe('review');
  });

  it('the kind (门诊/住院 words) needs less OCR confidence than a number; disagreeing kinds still need a look', () => {
    expect(mergeCandidates('kind', [ocr('北京市医疗门诊收费票据（电子）', 0.42)])).toMatchObject({ value: 'outpatient', status: 'ok' });
    expect(mergeCandidates('kind', [ocr('住院', 0.2)]).status).toBe('review');
    expect(mergeCandidates('kind', [ocr('住院', 0.5), ocr('门诊', 0.5)]).status).toBe('review');
    expect(mergeCandidates('billCode', [ocr('11060124', 0.42)]).status).toBe('review');
  });

  it('two agreeing OCR reads (line + region re-read) are ok', () => {
    expect(mergeCandidates('billNumber', [ocr('0012345678', 0.75), ocr('0012345678', 0.8)]).status).toBe('ok');
  });

  it('never lets a look-alike fix pass silently', () => {
    const f = mergeCandidates('billNumber', [ocr('OO12345678', 0.99)]);
    expect(f).toMatchObject({ value: '0012345678', status: 'review' });
    expect(f.reasons.some((r) => r.code === 'canon.charFix')).toBe(true);
  });

  it('disagreement between sources forces review and shows both values', () => {
    const f = mergeCandidates('billNumber', [{ value: '0012345678', source: 'qr' }, ocr('0012345676', 0.99)]);
    expect(f.status).toBe('review');
    expect(f.reasons[0].code).toBe('merge.disagree');
    expect(f.reasons[0].message).toContain('0012345678');
    expect(f.reasons[0].message).toContain('0012345676');
  });

  it('two independent sources that agree outvote a weak OCR misread, but not a confident one', () => {
    const weak = mergeCandidates('checkCode', [{ value: '26A3E1', source: 'qr' }, ocr('26A3E1', 0.81), ocr('20A3E1', 0.72)]);
    expect(weak).toMatchObject({ value: '26a3e1', status: 'ok' });
    expect(weak.reasons[0].message).toContain('20a3e1');
    const strong = mergeCandidates('checkCode', [{ value: '26A3E1', source: 'qr' }, ocr('26A3E1', 0.81), ocr('20A3E1', 0.95)]);
    expect(strong.status).toBe('review');
    // nor a weak one read more surely than the print was read as the QR's value: a QR changed by a glyph and
    // a misread of that glyph the same way look so (QR 9a093e for the printed 0a093e, read 9A093E at 0.63)
    expect(mergeCandidates('checkCode', [{ value: '9A093E', source: 'qr' }, ocr('9A093E', 0.63), ocr('0A093E', 0.82)]).status).toBe('review');
    // agreement of two OCR reads is not independent: a third read that is not weak still forces a look
    expect(mergeCandidates('billCode', [ocr('11060124', 0.9), ocr('11060124', 0.9), ocr('11060123', 0.65)]).status).toBe('review');
  });

  it('the QR value read from the print twice or more outvotes one stray reading, however sure; not two', () => {
    const qr = { value: 'f9b1a7', source: 'qr' } as Candidate;
    const once = mergeCandidates('checkCode', [qr, ocr('fobla7', 0.86), ocr('f9bla7', 0.8), ocr('f9bla7', 0.83)]);
    expect(once).toMatchObject({ value: 'f9b1a7', status: 'ok', source: 'qr' });
    expect(once.reasons[0].message).toContain('fobla7');
    // read so only once beside the QR: the confident other reading is a disagreement
    expect(mergeCandidates('checkCode', [qr, ocr('fobla7', 0.86), ocr('f9bla7', 0.8)]).status).toBe('review');
    // the other value read twice: not a stray
    expect(mergeCandidates('checkCode', [qr, ocr('fobla7', 0.86), ocr('fobla7', 0.7), ocr('f9bla7', 0.8), ocr('f9bla7', 0.83)]).status).toBe('review');
  });

  it('a date read a glyph short (2025年1月15日 for 2025年11月15日) does not confirm a QR date of that value', () => {
    const f = mergeCandidates('issueDate', [{ value: '20250115', source: 'qr' }, ocr('2025年1月15日', 0.9)]);
    expect(f.status).toBe('review');
    expect(f.reasons.map((r) => r.code)).toContain('merge.qrOnly');
    expect(mergeCandidates('issueDate', [{ value: '20250115', source: 'qr' }, ocr('2025年01月15日', 0.6)]).status).toBe('ok');
  });

  it('OCR alone: a value read twice or more surely sets aside one weak stray reading, weaker than both', () => {
    const f = mergeCandidates('checkCode', [ocr('4301B7', 0.92), ocr('301B87', 0.45), ocr('4301B7', 0.92)]);
    expect(f).toMatchObject({ value: '4301b7', status: 'ok' });
    expect(f.reasons.map((r) => r.code)).toEqual(['merge.agree']);
    expect(f.reasons[0].message).toContain('301b87');
    expect(mergeCandidates('billCode', [ocr('11060124', 0.9), ocr('11060124', 0.9), ocr('11060123', 0.5)]).status).toBe('ok');
    // the stray not weak (0.6 and above), or not weaker than the second agreeing read
    expect(mergeCandidates('billCode', [ocr('11050220', 0.86), ocr('11050220', 0.82), ocr('11050226', 0.68)]).status).toBe('review');
    expect(mergeCandidates('billCode', [ocr('11050220', 0.86), ocr('11050220', 0.52), ocr('11050226', 0.55)]).status).toBe('review');
    // the agreeing reads not sure enough as a pair, or read only once
    expect(mergeCandidates('billCode', [ocr('11050220', 0.72), ocr('11050220', 0.6), ocr('11050226', 0.3)]).status).toBe('review');
    expect(mergeCandidates('billCode', [ocr('11050220', 0.95), ocr('11050226', 0.3)]).status).toBe('review');
    // two stray readings of one other value, or a stray derived from other print (the 大写): a disagreement
    expect(mergeCandidates('billCode', [ocr('11050220', 0.9), ocr('11050220', 0.9), ocr('11050226', 0.4), ocr('11050226', 0.3)]).status).toBe('review');
    expect(mergeCandidates('totalAmount', [ocr('73.08', 0.9), ocr('73.08', 0.9), { ...ocr('78.08', 0.4), derived: 'words' }]).status).toBe('review');
    // set aside, the value still goes through the checks of an OCR-only value (a look-alike letter)
    const l = mergeCandidates('checkCode', [ocr('dla010', 0.86), ocr('dla0t0', 0.3), ocr('dla010', 0.84)]);
    expect(l).toMatchObject({ value: 'dla010', status: 'review' });
    expect(l.reasons.map((r) => r.code)).toContain('ocr.lookalike');
  });

  it('a reading of the wrong length that is the value with one glyph dropped neither blocks nor makes an agreement', () => {
    // (clean-006: the leading 5 lost once at 0.89; the print read 5469314781 three times and by its shapes)
    const shape = { ...ocr('5469314781', 0.9), derived: 'shape' } as Candidate;
    const reads = [ocr('469314781', 0.89), ocr('5469314781', 0.57), ocr('2469314781', 0.38), ocr('5469314781', 0.64), ocr('5469314781', 0.6), shape];
    expect(mergeCandidates('billNumber', reads)).toMatchObject({ value: '5469314781', status: 'ok' });
    // not a glyph dropped but one changed (and dropped): a reading of another value, the clerk looks
    expect(mergeCandidates('billNumber', [ocr('469314782', 0.89), ...reads.slice(1)]).status).toBe('review');
    // the fragment alone beside the value: no agreement made of it (two weak reads of the print)
    expect(mergeCandidates('billNumber', [ocr('469314781', 0.89), ocr('5469314781', 0.57), ocr('5469314781', 0.45)]).status).toBe('review');
    // nor does it set aside a sure reading of another value
    expect(mergeCandidates('billNumber', [ocr('469314781', 0.89), ...reads.slice(1, 2), ocr('2469314781', 0.88), ...reads.slice(3)]).status).toBe('review');
  });

  it('weak readings of another value are outvoted only when the agreeing value was read more surely', () => {
    // (a QR changed from …316 to …310, one re-read misreading the 6 as 0: the print read …316 twice)
    const qr = { value: '0027270310', source: 'qr' } as Candidate;
    expect(mergeCandidates('billNumber', [qr, ocr('0027270316', 0.65), ocr('0027270310', 0.54), ocr('0027270316', 0.59)]).status).toBe('review');
    expect(mergeCandidates('billNumber', [qr, ocr('0027270316', 0.65), ocr('0027270310', 0.54)]).status).toBe('review');
    expect(mergeCandidates('billNumber', [qr, ocr('0027270316', 0.5), ocr('0027270310', 0.54)]).status).toBe('ok');
    // (a total read with the ¥ before it as a digit weighs nothing against the value it ends with)
    const yen = [{ value: '60296.13', source: 'qr' } as Candidate, ocr('860296.13', 0.78), ocr('60296.13', 0.53)];
    expect(mergeCandidates('totalAmount', yen)).toMatchObject({ value: '60296.13', status: 'ok' });
    expect(mergeCandidates('totalAmount', [yen[0], ocr('760296.13', 0.78), ocr('60296.13', 0.53)]).status).toBe('ok');
    expect(mergeCandidates('totalAmount', [yen[0], ocr('60298.13', 0.78), ocr('60296.13', 0.53)]).status).toBe('review');
    expect(mergeCandidates('billNumber', [qr, ocr('0027270316', 0.65), ocr('0027270310', 0.84), ocr('0027270316', 0.59)]).status).toBe('review');
    expect(mergeCandidates('billNumber', [qr, ocr('0027270316', 0.65), ocr('0027270310', 0.84), ocr('0027270316', 0.59), ocr('0027270310', 0.7)]).status).toBe('ok');
    // (readings a glyph short never weigh: 2025年1月15日 twice beside the QR's 20251115 read once)
    expect(mergeCandidates('issueDate', [{ value: '20251115', source: 'qr' }, ocr('2025年1月15日', 0.5), ocr('2025年1月15日', 0.4), ocr('2025年11月15日', 0.3)]).status).toBe('ok');
  });

  it('QR plus agreeing OCR is ok; QR alone needs a look', () => {
    expect(mergeCandidates('checkCode', [{ value: '8F3A2C', source: 'qr' }, ocr('8f3a2c', 0.5)]).status).toBe('ok');
    expect(mergeCandidates('checkCode', [{ value: '8F3A2C', source: 'qr' }]).status).toBe('review');
  });

  it('the clerk wins but is still format-checked', () => {
    expect(mergeCandidates('billCode', [ocr('11060125'), { value: '11060124', source: 'clerk' }])).toMatchObject({ value: '11060124', status: 'ok', source: 'clerk' });
    expect(mergeCandidates('billCode', [{ value: '1106', source: 'clerk' }]).status).toBe('review');
  });
});

describe('receipt rules', () => {
  it('a consistent born-digital receipt is all ok', () => {
    const r = receipt();
    expect(allFiveOk(r)).toBe(true);
    expect(r.totalAmount!.reasons.some((x) => x.code === 'cross.wordsAgree')).toBe(true);
  });

  it('code year ≠ issue year flags both fields', () => {
    const r = receipt({ billCode: '11060123' });
    expect(ruleCodeYear(r)).toHaveLength(2);
    expect(r.billCode!.status).toBe('review');
    expect(r.issueDate!.status).toBe('review');
    expect(r.billCode!.reasons.find((x) => x.code === 'cross.codeYear')!.message).toContain('开票年份 2024');
    expect(allFiveOk(r)).toBe(false);
  });

  it('a bill code whose year cannot be checked (no issue date) is not ok', () => {
    const r = buildReceipt({ billCode: pdf('11050121'), billNumber: pdf('0012345678') }, ctx);
    expect(r.billCode!.status).toBe('review');
    expect(r.billCode!.reasons.map((x) => x.code)).toContain('cross.codeYearUnverified');
    // …nor is one beside a date read as no date (a month 00): it tells no year
    const odd = buildReceipt({ billCode: pdf('11050125'), billNumber: pdf('0012345678'), issueDate: [{ value: '2025年00月25', source: 'ocr', confidence: 0.3 }] }, ctx);
    expect(odd.billCode!.reasons.map((x) => x.code)).toContain('cross.codeYearUnverified');
  });

  it('大写 ≠ 小写 flags the amount and the words', () => {
    const r = receipt({ amountInWords: '贰佰捌拾陆元陆角整' });
    expect(ruleAmountWords(r)).toHaveLength(2);
    expect(r.totalAmount!.status).toBe('review');
    expect(r.amountInWords!.status).toBe('review');
  });

  it('garbled 大写 does not accuse the amount', () => {
    const r = receipt({ amountInWords: '贰佰担抬伍元陆角整' });
    expect(r.totalAmount!.status).toBe('ok');
    expect(r.amountInWords!.status).toBe('review');
  });

  it('future dates are never ok', () => {
    const r = receipt({ issueDate: '2024-12-01', billCode: '11060124' });
    expect(ruleNotFuture(r, ctx)).toHaveLength(1);
    expect(r.issueDate!.status).toBe('review');
  });

  it('dates before the 2022-08-05 switch need the clerk to confirm', () => {
    const r = receipt({ issueDate: '2022-03-01', billCode: '11060122' });
    expect(ruleAfterSwitch(r, {})).toHaveLength(1);
    expect(ruleAfterSwitch(r, { clerkConfirmedOld: true })).toHaveLength(0);
  });

  it('claim window: near or passed deadlines are shown but do not doubt the value', () => {
    const r = receipt({ issueDate: '2023-12-28', billCode: '11060123' });
    expect(ruleClaimWindow(r, { today: '2024-01-15' })[0].reason.code).toBe('plaus.deadlineNear');
    expect(ruleClaimWindow(r, { today: '2024-01-21' })[0].reason.code).toBe('plaus.deadlinePast');
    expect(ruleClaimWindow(r, { today: '2023-12-30' })).toHaveLength(0);
    const late = validateReceipt(r, { today: '2024-02-01' });
    expect(late.issueDate!.status).toBe('ok');
    expect(late.issueDate!.reasons.find((x) => x.code === 'plaus.deadlinePast')!.severity).toBe('warning');
    const near = validateReceipt(r, { today: '2024-01-15' });
    expect(near.issueDate!.status).toBe('ok');
  });

  it('settlement parts must sum to the total', () => {
    const ok = receipt({ fundPaid: '200.00', otherPaid: '0.00', accountPaid: '50.00', cashPaid: '35.60' });
    expect(ruleSettlementSum(ok)).toHaveLength(0);
    const bad = receipt({ fundPaid: '200.00', otherPaid: '0.00', accountPaid: '50.00', cashPaid: '36.60' });
    const hits = ruleSettlementSum(bad);
    expect(hits.map((h) => h.field).sort()).toEqual(['accountPaid', 'cashPaid', 'fundPaid', 'otherPaid', 'totalAmount']);
    expect(hits[0].reason.message).toContain('结算明细合计 286.60 元与金额合计 285.60 元不一致');
    expect(bad.totalAmount!.status).toBe('review');
    expect(bad.cashPaid!.status).toBe('review');
  });

  it('kind must match the title', () => {
    expect(ruleKindTitle(receipt({ kind: '住院' }))).toHaveLength(1);
    expect(ruleKindTitle(receipt())).toHaveLength(0);
  });

  it('large outpatient amounts are flagged', () => {
    const r = receipt({ totalAmount: '25000.00', amountInWords: '贰万伍仟元整' });
    expect(ruleLargeOutpatient(r, {})).toHaveLength(1);
    expect(r.totalAmount!.status).toBe('review');
    expect(ruleLargeOutpatient(receipt({ kind: '住院', title: '北京市医疗住院收费票据（电子）', totalAmount: '25000.00' }), {})).toHaveLength(0);
  });

  it('an OCR-only amount needs the 大写 words or the settlement to confirm it', () => {
    const base = { billCode: pdf('11060124'), billNumber: pdf('0012345678'), checkCode: pdf('8f3a2c'), issueDate: pdf('2024-05-12') };
    // a dropped leading digit keeps a valid format and a high confidence
    const lone = buildReceipt({ ...base, totalAmount: [ocr('62.35', 0.95)] }, ctx);
    expect(lone.totalAmount!.status).toBe('review');
    expect(lone.totalAmount!.reasons.map((r) => r.code)).toContain('cross.amountUnconfirmed');
    const words = buildReceipt({ ...base, totalAmount: [ocr('162.35', 0.95)], amountInWords: [ocr('壹佰陆拾贰元叁角伍分', 0.9)] }, ctx);
    expect(words.totalAmount!.status).toBe('ok');
    const wrongWords = buildReceipt({ ...base, totalAmount: [ocr('62.35', 0.95)], amountInWords: [ocr('壹佰陆拾贰元叁角伍分', 0.9)] }, ctx);
    expect(wrongWords.totalAmount!.status).toBe('review');
    const parts = { fundPaid: [ocr('100.00', 0.95)], otherPaid: [ocr('0.00', 0.95)], accountPaid: [ocr('50.00', 0.95)], cashPaid: [ocr('12.35', 0.95)] };
    const settled = buildReceipt({ ...base, totalAmount: [ocr('162.35', 0.95)], ...parts, amountInWords: [ocr('壹佰陆拾贰元叁角伍分', 0.9)] }, ctx);
    expect(settled.totalAmount!.status).toBe('ok');
    // the settlement confirms the digits, but a 大写 that was not read leaves the 大写/小写 check open
    const noWords = buildReceipt({ ...base, totalAmount: [ocr('162.35', 0.95)], ...parts }, ctx);
    expect(noWords.totalAmount!.status).toBe('review');
    expect(noWords.totalAmount!.reasons.map((r) => r.code)).toContain('cross.wordsUnverified');
  });

  it('on an image the 大写 must agree character by character (OCR look-alikes allowed); unreadable glyphs leave it for the clerk', () => {
    const base = { billCode: pdf('11060124'), billNumber: pdf('0012345678'), checkCode: pdf('8f3a2c'), issueDate: pdf('2024-05-12') };
    const qr = (value: string): Candidate => ({ value, source: 'qr', confidence: 1 });
    const withWords = (w: string) => buildReceipt({ ...base, totalAmount: [qr('274.04'), ocr('274.04', 0.91)], amountInWords: [ocr(w, 0.1)] }, ctx).totalAmount!;
    // 类 is how tesseract reads 柒: agreement
    expect(withWords('贰佰类拾肆元零肆分').status).toBe('ok');
    // 大写 says 捌 where the 小写 has 7, read as a glyph seen for no numeral: cannot tell → review
    const unk = withWords('贰佰拓拾肆元零肆分');
    expect(unk.status).toBe('review');
    expect(unk.reasons.map((r) => r.code)).toContain('cross.wordsUnverified');
    expect(unk.reasons.find((r) => r.code === 'cross.wordsUnverified')!.message).toContain('贰佰柒拾肆元零肆分');
    // OCR-only digits: two garbled readings of the words that together spell the amount confirm it;
    // the same words do not confirm digits that lost one (85.60 for 285.60)
    const two = (digits: string) => buildReceipt({ ...base, totalAmount: [ocr(digits, 0.95)], amountInWords: [ocr('贰佰冈拾伍元陆角整', 0.1), ocr('屆佰捌拾伍元陆角整', 0.1)] }, ctx).totalAmount!;
    expect(two('285.60').status).toBe('ok');
    expect(two('85.60').status).toBe('review');
    // …and the 大写 field then shows the words those readings spell, ok
    const r2 = buildReceipt({ ...base, totalAmount: [ocr('285.60', 0.95)], amountInWords: [ocr('贰佰冈拾伍元陆角整', 0.1), ocr('屆佰捌拾伍元陆角整', 0.1)] }, ctx);
    expect(r2.amountInWords).toMatchObject({ value: '贰佰捌拾伍元陆角整', status: 'ok' });
    expect(validateReceipt(r2, ctx).amountInWords).toMatchObject({ value: '贰佰捌拾伍元陆角整', status: 'ok' });
    const r1 = buildReceipt({ ...base, totalAmount: [ocr('285.60', 0.95)], amountInWords: [ocr('贰佰冈拾伍元陆角整', 0.1)] }, ctx);
    expect(r1.amountInWords!.status).toBe('review');
    // one reading with known look-alikes only (抽 for 捌) is enough
    const r3 = buildReceipt({ ...base, totalAmount: [ocr('285.60', 0.95)], amountInWords: [ocr('贰佰抽拾伍元陆角整', 0.1)] }, ctx);
    expect(r3.amountInWords).toMatchObject({ value: '贰佰捌拾伍元陆角整', status: 'ok' });
    // a born-digital receipt's amount is not held to the OCR words rule
    const pdfTotal = buildReceipt({ ...base, totalAmount: pdf('274.04'), amountInWords: pdf('贰佰柒拾肆元零肆分') }, ctx).totalAmount!;
    expect(pdfTotal.status).toBe('ok');
  });

  it('validation is idempotent', () => {
    const r = receipt({ billCode: '11060123' });
    const again = validateReceipt(validateReceipt(r, ctx), ctx);
    expect(again.billCode!.reasons.filter((x) => x.code === 'cross.codeYear')).toHaveLength(1);
  });

  it('a clerk correction re-validates at once', () => {
    const r = buildReceipt({ ...Object.fromEntries(Object.entries(receipt()).map(([k, v]) => [k, v!.candidates])), billNumber: [ocr('0012345678', 0.5)] }, ctx);
    expect(r.billNumber!.status).toBe('review');
    const fixed = applyClerkCorrection(r, 'billNumber', '0012345678', ctx);
    expect(fixed.billNumber).toMatchObject({ status: 'ok', source: 'clerk' });
    expect(allFiveOk(fixed)).toBe(true);
    const broken = applyClerkCorrection(fixed, 'billCode', '123', ctx);
    expect(broken.billCode!.status).toBe('review');
  });
});

describe('batch rules', () => {
  const a = { id: 'a', fields: receipt() };
  const b = { id: 'b', fields: receipt({ billNumber: '0012345679' }) };

  it('duplicate key is code + number', () => {
    expect(duplicateKey(a.fields)).toBe('11060124-0012345678');
  });

  it('the same receipt twice in a batch is an error on both', () => {
    const m = validateBatch([a, { id: 'c', fields: receipt() }]);
    expect(m.get('a')![0].code).toBe('batch.duplicate');
    expect(m.get('c')![0].message).toContain('本批次中出现 2 次');
  });

  it('a receipt already in history is a duplicate claim, but not against itself', () => {
    expect(validateBatch([a], [{ billCode: '11060124', billNumber: '0012345678', receiptId: 'old', at: '2024-06-01T00:00:00Z' }]).get('a')![0].message).toContain('已于 2024-06-01 录入过');
    expect(validateBatch([a], [{ billCode: '11060124', billNumber: '0012345678', receiptId: 'a' }]).get('a')).toHaveLength(0);
  });

  it('different hospitals cannot share one declaration', () => {
    const m = validateBatch([a, { id: 'h', fields: receipt({ billNumber: '0000000001', hospitalName: '北京协和医院' }) }]);
    expect(m.get('a')!.map((r) => r.code)).toContain('batch.mixedHospitals');
    expect(validateBatch([a, b]).get('a')).toHaveLength(0);
  });

  it('inpatient is one stay per declaration', () => {
    const inp = (id: string, n: string, stay?: [string, string]) => ({
      id,
      fields: receipt({ billNumber: n, kind: '住院', title: '北京市医疗住院收费票据（电子）', ...(stay ? { stayStart: stay[0], stayEnd: stay[1] } : {}) }),
    });
    const two = validateBatch([inp('x', '0000000001', ['2024-05-01', '2024-05-10']), inp('y', '0000000002', ['2024-06-01', '2024-06-03'])]);
    expect(two.get('x')!.map((r) => r.code)).toContain('batch.multipleStays');
    expect(two.get('y')![0].message).toContain('2024-05-01 至 2024-05-10');
    // two receipts of the same stay are one declaration
    const same = validateBatch([inp('x', '0000000001', ['2024-05-01', '2024-05-10']), inp('y', '0000000002', ['2024-05-01', '2024-05-10'])]);
    expect(same.get('x')).toHaveLength(0);
    // stays not read: cannot be confirmed, a warning rather than an accusation
    const unknown = validateBatch([inp('x', '0000000001'), inp('y', '0000000002', ['2024-05-01', '2024-05-10'])]);
    expect(unknown.get('x')!.map((r) => [r.code, r.severity])).toEqual([['batch.staysUnverified', 'warning']]);
    // one inpatient receipt alone is fine
    expect(validateBatch([inp('x', '0000000001')]).get('x')).toHaveLength(0);
  });
});

/** Seeded PRNG (mulberry32) for reproducible property tests. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('hard requirement: well-formed but inconsistent receipts are never ok where it matters', () => {
  const cases: Array<[string, Partial<Record<FieldKey, string>>, FieldKey[]]> = [
    ['大写 ≠ 小写', { amountInWords: '贰佰捌拾伍元伍角整' }, ['totalAmount', 'amountInWords']],
    ['code year ≠ issue year', { billCode: '11060125' }, ['billCode', 'issueDate']],
    ['future date', { issueDate: '2024-11-26' }, ['issueDate']],
  ];
  it.each(cases)('%s', (_name, over, mustReview) => {
    const r = receipt(over);
    for (const k of mustReview) expect(r[k]!.status, k).toBe('review');
    expect(allFiveOk(r)).toBe(false);
    // …and the other five elements are not accused
    for (const k of ['billNumber', 'checkCode'] as const) expect(r[k]!.status).toBe('ok');
  });

  it('random receipts: consistent ones are all ok, each injected inconsistency flags its fields', () => {
    const r = rng(2024);
    const today = '2026-11-25';
    for (let i = 0; i < 400; i++) {
      const date = iso(Date.UTC(2022, 7, 5) + Math.floor(r() * 1573) * 86400000); // 2022-08-05 … 2026-11-25
      const cents = 1 + Math.floor(r() * 2000000);
      const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
      const code = `110601${date.slice(2, 4)}`;
      const base = {
        billCode: pdf(code), billNumber: pdf(String(Math.floor(r() * 1e10)).padStart(10, '0')), checkCode: pdf('8f3a2c'), issueDate: pdf(date),
        totalAmount: pdf(amount), amountInWords: pdf(amountToChinese(amount)), kind: pdf('门诊'),
      };
      const good = buildReceipt(base, { today });
      expect(allFiveOk(good), `${date} ${amount}`).toBe(true);

      const other = fromCents(toCents(amount)! + BigInt(1 + Math.floor(r() * 1000)));
      const words = buildReceipt({ ...base, amountInWords: pdf(amountToChinese(other)) }, { today });
      expect([words.totalAmount!.status, words.amountInWords!.status]).toEqual(['review', 'review']);
      expect(words.totalAmount!.reasons.find((x) => x.code === 'cross.words')!.message).toContain(`与小写金额 ${amount} 元不一致`);

      const y = Number(date.slice(2, 4));
      const wrongYear = String((y + 1 + Math.floor(r() * 8)) % 100).padStart(2, '0');
      const year = buildReceipt({ ...base, billCode: pdf(`110601${wrongYear}`) }, { today });
      expect([year.billCode!.status, year.issueDate!.status]).toEqual(['review', 'review']);

      const future = iso(Date.UTC(2026, 10, 26) + Math.floor(r() * 2000) * 86400000);
      const fut = buildReceipt({ ...base, issueDate: pdf(future), billCode: pdf(`110601${future.slice(2, 4)}`) }, { today });
      expect(fut.issueDate!.status, future).toBe('review');
    }
  });

  it('random invalid calendar dates are refused, valid ones accepted', () => {
    const r = rng(99);
    for (let i = 0; i < 1000; i++) {
      const y = 2000 + Math.floor(r() * 40);
      const m = 1 + Math.floor(r() * 12);
      const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
      const ok = `${y}-${String(m).padStart(2, '0')}-${String(1 + Math.floor(r() * dim)).padStart(2, '0')}`;
      const bad = `${y}-${String(m).padStart(2, '0')}-${String(dim + 1 + Math.floor(r() * (32 - dim))).padStart(2, '0')}`;
      expect(mergeCandidates('issueDate', pdf(ok)).status).toBe('ok');
      const f = mergeCandidates('issueDate', pdf(bad));
      expect(f.status, bad).toBe('review');
      expect(f.reasons[0].code).toBe('format.date');
    }
  });
});

describe('more rules', () => {
  it('code year ≠ issue year is a warning naming both fields', () => {
    const [hit] = ruleCodeYear(receipt({ billCode: '11060123' }));
    expect(hit.reason).toMatchObject({ code: 'cross.codeYear', severity: 'warning', fields: ['billCode', 'issueDate'] });
    expect(ruleCodeYear(receipt())).toHaveLength(0);
  });

  it('a clerk-typed future date stays review; a clerk-confirmed code year mismatch does not', () => {
    const r = receipt();
    const fut = applyClerkCorrection(r, 'issueDate', '2025年1月3日', ctx);
    expect(fut.issueDate).toMatchObject({ value: '2025-01-03', source: 'clerk', status: 'review' });
    // the clerk confirms both printed values: their word stands (the code-year warning stays visible)
    const both = applyClerkCorrection(applyClerkCorrection(receipt({ billCode: '11060123' }), 'billCode', '11060123', ctx), 'issueDate', '2024-05-12', ctx);
    expect(both.billCode!.status).toBe('ok');
    expect(both.billCode!.reasons.map((x) => x.code)).toContain('cross.codeYear');
  });

  it('a look-alike fixed in born-digital text is never a silent ok', () => {
    const f = mergeCandidates('billNumber', [{ value: '00I2345678', source: 'pdf-text' }]);
    expect(f).toMatchObject({ value: '0012345678', status: 'review' });
    expect(f.reasons[0].code).toBe('canon.charFix');
    // …unless another source read the plain digits
    expect(mergeCandidates('billNumber', [{ value: '00I2345678', source: 'pdf-text' }, { value: '0012345678', source: 'qr' }]).status).toBe('ok');
  });

  it('大写 spelled 圆/正 agrees with 元/整 across sources', () => {
    const f = mergeCandidates('amountInWords', [{ value: '贰佰捌拾伍元陆角整', source: 'pdf-text' }, { value: '贰佰捌拾伍圆陆角正', source: 'qr' }]);
    expect(f.status).toBe('ok');
    expect(f.value).toBe('贰佰捌拾伍元陆角整');
    expect(mergeCandidates('amountInWords', [{ value: '贰佰捌拾伍元陆角整', source: 'pdf-text' }, { value: '贰佰捌拾陆元陆角整', source: 'ofd-xml' }]).status).toBe('review');
  });

  it('settlement parts read so far cannot exceed the total', () => {
    const r = receipt({ fundPaid: '200.00', cashPaid: '95.60' });
    const hits = ruleSettlementNotOver(r);
    expect(hits.map((h) => h.field)).toEqual(['totalAmount', 'fundPaid', 'cashPaid']);
    expect(hits[0].reason.message).toContain('合计 295.60 元，超过金额合计 285.60 元');
    expect(r.totalAmount!.status).toBe('review');
    expect(ruleSettlementNotOver(receipt({ fundPaid: '200.00', cashPaid: '85.60' }))).toHaveLength(0);
  });

  it('a stored value without candidates is still format-checked', () => {
    const fields = validateReceipt({ billCode: { value: '1106012', status: 'ok', source: 'pdf-text', reasons: [], candidates: [] } }, ctx);
    expect(fields.billCode!.status).toBe('review');
    expect(fields.billCode!.reasons.map((x) => x.code)).toContain('format.value');
    const date = validateReceipt({ issueDate: { value: '2023-02-30', status: 'ok', source: 'pdf-text', reasons: [], candidates: [] } }, ctx);
    expect(date.issueDate!.status).toBe('review');
    expect(ruleFormat({ billCode: { value: '11060124', status: 'ok', source: 'pdf-text', reasons: [], candidates: [] } })).toHaveLength(0);
  });

  it('claim deadline: the 20 January rule, strict mode makes a passed deadline review', () => {
    expect(claimDeadline('2024-05-12')).toBe('2025-01-20');
    const r = receipt();
    const near = ruleClaimWindow(r, { today: '2025-01-10' });
    expect(near[0].reason.message).toContain('还剩 10 天');
    expect(ruleClaimWindow(r, { today: '2025-01-09' })).toHaveLength(0);
    expect(ruleClaimWindow(r, { today: '2025-01-20' })[0].reason.code).toBe('plaus.deadlineNear');
    expect(validateReceipt(r, { today: '2025-02-01', strictDeadline: true }).issueDate!.status).toBe('review');
    expect(validateReceipt(r, { today: '2025-02-01' }).issueDate!.status).toBe('ok');
  });

  it('kind vs title works both ways, and with 急诊', () => {
    expect(ruleKindTitle(receipt({ kind: '门诊', title: '北京市医疗住院收费票据（电子）' }))[0].reason.message).toContain('类别为“门诊”');
    expect(ruleKindTitle(receipt({ kind: 'inpatient', title: '北京市医疗住院收费票据（电子）' }))).toHaveLength(0);
    const r = receipt({ kind: '住院' });
    expect(r.kind!.status).toBe('review');
  });

  it('large outpatient threshold is configurable and exclusive', () => {
    const at = receipt({ totalAmount: '20000.00', amountInWords: '贰万元整' });
    expect(ruleLargeOutpatient(at, {})).toHaveLength(0);
    expect(ruleLargeOutpatient(at, { largeOutpatientAmount: 5000 })).toHaveLength(1);
  });

  it('duplicateKey needs both well-formed parts', () => {
    expect(duplicateKey(receipt({ billNumber: '123' }))).toBeNull();
    expect(duplicateKey({})).toBeNull();
  });

  it('stay order', () => {
    expect(ruleStayOrder(receipt({ stayStart: '2024-05-10', stayEnd: '2024-05-01' }))).toHaveLength(1);
    expect(ruleStayOrder(receipt({ stayStart: '2024-05-01', stayEnd: '2024-05-10' }))).toHaveLength(0);
  });
});

describe('garbled amount words', () => {
  const ocr = (value: string, confidence = 0.92): Candidate[] => [{ value, source: 'ocr', confidence }];
  const base = { billCode: pdf('11050323'), billNumber: pdf('0057070223'), checkCode: pdf('85b959'), issueDate: pdf('2023-06-23'), kind: pdf('门诊') };
  it('words that cannot be parsed but contradict the amount put the amount under review', () => {
    const r = buildReceipt({ ...base, totalAmount: ocr('101.09'), amountInWords: ocr('壹佰喜拾壹元零玖分', 0.1), fundPaid: ocr('36.57'), otherPaid: ocr('0.00'), accountPaid: ocr('14.18'), cashPaid: ocr('50.34') }, { today: '2023-07-01' });
    expect(r.totalAmount!.status).toBe('review');
    expect(r.totalAmount!.reasons.map((x) => x.code)).toContain('cross.wordsContradict');
  });
  it('words garbled by OCR only (no contradiction) cannot confirm the 大写/小写 check: the clerk glances at them', () => {
    const parts = { fundPaid: ocr('36.57'), otherPaid: ocr('0.00'), accountPaid: ocr('14.18'), cashPaid: ocr('50.34') };
    const r = buildReceipt({ ...base, totalAmount: ocr('101.09'), amountInWords: ocr('壹佰会壹元零玖分', 0.1), ...parts }, { today: '2023-07-01' });
    expect(r.totalAmount!.status).toBe('review');
    expect(r.totalAmount!.reasons.map((x) => x.code)).toEqual(expect.arrayContaining(['cross.wordsUnverified']));
    expect(r.totalAmount!.reasons.map((x) => x.code)).not.toContain('cross.wordsContradict');
    expect(r.amountInWords!.status).toBe('review');
    // garbled only into known look-alikes (过 for 壹): agreement, ok
    expect(buildReceipt({ ...base, totalAmount: ocr('101.09'), amountInWords: ocr('过佰零过元零玖分', 0.1), ...parts }, { today: '2023-07-01' }).totalAmount!.status).toBe('ok');
  });
});

describe('readings derived from other print (大写 words, settlement sum)', () => {
  const ocr = (value: string, confidence: number, derived?: 'words' | 'settlement'): Candidate => ({ value, source: 'ocr', confidence, ...(derived ? { derived } : {}) });
  it('weak digits confirmed by the parsed 大写 are ok, and a weaker different digit read is outvoted', () => {
    const m = mergeCandidates('totalAmount', [ocr('49.59', 0.16), ocr('249.59', 0.33), ocr('249.59', 0.8, 'words')]);
    expect(m.status).toBe('ok');
    expect(m.value).toBe('249.59');
  });
  it('two readings of the digits alone (both weak) stay under review', () => {
    expect(mergeCandidates('totalAmount', [ocr('249.59', 0.33), ocr('249.59', 0.5)]).status).toBe('review');
  });
  it('a derived reading alone is not enough, and one that disagrees with confident digits is a disagreement', () => {
    expect(mergeCandidates('totalAmount', [ocr('249.59', 0.8, 'words')]).status).toBe('review');
    const d = mergeCandidates('totalAmount', [ocr('249.59', 0.92), ocr('248.59', 0.8, 'words')]);
    expect(d.status).toBe('review');
    expect(d.reasons.map((r) => r.code)).toContain('merge.disagree');
  });
  it('a whitelisted 大写 read below the agreement confidence confirms nothing', () => {
    expect(mergeCandidates('totalAmount', [ocr('249.59', 0.33), ocr('249.59', 0.5, 'words')]).status).toBe('review');
  });
});

describe('derived readings never stand alone', () => {
  it('a confident 大写 parse and a settlement sum without any digits read stay under review', () => {
    const c = (value: string, derived: 'words' | 'settlement'): Candidate => ({ value, source: 'ocr', confidence: 0.95, derived });
    expect(mergeCandidates('totalAmount', [c('249.59', 'words')]).status).toBe('review');
    expect(mergeCandidates('totalAmount', [c('249.59', 'words'), c('249.59', 'settlement')]).status).toBe('review');
  });
});

describe('QR and OCR agree beside an OCR fragment', () => {
  it('a fragment of the wrong length does not turn a QR+OCR agreement into "QR only"', () => {
    const m = mergeCandidates('checkCode', [{ value: 'ff727a', source: 'qr' }, { value: '727a', source: 'ocr', confidence: 0.89 }, { value: 'ff727a', source: 'ocr', confidence: 0.89 }]);
    expect(m.status).toBe('ok');
    expect(m.value).toBe('ff727a');
  });
  it('QR alone, or QR with a different valid OCR reading, still needs a look', () => {
    expect(mergeCandidates('checkCode', [{ value: 'ff727a', source: 'qr' }, { value: '727a', source: 'ocr', confidence: 0.89 }]).status).toBe('review');
    expect(mergeCandidates('checkCode', [{ value: 'ff727a', source: 'qr' }, { value: 'ff727e', source: 'ocr', confidence: 0.89 }]).status).toBe('review');
  });
});

describe('settlement parts read unsurely', () => {
  it('a part read with low confidence does not put the total under review as "over the total"', () => {
    const c = (value: string, confidence = 0.92): Candidate[] => [{ value, source: 'ocr', confidence }];
    const r = buildReceipt({ billCode: pdf('11060124'), totalAmount: [{ value: '476.56', source: 'qr' }, { value: '476.56', source: 'ocr', confidence: 0.9 }], otherPaid: c('0.00'), accountPaid: c('65.80'), cashPaid: c('534', 0.04) }, ctx);
    expect(r.totalAmount!.reasons.map((x) => x.code)).not.toContain('cross.settlementOver');
    expect(r.cashPaid!.status).toBe('review');
    // a confident part over the total still is
    const o = buildReceipt({ billCode: pdf('11060124'), totalAmount: [{ value: '476.56', source: 'qr' }, { value: '476.56', source: 'ocr', confidence: 0.9 }], accountPaid: c('65.80'), cashPaid: c('534.00') }, ctx);
    expect(o.totalAmount!.reasons.map((x) => x.code)).toContain('cross.settlementOver');
  });
});
