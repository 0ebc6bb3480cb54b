// The latest scoring date in the database: the default as-of date of every stage that reads scores.
import type { Database } from '../db/database.ts';
import { UserError } from '../errors.ts';

export async function latestScoredDate(db: Database): Promise<string> {
  const [row] = await db.all<{ d: string | null }>("SELECT strftime(max(as_of), '%Y-%m-%d') AS d FROM scores");
  if (row.d === null) throw new UserError('no scores yet: run `churn score` first');
  return row.d;
}
