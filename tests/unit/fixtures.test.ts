/** The committed fixture set is internally consistent (truth files well-formed, inconsistencies only where declared). */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseChineseAmount } from '../../utils/receipt';

const ROOT = resolve(import.meta.dirname, '../fixtures/receipts');
function* walk(dir: string): Generator<string> {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) yield* walk(p);
    else yield p;
  }
}
const truths = [...walk(ROOT)].filter((f) => f.endsWith('.json')).map((f) => ({ f, t: JSON.parse(readFileSync(f, 'utf8')) }));

describe('fixture set', () => {
  it('has every kind of input', () => {
    for (const k of ['clean', 'scan', 'photo', 'pdf', 'ofd', 'review', 'bad']) expect(existsSync(join(ROOT, k))).toBe(true);
    expect(truths.filter((x) => !x.t.expectError).length).toBeGreaterThanOrEqual(30);
  });

  it.each(truths.filter((x) => !x.t.expectError).map((x) => [x.f.slice(ROOT.length + 1), x.t]))('%s is well-formed and consistent', (_f, t: any) => {
    expect(t.billCode).toMatch(/^\d{8}$/);
    expect(t.billNumber).toMatch(/^\d{10}$/);
    expect(t.checkCode).toMatch(/^[0-9a-zA-Z]{6}$/);
    expect(t.issueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(t.totalAmount).toMatch(/^\d+\.\d{2}$/);
    expect(['outpatient', 'inpatient']).toContain(t.kind);
    const must: string[] = t.mustReview ?? [];
    if (!must.includes('totalAmount')) expect(parseChineseAmount(t.amountInWords)).toBe(t.totalAmount);
    else expect(parseChineseAmount(t.amountInWords)).not.toBe(t.totalAmount);
    if (!must.includes('billCode')) expect(t.billCode.slice(6, 8)).toBe(t.issueDate.slice(2, 4));
    if (!must.includes('issueDate')) expect(t.issueDate <= '2026-11-25').toBe(true);
  });
});
