/**
 * Pure matching of page fields to receipt fields by their labels (every label source the page
 * offers), with Chinese synonyms. Ambiguities are reported instead of guessed.
 */
export type FillField = 'hospitalName' | 'kind' | 'billCode' | 'billNumber' | 'checkCode' | 'issueDate' | 'totalAmount';
export const FILL_FIELDS: FillField[] = ['hospitalName', 'kind', 'billCode', 'billNumber', 'checkCode', 'issueDate', 'totalAmount'];

/** Synonyms, strongest first. A label equal to a synonym scores 1; containing one scores less. */
export const SYNONYMS: Record<FillField, string[]> = {
  billCode: ['票据代码', '电子票据代码', '票据编码', '发票代码', '票据代号'],
  billNumber: ['票据号码', '电子票据号码', '票据号', '发票号码', '发票号', '收据号'],
  checkCode: ['校验码', '票据校验码', '验证码', '检验码'],
  issueDate: ['开票日期', '开票时间', '票据日期', '开具日期', '收费日期', '日期'],
  totalAmount: ['金额', '票据金额', '发票金额', '合计金额', '总金额', '费用金额', '金额(元)', '金额（元）', '医疗费用总额'],
  hospitalName: ['医疗机构', '医院名称', '就诊医院', '就诊机构', '医疗机构名称', '定点医疗机构', '医院'],
  kind: ['就诊类别', '就医类型', '门诊住院', '门诊/住院', '就诊类型', '医疗类别', '类别'],
};
/** Labels that look similar but must never be filled with receipt values. */
const NEGATIVE = /(出生|证件|身份证|电话|手机|姓名|参保|申报原因|备注|序号|操作|联系|地址|邮箱|银行|账号)/;

export interface FieldDescriptor {
  id: string;
  /** A CSS selector that finds the field again after a reload (stable id or tag path). */
  selector?: string;
  labels: string[];
  kind: string;
  row: number | null;
  visible: boolean;
  disabled: boolean;
  readonly: boolean;
  value: string;
}

const clean = (s: string) => s.normalize('NFKC').replace(/[\s*＊:：]/g, '').replace(/[（(](必填|元|人民币)[)）]/g, '');

export function scoreLabel(label: string, field: FillField): number {
  const l = clean(label);
  if (!l || l.length > 24 || NEGATIVE.test(l)) return 0;
  let best = 0;
  SYNONYMS[field].forEach((syn, i) => {
    const s = clean(syn);
    const rank = 1 - i * 0.02;
    if (l === s) best = Math.max(best, rank);
    else if (l.includes(s)) best = Math.max(best, 0.8 * rank * (s.length / l.length) + 0.1);
  });
  return best;
}

export function scoreField(d: FieldDescriptor, field: FillField): number {
  return Math.max(0, ...d.labels.map((l) => scoreLabel(l, field)));
}

export interface Ambiguity {
  field: FillField;
  /** descriptor ids the field could be */
  candidates: string[];
  /** two page fields equally good for one receipt field, or one label naming two receipt fields */
  reason: 'two-page-fields' | 'label-two-fields';
}

export interface MatchResult {
  /** receipt field → descriptor id */
  map: Partial<Record<FillField, string>>;
  ambiguous: Ambiguity[];
  missing: FillField[];
}

/**
 * Receipt fields a single label names at separate places ("票据代码/号码", "开票日期及金额"):
 * such a field is not guessed. Nested synonyms of one field (票据号 in 票据号码) count once.
 */
export function fieldsNamedBy(label: string): FillField[] {
  const l = clean(label);
  if (!l || l.length > 24 || NEGATIVE.test(l)) return [];
  const spans: Array<{ f: FillField; a: number; b: number }> = [];
  for (const f of FILL_FIELDS) {
    for (const syn of SYNONYMS[f]) {
      const s = clean(syn);
      const at = l.indexOf(s);
      if (at >= 0) spans.push({ f, a: at, b: at + s.length });
    }
  }
  // keep the longest span of each position; a span inside a longer one (any field) is not a name of its own
  const kept = spans.filter((x) => !spans.some((y) => y !== x && y.a <= x.a && y.b >= x.b && y.b - y.a > x.b - x.a));
  // shorthand after a separator: "票据代码/号码" names 票据号码 too
  const tail = /[\/、及和与]号码$/.test(l) && kept.some((x) => x.f === 'billCode');
  const fields = new Set(kept.map((x) => x.f));
  if (tail) fields.add('billNumber');
  return [...fields];
}

function namesTwoFields(d: FieldDescriptor): FillField[] {
  // one label equal to a synonym settles it ("票据号码" as label, "请输入票据号码或代码" as placeholder)
  if (FILL_FIELDS.some((f) => d.labels.some((l) => scoreLabel(l, f) >= 0.9))) return [];
  for (const l of d.labels) {
    const fs = fieldsNamedBy(l);
    if (fs.length >= 2) return fs;
  }
  return [];
}

/** Match within one row (or a form without rows). */
export function matchFields(descs: FieldDescriptor[], taught: Partial<Record<FillField, string>> = {}): MatchResult {
  const usable = descs.filter((d) => d.visible && !d.disabled && !d.readonly);
  const map: Partial<Record<FillField, string>> = {};
  const ambiguous: MatchResult['ambiguous'] = [];
  const taken = new Set<string>();
  for (const [f, id] of Object.entries(taught) as Array<[FillField, string]>) {
    if (usable.some((d) => d.id === id)) {
      map[f] = id;
      taken.add(id);
    }
  }
  // a field whose label names two receipt fields is nobody's until the clerk teaches it
  const twoNamed = new Map<string, FillField[]>();
  for (const d of usable) {
    if (taken.has(d.id)) continue;
    const fs = namesTwoFields(d);
    if (fs.length >= 2) {
      twoNamed.set(d.id, fs);
      taken.add(d.id);
    }
  }
  // best field per descriptor, then best descriptor per field
  const scored = FILL_FIELDS.filter((f) => !map[f]).map((f) => ({
    f,
    list: usable
      .filter((d) => !taken.has(d.id))
      .map((d) => ({ d, s: scoreField(d, f) }))
      .filter((x) => x.s >= 0.5)
      .sort((a, b) => b.s - a.s),
  }));
  // assign strongest matches first
  scored.sort((a, b) => (b.list[0]?.s ?? 0) - (a.list[0]?.s ?? 0));
  for (const { f, list } of scored) {
    const free = list.filter((x) => !taken.has(x.d.id));
    if (!free.length) continue;
    const top = free[0];
    // a descriptor that is a better match for another field is not this one's
    const better = FILL_FIELDS.some((g) => g !== f && scoreField(top.d, g) > top.s + 0.05);
    if (better) continue;
    const ties = free.filter((x) => Math.abs(x.s - top.s) < 0.01);
    if (ties.length > 1) {
      ambiguous.push({ field: f, candidates: ties.map((x) => x.d.id), reason: 'two-page-fields' });
      continue;
    }
    map[f] = top.d.id;
    taken.add(top.d.id);
  }
  for (const [id, fs] of twoNamed) {
    for (const f of fs) {
      if (map[f]) continue;
      const a = ambiguous.find((x) => x.field === f);
      if (a) a.candidates.push(id);
      else ambiguous.push({ field: f, candidates: [id], reason: 'label-two-fields' });
    }
  }
  const missing = FILL_FIELDS.filter((f) => !map[f] && !ambiguous.some((a) => a.field === f));
  return { map, ambiguous, missing };
}

/** Receipt values as a page shows them. */
export function pageValues(v: { hospitalName?: string | null; kind?: string | null; billCode?: string | null; billNumber?: string | null; checkCode?: string | null; issueDate?: string | null; totalAmount?: string | null }): Partial<Record<FillField, string>> {
  const out: Partial<Record<FillField, string>> = {};
  for (const f of FILL_FIELDS) {
    const x = v[f];
    if (x == null || x === '') continue;
    out[f] = f === 'kind' ? (x === 'inpatient' ? '住院' : x === 'outpatient' ? '门诊' : x) : x;
  }
  return out;
}

/** Does what the page shows equal what we meant to put there? */
export function sameOnPage(field: FillField, expected: string, actual: string): boolean {
  const a = actual.normalize('NFKC').trim();
  const e = expected.normalize('NFKC').trim();
  if (field === 'totalAmount') {
    const n = (s: string) => Number(s.replace(/[,¥￥元\s]/g, ''));
    return a !== '' && Number.isFinite(n(a)) && Math.round(n(a) * 100) === Math.round(n(e) * 100);
  }
  if (field === 'issueDate') return a.replace(/[年月/.]/g, '-').replace(/日$/, '').replace(/-(\d)(?!\d)/g, '-0$1') === e;
  if (field === 'checkCode') return a.toLowerCase() === e.toLowerCase();
  return a === e;
}
