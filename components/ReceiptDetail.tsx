import { useEffect, useMemo, useRef, useState } from 'react';
import type { ReceiptRecord } from '@/utils/db/db';
import { FIELD_KEYS, type FieldKey, type Reason } from '@/utils/receipt/types';
import { FIELD_LABELS } from '@/utils/receipt/labels';
import { OCR_OK_CHAR_CONFIDENCE } from '@/utils/receipt/merge';
import { FieldCrop } from './FieldCrop';
import { PageImage } from './PageImage';
import { FillControls } from './fill/FillControls';
import { SpotCheck } from './fill/SpotCheck';
import { t } from '@/utils/i18n';

export const REVIEW_FIELDS: FieldKey[] = ['billCode', 'billNumber', 'checkCode', 'issueDate', 'totalAmount', 'amountInWords', 'kind', 'hospitalName', 'payerName'];
const MORE_FIELDS = FIELD_KEYS.filter((k) => !REVIEW_FIELDS.includes(k));

/** The value as read, with characters the OCR was unsure of highlighted. Text only, never HTML. */
export function Doubtful({ value, conf }: { value: string; conf?: number[] }) {
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

const display = (k: FieldKey, v: string | null | undefined) => (k === 'kind' ? (v === 'inpatient' ? '住院' : v === 'outpatient' ? '门诊' : v ?? '') : v ?? '');

export function ReceiptDetail({
  receipt,
  batch,
  onCorrect,
  onDelete,
  onFilled,
  declarationBar,
  onRequeue,
}: {
  receipt: ReceiptRecord;
  batch: Reason[];
  /** Saves the clerk's value at once; resolves false when it could not be saved (the typed value stays). */
  onCorrect: (field: FieldKey, value: string) => Promise<boolean>;
  onDelete: () => void;
  onFilled: () => void;
  declarationBar?: React.ReactNode;
  /** Read an unreadable file again. */
  onRequeue?: () => void;
}) {
  const [draft, setDraft] = useState<Partial<Record<FieldKey, string>>>({});
  const [focused, setFocused] = useState<FieldKey | null>(null);
  const first = useRef<HTMLInputElement | null>(null);
  const root = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    setDraft({});
    // focus the first doubtful field
    setTimeout(() => {
      const el = root.current?.querySelector<HTMLInputElement>('[data-testid^=field-][data-status=review], [data-testid^=field-][data-status=missing]') ?? first.current;
      el?.focus();
    }, 0);
  }, [receipt.id]);

  // typed but not yet confirmed values are saved when the panel is hidden or closed
  const pending = useRef(draft);
  pending.current = draft;
  useEffect(() => {
    const flush = () => {
      for (const [k, v] of Object.entries(pending.current) as Array<[FieldKey, string | undefined]>) {
        if (v != null && v !== display(k, receipt.fields[k]?.value)) void onCorrect(k, v);
      }
      pending.current = {};
    };
    const onHidden = () => document.visibilityState === 'hidden' && flush();
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onHidden);
    };
  }, [receipt, onCorrect]);

  const more = useMemo(() => MORE_FIELDS.filter((k) => receipt.fields[k]?.value), [receipt.fields]);
  const dup = batch.filter((r) => r.code === 'batch.duplicate');
  const other = batch.filter((r) => r.code !== 'batch.duplicate');

  const focusNext = (from: HTMLInputElement) => {
    const all = [...(root.current?.querySelectorAll<HTMLInputElement>('input[data-testid^=field-]') ?? [])];
    const i = all.indexOf(from);
    (all.slice(i + 1).find((x) => x.dataset.status !== 'ok') ?? all[i + 1])?.focus();
  };

  const fieldRow = (k: FieldKey, i: number) => {
    const fv = receipt.fields[k];
    const status = fv?.status ?? 'missing';
    const current = display(k, fv?.value);
    const shown = draft[k] ?? current;
    const ocr = fv?.candidates.find((c) => c.source === 'ocr' && c.charConfidences?.length);
    const reasons = (fv?.reasons ?? []).filter((r) => r.severity !== 'info' || r.code.startsWith('plaus.'));
    const box = fv?.box ?? fv?.candidates.find((c) => c.box)?.box;
    // the typed value leaves the draft at once (a blur right after Enter must not save it twice);
    // if it cannot be saved it comes back, so nothing typed is lost
    const commit = async (value: string) => {
      pending.current = { ...pending.current, [k]: undefined };
      setDraft((d) => ({ ...d, [k]: undefined }));
      if (!(await onCorrect(k, value))) setDraft((d) => ({ ...d, [k]: value }));
    };
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
            autoComplete="off"
            onFocus={() => setFocused(k)}
            onChange={(e) => {
              const v = e.target.value;
              pending.current = { ...pending.current, [k]: v };
              setDraft((d) => ({ ...d, [k]: v }));
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
                e.preventDefault();
                const el = e.currentTarget;
                const value = el.value;
                // Enter on an unchanged ok value just moves on; otherwise it is the clerk's value
                // an empty field is never "confirmed" as empty
                if (value.trim() && !(status === 'ok' && value === current)) void commit(value);
                focusNext(el);
              }
              // Esc drops what was typed; a second Esc (nothing typed) goes back to the list
              if (e.key === 'Escape' && draft[k] != null) {
                e.preventDefault();
                setDraft((d) => ({ ...d, [k]: undefined }));
              }
            }}
            onBlur={() => {
              const v = pending.current[k];
              if (v != null && v.trim() && v !== current) void commit(v);
            }}
          />
          {status !== 'ok' && shown && (
            <button className="accept" tabIndex={-1} onClick={() => void commit(shown)} title="Enter">
              {t('accept')}
            </button>
          )}
          {ocr && status !== 'ok' && (
            <div className="read">
              {t('readAs')}
              <Doubtful value={ocr.value} conf={ocr.charConfidences} />
            </div>
          )}
          {(status !== 'ok' || focused === k) && <FieldCrop image={receipt.pageImage} size={receipt.pageImageSize} box={box} />}
          {reasons.map((r, j) => (
            <div key={j} className={`reason ${r.severity}`}>
              {r.message}
            </div>
          ))}
        </div>
      </div>
    );
  };

  return (
    <div className="detail" data-testid="receipt-detail" data-receipt-id={receipt.id} ref={root}>
      <div className="detail-head">
        <strong title={receipt.fileName}>{receipt.fileName}</strong>
        <button className="link danger" onClick={onDelete}>
          {t('delete')}
        </button>
      </div>
      {receipt.error && (
        <p className="error" role="alert">
          {receipt.error}
        </p>
      )}
      {receipt.status === 'error' && (
        <p className="small muted">
          {t('errorHelp')}{' '}
          {onRequeue && receipt.corrections.length === 0 && (
            <button className="link" data-testid="requeue" onClick={onRequeue}>
              {t('requeue')}
            </button>
          )}
        </p>
      )}
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
      {declarationBar}
      <PageImage image={receipt.pageImage} file={receipt.file} mime={receipt.mime} />
      <div className="fields">{REVIEW_FIELDS.map(fieldRow)}</div>
      {more.length > 0 && (
        <details className="more-fields">
          <summary>{t('moreFields', { n: more.length })}</summary>
          <div className="fields">{more.map((k, i) => fieldRow(k, REVIEW_FIELDS.length + i))}</div>
        </details>
      )}
      <p className="legend small muted">
        <strong>{t('legendTitle')}</strong> {t('shortcuts')}
      </p>
      <FillControls receipt={receipt} onFilled={(r) => r.ok && onFilled()} />
      <SpotCheck receipt={receipt} />
    </div>
  );
}
