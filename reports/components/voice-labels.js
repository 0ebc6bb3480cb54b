// Names on the Voice of the customer page: a theme's label in the page's locale (voice.json carries
// {en, "zh-CN"} per theme) and a language code's name.
import { locale, t } from './labels.js';

/** theme: {code, label: {en, "zh-CN"}}. */
export function themeLabel(theme) {
  return theme?.label?.[locale] ?? theme?.label?.en ?? theme?.code ?? '';
}

/** "zh" | "en" | "mixed" | "unknown" | "all" as words. */
export function languageLabel(lang) {
  return t(`voice.lang.${lang}`);
}
