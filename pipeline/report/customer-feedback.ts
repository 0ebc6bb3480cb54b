// The feedback texts of the customers with a detail page (customers.json `feedback`): date, type,
// language, sentiment (number and label), theme codes, and the text masked by voice-quote.ts whatever
// report.showContacts says: free text is never published raw.
import type { Database } from '../db/database.ts';
import { readSql } from '../db/database.ts';
import { textState } from '../text/text-signals.ts';
import { publishedText, sentimentLabel } from './voice-quote.ts';

/** Latest texts shown per customer. */
const PER_CUSTOMER = 20;

export interface Feedback {
  date: string;
  type: string;
  lang: string;
  sentiment: number;
  label: 'negative' | 'neutral' | 'positive';
  themes: string[];
  text: string;
}

type Row = Record<string, string | number | boolean | null>;

export async function customerFeedback(db: Database, asOf: string, ids: string[]) {
  const state = ids.length ? await textState(db) : null;
  const codes = state?.themes.map((t) => t.code) ?? [];
  const themes = Object.fromEntries((state?.themes ?? []).map((t) => [t.code, t.label]));
  const byCustomer = new Map<string, Feedback[]>();
  if (state === null) return { themes, byCustomer, anyText: false };
  // Whether the history holds any feedback text at all: without, the page shows no Feedback box.
  const [{ texts }] = await db.all<{ texts: number }>(
    'SELECT count(*) AS texts FROM (SELECT 1 FROM text_signals LIMIT 1)',
    {},
    'text_signals (any)',
  );
  const rows = await db.all<Row>(
    readSql(import.meta.url, 'customer-feedback.sql'),
    { as_of: asOf, ids, per: PER_CUSTOMER },
    'customer-feedback.sql',
  );
  for (const r of rows) {
    const list = byCustomer.get(r.customer_id as string) ?? [];
    byCustomer.set(r.customer_id as string, list);
    const bits = r.themes as number;
    list.push({
      date: r.date as string,
      type: r.type as string,
      lang: r.lang as string,
      sentiment: Number((r.sentiment as number).toFixed(3)),
      label: sentimentLabel(r.sentiment as number, r.negative as boolean),
      themes: codes.filter((_, bit) => (bits >> bit) & 1),
      text: publishedText(String(r.text ?? ''), r),
    });
  }
  return { themes, byCustomer, anyText: texts > 0 };
}
