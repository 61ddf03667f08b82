import { onParsed } from '@/utils/messaging';
import { addPendingImage } from '@/utils/pending-images';

export const CONTENT_SCRIPT_FILE = '/content-scripts/content.js';

export default defineBackground(() => {
  // The toolbar icon opens the side panel.
  browser.sidePanel?.setPanelBehavior?.({ openPanelOnActionClick: true }).catch(() => {});

  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.removeAll(() => {
      browser.contextMenus.create({
        id: 'recognize-receipt-image',
        title: browser.i18n.getMessage('ctxRecognize') || '识别图片中的票据',
        contexts: ['image'],
      });
    });
  });

  browser.contextMenus.onClicked.addListener(async (info, tab) => {
    if (info.menuItemId !== 'recognize-receipt-image' || !info.srcUrl) return;
    // Open the panel inside the user gesture, then hand the image over through session storage.
    if (tab?.windowId != null) browser.sidePanel.open({ windowId: tab.windowId }).catch(() => {});
    await addPendingImage({ srcUrl: info.srcUrl, pageUrl: info.pageUrl, at: Date.now() });
  });

  onParsed('injectContentScript', async ({ tabId }) => {
    try {
      const results = await browser.scripting.executeScript({
        target: { tabId, allFrames: true },
        files: [CONTENT_SCRIPT_FILE],
      });
      return { ok: true, frames: results.length, frameIds: results.map((r) => r.frameId) };
    } catch (e) {
      return { ok: false, frames: 0, frameIds: [], error: `无法在该页面注入：${(e as Error).message}` };
    }
  });
});
