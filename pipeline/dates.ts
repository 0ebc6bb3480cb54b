// ISO calendar dates (YYYY-MM-DD) as plain strings, computed in UTC so the machine's zone never matters.
import { UserError } from './errors.ts';

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Validates a YYYY-MM-DD string naming a real calendar day. */
export function parseDate(value: string, what = 'date'): string {
  const m = ISO.exec(value);
  if (m) {
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    if (d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3]) return value;
  }
  throw new UserError(`${what}: expected a date as YYYY-MM-DD, got "${value}"`);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
