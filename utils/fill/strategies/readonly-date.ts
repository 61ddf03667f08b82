/**
 * Readonly date input with a popup calendar, driven like a person: open it, read the shown month,
 * step with the previous/next-month buttons, click the day. When no calendar opens, set the value
 * with events if the widget accepts it (read-back decides).
 */
import { click, fire, isVisible, setNativeValue, sleep, text, waitFor } from '../dom-util';

const POPUP = '[class*=calendar], [class*=datepicker], [class*=date-picker], [class*=cal], [role=dialog], [role=grid]';

export async function fillReadonlyDate(input: HTMLInputElement, value: string): Promise<boolean> {
  const doc = input.ownerDocument;
  const [ty, tm, td] = value.split('-').map(Number);
  const target = ty * 12 + (tm - 1);
  click(input);
  const popup = await waitFor(
    () => [...doc.querySelectorAll<HTMLElement>(POPUP)].find((el) => isVisible(el) && /\d{4}\s*[年\-/.]\s*\d{1,2}/.test(text(el)) && !el.contains(input)),
    800,
  );
  if (!popup) {
    setNativeValue(input, value);
    fire(input, 'input');
    fire(input, 'change');
    return input.value === value;
  }
  for (let i = 0; i < 400; i++) {
    const byData = [...popup.querySelectorAll<HTMLElement>(`[data-date="${value}"]`)].find(isVisible);
    if (byData) {
      click(byData);
      break;
    }
    const m = /(\d{4})\s*[年\-/.]\s*(\d{1,2})/.exec(text(popup));
    if (!m) return false;
    const shown = Number(m[1]) * 12 + (Number(m[2]) - 1);
    if (shown === target) {
      const day = [...popup.querySelectorAll<HTMLElement>('td, [role=gridcell], button')].find(
        (c) => text(c) === String(td) && isVisible(c) && !/other|prev|next|disabled|outside/i.test(c.className) && c.getAttribute('aria-disabled') !== 'true',
      );
      if (!day) return false;
      click(day);
      break;
    }
    const back = shown > target;
    // a whole year at a time when far away, if the calendar offers it
    const far = Math.abs(shown - target) >= 12;
    const buttons = [...popup.querySelectorAll<HTMLElement>('button, a, [role=button], span')].filter(isVisible);
    const label = (b: HTMLElement) => `${text(b)} ${b.getAttribute('aria-label') ?? ''} ${b.getAttribute('title') ?? ''} ${typeof b.className === 'string' ? b.className : ''}`;
    const yearNav = far ? buttons.find((b) => (back ? /«|上一?年|prev-?year/i : /»|下一?年|next-?year/i).test(label(b))) : undefined;
    const nav = yearNav ?? buttons.find((b) => (back ? /‹|^<$|上一?月|prev|previous/i : /›|^>$|下一?月|next/i).test(label(b)) && !/年|year|«|»/i.test(label(b)));
    if (!nav) return false;
    click(nav);
    await sleep(5);
  }
  await sleep(20);
  return input.value !== '';
}
