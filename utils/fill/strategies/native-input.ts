/** Text, number and textarea inputs, controlled or not (React, Vue): native setter + bubbling events. */
import { typeInto } from '../dom-util';

export async function fillNativeInput(input: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<boolean> {
  await typeInto(input, value);
  return true;
}
