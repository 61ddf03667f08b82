/**
 * UI strings. Simplified Chinese is the default; English is the second locale.
 * The locale is chosen by the clerk (stored), not by the browser UI language,
 * because clerks in Beijing often run an English Chrome.
 */
import zh from './locales/zh-CN';
import en from './locales/en';

export type MessageKey = keyof typeof zh;
export type Locale = 'zh-CN' | 'en';
const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zh, en };

let current: Locale = 'zh-CN';
try {
  const saved = globalThis.localStorage?.getItem('locale');
  if (saved === 'en' || saved === 'zh-CN') current = saved;
} catch {
  /* no storage (tests, workers) */
}

export function getLocale(): Locale {
  return current;
}
export function setLocale(locale: Locale) {
  current = locale;
  try {
    globalThis.localStorage?.setItem('locale', locale);
  } catch {
    /* ignore */
  }
}

/** Translate; `{name}` placeholders are replaced from `vars`. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  let s = dictionaries[current][key] ?? dictionaries['zh-CN'][key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}
