import { useEffect, useState } from 'react';
import { t } from '@/utils/i18n';

/** The whole receipt image (the upright page image, else the imported image file), opened on demand. */
export function PageImage({ image, file, mime }: { image?: Blob; file?: Blob; mime?: string }) {
  const src = image ?? (file && (mime ?? file.type).startsWith('image/') ? file : undefined);
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!open || !src) return;
    const u = URL.createObjectURL(src);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [open, src]);
  if (!src) return null;
  return (
    <details className="page-image" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{t('showImage')}</summary>
      {url && <img src={url} alt={t('showImage')} data-testid="page-image" />}
    </details>
  );
}
