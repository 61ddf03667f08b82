/**
 * Readonly date input with a popup calendar, driven like a person: open it, read the shown month,
 * step with the previous/next-month buttons, click the day. When no calendar opens, set the value
 * with events if the widget accepts it (read-back decides).
 */
import { click, fire, focus, isVisible, setNativeValue, sleep, text, waitFor } from '../dom-util';

const POPUP = '[class*=calendar], [class*=datepicker], [class*=date-picker], [class*=cal], [role=dialog], [role=grid]';

export async function fillReadonlyDate(input: HTMLInputElement, value: string): Promise<boolean> {
  const doc = input.ownerDocument;
  const [ty, tm, td] = value.split('-').map(Number);
  const target = ty * 12 + (tm - 1);
  focus(input);
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
  // at most ~10 years of month steps; a click that does not change the month ends the attempt
  for (let i = 0; i < 130; i++) {
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
        (c) => text(c) === String(td) && isVisible(c) && !/other|prev|next|disabled|outside/i.test(typeof c.className === 'string' ? c.className : '') && c.getAttribute('aria-disabled') !== 'true',
      );
      if (!day) return false;
      // frameworks listen on the cell or on its inner text element
      click((day.querySelector('.el-date-table-cell__text, span') as HTMLElement | null) ?? day);
      break;
    }
    const back = shown > target;
    // a whole year at a time when far away, if the calendar offers it
    const far = Math.abs(shown - target) >= 12;
    // real controls first; a wrapper span that holds controls (Element Plus' prev-btn) is not one
    const controls = [...popup.querySelectorAll<HTMLElement>('button, a, [role=button]')].filter(isVisible);
    const spans = [...popup.querySelectorAll<HTMLElement>('span')].filter((s) => isVisible(s) && !s.querySelector('button, a, [role=button]'));
    const buttons = [...controls, ...spans];
    const label = (b: HTMLElement) => `${text(b)} ${b.getAttribute('aria-label') ?? ''} ${b.getAttribute('title') ?? ''} ${typeof b.className === 'string' ? b.className : ''}`;
    // labels of common calendars: ‹ › « », 上一月/上个月/前一年 (Element Plus zh-cn), Previous Month/Year, arrow classes
    const yearNav = far ? buttons.find((b) => (back ? /«|上一?年|前一年|prev-?year|previous year|d-arrow-left/i : /»|下一?年|后一年|next-?year|next year|d-arrow-right/i).test(label(b))) : undefined;
    const nav =
      yearNav ??
      buttons.find((b) => (back ? /‹|^<$|上一?个?月|prev|previous|arrow-left/i : /›|^>$|下一?个?月|next|arrow-right/i).test(label(b)) && !/年|year|«|»|d-arrow/i.test(label(b)));
    if (!nav) return false;
    const before = m[0];
    click(nav);
    // wait for the calendar to show the next month (frameworks re-render asynchronously)
    const moved = await waitFor(() => /(\d{4})\s*[年\-/.]\s*(\d{1,2})/.exec(text(popup))?.[0] !== before, 400, 5);
    if (!moved) return false;
  }
  await sleep(20);
  return input.value !== '';
}
