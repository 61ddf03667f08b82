/** Side-panel side of filling: choose the portal tab and frame, inject, fill, read back, undo. */
import { browser } from 'wxt/browser';
import { sendMessage, type DetectReply, type FillReply, type PageRow } from '../messaging';
import { pageValues, type FillField } from './match';
import type { ReceiptFields } from '../receipt/types';

export interface TargetTab {
  id: number;
  title: string;
  url: string;
}

/**
 * Portal tabs: http(s) pages, never extension pages (when the panel runs as a tab, "the active tab"
 * is the panel itself). The panel's own window first, then most recently focused first.
 */
export async function listTargetTabs(): Promise<TargetTab[]> {
  const tabs = await browser.tabs.query({});
  const own = await browser.windows?.getCurrent?.().then((w) => w.id).catch(() => undefined);
  const recency = (t: (typeof tabs)[number]) => ((t as { lastAccessed?: number }).lastAccessed ?? 0) + (t.active ? 1 : 0);
  return tabs
    .filter((t) => t.id != null && /^https?:/.test(t.url ?? ''))
    .sort((a, b) => Number(b.windowId === own) - Number(a.windowId === own) || recency(b) - recency(a))
    .map((t) => ({ id: t.id!, title: t.title ?? t.url ?? '', url: t.url ?? '' }));
}

/** Asks for the portal's origin when not granted (must run inside a click). */
export async function ensurePermission(url: string): Promise<boolean> {
  const origin = new URL(url).origin + '/*';
  if (await browser.permissions.contains({ origins: [origin] })) return true;
  return browser.permissions.request({ origins: [origin] });
}

export interface FrameChoice {
  frameId: number;
  detect: DetectReply;
}

export type Taught = Partial<Record<FillField, string>>;

export async function findFormFrame(tabId: number, taught: Taught = {}): Promise<FrameChoice | { error: string }> {
  const inj = await sendMessage('injectContentScript', { tabId });
  if (!inj.ok) return { error: inj.error ?? '无法访问该页面' };
  const replies = await Promise.all(
    (inj.frameIds ?? []).map(async (frameId) => {
      try {
        return { frameId, detect: await sendMessage('fillDetect', { taught }, { tabId, frameId }) };
      } catch {
        return null;
      }
    }),
  );
  const best = replies.filter((r): r is FrameChoice => !!r).sort((a, b) => b.detect.matched.length - a.detect.matched.length)[0];
  if (!best || best.detect.matched.length < 3) return { error: '当前页面未找到申报表字段：请打开申报页面的“票据明细”，或用“教会字段”指定。' };
  return best;
}

export function valuesOf(fields: ReceiptFields): Partial<Record<FillField, string>> {
  const v = (k: keyof ReceiptFields) => fields[k]?.value ?? null;
  return pageValues({ hospitalName: v('hospitalName'), kind: v('kind'), billCode: v('billCode'), billNumber: v('billNumber'), checkCode: v('checkCode'), issueDate: v('issueDate'), totalAmount: v('totalAmount') });
}

/** A page that never answers (a widget that swallows the fill) must not leave the clerk waiting. */
export const FILL_TIMEOUT_MS = 30_000;
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([p.finally(() => clearTimeout(timer)), new Promise<null>((r) => (timer = setTimeout(() => r(null), ms)))]);
}

export async function fillReceipt(tabId: number, fields: ReceiptFields, taught: Taught = {}): Promise<(FillReply & { frameId?: number }) | { ok: false; message: string; results: [] }> {
  const frame = await findFormFrame(tabId, taught);
  if ('error' in frame) return { ok: false, message: frame.error, results: [] };
  const reply = await withTimeout(sendMessage('fillRow', { values: valuesOf(fields), taught }, { tabId, frameId: frame.frameId }), FILL_TIMEOUT_MS);
  if (!reply) return { ok: false, message: `页面 ${FILL_TIMEOUT_MS / 1000} 秒内没有完成填写：请检查页面上的这一行（可点“撤销”），再试一次`, results: [] };
  return { ...reply, frameId: frame.frameId };
}

export async function undoFill(tabId: number, frameId: number) {
  return sendMessage('fillUndo', {}, { tabId, frameId });
}

export async function readPageRow(tabId: number, taught: Taught = {}): Promise<Record<string, string> | { error: string }> {
  const frame = await findFormFrame(tabId, taught);
  if ('error' in frame) return frame;
  return sendMessage('readRow', { taught }, { tabId, frameId: frame.frameId });
}

/** Teach mode: every frame waits for the clerk's click on a page field; the first answer wins. */
export async function pickPageField(tabId: number): Promise<{ pos: number; labels: string[]; url: string } | null> {
  const inj = await sendMessage('injectContentScript', { tabId });
  if (!inj.ok) return null;
  const asks = (inj.frameIds ?? []).map((frameId) =>
    sendMessage('teachPick', {}, { tabId, frameId }).then((r) => r ?? Promise.reject(new Error('none'))),
  );
  return Promise.any(asks).catch(() => null);
}

/** Every receipt row the page holds now, from the frame holding the form. */
export async function readPageRows(tabId: number, taught: Taught = {}): Promise<{ frameId: number; rows: PageRow[] } | { error: string }> {
  const frame = await findFormFrame(tabId, taught);
  if ('error' in frame) return frame;
  return { frameId: frame.frameId, rows: await sendMessage('readRows', { taught }, { tabId, frameId: frame.frameId }) };
}
