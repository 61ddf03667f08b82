/** contenteditable fields: replace the text, then input/blur like typing. */
import { blur, fire, focus } from '../dom-util';

export async function fillContentEditable(el: HTMLElement, value: string): Promise<boolean> {
  focus(el);
  el.textContent = value;
  fire(el, 'input', { data: value, inputType: 'insertText' });
  blur(el);
  return true;
}
