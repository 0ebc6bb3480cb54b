// --infer for customers files: the id, the signup date (or the nearest date column when none is named
// so), the built-in region/channel/plan and contact fields, and every other column declared as an
// attribute: numeric when every value is a number and they are many, categorical otherwise; ids,
// dates, free text, constant columns and personal data are left out with their reason.
import { attributeLabel, attributeName, isIdName, isOutcomeName, isPersonalName } from './infer-columns.ts';
import { dateColumns, leftOutReason, mapId, mapTime } from './infer-fields.ts';
import type { Proposal } from './infer-proposal.ts';
import { guessDateFormat, looksFreeText, looksPersonal } from './infer-values.ts';

/** Fewer distinct numbers than this make a numeric column categorical (0/1 flags, 1-4 bands). */
const NUMERIC_LEVELS = 10;

export function proposeCustomers(p: Proposal): void {
  const id = p.find('customer_id');
  if (id === null) p.notes.push('fields.customer_id: no column looks like a customer id; map one (required).');
  else mapId(p, 'customer_id', id);
  proposeSignup(p);
  for (const field of ['region', 'channel', 'plan', 'name', 'email', 'phone'] as const) {
    const i = p.find(field);
    if (i !== null) p.setField(field, i);
  }
  for (const i of p.free()) {
    const kind = attributeKind(p, i);
    if (kind === null) continue;
    let name = attributeName(p.name(i)) ?? `attribute_${i + 1}`;
    if (name in (p.mapping.attributes ?? {})) name = `${name.slice(0, 34)}_${i + 1}`;
    p.use(i);
    (p.mapping.attributes ??= {})[name] = { column: p.name(i), kind, label: attributeLabel(p.name(i), name) };
    if (attributeName(p.name(i)) === null)
      p.notes.push(`attributes.${name}: ${p.name(i)} has no English name here; rename the attribute and its label.`);
  }
}

function proposeSignup(p: Proposal): void {
  const named = p.find('signup_date');
  if (named !== null) return mapTime(p, 'signup_date', named);
  // The nearest stand-in: a date column whose name says something started, else the first date column.
  const dates = dateColumns(p);
  const start = dates.find((d) => /start|first|open|creat|activ|since|开通|开户|首次|激活|注册/i.test(p.name(d.index)));
  const nearest = start ?? dates[0];
  if (!nearest) {
    p.notes.push(
      'fields.signup_date: required, and no column holds dates; add the date each customer joined and map it.',
    );
    return;
  }
  mapTime(p, 'signup_date', nearest.index);
  p.notes.push(
    `fields.signup_date: required, and no column is named as a signup date; ${p.name(nearest.index)} is the ` +
      'nearest date column, so it is proposed: check it is when the customer joined.',
  );
}

/** The kind of attribute a column makes, or null when it is no attribute (its reason set). */
function attributeKind(p: Proposal, i: number): 'numeric' | 'categorical' | null {
  const pr = p.profile(i);
  const name = p.name(i);
  const out =
    pr.values.length === 0 ||
    pr.distinct === 1 ||
    isPersonalName(name) ||
    looksPersonal(pr) ||
    isOutcomeName(name) ||
    (!pr.numeric && guessDateFormat(pr.values, false) !== null) ||
    looksFreeText(pr);
  if (out) {
    p.leaveOut(i, leftOutReason(p, i));
    return null;
  }
  if (isIdName(name) && pr.distinct === pr.values.length) {
    p.leaveOut(i, 'an identifier (a different value on every row): not an attribute');
    return null;
  }
  return pr.numeric && pr.distinct >= NUMERIC_LEVELS ? 'numeric' : 'categorical';
}
