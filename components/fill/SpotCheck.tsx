/**
 * Spot check: reads what the page holds now in the chosen row and compares it field by field with
 * the receipt, differences highlighted. Reads only; never changes the page.
 */
import { useEffect, useState } from 'react';
import type { ReceiptFields } from '@/utils/receipt/types';
import { FIELD_LABELS } from '@/utils/receipt/labels';
import { ensurePermission, readPageRows, valuesOf } from '@/utils/fill/client';
import { sameOnPage, type FillField } from '@/utils/fill/match';
import { getTaught } from '@/utils/fill/mappings';
import { getDb } from '@/utils/db/db';
import type { PageRow } from '@/utils/messaging';
import { t } from '@/utils/i18n';
import { lastFillOf, useTarget } from './target';

export interface SpotLine {
  field: FillField;
  expected: string;
  actual: string;
  same: boolean;
}

/** Pure: the receipt's values against one page row. */
export function compareRow(fields: ReceiptFields, row: PageRow['values']): SpotLine[] {
  return (Object.entries(valuesOf(fields)) as Array<[FillField, string]>).map(([field, expected]) => {
    const actual = row[field] ?? '';
    return { field, expected, actual, same: sameOnPage(field, expected, actual) };
  });
}

/** The row to check: where this receipt was filled, else the row holding its 票据号码, else the last. */
export function defaultRow(rows: PageRow[], fields: ReceiptFields, filledRow?: number | null): number {
  if (filledRow !== undefined) {
    const i = rows.findIndex((r) => r.row === filledRow);
    if (i >= 0) return i;
  }
  const num = fields.billNumber?.value;
  const i = num ? rows.findIndex((r) => r.values.billNumber === num) : -1;
  return i >= 0 ? i : rows.length - 1;
}

export function SpotCheck({ receipt }: { receipt: { id: string; fields: ReceiptFields } }) {
  const { tabId, tab, origin } = useTarget();
  const [rows, setRows] = useState<PageRow[] | null>(null);
  const [pick, setPick] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setRows(null);
    setError(null);
  }, [receipt.id, tabId]);

  async function check() {
    if (tabId == null || !tab || busy) return;
    setBusy(true);
    setError(null);
    try {
      if (!(await ensurePermission(tab.url))) return setError('未获得该网站的访问权限，无法读取页面。');
      const taught = origin ? await getTaught(getDb(), origin) : {};
      const r = await readPageRows(tabId, taught);
      if ('error' in r) return setError(r.error);
      if (!r.rows.length) return setError('当前页面未找到申报表字段');
      setRows(r.rows);
      const last = lastFillOf(receipt.id);
      setPick(defaultRow(r.rows, receipt.fields, last?.tabId === tabId ? last.row : undefined));
    } catch (e) {
      setError(`读取页面失败：${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  const lines = rows?.[pick] ? compareRow(receipt.fields, rows[pick].values) : null;
  const diff = lines?.filter((l) => !l.same).length ?? 0;
  return (
    <section className="fill-spot" aria-label={t('spotCheck')}>
      <div className="fill-actions">
        <button data-testid="spot-check" disabled={tabId == null || busy} onClick={check}>
          {t('spotCheck')}
        </button>
        {rows && rows.length > 1 && (
          <select data-testid="spot-row" value={pick} onChange={(e) => setPick(Number(e.target.value))} aria-label="页面上的行">
            {rows.map((r, i) => (
              <option key={i} value={i}>
                第 {i + 1} 行{r.values.billNumber ? `（${r.values.billNumber}）` : '（空）'}
              </option>
            ))}
          </select>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {lines && (
        <div data-testid="spot-result" data-row={pick} data-diff={diff}>
          <p className={diff ? 'error' : 'ok'}>{diff ? t('spotDiff', { n: diff }) : t('spotSame')}</p>
          <ul className="fill-results">
            {lines.map((s) => (
              <li key={s.field} className={s.same ? 'ok' : 'error'} data-spot-field={s.field} data-same={String(s.same)}>
                <span>{FIELD_LABELS[s.field]}</span>
                <span>{s.same ? '✓' : <mark>{`票据“${s.expected}” / 页面“${s.actual || '（空）'}”`}</mark>}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
