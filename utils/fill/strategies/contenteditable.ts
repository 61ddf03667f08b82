/** contenteditable fields: replace the text, then input/blur like typing. */
import { blur, fire, focus } from '../dom-util';

export function fillContentEditableSync(el: HTMLElement, value: string) {
  focus(el);
  el.textContent = value;
  fire(el, 'input', { data: value, inputType: 'insertText' });
  blur(el);
}

export async function fillContentEditable(el: HTMLElement, value: string): Promise<boolean> {
  fillContentEditableSync(el, value);
  return true;
}
