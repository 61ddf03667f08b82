/** ARIA comboboxes / div dropdowns (role=combobox → role=listbox → role=option): click, pick, wait. */
import { click, fire, isVisible, key, pickOption, setNativeValue, waitFor } from '../dom-util';

export async function fillCombobox(root: HTMLElement, value: string): Promise<boolean> {
  const doc = root.ownerDocument;
  click(root);
  // searchable: type to filter
  const input = (root.tagName === 'INPUT' ? root : root.querySelector('input')) as HTMLInputElement | null;
  if (input && !input.readOnly) {
    setNativeValue(input, value);
    fire(input, 'input', { data: value, inputType: 'insertText' });
  }
  const listId = root.getAttribute('aria-controls') ?? root.getAttribute('aria-owns') ?? input?.getAttribute('aria-controls');
  const opt = await waitFor(() => {
    const scope = listId ? doc.getElementById(listId) : null;
    const opts = [...(scope ?? doc).querySelectorAll<HTMLElement>('[role=option]')].filter((o) => isVisible(o) && o.getAttribute('aria-disabled') !== 'true');
    return pickOption(opts, value);
  });
  if (!opt) {
    key(root, 'Escape');
    return false;
  }
  click(opt);
  return true;
}
