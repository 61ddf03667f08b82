import { onParsed } from '@/utils/messaging';
import { detectForm, fillRow, readRow, undoLastFill } from '@/utils/fill/dom';

/**
 * Injected on demand (never declared for all pages): into the portal tab and all its frames.
 * Guards against double injection.
 */
export default defineContentScript({
  registration: 'runtime',
  matches: [],
  allFrames: true,
  main() {
    const w = window as unknown as { __receiptClerkInjected?: boolean };
    if (w.__receiptClerkInjected) return;
    w.__receiptClerkInjected = true;
    onParsed('ping', () => ({
      ok: true as const,
      where: 'content',
      url: location.href,
      frame: window.top === window ? ('top' as const) : ('child' as const),
    }));
    onParsed('fillDetect', () => detectForm(document));
    onParsed('fillRow', ({ values, taught }) => fillRow(values, taught ?? {}, document));
    onParsed('fillUndo', () => undoLastFill(document));
    onParsed('readRow', ({ rowIndex }) => readRow(rowIndex ?? null, document) as Record<string, string>);
  },
});
