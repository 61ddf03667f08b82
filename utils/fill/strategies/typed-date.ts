/** Date pickers that accept typing (Element Plus el-date-picker, AntD DatePicker): type, Enter, close, blur. */
import { blur, click, key, typeInto } from '../dom-util';

export async function fillTypedDate(input: HTMLInputElement, value: string): Promise<boolean> {
  click(input);
  await typeInto(input, value, { enter: true, blur: false });
  key(input, 'Escape');
  blur(input);
  return true;
}
