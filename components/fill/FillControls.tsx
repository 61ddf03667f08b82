/**
 * Filling the declaration page from the side panel: target tab, `填入当前行` (Ctrl+Enter), per-field
 * results read back from the page, one-step undo, and teach mode for pages that name fields unclearly.
 */
import { useEffect, useRef, useState } from 'react';
import { FIVE_ELEMENTS, type ReceiptFields } from '@/utils/receipt/types';
import { allFiveOk } from '@/utils/receipt/validate';
import { FIELD_LABELS } from '@/utils/receipt/labels';
import { ensurePermission, fillReceipt, pickPageField, undoFill, type Taught } from '@/utils/fill/client';
import { FILL_FIELDS, type FillField } from '@/utils/fill/match';
import { exportMappings, getTaught, importMappings, teach } from '@/utils/fill/mappings';
import { getDb } from '@/utils/db/db';
import type { FillReply } from '@/utils/messaging';
import { t } from '@/utils/i18n';
import { pickTab, rememberFill, useTarget } from './target';

export type FillResult = (FillReply & { frameId?: number }) | { ok: false; message: string; results: [] };

const PERMISSION_NOTE = '首次在某个网站填写时，浏览器会询问是否允许本扩展访问该网站：扩展只读写这个网站页面上的表单字段，不会保存或提交。';

function stateText(r: FillReply['results'][number]): string {
  switch (r.state) {
    case 'filled':
      return '✓';
    case 'differs':
      return `页面显示“${r.actual ?? ''}”${r.held ? `（控件值“${r.held}”）` : ''}，票据为“${r.expected}”`;
    case 'ambiguous':
      return r.reason ?? '页面上有多个相似字段，未填写';
    case 'skipped':
      return r.reason ?? '页面字段不可编辑，未填写';
    default:
      return '页面上没有找到';
  }
}

export function FillControls({ receipt, onFilled }: { receipt: { id: string; fields: ReceiptFields }; onFilled?: (r: FillResult) => void }) {
  const { tabs, tabId, tab, origin } = useTarget();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<FillResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [teachField, setTeachField] = useState<FillField>('billNumber');
  const [teaching, setTeaching] = useState(false);
  const [taughtNote, setTaughtNote] = useState<string | null>(null);
  const ready = allFiveOk(receipt.fields);
  const notOk = FIVE_ELEMENTS.filter((k) => receipt.fields[k]?.status !== 'ok' || !receipt.fields[k]?.value);
  const taughtFor = async (): Promise<Taught> => (origin ? getTaught(getDb(), origin) : {});

  useEffect(() => {
    setResult(null);
    setError(null);
    setNote(null);
  }, [receipt.id]);

  async function fill() {
    if (!ready || tabId == null || !tab || busy) return;
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      // inside the click: the permission prompt needs the clerk's gesture
      if (!(await ensurePermission(tab.url))) {
        setError(`未获得该网站的访问权限：请在浏览器的提示中点“允许”。${PERMISSION_NOTE}`);
        return;
      }
      const r = await fillReceipt(tabId, receipt.fields, await taughtFor());
      setResult(r);
      if (!r.ok && r.message) setError(r.message);
      if ('frameId' in r && r.frameId != null) rememberFill(receipt.id, { tabId, frameId: r.frameId, row: r.rowIndex ?? null });
      onFilled?.(r);
    } catch (e) {
      setError(`填写失败：${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  }
  const fillRef = useRef(fill);
  fillRef.current = fill;

  async function undo() {
    if (tabId == null || !result || !('frameId' in result) || result.frameId == null) return;
    const r = await undoFill(tabId, result.frameId).catch((e) => ({ ok: false, message: String((e as Error).message) }));
    setResult(null);
    setNote(r.ok ? (r.message ?? '已撤销本次填写') : null);
    if (!r.ok) setError(r.message ?? '撤销失败');
  }

  async function startTeach() {
    if (tabId == null || !tab || !origin) return;
    setTeaching(true);
    setTaughtNote('请在申报页面上点击对应的输入框…');
    try {
      if (!(await ensurePermission(tab.url))) return setTaughtNote('未获得该网站的访问权限');
      const picked = await pickPageField(tabId);
      if (!picked) return setTaughtNote('没有点选到输入框（已超时）');
      await teach(getDb(), origin, teachField, picked.pos, picked.url);
      setTaughtNote(`已记住：${FIELD_LABELS[teachField]} = 页面上的“${picked.labels[0] ?? `第 ${picked.pos + 1} 个字段`}”。下次在此网站优先使用。`);
    } finally {
      setTeaching(false);
    }
  }

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void fillRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const results = result?.results ?? [];
  const bad = results.filter((r) => r.state !== 'filled').length;
  const disabledWhy = !ready ? `${t('fillDisabled')}（待复核：${notOk.map((k) => FIELD_LABELS[k]).join('、')}）` : tabId == null ? t('fillNoTab') : null;
  return (
    <section className="fill" aria-label={t('fillTitle')}>
      <h3>{t('fillTitle')}</h3>
      {tabs.length === 0 ? (
        <p className="muted">{t('fillNoTab')}</p>
      ) : (
        <label className="fill-target">
          {t('fillTarget')}
          <select data-testid="fill-target" value={tabId ?? ''} onChange={(e) => pickTab(Number(e.target.value))}>
            {tabs.map((x) => (
              <option key={x.id} value={x.id}>
                {(x.title || x.url).slice(0, 40)}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="fill-actions">
        <button data-testid="fill-button" className="primary" disabled={!!disabledWhy || busy} title={disabledWhy ?? 'Ctrl+Enter'} onClick={fill}>
          {busy ? t('fillWorking') : t('fillButton')}
        </button>
        {result && 'frameId' in result && result.frameId != null && (
          <button data-testid="fill-undo" onClick={undo}>
            {t('fillUndo')}
          </button>
        )}
      </div>
      {disabledWhy && (
        <p className="muted" data-testid="fill-disabled-reason">
          {disabledWhy}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {note && <p className="muted small">{note}</p>}
      {results.length > 0 && (
        <div data-testid="fill-result" data-ok={String(result!.ok)} data-ms={Math.round((result as FillReply).ms ?? 0)} data-row={(result as FillReply).rowIndex ?? ''}>
          <p className={bad ? 'error' : 'ok'}>{bad ? t('fillProblems', { n: bad }) : t('fillDone', { n: results.length })}</p>
          <ul className="fill-results">
            {results.map((r) => (
              <li key={r.field} data-fill-field={r.field} data-fill-state={r.state} className={r.state === 'filled' ? 'ok' : 'error'}>
                <span>{FIELD_LABELS[r.field as keyof typeof FIELD_LABELS] ?? r.field}</span>
                <span>{stateText(r)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <details className="teach">
        <summary>教会字段（页面识别不准时）</summary>
        <div className="fill-actions">
          <select data-testid="teach-field" value={teachField} onChange={(e) => setTeachField(e.target.value as FillField)}>
            {FILL_FIELDS.map((f) => (
              <option key={f} value={f}>
                {FIELD_LABELS[f]}
              </option>
            ))}
          </select>
          <button data-testid="teach-button" disabled={teaching || tabId == null} onClick={startTeach}>
            在页面上点选
          </button>
        </div>
        <div className="fill-actions">
          <button
            className="link"
            data-testid="mappings-export"
            onClick={async () => {
              const a = document.createElement('a');
              a.href = URL.createObjectURL(new Blob([await exportMappings(getDb())], { type: 'application/json' }));
              a.download = '字段映射.json';
              a.click();
              setTimeout(() => URL.revokeObjectURL(a.href), 1000);
            }}
          >
            导出字段映射
          </button>
          <label className="link">
            导入字段映射
            <input
              type="file"
              accept=".json,application/json"
              hidden
              data-testid="mappings-import"
              onChange={async (e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (!f) return;
                try {
                  setTaughtNote(`已导入 ${await importMappings(getDb(), await f.text())} 个网站的字段映射`);
                } catch (err) {
                  setTaughtNote((err as Error).message);
                }
              }}
            />
          </label>
        </div>
        {taughtNote && (
          <p className="muted small" data-testid="teach-note">
            {taughtNote}
          </p>
        )}
      </details>
      <p className="muted small">
        {t('noSubmit')} {PERMISSION_NOTE}
      </p>
    </section>
  );
}
