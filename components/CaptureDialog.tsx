import { useEffect, useRef, useState } from 'react';

/**
 * Capture of the visible portal tab: the clerk drags a rectangle around the receipt image shown
 * on the page; the crop is imported like a file.
 */
/** One frame of a shared tab, as a PNG data URL. */
async function grabFrame(stream: MediaStream): Promise<string> {
  const video = document.createElement('video');
  video.muted = true;
  video.srcObject = stream;
  await video.play();
  // wait for a frame with content
  for (let i = 0; i < 50 && (!video.videoWidth || video.readyState < 2); i++) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 150));
  const c = document.createElement('canvas');
  c.width = video.videoWidth;
  c.height = video.videoHeight;
  c.getContext('2d')!.drawImage(video, 0, 0);
  video.srcObject = null;
  return c.toDataURL('image/png');
}

export function CaptureDialog({ onDone, onCancel }: { onDone: (png: Blob) => void; onCancel: () => void }) {
  const [shot, setShot] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rect, setRect] = useState<{ x: number; y: number; w: number; h: number } | null>(null);
  const start = useRef<{ x: number; y: number } | null>(null);
  const img = useRef<HTMLImageElement>(null);

  const [needPick, setNeedPick] = useState(false);

  useEffect(() => {
    (async () => {
      try {
        const tabs = await browser.tabs.query({});
        const target = tabs.filter((t) => /^https?:/.test(t.url ?? '') && t.active).sort((a, b) => ((b as any).lastAccessed ?? 0) - ((a as any).lastAccessed ?? 0))[0];
        if (!target?.windowId) throw new Error('no-tab');
        setShot(await browser.tabs.captureVisibleTab(target.windowId, { format: 'png' }));
      } catch {
        // captureVisibleTab needs activeTab (the toolbar icon clicked on that tab) or <all_urls>;
        // otherwise the clerk picks the tab in Chrome's own sharing dialog (no extra permission)
        setNeedPick(true);
      }
    })();
  }, []);

  async function pickTab() {
    setError(null);
    let stream: MediaStream | null = null;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: { displaySurface: 'browser' } as MediaTrackConstraints, audio: false, selfBrowserSurface: 'exclude', preferCurrentTab: false } as DisplayMediaStreamOptions);
      setShot(await grabFrame(stream));
      setNeedPick(false);
    } catch (e) {
      setError(`没有截取到页面（${(e as Error).name === 'NotAllowedError' ? '已取消' : (e as Error).message}）。也可以把票据图片另存后导入。`);
    } finally {
      stream?.getTracks().forEach((tr) => tr.stop());
    }
  }

  const pos = (e: React.PointerEvent) => {
    const r = img.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  async function confirm() {
    if (!rect || !img.current || rect.w < 10 || rect.h < 10) return;
    const el = img.current;
    const sx = el.naturalWidth / el.clientWidth, sy = el.naturalHeight / el.clientHeight;
    const c = new OffscreenCanvas(Math.round(rect.w * sx), Math.round(rect.h * sy));
    c.getContext('2d')!.drawImage(el, rect.x * sx, rect.y * sy, rect.w * sx, rect.h * sy, 0, 0, c.width, c.height);
    onDone(await c.convertToBlob({ type: 'image/png' }));
  }

  return (
    <div className="capture" role="dialog" aria-label="截取页面区域">
      <p>在截图上拖出票据所在的区域，然后点“导入所选区域”。</p>
      {needPick && !shot && (
        <p>
          请选择申报网站所在的标签页（浏览器会弹出共享选择框，只截取一张图，不会录制）：{' '}
          <button className="primary" data-testid="capture-pick" onClick={pickTab}>
            选择标签页
          </button>
        </p>
      )}
      {error && <p className="error">{error}</p>}
      {shot && (
        <div
          className="capture-stage"
          onPointerDown={(e) => {
            start.current = pos(e);
            setRect(null);
            (e.target as HTMLElement).setPointerCapture?.(e.pointerId);
          }}
          onPointerMove={(e) => {
            if (!start.current) return;
            const p = pos(e), s = start.current;
            setRect({ x: Math.min(s.x, p.x), y: Math.min(s.y, p.y), w: Math.abs(p.x - s.x), h: Math.abs(p.y - s.y) });
          }}
          onPointerUp={() => (start.current = null)}
        >
          <img ref={img} src={shot} alt="页面截图" draggable={false} />
          {rect && <div className="capture-rect" style={{ left: rect.x, top: rect.y, width: rect.w, height: rect.h }} />}
        </div>
      )}
      <div className="fill-actions">
        <button className="primary" disabled={!rect || rect.w < 10} onClick={confirm}>
          导入所选区域
        </button>
        <button onClick={onCancel}>取消</button>
      </div>
    </div>
  );
}
