import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getDb, type ReceiptRecord } from '@/utils/db/db';
import { batchReasons, correctField, deleteReceipt, purgeAll, purgeOlderThan, restoreReceipt, storageEstimate, StorageFullError, undoLastCorrection } from '@/utils/db/repo';
import { ACCEPT, importFiles, runQueue } from '@/utils/db/queue';
import { exportBackup, importBackup } from '@/utils/db/backup';
import { checklist, CONDITIONAL_MATERIALS, toCsv, toXlsx } from '@/utils/export';
import { takePendingImages, onPendingImages } from '@/utils/pending-images';
import type { FieldKey, Reason } from '@/utils/receipt/types';
import { FIELD_LABELS } from '@/utils/receipt/labels';
import type { RgbaImage } from '@/utils/ocr/types';
import { ReceiptList } from '@/components/ReceiptList';
import { ReceiptDetail } from '@/components/ReceiptDetail';
import { CaptureDialog } from '@/components/CaptureDialog';
import { receiptState, sortForReview } from '@/components/state';
import { getLocale, setLocale, t } from '@/utils/i18n';

const db = getDb();

async function toJpeg(img: RgbaImage): Promise<Blob> {
  const c = new OffscreenCanvas(img.width, img.height);
  c.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(img.data), img.width, img.height), 0, 0);
  return c.convertToBlob({ type: 'image/jpeg', quality: 0.82 });
}

let extractMod: Promise<typeof import('@/utils/extract/pipeline') & typeof import('@/utils/extract/browser')> | null = null;
function extractor() {
  extractMod ??= Promise.all([import('@/utils/extract/pipeline'), import('@/utils/extract/browser')]).then(([a, b]) => ({ ...a, ...b }));
  return extractMod;
}
async function extract(input: { name: string; bytes: Uint8Array; mime?: string }) {
  const m = await extractor();
  return m.extractReceipt(input, m.createBrowserExtractEnv());
}

async function readEntries(items: DataTransferItemList): Promise<File[]> {
  const out: File[] = [];
  const walk = async (entry: any): Promise<void> => {
    if (!entry) return;
    if (entry.isFile) out.push(await new Promise<File>((res, rej) => entry.file(res, rej)));
    else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch: any[] = await new Promise((res, rej) => reader.readEntries(res, rej));
        if (!batch.length) break;
        for (const e of batch) await walk(e);
      }
    }
  };
  await Promise.all([...items].map((it) => walk((it as any).webkitGetAsEntry?.())));
  return out;
}

const RECEIPT_EXT = /\.(png|jpe?g|webp|bmp|gif|pdf|ofd)$/i;

interface Toast {
  text: string;
  undo?: () => void;
  kind?: 'error' | 'ok';
}

export function App() {
  const [, force] = useState(0);
  const receipts = useLiveQuery(() => db.receipts.toArray(), [], undefined as ReceiptRecord[] | undefined);
  const declarations = useLiveQuery(() => db.declarations.toArray(), [], []);
  const [batch, setBatch] = useState<Map<string, Reason[]>>(new Map());
  const [selected, setSelected] = useState<string | null>(null);
  const [filter, setFilter] = useState<'review' | 'all' | 'ok'>('all');
  const [dragging, setDragging] = useState(false);
  const [toast, setToast] = useState<Toast | null>(null);
  const [storage, setStorage] = useState<string>('');
  const [menu, setMenu] = useState(false);
  const [printView, setPrintView] = useState<string | null>(null);
  const [capturing, setCapturing] = useState(false);
  const [limit, setLimit] = useState(200);
  const fileInput = useRef<HTMLInputElement>(null);
  const backupInput = useRef<HTMLInputElement>(null);
  const toastTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const show = useCallback((x: Toast) => {
    setToast(x);
    clearTimeout(toastTimer.current);
    toastTimer.current = setTimeout(() => setToast(null), x.undo ? 8000 : 5000);
  }, []);

  const kick = useCallback(() => {
    runQueue({ db, extract, toBlob: toJpeg }).catch((e) => show({ text: String(e?.message ?? e), kind: 'error' }));
  }, [show]);

  // resume the queue after a reload or crash; pick up context-menu images
  useEffect(() => {
    kick();
    const takePending = async () => {
      const pending = await takePendingImages();
      const files = [];
      for (const p of pending) {
        try {
          const res = await fetch(p.srcUrl);
          const blob = await res.blob();
          files.push({ name: p.srcUrl.split('/').pop()?.split('?')[0] || '网页图片.png', type: blob.type, bytes: new Uint8Array(await blob.arrayBuffer()) });
        } catch {
          show({ text: '无法读取网页中的图片：请把图片另存后再导入', kind: 'error' });
        }
      }
      if (files.length) {
        await importFiles(db, files);
        kick();
      }
    };
    takePending();
    const off = onPendingImages(takePending);
    return off;
  }, [kick, show]);

  useEffect(() => {
    if (!receipts) return;
    batchReasons(db).then(setBatch);
    storageEstimate().then((e) => e && setStorage(t('storage', { used: (e.usage / 1048576).toFixed(1) })));
  }, [receipts]);

  const addFiles = useCallback(
    async (files: File[]) => {
      const list = files.filter((f) => RECEIPT_EXT.test(f.name) || f.type.startsWith('image/'));
      if (!list.length) {
        if (files.length) show({ text: '没有可导入的票据文件（支持 PNG、JPEG、WebP、PDF、OFD）', kind: 'error' });
        return;
      }
      try {
        const res = await importFiles(
          db,
          await Promise.all(list.map(async (f) => ({ name: (f as any).webkitRelativePath || f.name, type: f.type, bytes: new Uint8Array(await f.arrayBuffer()) }))),
        );
        const again = res.filter((r) => r.sameFileAs).length;
        if (again) show({ text: `${again} 个文件之前已导入过，仍已加入列表，请留意重复票据` });
      } catch (e) {
        show({ text: e instanceof StorageFullError ? e.message : `导入失败：${(e as Error).message}`, kind: 'error' });
      }
      kick();
    },
    [kick, show],
  );

  const sorted = useMemo(() => sortForReview(receipts ?? []), [receipts]);
  const visible = useMemo(
    () => sorted.filter((r) => (filter === 'all' ? true : filter === 'review' ? ['review', 'error'].includes(receiptState(r)) : receiptState(r) === 'ok')),
    [sorted, filter],
  );
  const current = (receipts ?? []).find((r) => r.id === selected) ?? null;
  const pending = (receipts ?? []).filter((r) => r.status === 'queued' || r.status === 'processing').length;
  const total = (receipts ?? []).length;
  const duplicates = useMemo(() => new Set([...batch].filter(([, rs]) => rs.some((r) => r.code === 'batch.duplicate')).map(([id]) => id)), [batch]);

  const move = useCallback(
    (dir: 1 | -1, onlyReview = false) => {
      const list = onlyReview ? sorted.filter((r) => receiptState(r) === 'review') : visible;
      if (!list.length) return;
      const i = list.findIndex((r) => r.id === selected);
      const next = list[(i + dir + list.length) % list.length] ?? list[0];
      setSelected(next.id);
    },
    [sorted, visible, selected],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const tag = (e.target as HTMLElement)?.tagName;
      if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'j') move(1);
      else if (e.key === 'k') move(-1);
      else if (e.key === 'n') move(1, true);
      else if (e.key === 'Escape') setSelected(null);
      else return;
      e.preventDefault();
    };
    const onPaste = (e: ClipboardEvent) => {
      const files = [...(e.clipboardData?.files ?? [])];
      if (files.length) addFiles(files.map((f, i) => new File([f], f.name && f.name !== 'image.png' ? f.name : `粘贴的图片-${Date.now()}-${i}.png`, { type: f.type })));
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('paste', onPaste);
    };
  }, [move, addFiles]);

  async function onCorrect(field: FieldKey, value: string) {
    if (!current) return;
    try {
      const id = current.id;
      await correctField(db, id, field, value);
      show({ text: t('corrected', { field: FIELD_LABELS[field] }), undo: () => undoLastCorrection(db, id) });
    } catch (e) {
      show({ text: (e as Error).message, kind: 'error' });
    }
  }

  async function onDelete() {
    if (!current) return;
    const gone = await deleteReceipt(db, current.id);
    setSelected(null);
    if (gone) show({ text: t('deleted', { name: gone.fileName }), undo: () => restoreReceipt(db, gone) });
  }

  function download(name: string, blob: Blob) {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 5000);
  }

  const decl = current?.declarationId ? declarations?.find((d) => d.id === current.declarationId) : undefined;
  const declReceipts = decl ? (receipts ?? []).filter((r) => r.declarationId === decl.id) : [];

  if (capturing) {
    return (
      <main className="app">
        <CaptureDialog
          onCancel={() => setCapturing(false)}
          onDone={async (png) => {
            setCapturing(false);
            await addFiles([new File([png], `页面截图-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '')}.png`, { type: 'image/png' })]);
          }}
        />
      </main>
    );
  }

  if (printView) {
    return (
      <main className="app print">
        <button className="no-print" onClick={() => setPrintView(null)}>
          {t('back')}
        </button>
        <pre className="checklist">{printView}</pre>
        <button className="no-print primary" onClick={() => window.print()}>
          打印
        </button>
      </main>
    );
  }

  return (
    <main
      className={`app ${dragging ? 'dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={async (e) => {
        e.preventDefault();
        setDragging(false);
        const files = e.dataTransfer.items?.length ? await readEntries(e.dataTransfer.items) : [...e.dataTransfer.files];
        addFiles(files);
      }}
    >
      <header className="app-header">
        <h1>{t('appTitle')}</h1>
        <span className="counts">
          {total > 0 && `${total} 张 · 待复核 ${sorted.filter((r) => receiptState(r) === 'review').length}`}
        </span>
        <button className="primary" onClick={() => fileInput.current?.click()}>
          {t('import')}
        </button>
        <button aria-label="更多" onClick={() => setMenu((m) => !m)}>
          ⋯
        </button>
        <input ref={fileInput} data-testid="import-input" type="file" multiple accept={ACCEPT} hidden onChange={(e) => { addFiles([...(e.target.files ?? [])]); e.target.value = ''; }} />
        <input ref={backupInput} type="file" accept=".json,application/json" hidden onChange={async (e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (!f) return;
          try {
            const r = await importBackup(db, await f.text());
            show({ text: `已导入备份：${r.receipts} 张票据`, kind: 'ok' });
          } catch (err) {
            show({ text: (err as Error).message, kind: 'error' });
          }
        }} />
      </header>
      {menu && (
        <nav className="menu" onClick={() => setMenu(false)}>
          <button onClick={async () => download(`票据备份-${new Date().toISOString().slice(0, 10)}.json`, new Blob([await exportBackup(db)], { type: 'application/json' }))}>{t('exportBackup')}</button>
          <button onClick={() => backupInput.current?.click()}>{t('importBackup')}</button>
          <button onClick={() => setCapturing(true)}>截取页面区域导入</button>
          <button onClick={async () => show({ text: t('purged', { n: await purgeOlderThan(db, 30) }) })}>{t('purge')}（30 天前）</button>
          <button className="danger" onClick={async () => window.confirm(t('purgeConfirm', { n: total })) && purgeAll(db)}>{t('purgeAll')}</button>
          <button onClick={() => { setLocale(getLocale() === 'en' ? 'zh-CN' : 'en'); force((x) => x + 1); }}>{t('language')}</button>
          <span className="muted small">{storage}</span>
        </nav>
      )}
      {total > 0 && (
        <div className="progress" data-testid="import-progress" data-pending={pending} aria-live="polite">
          <div className="bar" style={{ width: `${total ? ((total - pending) / total) * 100 : 100}%` }} />
          <span>{pending ? t('progress', { done: total - pending, total }) : t('allDone')}</span>
        </div>
      )}
      {dragging && <div className="drop">{t('dropHere')}</div>}
      {total === 0 ? (
        <section className="empty">{t('emptyHint')}</section>
      ) : current ? (
        <>
          <div className="detail-nav">
            <button onClick={() => setSelected(null)}>← {t('back')}</button>
            <button onClick={() => move(-1)} title="K">↑</button>
            <button onClick={() => move(1)} title="J">↓</button>
            <button onClick={() => move(1, true)} title="N">下一张待复核</button>
          </div>
          {decl && (
            <div className="decl">
              {t('declaration', { hospital: decl.hospitalName, kind: decl.kind === 'inpatient' ? '住院' : '门诊', n: declReceipts.length, total: declReceipts.reduce((s, r) => s + Number(r.fields.totalAmount?.value ?? 0), 0).toFixed(2) })}
              <span className="decl-actions">
                <button className="link" onClick={() => download(`${decl.hospitalName}-票据.csv`, new Blob([toCsv(declReceipts)], { type: 'text/csv;charset=utf-8' }))}>{t('exportCsv')}</button>
                <button className="link" onClick={async () => download(`${decl.hospitalName}-票据.xlsx`, await toXlsx(declReceipts))}>{t('exportXlsx')}</button>
                <button className="link" onClick={() => setPrintView(`${decl.hospitalName}（${decl.kind === 'inpatient' ? '住院' : '门诊'}）需提交的纸质材料\n\n${checklist(decl.kind).map((x) => '☐ ' + x).join('\n')}\n\n视情况另附：\n${CONDITIONAL_MATERIALS.map((x) => '☐ ' + x).join('\n')}\n\n票据 ${declReceipts.length} 张：\n${declReceipts.map((r) => `  ${r.fields.billCode?.value ?? ''} ${r.fields.billNumber?.value ?? ''}  ¥${r.fields.totalAmount?.value ?? ''}`).join('\n')}`)}>{t('checklist')}</button>
              </span>
            </div>
          )}
          <ReceiptDetail receipt={current} batch={batch.get(current.id) ?? []} onCorrect={onCorrect} onDelete={onDelete} onFilled={() => db.receipts.update(current.id, { status: 'filled', filledAt: new Date().toISOString() })} />
        </>
      ) : (
        <>
          <div className="filters" role="tablist">
            {(['all', 'review', 'ok'] as const).map((f) => (
              <button key={f} role="tab" aria-selected={filter === f} className={filter === f ? 'on' : ''} onClick={() => setFilter(f)}>
                {f === 'all' ? t('filterAll') : f === 'review' ? t('filterReview') : t('filterDone')}
              </button>
            ))}
          </div>
          {visible.length === 0 && filter === 'review' ? <p className="empty">{t('noneToReview')}</p> : <ReceiptList receipts={visible.slice(0, limit)} selected={selected} onSelect={setSelected} duplicates={duplicates} />}
          {visible.length > limit && (
            <button className="link more" onClick={() => setLimit((l) => l + 500)}>
              显示更多（还有 {visible.length - limit} 张）
            </button>
          )}
        </>
      )}
      {toast && (
        <div className={`toast ${toast.kind ?? ''}`} role="status">
          <span>{toast.text}</span>
          {toast.undo && (
            <button onClick={() => { toast.undo!(); setToast(null); }}>
              {t('undo')}
            </button>
          )}
        </div>
      )}
    </main>
  );
}
