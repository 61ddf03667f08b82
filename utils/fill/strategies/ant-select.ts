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
  const options = () => {
    const list = listId ? doc.getElementById(listId) : null;
    const scope: ParentNode = list?.closest('.ant-select-dropdown') ?? doc;
    return [...scope.querySelectorAll<HTMLElement>('.ant-select-item-option:not(.ant-select-item-option-disabled)')].filter(isVisible);
  };
  const opt = await waitFor(() => pickOption(options(), value));
  if (!opt) return false;
  click(opt);
  return true;
}
