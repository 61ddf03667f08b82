import { useEffect, useState } from 'react';
import type { ReceiptFields } from '@/utils/receipt/types';
import { allFiveOk } from '@/utils/receipt/validate';
import { FIELD_LABELS } from '@/utils/receipt/labels';
import { ensurePermission, fillReceipt, listTargetTabs, pickPageField, readPageRow, undoFill, valuesOf, type TargetTab, type Taught } from '@/utils/fill/client';
import { FILL_FIELDS, sameOnPage, type FillField } from '@/utils/fill/match';
import { exportMappings, getTaught, importMappings, teach } from '@/utils/fill/mappings';
import { getDb } from '@/utils/db/db';
import type { FillReply } from '@/utils/messaging';
import { t } from '@/utils/i18n';

type Result = (FillReply & { frameId?: number }) | { ok: false; message: string; results: [] };

export function FillControls({ receipt, onFilled }: { receipt: { id: string; fields: ReceiptFields }; onFilled?: (r: Result) => void }) {
  const [tabs, setTabs] = useState<TargetTab[]>([]);
  const [tabId, setTabId] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [spot, setSpot] = useState<Array<{ field: FillField; expected: string; actual: string; same: boolean }> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [teachField, setTeachField] = useState<FillField>('billNumber');
  const [teaching, setTeaching] = useState(false);
  const [taughtNote, setTaughtNote] = useState<string | null>(null);
  const ready = allFiveOk(receipt.fields);
  const originOf = (id: number | null) => {
    const tab = tabs.find((x) => x.id === id);
    try {
      return tab ? new URL(tab.url).origin : null;
    } catch {
      return null;
    }
  };
  const taughtFor = async (): Promise<Taught> => {
    const o = originOf(tabId);
    return o ? getTaught(getDb(), o) : {};
  };

  async function startTeach() {
    const o = originOf(tabId);
    if (tabId == null || !o) return;
    setTeaching(true);
    setTaughtNote('请在申报页面上点击对应的输入框…');
    try {
      const tab = tabs.find((x) => x.id === tabId)!;
      if (!(await ensurePermission(tab.url))) return setTaughtNote('未获得该网站的访问权限');
      const picked = await pickPageField(tabId);
      if (!picked) return setTaughtNote('没有点选到输入框（已超时）');
      await teach(getDb(), o, teachField, picked.pos, picked.url);
      setTaughtNote(`已记住：${FIELD_LABELS[teachField]} = 页面上的“${picked.labels[0] ?? `第 ${picked.pos + 1} 个字段`}”。下次在此网站优先使用。`);
    } finally {
      setTeaching(false);
    }
  }

  useEffect(() => {
    let alive = true;
    const load = () =>
      listTargetTabs().then((list) => {
        if (!alive) return;
        setTabs(list);
        setTabId((cur) => (cur != null && list.some((x) => x.id === cur) ? cur : list[0]?.id ?? null));
      });
    load();
    const onUpd = () => load();
    browser.tabs.onUpdated.addListener(onUpd);
    browser.tabs.onActivated.addListener(onUpd);
    return () => {
      alive = false;
      browser.tabs.onUpdated.removeListener(onUpd);
      browser.tabs.onActivated.removeListener(onUpd);
    };
  }, []);
  useEffect(() => {
    setResult(null);
    setSpot(null);
    setError(null);
  }, [receipt.id]);

  async function fill() {
    if (!ready || tabId == null || busy) return;
    const tab = tabs.find((x) => x.id === tabId);
    setBusy(true);
    setError(null);
    try {
      if (tab && !(await ensurePermission(tab.url))) {
        setError('未获得该网站的访问权限：请在弹出的提示中点“允许”，扩展只会访问这一个网站。');
        return;
      }
      const r = await fillReceipt(tabId, receipt.fields, await taughtFor());
      setResult(r);
      if (!r.ok && 'message' in r && r.message) setError(r.message);
      onFilled?.(r);
    } catch (e) {
      setError(`填写失败：${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  async function check() {
    if (tabId == null) return;
    const page = await readPageRow(tabId, await taughtFor()).catch((e) => ({ error: String(e) }));
    if ('error' in page) return setError(String(page.error));
    const want = valuesOf(receipt.fields);
    setSpot(
      (Object.entries(want) as Array<[FillField, string]>).map(([field, expected]) => {
        const actual = page[field] ?? '';
        return { field, expected, actual, same: sameOnPage(field, expected, actual) };
      }),
    );
  }

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        fill();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const results = result && 'results' in result ? result.results : [];
  const bad = results.filter((r) => r.state !== 'filled').length;
  return (
    <section className="fill" aria-label={t('fillTitle')}>
      <h3>{t('fillTitle')}</h3>
      {tabs.length === 0 ? (
        <p className="muted">{t('fillNoTab')}</p>
      ) : (
        <label className="fill-target">
          {t('fillTarget')}
          <select data-testid="fill-target" value={tabId ?? ''} onChange={(e) => setTabId(Number(e.target.value))}>
            {tabs.map((x) => (
              <option key={x.id} value={x.id}>
                {x.title.slice(0, 40)}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="fill-actions">
        <button data-testid="fill-button" className="primary" disabled={!ready || busy || tabId == null} title={ready ? 'Ctrl+Enter' : t('fillDisabled')} onClick={fill}>
          {busy ? t('fillWorking') : t('fillButton')}
        </button>
        <button data-testid="spot-check" disabled={tabId == null} onClick={check}>
          {t('spotCheck')}
        </button>
        {result && 'frameId' in result && result.frameId != null && (
          <button data-testid="fill-undo" onClick={() => tabId != null && undoFill(tabId, result.frameId!).then(() => setResult(null))}>
            {t('fillUndo')}
          </button>
        )}
      </div>
      {!ready && <p className="muted">{t('fillDisabled')}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      {results.length > 0 && (
        <div data-testid="fill-result" data-ok={String(result!.ok)} data-ms={Math.round((result as FillReply).ms ?? 0)}>
          <p className={bad ? 'error' : 'ok'}>{bad ? t('fillProblems', { n: bad }) : t('fillDone', { n: results.length })}</p>
          <ul className="fill-results">
            {results.map((r) => (
              <li key={r.field} data-fill-field={r.field} data-fill-state={r.state} className={r.state === 'filled' ? 'ok' : 'error'}>
                <span>{FIELD_LABELS[r.field as keyof typeof FIELD_LABELS] ?? r.field}</span>
                <span>{r.state === 'filled' ? '✓' : r.state === 'differs' ? `页面显示“${r.actual ?? ''}”` : r.state === 'ambiguous' ? '页面上有多个相似字段，未填写' : '页面上没有找到'}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {spot && (
        <div data-testid="spot-result">
          <p className={spot.some((s) => !s.same) ? 'error' : 'ok'}>{spot.some((s) => !s.same) ? t('spotDiff', { n: spot.filter((s) => !s.same).length }) : t('spotSame')}</p>
          <ul className="fill-results">
            {spot.map((s) => (
              <li key={s.field} className={s.same ? 'ok' : 'error'} data-spot-field={s.field} data-same={String(s.same)}>
                <span>{FIELD_LABELS[s.field as keyof typeof FIELD_LABELS] ?? s.field}</span>
                <span>{s.same ? '✓' : `票据“${s.expected}” / 页面“${s.actual}”`}</span>
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
          <button className="link" onClick={async () => {
            const a = document.createElement('a');
            a.href = URL.createObjectURL(new Blob([await exportMappings(getDb())], { type: 'application/json' }));
            a.download = '字段映射.json';
            a.click();
          }}>导出字段映射</button>
          <label className="link">
            导入字段映射
            <input type="file" accept=".json" hidden onChange={async (e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (!f) return;
              try {
                setTaughtNote(`已导入 ${await importMappings(getDb(), await f.text())} 个网站的字段映射`);
              } catch (err) {
                setTaughtNote((err as Error).message);
              }
            }} />
          </label>
        </div>
        {taughtNote && <p className="muted small" data-testid="teach-note">{taughtNote}</p>}
      </details>
      <p className="muted small">{t('noSubmit')}</p>
    </section>
  );
}
