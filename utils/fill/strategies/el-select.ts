/** Element Plus el-select (filterable or not): open, type to filter, click the option in its own dropdown. */
import { click, fire, isVisible, key, pickOption, setNativeValue, sleep, waitFor } from '../dom-util';

export async function fillElSelect(root: HTMLElement, value: string): Promise<boolean> {
  const doc = root.ownerDocument;
  const trigger = (root.querySelector('.el-select__wrapper, .el-input__wrapper, .el-select__selection') as HTMLElement) ?? root;
  click(trigger);
  const input = root.querySelector('input') as HTMLInputElement | null;
  if (input && !input.readOnly) {
    input.focus({ preventScroll: true });
    setNativeValue(input, value);
    fire(input, 'input', { data: value, inputType: 'insertText' });
  }
  // scope to this select's own dropdown (aria-controls), not a stale one of another row
  const listId = (root.querySelector('[aria-controls]') as HTMLElement | null)?.getAttribute('aria-controls');
  const options = () => {
    const list = listId ? doc.getElementById(listId) : null;
    const scope: ParentNode = list?.closest('.el-select-dropdown') ?? list ?? doc;
    return [...scope.querySelectorAll<HTMLElement>('.el-select-dropdown__item:not(.is-disabled)')].filter(isVisible);
  };
  const opt = await waitFor(() => pickOption(options(), value));
  if (!opt) {
    key(input ?? trigger, 'Escape');
    return false;
  }
  click(opt);
  return true;
}

/** Clears a clearable el-select through its clear icon (undo). */
export async function clearElSelect(root: HTMLElement): Promise<boolean> {
  fire(root.querySelector('.el-select__wrapper') ?? root, 'mouseenter');
  const icon = root.querySelector<HTMLElement>('.el-select__clear, .el-input__clear');
  if (!icon) return false;
  click(icon);
  await sleep(20);
  return true;
}
