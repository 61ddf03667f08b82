/** Ant Design Select (v5/v6): open, type when searchable, click the option. */
import { click, fire, isVisible, pickOption, setNativeValue, waitFor } from '../dom-util';

export async function fillAntSelect(root: HTMLElement, value: string): Promise<boolean> {
  const doc = root.ownerDocument;
  click((root.querySelector('.ant-select-selector, .ant-select-content') as HTMLElement) ?? root);
  const input = root.querySelector('input') as HTMLInputElement | null;
  if (input && !input.readOnly) {
    setNativeValue(input, value);
    fire(input, 'input', { data: value });
  }
  const listId = input?.getAttribute('aria-controls') ?? input?.getAttribute('aria-owns');
  // only this select's own dropdown: another row's dropdown may still be fading out (a click there
  // would change that row). Without an id, the one open dropdown that is not closing.
  const CLOSING = /ant-select-dropdown-hidden|-leave|-disappear/;
  const options = () => {
    let scopes: Element[];
    if (listId) {
      const list = doc.getElementById(listId);
      const dd = list?.closest('.ant-select-dropdown');
      scopes = dd ? [dd] : [];
    } else {
      scopes = [...doc.querySelectorAll('.ant-select-dropdown')].filter((d) => !CLOSING.test(d.className) && isVisible(d as HTMLElement));
      if (scopes.length > 1) scopes = [];
    }
    return scopes.flatMap((sc) => [...sc.querySelectorAll<HTMLElement>('.ant-select-item-option:not(.ant-select-item-option-disabled)')].filter(isVisible));
  };
  const opt = await waitFor(() => pickOption(options(), value));
  if (!opt) return false;
  click(opt);
  return true;
}
