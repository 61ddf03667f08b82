/** Small DOM helpers shared by detection, strategies, rows and read-back (content script only). */

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
export const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/** Controls that must never be pressed by the fill. */
export const FORBIDDEN = /(保存|提交|确认|确定|申报|删除全部|暂存|打印|下一步|完成|登录|submit|save|confirm)/i;

export function isVisible(el: Element): boolean {
  const he = el as HTMLElement;
  if (!he.isConnected) return false;
  const view = he.ownerDocument.defaultView ?? window;
  const style = view.getComputedStyle(he);
  if (style.display === 'none' || style.visibility === 'hidden') return false;
  const r = he.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
}

export function fire(el: Element, type: string, init: Record<string, unknown> = {}) {
  const view = (el.ownerDocument.defaultView ?? window) as typeof window;
  const Ctor = type.startsWith('key')
    ? view.KeyboardEvent
    : type === 'input'
      ? view.InputEvent
      : type.startsWith('mouse') || type === 'click'
        ? view.MouseEvent
        : type.startsWith('pointer')
          ? (view.PointerEvent ?? view.MouseEvent)
          : /^(focus|blur|focusin|focusout)$/.test(type)
            ? view.FocusEvent
            : view.Event;
  el.dispatchEvent(new (Ctor as typeof Event)(type, { bubbles: type !== 'focus' && type !== 'blur', cancelable: true, composed: true, ...init } as EventInit));
}

/** A person's click: pointer/mouse down and up, then click. Refuses save/submit-like controls. */
export function click(el: HTMLElement) {
  const label = (text(el) || (el as HTMLInputElement).value || '').replace(/\s+/g, '');
  if ((el.matches('button, a, [role=button], input[type=button], input[type=submit]') && FORBIDDEN.test(label)) || (el as HTMLInputElement).type === 'submit') {
    throw new Error(`拒绝点击“${label}”：填写从不保存或提交`);
  }
  for (const t of ['pointerdown', 'mousedown', 'pointerup', 'mouseup']) fire(el, t, { button: 0 });
  el.click();
}

export function key(el: Element, k: 'Enter' | 'Escape' | 'Tab') {
  const code = { Enter: 13, Escape: 27, Tab: 9 }[k];
  fire(el, 'keydown', { key: k, code: k, keyCode: code, which: code });
  fire(el, 'keyup', { key: k, code: k, keyCode: code, which: code });
}

/** Sets a value the way the browser does, past framework-patched setters (React, Vue). */
export function setNativeValue(el: HTMLInputElement | HTMLTextAreaElement, value: string) {
  const view = (el.ownerDocument.defaultView ?? window) as typeof window;
  const proto = el instanceof view.HTMLTextAreaElement ? view.HTMLTextAreaElement.prototype : view.HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
}

export function focus(el: HTMLElement) {
  el.focus({ preventScroll: true });
  fire(el, 'focus');
  fire(el, 'focusin');
}

export function blur(el: HTMLElement) {
  fire(el, 'blur');
  fire(el, 'focusout');
  el.blur();
}

export async function typeInto(el: HTMLInputElement | HTMLTextAreaElement, value: string, opts: { enter?: boolean; blur?: boolean } = {}) {
  typeIntoSync(el, value, opts);
}

export function typeIntoSync(el: HTMLInputElement | HTMLTextAreaElement, value: string, { enter = false, blur: doBlur = true } = {}) {
  focus(el);
  setNativeValue(el, value);
  fire(el, 'input', { data: value, inputType: 'insertText' });
  fire(el, 'change');
  if (enter) key(el, 'Enter');
  if (doBlur) blur(el);
}

/** Polls `fn` until it answers (bounded). */
export async function waitFor<T>(fn: () => T | null | undefined | false, timeout = 1500, step = 10): Promise<T | null> {
  const t0 = performance.now();
  for (;;) {
    const v = fn();
    if (v) return v as T;
    if (performance.now() - t0 >= timeout) return null;
    await sleep(step);
  }
}

/** Waits for `fn` to answer, re-checking on every DOM mutation under `root` (bounded). */
export function waitForMutation<T>(root: Node, fn: () => T | null | undefined | false, timeout = 2000): Promise<T | null> {
  return new Promise((resolve) => {
    const first = fn();
    if (first) return resolve(first as T);
    const view = (root.ownerDocument ?? (root as Document)).defaultView ?? window;
    let done = false;
    const finish = (v: T | null) => {
      if (done) return;
      done = true;
      obs.disconnect();
      clearTimeout(timer);
      clearInterval(poll);
      resolve(v);
    };
    let queued = false;
    const check = () => {
      queued = false;
      if (done) return;
      const v = fn();
      if (v) finish(v as T);
    };
    // coalesce bursts of mutations (a framework rendering a row) into one check
    const schedule = () => {
      if (!queued) {
        queued = true;
        setTimeout(check, 10);
      }
    };
    const obs = new view.MutationObserver(schedule);
    obs.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['style', 'class', 'hidden'] });
    // layout-only changes (a row becoming visible) do not always mutate: check now and then too
    const poll = setInterval(check, 100);
    const timer = setTimeout(() => finish(null), timeout);
  });
}

/** The option whose text equals the wanted value (or the only one containing it). */
export function pickOption(options: HTMLElement[], want: string): HTMLElement | null {
  const w = norm(want);
  const exact = options.find((o) => norm(text(o)) === w);
  if (exact) return exact;
  const partial = options.filter((o) => norm(text(o)).includes(w));
  return partial.length === 1 ? partial[0] : null;
}
