/** Native <select>: the option whose text (or value) equals the wanted value. */
import { blur, fire, focus, norm, text } from '../dom-util';

export async function fillNativeSelect(sel: HTMLSelectElement, value: string): Promise<boolean> {
  const w = norm(value);
  const opts = [...sel.options].filter((o) => !o.disabled);
  const opt = opts.find((o) => norm(text(o)) === w || o.value === value) ?? (opts.filter((o) => norm(text(o)).includes(w)).length === 1 ? opts.find((o) => norm(text(o)).includes(w)) : undefined);
  if (!opt) return false;
  focus(sel);
  sel.value = opt.value;
  fire(sel, 'input');
  fire(sel, 'change');
  blur(sel);
  return true;
}

export async function clearNativeSelect(sel: HTMLSelectElement): Promise<boolean> {
  const empty = [...sel.options].find((o) => o.value === '');
  if (!empty) return false;
  sel.value = '';
  fire(sel, 'input');
  fire(sel, 'change');
  return true;
}
