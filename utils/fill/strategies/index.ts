/** Picks the strategy for a widget kind. One small file per strategy in this folder. */
import type { Found } from '../detect';
import { sameOnPage } from '../match';
import { typeInto, typeIntoSync } from '../dom-util';
import { fillAntSelect } from './ant-select';
import { fillCombobox } from './combobox';
import { fillContentEditable, fillContentEditableSync } from './contenteditable';
import { clearElSelect, fillElSelect } from './el-select';
import { fillNumberInput } from './el-number';
import { fillNativeInput } from './native-input';
import { clearNativeSelect, fillNativeSelect } from './native-select';
import { fillReadonlyDate } from './readonly-date';
import { fillTypedDate } from './typed-date';

export { heldNumber } from './el-number';

/** Kinds whose strategy runs without waiting: filled back to back, so the page re-renders once. */
export const SYNC_KINDS = new Set(['text', 'number', 'textarea', 'el-number', 'contenteditable']);

export function setFieldSync(f: Pick<Found, 'root' | 'input'> & { desc: { kind: string } }, value: string): boolean {
  switch (f.desc.kind) {
    case 'contenteditable':
      fillContentEditableSync(f.root, value);
      return true;
    default:
      typeIntoSync(f.input as HTMLInputElement, value);
      return true;
  }
}

export async function setField(f: Pick<Found, 'root' | 'input'> & { desc: { kind: string } }, value: string): Promise<boolean> {
  const { root, input } = f;
  switch (f.desc.kind) {
    case 'el-select':
      return fillElSelect(root, value);
    case 'ant-select':
      return fillAntSelect(root, value);
    case 'combobox':
      return fillCombobox(root, value);
    case 'select':
      return fillNativeSelect(root as HTMLSelectElement, value);
    case 'el-date': {
      const el = input as HTMLInputElement;
      if (!el.readOnly) {
        await fillTypedDate(el, value);
        if (sameOnPage('issueDate', value, el.value)) return true;
      }
      // a picker that does not accept typing (editable=false): choose the day in its calendar
      return fillReadonlyDate(el, value);
    }
    case 'readonly-date':
      return fillReadonlyDate(input as HTMLInputElement, value);
    case 'el-number':
      return fillNumberInput(input as HTMLInputElement, value);
    case 'contenteditable':
      return fillContentEditable(root, value);
    default:
      return fillNativeInput(input as HTMLInputElement, value);
  }
}

/** Puts an earlier value back (undo). Returns false when the widget cannot be emptied safely. */
export async function restoreField(f: Pick<Found, 'root' | 'input'> & { desc: { kind: string } }, previous: string): Promise<boolean> {
  if (previous !== '') return setField(f, previous);
  switch (f.desc.kind) {
    case 'select':
      return clearNativeSelect(f.root as HTMLSelectElement);
    case 'el-select':
      return clearElSelect(f.root);
    case 'ant-select':
    case 'combobox':
      return false;
    case 'contenteditable':
      return fillContentEditable(f.root, '');
    case 'el-date':
      await typeInto(f.input as HTMLInputElement, '', { enter: true });
      return true;
    default:
      await typeInto(f.input as HTMLInputElement, '');
      return true;
  }
}
