/**
 * npm run eval -- <dir> [--json] [--today YYYY-MM-DD] [--dump <file.jsonl>] [--perturb-qr <seed>]
 * Runs the extension's extraction pipeline in Node on every receipt file under <dir> and compares
 * with NAME.json truth files (contract §2). With --json the last stdout line is one JSON object.
 * With --dump, every reading of every field is written out too, for tests/eval/remerge.ts.
 * With --perturb-qr, the QR codes disagree with the print by one digit: silentErrors must stay 0.
 * With --perturb-qr-fields, every value in every QR code disagrees with the print by one glyph, changed to
 * a look-alike where there is one (c↔e, a↔d, b→6, f→e; a digit to another digit): silentErrors must stay 0.
 */
import { appendFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join, relative, resolve } from 'node:path';
import { extractReceipt } from '../../utils/extract/pipeline';
import { createNodeExtractEnv } from '../../utils/extract/node';
import { canon } from './canon';
import { parseQrPayload } from '../../utils/extract/qr';
import type { FieldKey } from '../../utils/receipt/types';

const args = process.argv.slice(2);
const json = args.includes('--json');
const ti = args.indexOf('--today');
const today = ti >= 0 ? args[ti + 1] : undefined;
const di = args.indexOf('--dump');
/** --dump <file.jsonl>: every scored file's readings per field (value, source, confidence), with the truth, one JSON line each (tests/eval/remerge.ts re-runs the merge on them) */
const dumpPath = di >= 0 ? args[di + 1] : undefined;
const pi = args.indexOf('--perturb-qr');
/** --perturb-qr <seed>: one digit of every decoded QR payload changed before the pipeline sees it — a QR that
 * disagrees with the print; any field that then comes out ok and wrong is a silent error (dev safety check) */
const perturbSeed = pi >= 0 ? Math.abs(Math.trunc(Number(args[pi + 1]))) : undefined;
const pfi = args.indexOf('--perturb-qr-fields');
/** --perturb-qr-fields <seed>: every value of every decoded QR payload changed by one glyph, a look-alike
 * where there is one — the QR and the print disagree in every field, each in the way OCR most often misreads */
const fieldsSeed = pfi >= 0 ? Math.abs(Math.trunc(Number(args[pfi + 1]))) : undefined;
const dir = args.find((a, i) => !a.startsWith('--') && !['--today', '--dump', '--perturb-qr', '--perturb-qr-fields'].includes(args[i - 1]));
if (!dir || (perturbSeed != null && !Number.isFinite(perturbSeed)) || (fieldsSeed != null && !Number.isFinite(fieldsSeed))) {
  console.error('用法 / usage: npm run eval -- <dir> [--json] [--today YYYY-MM-DD] [--dump <file.jsonl>] [--perturb-qr <seed: a whole number>] [--perturb-qr-fields <seed>]');
  process.exit(2);
}

const EXTS = new Set(['.png', '.jpg', '.jpeg', '.webp', '.pdf', '.ofd']);
const SCORED: FieldKey[] = ['billCode', 'billNumber', 'checkCode', 'issueDate', 'totalAmount', 'kind', 'payerName', 'hospitalName'];
const FIVE: FieldKey[] = ['billCode', 'billNumber', 'checkCode', 'issueDate', 'totalAmount'];

async function* walk(d: string): AsyncGenerator<string> {
  for (const e of (await readdir(d, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(d, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (EXTS.has(extname(e.name).toLowerCase())) yield p;
  }
}


const root = resolve(dir);
if (dumpPath) await writeFile(dumpPath, '');
const log = (s: string) => (json ? process.stderr.write(s + '\n') : console.log(s));
const env = await createNodeExtractEnv({ today });
let perturbed = 0;
if (perturbSeed != null && env.zxing) {
  const zxing = env.zxing;
  env.zxing = {
    readBarcodes: async (b, o) =>
      (await zxing.readBarcodes(b, o)).map((r) => {
        const at = [...r.text].flatMap((c, i) => (/\d/.test(c) ? [i] : []));
        if (!at.length) return r;
        const i = at[(perturbSeed * 7919 + r.text.length) % at.length];
        perturbed++;
        return { ...r, text: r.text.slice(0, i) + String((Number(r.text[i]) + 1 + (perturbSeed % 9)) % 10) + r.text.slice(i + 1) };
      }),
  };
}
if (fieldsSeed != null && env.zxing) {
  const zxing = env.zxing;
  const hash = (s: string) => [...s].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261 ^ fieldsSeed);
  const LOOKALIKE: Record<string, string> = { a: 'd', d: 'a', b: '6', c: 'e', e: 'c', f: 'e', A: 'D', D: 'A', B: '8', C: 'G', E: 'F', F: 'E' };
  const change = (v: string) => {
    const at = [...v].flatMap((c, i) => (/[0-9a-zA-Z]/.test(c) ? [i] : []));
    const h = hash(v);
    const i = at[h % at.length];
    const c = v[i];
    const to = /\d/.test(c) ? String((Number(c) + 1 + ((h >>> 8) % 9)) % 10) : LOOKALIKE[c] ?? (c === 'z' ? 'y' : String.fromCharCode(c.charCodeAt(0) + 1));
    return v.slice(0, i) + to + v.slice(i + 1);
  };
  env.zxing = {
    readBarcodes: async (b, o) =>
      (await zxing.readBarcodes(b, o)).map((r) => {
        let text = r.text;
        for (const cands of Object.values(parseQrPayload(r.text))) {
          for (const c of cands ?? []) {
            const esc = c.value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
            const re = new RegExp(`(?<![0-9A-Za-z])${esc}(?![0-9A-Za-z])`);
            if (re.test(text)) {
              text = text.replace(re, change(c.value));
              perturbed++;
            }
          }
        }
        return { ...r, text };
      }),
  };
}
const fields: Record<string, { correct: number; flagged: number; silentWrong: number }> = {};
for (const f of SCORED) fields[f] = { correct: 0, flagged: 0, silentWrong: 0 };
let files = 0, allFive = 0, silentErrors = 0, missedReview = 0, scoredFiles = 0, errors = 0;
const times: number[] = [];
const silentList: string[] = [];

for await (const file of walk(root)) {
  files++;
  const bytes = new Uint8Array(await readFile(file));
  const res = await extractReceipt({ name: basename(file), bytes }, env);
  times.push(res.ms);
  const truthPath = file.slice(0, -extname(file).length) + '.json';
  const truth = await readFile(truthPath, 'utf8').then(JSON.parse).catch(() => null);
  const rel = relative(root, file);
  if (res.error) errors++;
  if (!truth || truth.expectError) {
    log(`${rel.padEnd(34)} ${res.error ? '错误：' + res.error.message : '（无真值）'}  ${res.ms.toFixed(0)} ms`);
    continue;
  }
  scoredFiles++;
  const must: string[] = Array.isArray(truth.mustReview) ? truth.mustReview : [];
  const marks: string[] = [];
  let fiveOk = true;
  for (const f of SCORED) {
    const fv = res.fields[f];
    const tv = canon(f, truth[f]);
    if (tv == null) continue;
    const got = fv?.value != null ? canon(f, fv.value) : null;
    const status = fv?.status ?? 'missing';
    let outcome: 'correct' | 'flagged' | 'silentWrong';
    if (status !== 'ok') outcome = 'flagged';
    else if (got === tv) outcome = 'correct';
    else outcome = 'silentWrong';
    fields[f][outcome]++;
    if (outcome === 'silentWrong') {
      silentErrors++;
      silentList.push(`${rel} ${f}: ${got} ≠ ${tv}`);
    }
    if (must.includes(f) && status === 'ok') missedReview++;
    if (FIVE.includes(f) && !(outcome === 'correct')) fiveOk = false;
    marks.push(`${f.slice(0, 6)}:${outcome === 'correct' ? '✓' : outcome === 'flagged' ? '?' : '✗'}`);
  }
  for (const f of must) if (!SCORED.includes(f as FieldKey) && res.fields[f as FieldKey]?.status === 'ok') missedReview++;
  if (fiveOk) allFive++;
  if (dumpPath) {
    const rec: Record<string, unknown> = { file: rel, ms: Math.round(res.ms), fields: {} };
    for (const f of [...FIVE, 'amountInWords' as FieldKey]) {
      const fv = res.fields[f];
      (rec.fields as Record<string, unknown>)[f] = {
        truth: canon(f, truth[f]),
        value: fv?.value != null ? canon(f, fv.value) : null,
        status: fv?.status ?? 'missing',
        reasons: (fv?.reasons ?? []).map((r) => r.code),
        candidates: (fv?.candidates ?? []).map((c) => ({ value: c.value, source: c.source, derived: c.derived ?? null, confidence: c.confidence ?? null, charConfidences: c.charConfidences ?? null })),
      };
    }
    await appendFile(dumpPath, JSON.stringify(rec) + '\n');
  }
  log(`${rel.padEnd(34)} ${marks.join(' ')}  ${res.ms.toFixed(0)} ms${res.error ? '  错误：' + res.error.message : ''}`);
}
await env.ocr?.terminate?.();
await env.wordsOcr?.terminate?.();
await env.valuesOcr?.terminate?.();

times.sort((a, b) => a - b);
const q = (p: number) => (times.length ? Math.round(times[Math.min(times.length - 1, Math.floor(p * (times.length - 1) + 0.5))]) : 0);
const summary = { files, fields, allFiveCorrectAndOk: allFive, silentErrors, missedReview, medianMs: q(0.5), p95Ms: q(0.95), scoredFiles, errors };
log('');
if (perturbSeed != null) log(`QR payloads changed by one digit (--perturb-qr ${perturbSeed}): ${perturbed}`);
if (fieldsSeed != null) log(`QR values changed by one glyph (--perturb-qr-fields ${fieldsSeed}): ${perturbed}`);
log(`files ${files} (scored ${scoredFiles}, errors ${errors}) · all five correct+ok ${allFive}/${scoredFiles} · silentErrors ${silentErrors} · missedReview ${missedReview} · median ${summary.medianMs} ms · p95 ${summary.p95Ms} ms`);
for (const f of SCORED) log(`  ${f.padEnd(13)} correct ${fields[f].correct}  flagged ${fields[f].flagged}  silentWrong ${fields[f].silentWrong}`);
for (const s of silentList) log(`  SILENT WRONG: ${s}`);
if (json) console.log(JSON.stringify(summary));
