import { useEffect, useRef, useState } from 'react';
import type { ReceiptRecord } from '@/utils/db/db';
import type { FieldKey, Reason } from '@/utils/receipt/types';
import { FIELD_LABELS } from '@/utils/receipt/labels';
import { OCR_OK_CHAR_CONFIDENCE } from '@/utils/receipt/merge';
import { FieldCrop } from './FieldCrop';
import { FillControls } from './fill/FillControls';
import { t } from '@/utils/i18n';

export const REVIEW_FIELDS: FieldKey[] = ['billCode', 'billNumber', 'checkCode', 'issueDate', 'totalAmount', 'amountInWords', 'kind', 'hospitalName', 'payerName'];

function Doubtful({ value, conf }: { value: string; conf?: number[] }) {
  if (!conf || conf.length !== value.length) return <>{value}</>;
  return (
    <>
      {[...value].map((ch, i) => (
        <span key={i} className={conf[i] < OCR_OK_CHAR_CONFIDENCE ? 'doubt' : undefined} title={conf[i] < OCR_OK_CHAR_CONFIDENCE ? `把握 ${Math.round(conf[i] * 100)}%` : undefined}>
          {ch}
        </span>
      ))}
    </>
  );
}

export function ReceiptDetail({
  receipt,
  batch,
  onCorrect,
  onDelete,
  onFilled,
}: {
  receipt: ReceiptRecord;
  batch: Reason[];
  onCorrect: (field: FieldKey, value: string) => void;
  onDelete: () => void;
  onFilled: () => void;
}) {
  const [draft, setDraft] = useState<Partial<Record<FieldKey, string>>>({});
  const first = useRef<HTMLInputElement | null>(null);
  useEffect(() => {
    setDraft({});
    // focus the first doubtful field
    setTimeout(() => {
      const el = document.querySelector<HTMLInputElement>('[data-testid^=field-][data-status=review], [data-testid^=field-][data-status=missing]') ?? first.current;
      el?.focus();
    }, 0);
  }, [receipt.id]);

  const dup = batch.filter((r) => r.code === 'batch.duplicate');
  const other = batch.filter((r) => r.code !== 'batch.duplicate');
  return (
    <div className="detail" data-testid="receipt-detail" data-receipt-id={receipt.id}>
      <div className="detail-head">
        <strong title={receipt.fileName}>{receipt.fileName}</strong>
        <button className="link danger" onClick={onDelete}>
          {t('delete')}
        </button>
      </div>
      {receipt.error && <p className="error" role="alert">{receipt.error}</p>}
      {dup.length > 0 && (
        <p className="error" data-testid="duplicate-warning" role="alert">
          {dup[0].message}
        </p>
      )}
      {other.map((r, i) => (
        <p key={i} className={r.severity === 'error' ? 'error' : 'warn'}>
          {r.message}
        </p>
      ))}
      <p className="muted small">{t('shortcuts')}</p>
      <div className="fields">
        {REVIEW_FIELDS.map((k, i) => {
          const fv = receipt.fields[k];
          const status = fv?.status ?? 'missing';
          const shown = draft[k] ?? (k === 'kind' ? (fv?.value === 'inpatient' ? '住院' : fv?.value === 'outpatient' ? '门诊' : fv?.value ?? '') : fv?.value ?? '');
          const ocr = fv?.candidates.find((c) => c.source === 'ocr' && c.charConfidences?.length);
          const reasons = (fv?.reasons ?? []).filter((r) => r.severity !== 'info' || r.code.startsWith('plaus.'));
          return (
            <div key={k} className={`field ${status}`}>
              <label htmlFor={`f-${k}`}>
                {FIELD_LABELS[k]}
                <span className={`dot ${status}`} aria-label={status} />
              </label>
              <div className="field-body">
                <input
                  id={`f-${k}`}
                  ref={i === 0 ? first : undefined}
                  data-testid={`field-${k}`}
                  data-status={status}
                  value={shown}
                  spellCheck={false}
                  onChange={(e) => setDraft((d) => ({ ...d, [k]: e.target.value }))}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
                      e.preventDefault();
                      onCorrect(k, (e.target as HTMLInputElement).value);
                      setDraft((d) => ({ ...d, [k]: undefined }));
                      // move to the next doubtful field
                      const next = [...document.querySelectorAll<HTMLInputElement>('[data-testid^=field-]')].slice(i + 1).find((x) => x.dataset.status !== 'ok');
                      next?.focus();
                    }
                    if (e.key === 'Escape') setDraft((d) => ({ ...d, [k]: undefined }));
                  }}
                  onBlur={(e) => {
                    const v = draft[k];
                    if (v != null && v !== (fv?.value ?? '')) {
                      onCorrect(k, e.target.value);
                      setDraft((d) => ({ ...d, [k]: undefined }));
                    }
                  }}
                />
                {status !== 'ok' && fv?.value && (
                  <button className="accept" tabIndex={-1} onClick={() => onCorrect(k, shown)} title="Enter">
                    {t('accept')}
                  </button>
                )}
                {ocr && status !== 'ok' && (
                  <div className="read">
                    识别为：<Doubtful value={ocr.value} conf={ocr.charConfidences} />
                  </div>
                )}
                {status !== 'ok' && <FieldCrop image={receipt.pageImage} size={receipt.pageImageSize} box={fv?.box ?? fv?.candidates.find((c) => c.box)?.box} />}
                {reasons.map((r, j) => (
                  <div key={j} className={`reason ${r.severity}`}>
                    {r.message}
                  </div>
                ))}
              </div>
            </div>
          );
        })}
      </div>
      <FillControls receipt={receipt} onFilled={(r) => r.ok && onFilled()} />
    </div>
  );
}
