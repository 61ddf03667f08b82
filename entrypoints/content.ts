import { onParsed } from '@/utils/messaging';
import { detectForm, fillRow, pickFieldOnce, readRow, readRows, undoLastFill } from '@/utils/fill/dom';

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
    onParsed('fillDetect', ({ taught }) => detectForm(document, taught ?? {}));
    onParsed('teachPick', async () => {
      const p = await pickFieldOnce(document);
      return p ? { ...p, url: location.href } : null;
    });
    onParsed('fillRow', ({ values, taught }) => fillRow(values, taught ?? {}, document));
    onParsed('fillUndo', () => undoLastFill(document));
    onParsed('readRow', ({ rowIndex, taught }) => readRow(rowIndex ?? null, document, taught ?? {}) as Record<string, string>);
    onParsed('readRows', ({ taught }) => readRows(document, taught ?? {}));
  },
});
