/**
 * npx tsx tests/eval/remerge.ts <dump.jsonl>... — the merge run again on readings dumped by
 * `npm run eval -- <dir> --dump <file>`, without reading a single image: try a merge rule (a threshold in
 * utils/receipt/merge.ts) on hundreds of receipts in seconds. Prints, per field, how many values the
 * merge makes ok and right now, against how many the dumped run had ok and right; and every value it
 * makes ok but WRONG (a rule that makes any is not safe). The cross-checks of validate.ts (大写 against
 * 小写, settlement sums) are not re-run: the total's count is the merge's alone.
 */
import { readFileSync } from 'node:fs';
import { mergeCandidates } from '../../utils/receipt/merge';
import { canon } from './canon';
import type { Candidate, FieldKey } from '../../utils/receipt/types';

const FIELDS: FieldKey[] = ['billCode', 'billNumber', 'checkCode', 'issueDate', 'totalAmount'];
const paths = process.argv.slice(2);
if (!paths.length) {
  console.error('usage: npx tsx tests/eval/remerge.ts <dump.jsonl>...');
  process.exit(2);
}
const stats: Record<string, { okNow: number; okDumped: number; wrongNow: number; n: number }> = {};
const wrong: string[] = [];
const changed: string[] = [];
for (const p of paths)
  for (const line of readFileSync(p, 'utf8').split('\n').filter(Boolean)) {
    const rec = JSON.parse(line);
    for (const f of FIELDS) {
      const d = rec.fields[f];
      if (!d || d.truth == null) continue;
      const cands: Candidate[] = d.candidates.map((c: any) => ({
        value: c.value,
        source: c.source,
        ...(c.confidence != null ? { confidence: c.confidence } : {}),
        ...(c.derived ? { derived: c.derived } : {}),
        ...(c.charConfidences ? { charConfidences: c.charConfidences } : {}),
      }));
      const m = mergeCandidates(f, cands);
      const v = m.value != null ? canon(f, m.value) : null;
      const s = (stats[f] ??= { okNow: 0, okDumped: 0, wrongNow: 0, n: 0 });
      s.n++;
      const dumpedOk = d.status === 'ok' && d.value === d.truth;
      const nowOk = m.status === 'ok' && v === d.truth;
      if (dumpedOk) s.okDumped++;
      if (nowOk) s.okNow++;
      const shown = `${rec.file} ${f}: ${JSON.stringify(d.candidates.map((c: any) => [c.value, c.source, c.derived, c.confidence == null ? null : +c.confidence.toFixed(2)]))}`;
      if (m.status === 'ok' && v !== d.truth) {
        s.wrongNow++;
        wrong.push(`${shown} → ${v} ≠ ${d.truth}`);
      } else if (nowOk !== dumpedOk) changed.push(`${nowOk ? '+' : '-'} ${shown}`);
    }
  }
for (const f of FIELDS) if (stats[f]) console.log(`${f.padEnd(12)} ok+right ${stats[f].okNow} (dumped run ${stats[f].okDumped}) of ${stats[f].n}  ok but WRONG ${stats[f].wrongNow}`);
for (const c of changed) console.log(c);
for (const w of wrong) console.log('WRONG', w);
