/** Number inputs that reformat on blur (Element Plus el-input-number, AntD InputNumber): type, blur (the widget reformats). */
import { typeInto } from '../dom-util';

export async function fillNumberInput(input: HTMLInputElement, value: string): Promise<boolean> {
  await typeInto(input, value);
  return true;
}

/** The number the widget holds (aria-valuenow) when it exposes one. */
export function heldNumber(input: HTMLElement): string | undefined {
  const v = input.getAttribute('aria-valuenow') ?? input.closest('[aria-valuenow]')?.getAttribute('aria-valuenow');
  return v == null || v === '' ? undefined : v;
}
