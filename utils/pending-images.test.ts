import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { addPendingImage, onPendingImages, readPending, takePendingImages } from './pending-images';

describe('pending context-menu images', () => {
  beforeEach(() => fakeBrowser.reset());

  it('queues images and hands them over exactly once', async () => {
    await addPendingImage({ srcUrl: 'http://127.0.0.1/a.png', at: 1 });
    await addPendingImage({ srcUrl: 'http://127.0.0.1/b.png', at: 2 });
    expect((await readPending()).map((p) => p.srcUrl)).toEqual(['http://127.0.0.1/a.png', 'http://127.0.0.1/b.png']);
    expect(await takePendingImages()).toHaveLength(2);
    expect(await takePendingImages()).toHaveLength(0);
  });

  it('does not queue the same image twice', async () => {
    await addPendingImage({ srcUrl: 'http://127.0.0.1/a.png', at: 1 });
    expect(await addPendingImage({ srcUrl: 'http://127.0.0.1/a.png', at: 5 })).toBe(1);
    expect((await readPending())[0].at).toBe(5);
  });

  it('ignores malformed stored data instead of crashing the panel', async () => {
    await fakeBrowser.storage.session.set({ pendingImages: [{ nope: true }] });
    expect(await takePendingImages()).toEqual([]);
  });

  it('notifies listeners when images arrive', async () => {
    let calls = 0;
    const off = onPendingImages(() => calls++);
    await addPendingImage({ srcUrl: 'data:image/png;base64,AAAA', at: 1 });
    off();
    await addPendingImage({ srcUrl: 'data:image/png;base64,BBBB', at: 2 });
    expect(calls).toBe(1);
  });
});
