import { useEffect, useState } from 'react';
import type { Box } from '@/utils/receipt/types';

/** The part of the page image a value was read from, so the clerk compares with the receipt itself. */
export function FieldCrop({ image, size, box }: { image?: Blob; size?: { width: number; height: number }; box?: Box }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!image) return;
    const u = URL.createObjectURL(image);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [image]);
  if (!url || !size || !box) return null;
  const pad = box.h * 0.6;
  const x = Math.max(0, box.x - pad), y = Math.max(0, box.y - pad * 0.5);
  const w = Math.min(size.width - x, box.w + pad * 2), h = Math.min(size.height - y, box.h + pad);
  const scale = Math.min(3, 300 / w, 44 / h);
  return (
    <div
      className="crop"
      role="img"
      aria-label="票据原图局部"
      style={{
        width: w * scale,
        height: h * scale,
        backgroundImage: `url(${url})`,
        backgroundSize: `${size.width * scale}px ${size.height * scale}px`,
        backgroundPosition: `${-x * scale}px ${-y * scale}px`,
      }}
    />
  );
}
