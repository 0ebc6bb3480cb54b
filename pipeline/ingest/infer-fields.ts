// --infer: proposals for one field from its column's values, shared by every kind: ids written as
// decimals, the date format, numbers that are not plain numbers; and the reason a column is left out.
import { isCalendarPartName, isIdName, isOutcomeName, isPersonalName } from './infer-columns.ts';
import type { Proposal } from './infer-proposal.ts';
import { guessDateFormat, looksFreeText, looksPersonal, nonNumbers } from './infer-values.ts';

/** An id column; `17850.0` read as `17850` when every value is a whole number written as a decimal. */
export function mapId(p: Proposal, field: string, i: number): void {
  if (!p.profile(i).decimalIntegers) return p.setField(field, i);
  p.setField(field, i, { format: 'integer' });
  p.notes.push(
    `fields.${field}: ${p.name(i)} is written as a decimal (e.g. "${p.profile(i).values.find((v) => v.includes('.'))}"); ` +
      'format integer reads it as a whole number.',
  );
}

/** A date or time column with the format that parses every sampled value. */
export function mapTime(p: Proposal, field: string, i: number): void {
  const values = p.profile(i).values;
  const guess = guessDateFormat(values, true);
  if (!guess) {
    p.setField(field, i);
    p.notes.push(
      `fields.${field}: no known date format fits every sampled value of ${p.name(i)} ` +
        `(e.g. "${values[0] ?? ''}"); set format.`,
    );
    return;
  }
  p.setField(field, i, guess.format === 'iso' ? {} : { format: guess.format });
  if (guess.alternatives.length)
    p.notes.push(
      `fields.${field}.format: ${p.name(i)} also reads as ${guess.alternatives.join(', ')}; ${guess.format} was ` +
        'chosen as its sampled dates span the shortest time. Check it.',
    );
  // Dates alone need no zone; times without one are local times of somewhere.
  const v = values[0] ?? '';
  if (/\d:\d\d/.test(v) && !/Z$|[+-]\d{2}:?\d{2}$/.test(v))
    p.notes.push(
      `fields.${field}: ${p.name(i)} has no time zone; it is read as UTC unless you set timezone (e.g. Asia/Shanghai).`,
    );
}

/** A number field; values that are not plain numbers are named, as ingest rejects them. */
export function mapNumber(p: Proposal, field: string, i: number): void {
  p.setField(field, i);
  const bad = nonNumbers(p.profile(i));
  if (bad.length)
    p.notes.push(
      `fields.${field}: ${bad.length} sampled values of ${p.name(i)} are not plain numbers (e.g. "${bad[0]}"); ` +
        'those rows will be rejected as bad_number.',
    );
}

/** Free columns whose every sampled value is a date (not a number): candidates for a missing date field. */
export function dateColumns(p: Proposal): { index: number; format: string }[] {
  return p.free().flatMap((i) => {
    const guess = guessDateFormat(p.profile(i).values, false);
    return guess ? [{ index: i, format: guess.format }] : [];
  });
}

/** Why a column the proposal does not use was left out. */
export function leftOutReason(p: Proposal, i: number): string {
  const name = p.name(i);
  const pr = p.profile(i);
  if (pr.values.length === 0) return 'empty in the sampled rows';
  if (pr.distinct === 1) return `constant column (every sampled value is "${pr.values[0]}")`;
  if (isPersonalName(name) || looksPersonal(pr))
    return p.mapping.kind === 'customers'
      ? 'personal data: not proposed as an attribute'
      : 'personal data (contact details): load it with the customers file';
  if (isOutcomeName(name))
    return 'looks like the churn outcome itself: as an attribute it would leak the answer to the model';
  if (isCalendarPartName(name)) return 'a calendar part the timestamp already gives';
  if (!pr.numeric && guessDateFormat(pr.values, false)) return 'another date: the mapping reads one date or time here';
  if (looksFreeText(pr)) {
    if (p.mapping.kind === 'customers') return 'free text: not an attribute';
    return 'text' in p.mapping.fields ? 'free text (text is mapped already)' : 'free text: map it to text if wanted';
  }
  if (isIdName(name)) return 'an identifier with no canonical field';
  if (pr.numeric) return numberReason(name);
  return 'a value with no canonical field: map it to channel, or declare it under attributes if it describes the customer';
}

function numberReason(name: string): string {
  if (/disc|coupon|rebate|优惠|折扣|减免/i.test(name)) return 'a discount: not loaded (amount is what was paid)';
  if (/^(num|number|count|n)_|count$|件数|数量/i.test(name)) return 'a count: map it to quantity if it is units bought';
  return 'a number with no canonical field: not loaded';
}
