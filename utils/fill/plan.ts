/**
 * The fill plan: pure and serialisable. Page fields (descriptors of one record) ↔ receipt values,
 * what cannot be filled and why; and the verdict of a read-back. Runs in Node for unit tests.
 */
import { FILL_FIELDS, matchFields, sameOnPage, type FieldDescriptor, type FillField, type MatchResult } from './match';

export interface PlanStep {
  field: FillField;
  /** descriptor id (the page mark) and selector to find the field again */
  id: string;
  selector?: string;
  kind: string;
  value: string;
}

export type SkipState = 'not-found' | 'ambiguous' | 'skipped';

export interface FillPlan {
  row: number | null;
  steps: PlanStep[];
  skipped: Array<{ field: FillField; state: SkipState; expected: string; reason: string }>;
}

export type ResultState = 'filled' | 'differs' | 'not-found' | 'ambiguous' | 'skipped';
export interface FieldResult {
  field: FillField;
  state: ResultState;
  expected: string;
  actual?: string;
  /** what the widget holds, when it differs from what it shows */
  held?: string;
  reason?: string;
}

/** Records (rows) of a page that look like a receipt row: at least `min` receipt fields matched. */
export function receiptRows(descs: FieldDescriptor[], taughtIds: (row: FieldDescriptor[]) => Partial<Record<FillField, string>> = () => ({}), min = 3) {
  const byRow = new Map<number | null, FieldDescriptor[]>();
  for (const d of descs) byRow.set(d.row, [...(byRow.get(d.row) ?? []), d]);
  return [...byRow]
    .map(([row, ds]) => ({ row, descs: ds, match: matchFields(ds, taughtIds(ds)) }))
    .filter((r) => Object.keys(r.match.map).length >= min)
    .sort((a, b) => (a.row ?? -1) - (b.row ?? -1));
}

/** Is every matched field of the record empty? */
export function isEmptyRecord(descs: FieldDescriptor[], match: MatchResult): boolean {
  return Object.values(match.map).every((id) => !(descs.find((d) => d.id === id)?.value ?? '').trim());
}

export function buildPlan(descs: FieldDescriptor[], match: MatchResult, values: Partial<Record<FillField, string>>): FillPlan {
  const plan: FillPlan = { row: descs[0]?.row ?? null, steps: [], skipped: [] };
  for (const field of FILL_FIELDS) {
    const value = values[field];
    if (value == null || value === '') continue;
    const amb = match.ambiguous.find((a) => a.field === field);
    if (amb) {
      plan.skipped.push({
        field,
        state: 'ambiguous',
        expected: value,
        reason: amb.reason === 'label-two-fields' ? '页面字段的标签同时指向两个票据字段，未填写' : '页面上有多个同样像的字段，未填写',
      });
      continue;
    }
    const id = match.map[field];
    const d = id ? descs.find((x) => x.id === id) : undefined;
    if (!d) {
      plan.skipped.push({ field, state: 'not-found', expected: value, reason: '页面上没有找到这个字段' });
      continue;
    }
    if (!d.visible || d.disabled || d.readonly) {
      plan.skipped.push({ field, state: 'skipped', expected: value, reason: '页面字段不可编辑（隐藏、禁用或只读）' });
      continue;
    }
    plan.steps.push({ field, id: d.id, selector: d.selector, kind: d.kind, value });
  }
  return plan;
}

/** Verdict per field from what was read back (`shown`: displayed value; `held`: widget value when different). */
export function verify(plan: FillPlan, readBack: Record<string, { shown: string; held?: string } | undefined>): FieldResult[] {
  const out: FieldResult[] = [];
  for (const s of plan.steps) {
    const r = readBack[s.id];
    if (!r) {
      out.push({ field: s.field, state: 'differs', expected: s.value, actual: '', reason: '填写后页面字段不见了' });
      continue;
    }
    const ok = sameOnPage(s.field, s.value, r.shown) && (r.held == null || r.held === '' || sameOnPage(s.field, s.value, r.held) || s.kind.endsWith('select') || s.kind === 'combobox');
    out.push({ field: s.field, state: ok ? 'filled' : 'differs', expected: s.value, actual: r.shown, ...(r.held != null && r.held !== r.shown ? { held: r.held } : {}) });
  }
  for (const k of plan.skipped) out.push({ field: k.field, state: k.state, expected: k.expected, reason: k.reason });
  return out.sort((a, b) => FILL_FIELDS.indexOf(a.field) - FILL_FIELDS.indexOf(b.field));
}
