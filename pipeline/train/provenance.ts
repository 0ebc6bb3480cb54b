// Where a model came from: a fingerprint of the events it could see and the code version.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from '../db/database.ts';

/** Counts, date range and an order-independent hash of every event before `asOf`. */
export async function dataFingerprint(db: Database, asOf: string) {
  const [row] = await db.all<{
    events: number;
    customers: number;
    first: string | null;
    last: string | null;
    digest: string | null;
  }>(
    `SELECT count(*) AS events, count(DISTINCT customer_id) AS customers,
            strftime(min(ts), '%Y-%m-%d') AS first, strftime(max(ts), '%Y-%m-%d') AS last,
            CAST(sum(hash(event_id, customer_id, ts, type, coalesce(amount, 0), coalesce(score, -1))::HUGEINT) AS VARCHAR) AS digest
     FROM events WHERE ts < CAST($as_of AS TIMESTAMP)`,
    { as_of: asOf },
    'data fingerprint',
  );
  return {
    events: Number(row.events),
    customers: Number(row.customers),
    firstEvent: row.first,
    lastEvent: row.last,
    sha256: createHash('sha256')
      .update(`${row.events}|${row.digest ?? ''}`)
      .digest('hex'),
  };
}

let cached: string | undefined;

/** The git commit of the code (with "+dirty" when it has uncommitted changes), else the package version. */
export function codeVersion(): string {
  if (cached !== undefined) return cached;
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const git = (args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  const head = git(['rev-parse', '--short=12', 'HEAD']);
  if (head.status === 0) {
    const dirty = git(['status', '--porcelain', '--untracked-files=no']).stdout.trim() !== '';
    cached = `git ${head.stdout.trim()}${dirty ? '+dirty' : ''}`;
  } else {
    cached = `package ${(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version}`;
  }
  return cached;
}
