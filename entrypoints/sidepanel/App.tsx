import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getDb, type DeclarationRecord, type ReceiptRecord } from '@/utils/db/db';
import {
  addQueuedReceipts,
  backfillContentHashes,
  batchReasons,
  correctField,
  deleteReceipt,
  dropEmptyDeclarations,
  markFilled,
  moveReceipt,
  purgeAll,
  purgeDeclaration,
  purgeOlderThan,
  requeue,
  restoreReceipt,
  storageEstimate,
  StorageFullError,
  undoLastCorrection,
  updateDeclaration,
} from '@/utils/db/repo';
import { ACCEPT, runQueue } from '@/utils/db/queue';
import { exportBackup, importBackup } from '@/utils/db/backup';
import { toCsv, toXlsx } from '@/utils/db/export';
import { takePendingImages, onPendingImages } from '@/utils/pending-images';
import type { PendingImage } from '@/utils/messaging';
import type { FieldKey, Reason } from '@/utils/receipt/types';
import { FIELD_LABELS } from '@/utils/receipt/labels';
import type { RgbaImage } from '@/utils/ocr/types';
import { groupByDeclaration, matchesFilter, receiptState, sortForReview, type DeclarationGroup, type ListFilter } from '@/utils/db/summary';
import { kindLabel, ReceiptList } from '@/components/ReceiptList';
import { ReceiptDetail } from '@/components/ReceiptDetail';
import { DeclarationBar } from '@/components/DeclarationBar';
import { Checklist } from '@/components/Checklist';
import { CaptureDialog } from '@/components/CaptureDialog';
import { getLocale, setLocale, t } from '@/utils/i18n';

const db = getDb();
const PURGE_DAYS = 30;
const PAGE = 200;
/** Rows on the first paint; the rest of the first page follows right after (the panel opens fast on 1,000+ receipts). */
const FIRST_PAINT = 40;

/** The page image as JPEG when the pipeline ran on the panel's thread (the worker encodes its own). */
async function toJpeg(img: RgbaImage): Promise<Blob> {
  const { encodePageJpeg } = await import('@/utils/extract/web-env');
  return encodePageJpeg(img);
}

// The extraction room's pipeline, loaded on first use (keeps the panel's first paint light).
let extractMod: Promise<typeof import('@/utils/extract/pipeline') & typeof import('@/utils/extract/browser')> | null = null;
function extractor() {
  extractMod ??= Promise.all([import('@/utils/extract/pipeline'), import('@/utils/extract/browser')]).then(([a, b]) => ({ ...a, ...b }));
  return extractMod;
}
async function extract(input: { name: string; bytes: Uint8Array; mime?: string }) {
  const m = await extractor();
  return m.extractInWorker(input);
}

/** Files of a drop, folders walked recursively (webkitGetAsEntry). */
async function readEntries(items: DataTransferItemList): Promise<File[]> {
  const out: File[] = [];
  const walk = async (entry: any, prefix: string): Promise<void> => {
    if (!entry) return;
    if (entry.isFile) {
      const f: File = await new Promise((res, rej) => entry.file(res, rej));
      out.push(prefix ? new File([f], prefix + f.name, { type: f.type }) : f);
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch: any[] = await new Promise((res, rej) => reader.readEntries(res, rej));
        if (!batch.length) break;
        for (const e of batch) await walk(e, `${prefix}${entry.name}/`);
      }
    }
  };
  // entries must be taken synchronously, before the first await
  const entries = [...items].filter((it) => it.kind === 'file').map((it) => ({ entry: (it as any).webkitGetAsEntry?.(), file: it.getAsFile() }));
  for (const { entry, file } of entries) {
    if (entry) await walk(entry, '');
    else if (file) out.push(file); // no file-system entry (synthetic drops, some sources): the plain file
  }
  return out;
}

/** Reads images sent from a page's context menu (data:, http(s); blob: only works from the page itself). */
async function fetchWebImages(pending: PendingImage[]): Promise<{ files: PendingFile[]; failed: PendingImage[] }> {
  const files: PendingFile[] = [];
  const failed: PendingImage[] = [];
  for (const p of pending) {
    try {
      const res = await fetch(p.srcUrl, { credentials: 'include' });
      if (!res.ok) throw new Error(String(res.status));
      const blob = await res.blob();
      if (!blob.type.startsWith('image/') && !blob.type.includes('pdf')) throw new Error(blob.type);
      const base = /^(data|blob):/.test(p.srcUrl) ? '' : decodeURIComponent(p.srcUrl.split('/').pop()?.split(/[?#]/)[0] ?? '');
      const ext = blob.type.split('/')[1]?.replace('jpeg', 'jpg') ?? 'png';
      files.push({ name: RECEIPT_EXT.test(base) ? base : `网页图片-${Date.now()}-${files.length}.${ext}`, type: blob.type, bytes: new Uint8Array(await blob.arrayBuffer()) });
    } catch {
      failed.push(p);
    }
  }
  return { files, failed };
}

/** Context-menu images are taken one batch at a time (never twice, also under StrictMode). */
let pendingChain: Promise<unknown> = Promise.resolve();

const RECEIPT_EXT = /\.(png|jpe?g|webp|bmp|gif|pdf|ofd)$/i;
type PendingFile = { name: string; type: string; bytes: Uint8Array };

interface Toast {
  text: string;
  undo?: () => unknown;
  kind?: 'error' | 'ok';
}

function download(name: string, blob: Blob) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 5000);
}
const safeName = (s: string) => s.replace(/[\\/:*?"<>|]+/g, '_').slice(0, 60);

export function App() {
  const [, force] = useState(0);
  const receipts = useLiveQuery(() => db.receipts.toArray(), [], undefined as ReceiptRecord[] | undefined);
  const declarations = useLiveQuery(() => db.declarations.toArray(), [], [] as DeclarationRecord[]);
  const [batch, setBatch] = useState<Map<string, Reason[]>>(new Map());
  const [selected, setSelected] = useState<string | null>(null);
  const [filter, setFilter] = useState<ListFilter>('all');
  const [dragging, setDragging] = useState(false);
  const [toast, setToast] = useState<Toast | null>(null);
  const [storage, setStorage] = useState<{ usage: number; quota: number } | null>(null);
  const [menu, setMenu] = useState(false);
  const [printDecl, setPrintDecl] = useState<string | null>(null);
  const [capturing, setCapturing] = useState(false);
  const [limit, setLimit] = useState(FIRST_PAINT);
  const moreRef = useRef<HTMLButtonElement>(null);
  /** Files that could not be stored (quota): kept in memory, offered for retry or saving out. */
  const [unsaved, setUnsaved] = useState<PendingFile[]>([]);
  /** Context-menu images the panel may not read yet (the site's permission is asked on a click). */
  const [blocked, setBlocked] = useState<PendingImage[]>([]);
  const fileInput = useRef<HTMLInputElement>(null);
  const backupInput = useRef<HTMLInputElement>(null);
  const toastTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const show = useCallback((x: Toast) => {
    setToast(x);
    clearTimeout(toastTimer.current);
    toastTimer.current = setTimeout(() => setToast(null), x.undo ? 8000 : x.kind === 'error' ? 10000 : 5000);
  }, []);

  const kick = useCallback(() => {
    runQueue({ db, extract, toBlob: toJpeg }).catch((e) => show({ text: e instanceof StorageFullError ? e.message : t('saveFailed', { msg: String(e?.message ?? e) }), kind: 'error' }));
  }, [show]);

  /** Store files as `queued` (with their bytes) before any reading; on a full disk keep the rest in memory. */
  const store = useCallback(
    async (files: PendingFile[]) => {
      const left: PendingFile[] = [];
      let again = 0;
      let full: Error | null = null;
      const CHUNK = 25;
      for (let i = 0; i < files.length; i += CHUNK) {
        const chunk = files.slice(i, i + CHUNK);
        if (full) {
          left.push(...chunk);
          continue;
        }
        try {
          again += (await addQueuedReceipts(db, chunk)).filter((r) => r.sameFileAs).length;
        } catch (e) {
          left.push(...chunk);
          full = e instanceof StorageFullError ? e : new Error(t('saveFailed', { msg: (e as Error).message }));
        }
      }
      setUnsaved(left);
      if (full) show({ text: full.message, kind: 'error' });
      else if (again) show({ text: t('importedSame', { n: again }) });
      kick();
    },
    [kick, show],
  );

  const addFiles = useCallback(
    async (files: File[]) => {
      const list = files.filter((f) => RECEIPT_EXT.test(f.name) || f.type.startsWith('image/'));
      if (!list.length) {
        if (files.length) show({ text: t('noImportable'), kind: 'error' });
        return;
      }
      const read = await Promise.all(list.map(async (f) => ({ name: (f as any).webkitRelativePath || f.name, type: f.type, bytes: new Uint8Array(await f.arrayBuffer()) })));
      await store([...unsaved, ...read]);
    },
    [show, store, unsaved],
  );

  // start: resume the queue after a reload or crash, finish the hash backfill, pick up context-menu images
  useEffect(() => {
    kick();
    backfillContentHashes(db).catch(() => {});
    const takePending = () => (pendingChain = pendingChain.then(takePendingOnce, takePendingOnce));
    const takePendingOnce = async () => {
      const pending = await takePendingImages();
      const { files, failed } = await fetchWebImages(pending);
      if (failed.length) setBlocked((b) => [...b.filter((x) => !failed.some((f) => f.srcUrl === x.srcUrl)), ...failed]);
      if (files.length) await store(files);
    };
    void takePending();
    return onPendingImages(() => void takePending());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // batch checks (duplicates against history and inside each declaration) after changes, at most
  // every 300 ms with the latest receipts (a running import changes the table several times a second)
  const latest = useRef(receipts);
  const batchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    latest.current = receipts;
    if (!receipts || batchTimer.current) return;
    batchTimer.current = setTimeout(() => {
      batchTimer.current = null;
      batchReasons(db, latest.current).then(setBatch);
      storageEstimate().then(setStorage);
    }, 300);
  }, [receipts]);
  useEffect(
    () => () => {
      if (batchTimer.current) clearTimeout(batchTimer.current);
      batchTimer.current = null;
    },
    [],
  );

  // after the first rows are on screen, render the rest of the first page
  const loaded = receipts !== undefined;
  useEffect(() => {
    if (!loaded) return;
    const h = setTimeout(() => setLimit((l) => Math.max(l, PAGE)), 30);
    return () => clearTimeout(h);
  }, [loaded]);
  // and more when the clerk scrolls to the end of the list
  useEffect(() => {
    const el = moreRef.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((es) => es.some((e) => e.isIntersecting) && setLimit((l) => (l >= PAGE ? l + PAGE : l)));
    io.observe(el);
    return () => io.disconnect();
  });

  const all = receipts ?? [];
  const counts = useMemo(() => {
    const c = { review: 0, all: all.length, done: 0, pending: 0, batch: 0, failed: 0 };
    let oldestPending = '\uffff';
    for (const r of all) {
      const s = receiptState(r);
      if (matchesFilter(s, 'review')) c.review++;
      if (matchesFilter(s, 'done')) c.done++;
      if (s === 'queued' || s === 'processing') {
        c.pending++;
        if (r.createdAt < oldestPending) oldestPending = r.createdAt;
      }
    }
    // the running import: everything added since the oldest file still waiting
    for (const r of all) {
      if (r.createdAt >= oldestPending) {
        c.batch++;
        if (r.status === 'error') c.failed++;
      }
    }
    return c;
  }, [all]);
  const groups = useMemo(() => groupByDeclaration(all.filter((r) => matchesFilter(receiptState(r), filter)), declarations), [all, declarations, filter]);
  const order = useMemo(() => groups.flatMap((g) => g.receipts), [groups]);
  const current = useMemo(() => all.find((r) => r.id === selected) ?? null, [all, selected]);
  const duplicates = useMemo(() => new Set([...batch].filter(([, rs]) => rs.some((r) => r.code === 'batch.duplicate')).map(([id]) => id)), [batch]);

  const move = useCallback(
    (dir: 1 | -1, onlyReview = false) => {
      const list = onlyReview ? sortForReview(all).filter((r) => receiptState(r) === 'review') : order;
      if (!list.length) return;
      const i = list.findIndex((r) => r.id === selected);
      const next = i < 0 ? list[0] : list[(i + dir + list.length) % list.length];
      setSelected(next.id);
    },
    [all, order, selected],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const tag = (e.target as HTMLElement)?.tagName;
      if (e.key === 'Escape' && !e.defaultPrevented && !capturing) {
        setSelected(null);
        setPrintDecl(null);
        setMenu(false);
        return;
      }
      if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || e.ctrlKey || e.metaKey || e.altKey) return;
      const k = e.key.toLowerCase();
      if (k === 'j') move(1);
      else if (k === 'k') move(-1);
      else if (k === 'n') move(1, true);
      else return;
      e.preventDefault();
    };
    const onPaste = (e: ClipboardEvent) => {
      const files = [...(e.clipboardData?.files ?? [])];
      if (files.length) {
        e.preventDefault();
        addFiles(files.map((f, i) => new File([f], f.name && f.name !== 'image.png' ? f.name : `粘贴的图片-${Date.now()}-${i}.png`, { type: f.type })));
      }
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('paste', onPaste);
    };
  }, [move, addFiles, capturing]);

  async function onCorrect(field: FieldKey, value: string): Promise<boolean> {
    if (!current) return false;
    const id = current.id;
    try {
      await correctField(db, id, field, value);
      show({ text: t('corrected', { field: FIELD_LABELS[field] }), undo: () => undoLastCorrection(db, id) });
      return true;
    } catch (e) {
      show({ text: e instanceof StorageFullError ? e.message : t('saveFailed', { msg: (e as Error).message }), kind: 'error' });
      return false;
    }
  }

  async function onDelete() {
    if (!current) return;
    const gone = await deleteReceipt(db, current.id);
    move(1);
    if (order.length <= 1) setSelected(null);
    if (gone) show({ text: t('deleted', { name: gone.fileName }), undo: () => restoreReceipt(db, gone) });
  }

  const declReceipts = (id: string) => all.filter((r) => r.declarationId === id);
  const exportCsv = (d: DeclarationRecord) => download(`${safeName(d.hospitalName)}-${kindLabel(d.kind)}-票据.csv`, new Blob([toCsv(declReceipts(d.id))], { type: 'text/csv;charset=utf-8' }));
  const exportXlsx = async (d: DeclarationRecord) => download(`${safeName(d.hospitalName)}-${kindLabel(d.kind)}-票据.xlsx`, await toXlsx(declReceipts(d.id)));
  const declActions = (d: DeclarationRecord, n: number) => (
    <>
      <button className="link" onClick={() => exportCsv(d)}>
        CSV
      </button>
      <button className="link" onClick={() => void exportXlsx(d)}>
        Excel
      </button>
      <button className="link" onClick={() => setPrintDecl(d.id)}>
        {t('checklist')}
      </button>
      <button
        className="link danger"
        onClick={async () => {
          if (!window.confirm(t('purgeDeclConfirm', { hospital: d.hospitalName, n }))) return;
          if (selected && all.find((r) => r.id === selected)?.declarationId === d.id) setSelected(null);
          show({ text: t('purged', { n: await purgeDeclaration(db, d.id) }) });
        }}
      >
        {t('purgeDecl')}
      </button>
    </>
  );

  const storagePct = storage && storage.quota ? Math.round((storage.usage / storage.quota) * 100) : 0;

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

  const printing = printDecl ? declarations.find((d) => d.id === printDecl) : undefined;
  if (printing) {
    return (
      <main className="app print">
        <Checklist declaration={printing} receipts={declReceipts(printing.id)} onBack={() => setPrintDecl(null)} />
      </main>
    );
  }

  const decl = current?.declarationId ? declarations.find((d) => d.id === current.declarationId) : undefined;
  const group: DeclarationGroup | undefined = decl ? groupByDeclaration(declReceipts(decl.id), [decl])[0] : undefined;

  return (
    <main
      className={`app ${dragging ? 'dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node)) setDragging(false);
      }}
      onDrop={async (e) => {
        e.preventDefault();
        setDragging(false);
        const files = e.dataTransfer.items?.length ? await readEntries(e.dataTransfer.items) : [...e.dataTransfer.files];
        addFiles(files);
      }}
    >
      <header className="app-header">
        <h1>{t('appTitle')}</h1>
        <span className="counts">{counts.all > 0 && t('reviewCount', { total: counts.all, n: counts.review })}</span>
        <button className="primary" onClick={() => fileInput.current?.click()}>
          {t('import')}
        </button>
        <button aria-label={t('more')} aria-expanded={menu} onClick={() => setMenu((m) => !m)}>
          ⋯
        </button>
        <input
          ref={fileInput}
          data-testid="import-input"
          type="file"
          multiple
          accept={ACCEPT}
          hidden
          onChange={(e) => {
            addFiles([...(e.target.files ?? [])]);
            e.target.value = '';
          }}
        />
        <input
          ref={backupInput}
          type="file"
          accept=".json,application/json"
          hidden
          onChange={async (e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (!f) return;
            try {
              const r = await importBackup(db, await f.text());
              show({ text: t('backupImported', { n: r.receipts }), kind: 'ok' });
              kick();
            } catch (err) {
              show({ text: (err as Error).message, kind: 'error' });
            }
          }}
        />
      </header>
      {menu && (
        <nav className="menu" onClick={() => setMenu(false)}>
          <button onClick={() => setCapturing(true)}>{t('captureTab')}</button>
          <button onClick={async () => download(`票据备份-${new Date().toISOString().slice(0, 10)}.json`, new Blob([await exportBackup(db)], { type: 'application/json' }))}>{t('exportBackup')}</button>
          <button onClick={() => backupInput.current?.click()}>{t('importBackup')}</button>
          <button
            onClick={async () => {
              const cutoff = new Date(Date.now() - PURGE_DAYS * 86400000).toISOString();
              const n = all.filter((r) => (r.status === 'filled' || r.status === 'submitted') && r.updatedAt < cutoff).length;
              if (!n) return show({ text: t('purgeNothing', { days: PURGE_DAYS }) });
              if (window.confirm(t('purgeOldConfirm', { days: PURGE_DAYS, n }))) show({ text: t('purged', { n: await purgeOlderThan(db, PURGE_DAYS) }) });
            }}
          >
            {t('purgeOld', { days: PURGE_DAYS })}
          </button>
          <button
            className="danger"
            onClick={async () => {
              if (!window.confirm(t('purgeConfirm', { n: counts.all }))) return;
              setSelected(null);
              await purgeAll(db);
            }}
          >
            {t('purgeAll')}
          </button>
          <button
            onClick={() => {
              setLocale(getLocale() === 'en' ? 'zh-CN' : 'en');
              force((x) => x + 1);
            }}
          >
            {getLocale() === 'en' ? '中文' : 'English'}
          </button>
          {storage && <span className="muted small">{t('storage', { used: (storage.usage / 1048576).toFixed(1) })}</span>}
        </nav>
      )}
      {counts.all > 0 && (
        <div className="progress" data-testid="import-progress" data-pending={counts.pending} data-total={counts.all} aria-live="polite">
          <div className="bar" style={{ width: `${counts.pending ? ((counts.batch - counts.pending) / counts.batch) * 100 : 100}%` }} />
          <span>
            {counts.pending ? t('progress', { done: counts.batch - counts.pending, total: counts.batch }) : t('allDone')}
            {counts.pending > 0 && counts.failed > 0 && <span className="error"> · {t('progressFailed', { n: counts.failed })}</span>}
          </span>
        </div>
      )}
      {storagePct >= 90 && <p className="banner warn">{t('storageLow', { pct: storagePct })}</p>}
      {unsaved.length > 0 && (
        <div className="banner error" role="alert" data-testid="unsaved">
          <span>{t('unsaved', { n: unsaved.length })}</span>
          <button onClick={() => void store(unsaved)}>{t('retrySave')}</button>
          <button onClick={() => unsaved.forEach((f) => download(f.name.split('/').pop()!, new Blob([f.bytes as BlobPart], { type: f.type })))}>{t('saveFilesOut')}</button>
        </div>
      )}
      {blocked.length > 0 && (
        <div className="banner warn" role="alert" data-testid="blocked-images">
          <span>{t('webImageBlocked', { n: blocked.length })}</span>
          {blocked.some((b) => /^https?:/.test(b.srcUrl)) && (
            <button
              onClick={async () => {
                const origins = [...new Set(blocked.filter((b) => /^https?:/.test(b.srcUrl)).map((b) => new URL(b.srcUrl).origin + '/*'))];
                try {
                  await browser.permissions.request({ origins });
                } catch {
                  /* refused or not grantable: the retry below reports it */
                }
                const { files, failed } = await fetchWebImages(blocked);
                setBlocked(failed);
                if (failed.length) show({ text: t('webImageFailed'), kind: 'error' });
                if (files.length) await store(files);
              }}
            >
              {t('webImageAllow')}
            </button>
          )}
          <button className="link" onClick={() => setBlocked([])}>
            {t('dismiss')}
          </button>
        </div>
      )}
      {dragging && <div className="drop">{t('dropHere')}</div>}
      {counts.all === 0 ? (
        <section className="empty" data-testid="empty">
          <p>{t('emptyHint')}</p>
          <p>
            <button className="primary" onClick={() => fileInput.current?.click()}>
              {t('import')}
            </button>
          </p>
          <p className="small">{t('pasteHint')}</p>
        </section>
      ) : current ? (
        <>
          <div className="detail-nav">
            <button onClick={() => setSelected(null)}>← {t('back')}</button>
            <button onClick={() => move(-1)} title="K" aria-label={t('upAria')}>
              ↑
            </button>
            <button onClick={() => move(1)} title="J" aria-label={t('downAria')}>
              ↓
            </button>
            <button onClick={() => move(1, true)} title="N">
              {t('nextReview')}
            </button>
          </div>
          <ReceiptDetail
            receipt={current}
            batch={batch.get(current.id) ?? []}
            onCorrect={onCorrect}
            onDelete={onDelete}
            onRequeue={async () => {
              if (await requeue(db, current.id)) kick();
            }}
            onFilled={() => void markFilled(db, current.id)}
            declarationBar={
              current.status === 'queued' || current.status === 'processing' ? null : (
                <DeclarationBar
                  current={decl}
                  declarations={declarations}
                  stats={group ? (group.receipts.some((r) => r.fields.totalAmount?.value) ? t('groupStats', { n: group.count, total: group.totalYuan }) : t('groupCount', { n: group.count })) : undefined}
                  actions={decl && group ? declActions(decl, group.count) : null}
                  onMove={async (to) => {
                    const rid = current.id;
                    const before = decl;
                    try {
                      const id = await moveReceipt(db, rid, to);
                      await dropEmptyDeclarations(db);
                      const d = id ? await db.declarations.get(id) : undefined;
                      const undo = before
                        ? async () => {
                            if (!(await db.declarations.get(before.id))) await db.declarations.put(before);
                            await moveReceipt(db, rid, before.id);
                            await dropEmptyDeclarations(db);
                          }
                        : undefined;
                      if (d) show({ text: t('moved', { hospital: `${d.hospitalName} · ${kindLabel(d.kind)}` }), undo });
                    } catch (e) {
                      show({ text: (e as Error).message, kind: 'error' });
                    }
                  }}
                  onUpdate={(patch) => decl && updateDeclaration(db, decl.id, patch).catch((e) => show({ text: (e as Error).message, kind: 'error' }))}
                />
              )
            }
          />
        </>
      ) : (
        <>
          <div className="filters" role="tablist">
            {(['review', 'all', 'done'] as const).map((f) => (
              <button key={f} role="tab" data-filter={f} aria-selected={filter === f} className={filter === f ? 'on' : ''} onClick={() => setFilter(f)}>
                {f === 'all' ? t('filterAll') : f === 'review' ? t('filterReview') : t('filterDone')} <span className="n">{counts[f]}</span>
              </button>
            ))}
          </div>
          {order.length === 0 ? (
            <p className="empty">{filter === 'review' ? t('noneToReview') : t('filterEmpty')}</p>
          ) : (
            <ReceiptList groups={groups} limit={limit} selected={selected} onSelect={setSelected} duplicates={duplicates} renderActions={(g) => g.declaration && declActions(g.declaration, g.count)} />
          )}
          {order.length > limit && (
            <button ref={moreRef} className="link more" onClick={() => setLimit((l) => l + PAGE)}>
              {t('showMore', { n: order.length - limit })}
            </button>
          )}
        </>
      )}
      {toast && (
        <div className={`toast ${toast.kind ?? ''}`} role="status">
          <span>{toast.text}</span>
          {toast.undo && (
            <button
              data-testid="undo"
              onClick={() => {
                void toast.undo!();
                setToast(null);
              }}
            >
              {t('undo')}
            </button>
          )}
        </div>
      )}
    </main>
  );
}
