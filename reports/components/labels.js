// Every user-visible string of the report, by locale ("en" or "zh-CN"). The site-wide locale comes
// from config (report.locale): publish writes it to site.json and observablehq.config.ts puts it in
// <meta name="churn-locale">. A `?lang=zh-CN` (or `?lang=en`) query parameter overrides it for one
// page view. Pages and components only call t() / tierLabel() / codeLabel().
import { en } from './labels-en.js';
import { zhCN } from './labels-zh.js';
import { localizePage } from './page-names.js';

export const LOCALES = ['en', 'zh-CN'];

const messages = { en, 'zh-CN': zhCN };

// The same words as pipeline/vocabulary.ts's RISK_TIER_LABELS (test/vocabulary.test.ts holds them equal).
export const TIER_LABELS = {
  en: { high: 'High', medium: 'Medium', low: 'Low' },
  'zh-CN': { high: '高风险', medium: '中风险', low: '低风险' },
};

/** The page's locale: ?lang= if valid, else the built site's meta tag, else "en". */
export function pageLocale(doc = globalThis.document, search = globalThis.location?.search ?? '') {
  const asked = new URLSearchParams(search).get('lang');
  if (LOCALES.includes(asked)) return asked;
  const meta = doc?.querySelector?.('meta[name="churn-locale"]')?.getAttribute('content');
  return LOCALES.includes(meta) ? meta : 'en';
}

export const locale = pageLocale();
if (globalThis.document?.documentElement) {
  document.documentElement.lang = locale;
  localizePage(locale);
  // Framework writes this tooltip in English whatever the locale
  document.getElementById('observablehq-sidebar-toggle')?.setAttribute('title', t('site.toggleSidebar'));
}

/** The message for key, with {name} placeholders filled from vars. */
export function t(key, vars = {}) {
  const text = messages[locale]?.[key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

/** t() for a count: the key's ".one" form when n is 1 and the locale has one (English does). */
export function tn(key, n, vars = {}) {
  const one = n === 1 && messages[locale]?.[`${key}.one`] != null;
  return t(one ? `${key}.one` : key, vars);
}

/** The label of a code under a key prefix ("reject", "status", ...), or the code when there is none. */
export function codeText(prefix, code) {
  if (code == null) return '';
  const key = `${prefix}.${code}`;
  return messages[locale]?.[key] ?? en[key] ?? String(code);
}

export function tierLabel(tier) {
  return TIER_LABELS[locale]?.[tier] ?? tier;
}

/**
 * A code's label from a published dictionary {code: {en, "zh-CN"}} (actions, channels, segments,
 * lifecycle stages, value tiers: see site.json); the code itself when the dictionary lacks it.
 */
export function codeLabel(dictionary, code) {
  if (code == null) return '';
  const entry = dictionary?.[code];
  return entry?.[locale] ?? entry?.en ?? String(code);
}

/** A localised list from a row carrying both languages (e.g. reasonLabels / reasonLabelsZh). */
export function localized(row, key) {
  return (locale === 'zh-CN' ? row[`${key}Zh`] : null) ?? row[key];
}
