import { memo } from 'react';
import type { ReceiptRecord } from '@/utils/db/db';
import { KIND_LABEL, receiptState, type DeclarationGroup, type ReceiptState } from '@/utils/db/summary';
import { getLocale, t } from '@/utils/i18n';

const STATE_LABEL: Record<ReceiptState, () => string> = {
  queued: () => t('stateQueued'),
  processing: () => t('stateProcessing'),
  error: () => t('stateError'),
  review: () => t('stateReview'),
  ok: () => t('stateOk'),
  filled: () => t('stateFilled'),
};

export const kindLabel = (k?: string) => (k === 'inpatient' ? t('kindInpatient') : k === 'outpatient' ? t('kindOutpatient') : t('kindUnknown'));

/** One row. Values read from the receipt are rendered as text (React escapes), never as HTML. */
const Row = memo(
  function Row({ r, selected, duplicate, onSelect }: { r: ReceiptRecord; selected: boolean; duplicate: boolean; onSelect: (id: string) => void; locale: string }) {
  const state = receiptState(r);
  const f = r.fields;
  return (
    <li
      role="option"
      aria-selected={selected}
      tabIndex={0}
      data-testid="receipt-item"
      data-receipt-id={r.id}
      data-file-name={r.fileName}
      data-state={state}
      className={`item ${state} ${selected ? 'selected' : ''}`}
      onClick={() => onSelect(r.id)}
      onKeyDown={(e) => e.key === 'Enter' && onSelect(r.id)}
    >
      <span className={`badge ${state}`}>{STATE_LABEL[state]()}</span>
      <span className="name" title={r.fileName}>
        {f.billNumber?.value ? `No.${f.billNumber.value}` : r.fileName}
        <small className={state === 'error' ? 'error' : undefined}>
          {state === 'error' ? r.error ?? '' : [f.issueDate?.value, f.billNumber?.value ? r.fileName : null].filter(Boolean).join(' · ')}
        </small>
      </span>
      {duplicate && <span className="badge dup">{t('duplicate')}</span>}
      <span className="amount">{f.totalAmount?.value ? `¥${f.totalAmount.value}` : ''}</span>
    </li>
  );
},
// live queries hand over new objects on every change: re-render a row only when its record changed
(a, b) => a.r.id === b.r.id && a.r.updatedAt === b.r.updatedAt && a.r.status === b.r.status && a.selected === b.selected && a.duplicate === b.duplicate && a.onSelect === b.onSelect && a.locale === b.locale);

/**
 * Receipts grouped by declaration (hospital + kind) with counts and totals. Only the first
 * `limit` rows are rendered (the rest behind "show more"), so 1,000 stored receipts open fast.
 */
export function ReceiptList({
  groups,
  limit,
  selected,
  onSelect,
  duplicates,
  renderActions,
}: {
  groups: DeclarationGroup[];
  limit: number;
  selected: string | null;
  onSelect: (id: string) => void;
  duplicates: Set<string>;
  renderActions?: (g: DeclarationGroup) => React.ReactNode;
}) {
  let budget = limit;
  return (
    <div className="groups">
      {groups.map((g) => {
        if (budget <= 0) return null;
        const rows = g.receipts.slice(0, budget);
        budget -= rows.length;
        const d = g.declaration;
        return (
          <section key={g.id || 'none'} className="group" data-testid="declaration-group" data-declaration-id={g.id}>
            <header className="group-head">
              <span className="group-title" title={d?.hospitalName}>
                {d ? `${d.hospitalName} · ${kindLabel(d.kind)}` : t('groupUnassigned')}
              </span>
              <span className="group-stats">
                {g.receipts.some((r) => r.fields.totalAmount?.value) ? t('groupStats', { n: g.count, total: g.totalYuan }) : t('groupCount', { n: g.count })}
                {g.needReview > 0 && <span className="badge review">{t('groupReview', { n: g.needReview })}</span>}
                {d && d.status !== 'draft' && <span className="badge ok">{d.status === 'filled' ? t('stateFilled') : d.status === 'submitted' ? t('declSubmitted') : t('declReady')}</span>}
              </span>
              {d && renderActions && <span className="group-actions">{renderActions(g)}</span>}
            </header>
            <ul className="list" role="listbox" aria-label={d ? d.hospitalName : t('groupUnassigned')}>
              {rows.map((r) => (
                <Row key={r.id} r={r} selected={selected === r.id} duplicate={duplicates.has(r.id)} onSelect={onSelect} locale={getLocale()} />
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

export { KIND_LABEL };
