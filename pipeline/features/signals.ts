// Which of the fixed features' signals a history has: an event type that never occurs (logins on a
// shop log of purchases and refunds) is no signal, so no reason, driver or playbook rule may speak
// of it, and its "days since" features do not stand in for tenure (issue 23).
import type { Database } from '../db/database.ts';
import type { EventType } from '../vocabulary.ts';

/** The built-in event types the fixed features read, each a signal a history may lack. */
export const SIGNAL_TYPES = [
  'purchase',
  'refund',
  'login',
  'email_open',
  'support_ticket',
  'survey',
  'care_contact',
] as const satisfies readonly EventType[];
export type Signal = (typeof SIGNAL_TYPES)[number];

/** The fixed feature columns that read each signal (features.sql); the rest read none or several. */
export const SIGNAL_FEATURES: Readonly<Record<Signal, readonly string[]>> = {
  purchase: [],
  refund: ['refunds_365'],
  login: ['logins_30', 'logins_90', 'login_trend', 'days_since_login'],
  email_open: ['email_opens_90'],
  support_ticket: ['tickets_90', 'tickets_365', 'unresolved_tickets'],
  survey: ['has_survey', 'last_survey_score', 'mean_survey_score', 'detractor_365'],
  care_contact: ['care_contacts_90'],
};

/** The signals among SIGNAL_TYPES that occur at least once in `events` (each EXISTS stops at its first match). */
export async function historySignals(db: Database): Promise<Signal[]> {
  const [row] = await db.all<Record<Signal, boolean>>(
    `SELECT ${SIGNAL_TYPES.map((t, i) => `EXISTS (SELECT 1 FROM events WHERE type = $t${i}) AS ${t}`).join(', ')}`,
    Object.fromEntries(SIGNAL_TYPES.map((t, i) => [`t${i}`, t])),
    'feature set (signals)',
  );
  return SIGNAL_TYPES.filter((t) => row[t]);
}

/** Whether a feature column reads a signal the history lacks (`signals` undefined: a history with all). */
export function absentFeature(name: string, signals: readonly Signal[] | undefined): boolean {
  if (!signals) return false;
  return SIGNAL_TYPES.some((t) => !signals.includes(t) && SIGNAL_FEATURES[t].includes(name));
}
