/** Teach mode (content script): the clerk's next click on a page field answers which field it is. */
import { collectFields, groupByRow } from './detect';

export function fieldPosition(el: Element, doc: Document = document): { pos: number; labels: string[]; selector?: string } | null {
  const all = collectFields(doc);
  const hit = all.find((f) => f.root === el || f.root.contains(el) || f.input === el);
  if (!hit) return null;
  const fs = groupByRow(all).get(hit.desc.row) ?? [];
  return { pos: fs.indexOf(hit), labels: hit.desc.labels, selector: hit.desc.selector };
}

export function pickFieldOnce(doc: Document = document, timeoutMs = 60_000): Promise<{ pos: number; labels: string[] } | null> {
  return new Promise((resolve) => {
    const style = doc.createElement('style');
    style.textContent =
      'input:hover, select:hover, textarea:hover, [role=combobox]:hover, .el-select:hover, .ant-select:hover, [contenteditable]:hover { outline: 3px dashed #bf8700 !important; cursor: crosshair !important; }';
    (doc.head ?? doc.documentElement).appendChild(style);
    const done = (v: { pos: number; labels: string[] } | null) => {
      doc.removeEventListener('click', onClick, true);
      style.remove();
      clearTimeout(timer);
      resolve(v);
    };
    const onClick = (e: MouseEvent) => {
      const pos = e.target instanceof Element ? fieldPosition(e.target, doc) : null;
      if (!pos) return;
      e.preventDefault();
      e.stopPropagation();
      done({ pos: pos.pos, labels: pos.labels });
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    doc.addEventListener('click', onClick, true);
  });
}
