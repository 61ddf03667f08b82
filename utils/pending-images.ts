/**
 * Images the clerk sent from a page's context menu ("识别图片中的票据"), waiting for the side panel.
 * Kept in storage.session: survives the panel being closed, not the browser session, and never
 * leaves the machine.
 */
import { browser } from 'wxt/browser';
import { PendingImage } from './messaging';
import { z } from 'zod';

const KEY = 'pendingImages';
const MAX_PENDING = 200;

export async function addPendingImage(p: PendingImage): Promise<number> {
  const current = await readPending();
  const next = [...current.filter((x) => x.srcUrl !== p.srcUrl), p].slice(-MAX_PENDING);
  await browser.storage.session.set({ [KEY]: next });
  return next.length;
}

/** Reads and clears the queue (the side panel calls this on open and on every change). */
export async function takePendingImages(): Promise<PendingImage[]> {
  const current = await readPending();
  if (current.length) await browser.storage.session.set({ [KEY]: [] });
  return current;
}

export async function readPending(): Promise<PendingImage[]> {
  const got = await browser.storage.session.get(KEY);
  const parsed = z.array(PendingImage).safeParse(got[KEY] ?? []);
  return parsed.success ? parsed.data : [];
}

/** Calls `cb` whenever new images are queued; returns an unsubscribe function. */
export function onPendingImages(cb: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'session' && KEY in changes) cb();
  };
  browser.storage.onChanged.addListener(listener as any);
  return () => browser.storage.onChanged.removeListener(listener as any);
}
