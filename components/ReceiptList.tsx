import type { ReceiptRecord } from '@/utils/db/db';
import { receiptState, type ReceiptState } from './state';
import { t } from '@/utils/i18n';

const STATE_LABEL: Record<ReceiptState, () => string> = {
  queued: () => t('stateQueued'),
  processing: () => t('stateProcessing'),
  error: () => t('stateError'),
  review: () => t('stateReview'),
  ok: () => t('stateOk'),
  filled: () => t('stateFilled'),
};

export function ReceiptList({ receipts, selected, onSelect, duplicates }: { receipts: ReceiptRecord[]; selected: string | null; onSelect: (id: string) => void; duplicates: Set<string> }) {
  return (
    <ul className="list" role="listbox" aria-label="票据列表">
      {receipts.map((r) => {
        const state = receiptState(r);
        const f = r.fields;
        return (
          <li
            key={r.id}
            role="option"
            aria-selected={selected === r.id}
            tabIndex={0}
            data-testid="receipt-item"
            data-receipt-id={r.id}
            data-file-name={r.fileName}
            data-state={state}
            className={`item ${state} ${selected === r.id ? 'selected' : ''}`}
            onClick={() => onSelect(r.id)}
            onKeyDown={(e) => e.key === 'Enter' && onSelect(r.id)}
          >
            <span className={`badge ${state}`}>{STATE_LABEL[state]()}</span>
            <span className="name" title={r.fileName}>
              {f.hospitalName?.value ?? r.fileName}
              <small>{f.billNumber?.value ? `No.${f.billNumber.value}` : r.fileName}</small>
            </span>
            {duplicates.has(r.id) && <span className="badge dup">{t('duplicate')}</span>}
            <span className="amount">{f.totalAmount?.value ? `¥${f.totalAmount.value}` : ''}</span>
          </li>
        );
      })}
    </ul>
  );
}
