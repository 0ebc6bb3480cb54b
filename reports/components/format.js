// Number and date formatting through Intl, in the report's locale (see labels.js).
import { locale, t } from './labels.js';

const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const wholePercent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
const metric = new Intl.NumberFormat(locale, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
const oneDecimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const date = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const dateTime = new Intl.DateTimeFormat(locale, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
  timeZoneName: 'short',
});

const missing = '–';
const guard = (f) => (x) => (x == null || Number.isNaN(x) ? missing : f(x));

export const formatInt = guard((x) => integer.format(x));
export const formatValue = guard((x) => decimal.format(x));
export const formatCompact = guard((x) => compact.format(x));
export const formatPercent = guard((x) => percent.format(x));
export const formatMetric = guard((x) => metric.format(x));
export const formatOneDecimal = guard((x) => oneDecimal.format(x));

const signedMetric = new Intl.NumberFormat(locale, {
  minimumFractionDigits: 3,
  maximumFractionDigits: 3,
  signDisplay: 'exceptZero',
});
/** A difference of metrics, signed: "+0.003", "-0.012", "0.000". */
export const formatMetricDelta = guard((x) => signedMetric.format(x));

const signedPercent = new Intl.NumberFormat(locale, {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  signDisplay: 'exceptZero',
});
const signedDecimal = new Intl.NumberFormat(locale, {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  signDisplay: 'exceptZero',
});

/**
 * The change from previous to current, signed: "relative" (+2.3%), "points" for rates (+1.2 pts),
 * "absolute" (+3.1). Null when either side is missing (or the relative base is zero).
 */
export function formatChange(current, previous, kind = 'relative') {
  if (current == null || previous == null || Number.isNaN(current) || Number.isNaN(previous)) return null;
  if (kind === 'points') return t('change.points', { value: signedDecimal.format((current - previous) * 100) });
  if (kind === 'absolute') return signedDecimal.format(current - previous);
  return previous === 0 ? null : signedPercent.format((current - previous) / Math.abs(previous));
}

/** 0.65, 0.7 → "65%–70%" */
export function formatPercentRange(from, to) {
  return `${wholePercent.format(from)}–${wholePercent.format(to)}`;
}

/** "2026-07-01" → "Jul 1, 2026" (dates are calendar dates: formatted in UTC). */
export function formatDate(iso) {
  if (!iso) return missing;
  const d = new Date(`${String(iso).slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(+d) ? String(iso) : date.format(d);
}

/** "2026-07-02T02:00:00Z" → "Jul 2, 2026, 02:00 UTC" (instants: shown in UTC, as the pipeline logs them). */
export function formatDateTime(iso) {
  if (!iso) return missing;
  const d = new Date(iso);
  return Number.isNaN(+d) ? String(iso) : dateTime.format(d);
}
