/**
 * The portal tab the clerk fills into, shared by FillControls and SpotCheck, and the row each
 * receipt was last filled into (so the spot check reads that row).
 */
import { useEffect, useSyncExternalStore } from 'react';
import { listTargetTabs, type TargetTab } from '@/utils/fill/client';

interface TargetState {
  tabs: TargetTab[];
  tabId: number | null;
  /** chosen by the clerk (kept while that tab exists) */
  picked: boolean;
}
let state: TargetState = { tabs: [], tabId: null, picked: false };
const listeners = new Set<() => void>();
const emit = (next: Partial<TargetState>) => {
  state = { ...state, ...next };
  listeners.forEach((l) => l());
};

export async function refreshTabs() {
  const tabs = await listTargetTabs().catch(() => [] as TargetTab[]);
  const keep = state.tabId != null && tabs.some((t) => t.id === state.tabId);
  emit({ tabs, tabId: keep && state.picked ? state.tabId : (tabs[0]?.id ?? null), picked: keep && state.picked });
}

export function pickTab(tabId: number) {
  emit({ tabId, picked: true });
}

let watching = 0;
let stopWatching: (() => void) | undefined;
function watch() {
  const onChange = () => void refreshTabs();
  browser.tabs.onUpdated.addListener(onChange);
  browser.tabs.onActivated.addListener(onChange);
  browser.tabs.onRemoved.addListener(onChange);
  browser.windows?.onFocusChanged?.addListener(onChange);
  return () => {
    browser.tabs.onUpdated.removeListener(onChange);
    browser.tabs.onActivated.removeListener(onChange);
    browser.tabs.onRemoved.removeListener(onChange);
    browser.windows?.onFocusChanged?.removeListener(onChange);
  };
}

export function useTarget(): TargetState & { tab: TargetTab | undefined; origin: string | null } {
  const s = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
  useEffect(() => {
    if (watching++ === 0) stopWatching = watch();
    void refreshTabs();
    return () => {
      if (--watching === 0) stopWatching?.();
    };
  }, []);
  const tab = s.tabs.find((t) => t.id === s.tabId);
  let origin: string | null = null;
  try {
    origin = tab ? new URL(tab.url).origin : null;
  } catch {
    origin = null;
  }
  return { ...s, tab, origin };
}

/** Where each receipt was filled last: tab, frame and row. */
const filledAt = new Map<string, { tabId: number; frameId: number; row: number | null }>();
export const rememberFill = (receiptId: string, at: { tabId: number; frameId: number; row: number | null }) => filledAt.set(receiptId, at);
export const lastFillOf = (receiptId: string) => filledAt.get(receiptId);
