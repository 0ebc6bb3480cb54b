// Customer attributes on the site: their labels and the labels of their levels, from site.json
// `attributes` ([{name, kind, label: {en, "zh-CN"}, builtIn, ranges?: {q1: [lo, hi], ...}}]).
// Levels: a categorical value, "__other__" (levels folded past the 11 largest), "__missing__", or a
// numeric attribute's quartile q1..q4, shown with its range.
import { formatValue } from './format.js';
import { locale, t } from './labels.js';

// site.json from before attributes were published: the three built-in ones.
const BUILT_IN = [
  { name: 'region', kind: 'categorical', builtIn: true },
  { name: 'channel', kind: 'categorical', builtIn: true },
  { name: 'plan', kind: 'categorical', builtIn: true },
];

/** The site's attributes (the built-in three when site.json predates them). */
export function siteAttributes(site) {
  return site?.attributes ?? BUILT_IN;
}

/** An attribute's label in the page's locale. */
export function attributeLabel(attribute) {
  if (!attribute) return '';
  return attribute.label?.[locale] ?? attribute.label?.en ?? t(`attribute.${attribute.name}`);
}

/** A level's label: the value itself, "Other", "Missing", or "Q2 · 31–45" for a numeric quartile. */
export function levelLabel(attribute, level) {
  if (level === '__other__') return t('attribute.other');
  if (level === '__missing__' || level == null) return t('attribute.missing');
  const range = attribute?.kind === 'numeric' ? attribute.ranges?.[level] : null;
  if (range) return `${level.toUpperCase()} · ${number(range[0])}–${number(range[1])}`;
  return String(level);
}

/** A customer's value of an attribute as a table shows it: text, or a number for numeric ones. */
export function attributeValue(attribute, value) {
  if (value == null) return '';
  return attribute?.kind === 'numeric' ? number(value) : String(value);
}

// Attribute numbers are customer data (ages, balances): two decimals only where they have them.
const number = (x) => (Number.isInteger(x) ? String(x) : formatValue(x));
