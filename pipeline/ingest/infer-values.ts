// --infer: what a column's sampled values say: numbers or text, how many distinct, integers written as
// decimals (`17850.0`), negative quantities, the date format that parses every value, a letter prefix
// that marks some order numbers (`C536379`), a survey's scale, contact details.
import type { SurveyScale } from '../vocabulary.ts';
import { timeParser } from './parse-time.ts';

export interface Profile {
  /** Rows sampled. */
  rows: number;
  /** The non-empty values, trimmed. */
  values: string[];
  distinct: number;
  /** Every non-empty value is a plain number. */
  numeric: boolean;
  /** Every non-empty value is a whole number and some are written with a zero fraction (`17850.0`). */
  decimalIntegers: boolean;
  negatives: number;
  min: number | null;
  max: number | null;
  meanLength: number;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

export function profile(raw: readonly string[]): Profile {
  const values = raw.map((v) => v.trim()).filter((v) => v !== '');
  const numeric = values.length > 0 && values.every((v) => NUMBER.test(v));
  const numbers = numeric ? values.map(Number) : [];
  return {
    rows: raw.length,
    values,
    distinct: new Set(values).size,
    numeric,
    decimalIntegers:
      values.length > 0 && values.every((v) => /^\d+(\.0+)?$/.test(v)) && values.some((v) => v.includes('.')),
    negatives: numbers.filter((n) => n < 0).length,
    min: numbers.length ? Math.min(...numbers) : null,
    max: numbers.length ? Math.max(...numbers) : null,
    meanLength: values.length ? values.reduce((s, v) => s + v.length, 0) / values.length : 0,
  };
}

/** Values that are not plain numbers (`¥12.50`, `1,234`): rejected as bad_number by ingest. */
export const nonNumbers = (p: Profile): string[] => p.values.filter((v) => !NUMBER.test(v));

// Formats tried on sampled values; epoch and serial-day numbers only when the column's name says it
// holds times, as any number column would otherwise pass for epoch seconds.
const TEXT_FORMATS = [
  'iso',
  '%Y/%m/%d %H:%M:%S',
  '%Y/%m/%d %H:%M',
  '%Y/%m/%d',
  '%Y-%m-%d %H:%M',
  '%Y-%m-%dT%H:%M:%S',
  '%Y.%m.%d',
  '%m/%d/%Y %H:%M',
  '%d/%m/%Y %H:%M',
  '%m/%d/%Y %H:%M:%S',
  '%d/%m/%Y %H:%M:%S',
  '%m/%d/%Y',
  '%d/%m/%Y',
  '%m/%d/%y %H:%M',
  '%d/%m/%y %H:%M',
  '%m/%d/%y',
  '%d/%m/%y',
  '%d.%m.%Y %H:%M',
  '%d.%m.%Y',
  '%d-%m-%Y',
  '%Y年%m月%d日 %H:%M:%S',
  '%Y年%m月%d日 %H:%M',
  '%Y年%m月%d日',
];
const DIGIT_FORMATS = ['%Y%m%d', 'epoch_s', 'epoch_ms', 'excel'];

// Parsed dates outside these years are taken as a format that does not fit (an id read as epoch seconds).
const EARLIEST = Date.UTC(1980, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

export interface DateGuess {
  format: string;
  /** Other formats that also parse every value (day and month both 12 or less). */
  alternatives: string[];
}

/**
 * The format that parses every sampled value into a plausible date. When several do (`12/1/2010` is
 * 1 Dec or 12 Jan), the one whose sampled dates span the shortest time wins: exports hold a stretch of
 * consecutive days, and reading day for month spreads them over months.
 */
export function guessDateFormat(values: readonly string[], digitsToo: boolean): DateGuess | null {
  if (values.length === 0) return null;
  const digits = values.every((v) => /^\d+(\.\d+)?$/.test(v));
  // Compact dates (20240101) read as dates from their values alone; epoch and serial numbers do not.
  const formats = digits ? (digitsToo ? DIGIT_FORMATS : DIGIT_FORMATS.slice(0, 1)) : TEXT_FORMATS;
  const fits: { format: string; span: number }[] = [];
  for (const format of formats) {
    const parse = timeParser(format, undefined);
    let lo = Infinity;
    let hi = -Infinity;
    const ok = values.every((v) => {
      const ms = parse(v);
      if (ms === null || ms < EARLIEST || ms > LATEST) return false;
      lo = Math.min(lo, ms);
      hi = Math.max(hi, ms);
      return true;
    });
    if (ok) fits.push({ format, span: hi - lo });
  }
  if (fits.length === 0) return null;
  // The first of equal spans: formats are listed most specific first (%Y%m%d before epoch seconds).
  const best = fits.reduce((a, b) => (b.span < a.span ? b : a));
  const alternatives = fits.filter((f) => f !== best && sameShape(f.format, best.format)).map((f) => f.format);
  return { format: best.format, alternatives };
}

// Two formats are genuinely ambiguous when they differ only in the order of day and month.
const sameShape = (a: string, b: string) => a.replace(/%[dm]/g, '%x') === b.replace(/%[dm]/g, '%x');

/**
 * Letter prefixes that mark a minority of order numbers (`C536379` among `536365`, ...), with how many
 * lines carry each; none when most numbers carry letters too.
 */
export function orderPrefixes(values: readonly string[]): Map<string, number> {
  const prefixes = new Map<string, number>();
  let plain = 0;
  for (const v of values) {
    const m = /^([A-Za-z]{1,3})\d/.exec(v);
    if (m) prefixes.set(m[1], (prefixes.get(m[1]) ?? 0) + 1);
    else if (/^\d/.test(v)) plain++;
  }
  const marked = [...prefixes.values()].reduce((s, n) => s + n, 0);
  return marked > 0 && plain > marked ? prefixes : new Map();
}

/**
 * The scale of a survey answer column: stars and CSAT by name when the values fit 1-5, otherwise by
 * the values (0-10 is NPS; 1-5 unnamed is read as stars, the commonest 1-5 rating). Null when they fit none.
 */
export function guessSurveyScale(column: string, p: Profile): SurveyScale | null {
  if (!p.numeric || p.min === null || p.max === null || p.min < 0 || p.max > 10) return null;
  const fiveAtMost = p.min >= 1 && p.max <= 5;
  if (/nps|推荐/i.test(column)) return 'nps';
  if (fiveAtMost && /star|星/i.test(column)) return 'stars';
  if (fiveAtMost && /csat|satisf|满意/i.test(column)) return 'csat';
  return fiveAtMost ? 'stars' : 'nps';
}

/** Most values are email addresses or phone numbers (a mobile like 13812345678, or +44 ...). */
export function looksPersonal(p: Profile): boolean {
  if (p.values.length === 0) return false;
  const personal = p.values.filter(
    (v) => /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(v) || /^1[3-9]\d{9}$/.test(v) || /^\+\d[\d\s-]{7,}$/.test(v),
  );
  return personal.length >= 0.8 * p.values.length;
}

/** Text meant for people: long, mostly different values with spaces (descriptions, comments). */
export const looksFreeText = (p: Profile): boolean =>
  !p.numeric && p.meanLength >= 12 && p.distinct >= 0.3 * p.values.length && p.values.some((v) => /\s/.test(v));
