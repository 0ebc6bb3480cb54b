// The drift gate of `churn retrain` (retrain.drift.gate): when it fails, the run exits 5 before the
// promotion and before anything is published: the champion pointer, the scores, plan and realised
// rows in the database and the current release are exactly as they were.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../pipeline/db/database.ts';
import {
  dropInto,
  publishedState,
  quick,
  readJson,
  reports,
  retrain,
  useRetrainFixture,
  writeConfig,
} from './helpers/retrain.ts';

const fx = useRetrainFixture();

/** What the database says about scoring: rows per table and scoring date. */
async function databaseState(db: string) {
  const conn = await openDatabase(db, { readOnly: true });
  try {
    const count = (table: string) =>
      conn.all<{ as_of: string; n: number }>(
        `SELECT strftime(as_of, '%Y-%m-%d') AS as_of, count(*) AS n FROM ${table} GROUP BY ALL ORDER BY 1`,
      );
    return { scores: await count('scores'), plan: await count('plan'), realised: await count('realised') };
  } finally {
    conn.close();
  }
}

describe('drift gate', () => {
  let dir: string;
  let db: string;
  let inbox: string;
  beforeAll(() => {
    dir = join(fx.root, 'gate');
    db = join(dir, 'churn.duckdb');
    inbox = join(fx.root, 'inbox-gate');
    dropInto(inbox, fx.drops.first);
    const first = retrain(db, ['--inbox', inbox, '--config', writeConfig(fx.root, 'quick-gate-off.json', quick)]);
    expect(first.code, first.stderr).toBe(0);
    dropInto(inbox, fx.drops.second);
  });

  it('stops before the promotion and publication: exit 5, champion, scores, plan and release unchanged', async () => {
    const pointer = join(dir, 'models', 'champion.json');
    const before = {
      champion: readFileSync(pointer, 'utf8'),
      mtime: statSync(pointer).mtimeMs,
      published: publishedState(dir),
      database: await databaseState(db),
    };
    // Six months later every input drifts past so low an alert level; --force-promote makes sure the
    // challenger would otherwise have become champion.
    const gated = { ...quick, retrain: { ...quick.retrain, drift: { warn: 0.001, alert: 0.002, gate: true } } };
    const r = retrain(db, [
      '--inbox',
      inbox,
      '--force-promote',
      '--config',
      writeConfig(fx.root, 'quick-gate-on.json', gated),
    ]);
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(
      /^churn retrain: drift gate: \d+ of the model's inputs or its score drifted past PSI 0\.002 .*nothing published/,
    );

    expect(readFileSync(pointer, 'utf8')).toBe(before.champion);
    expect(statSync(pointer).mtimeMs).toBe(before.mtime);
    expect(publishedState(dir)).toEqual(before.published);
    expect(await databaseState(db)).toEqual(before.database);

    const last = reports(dir).at(-1)!;
    expect(last).toMatchObject({ status: 'failed', exitCode: 5, asOf: '2026-07-01' });
    expect(last.decision?.decision).toBe('forced');
    // The report names the champion that is still serving, not the challenger the gate stopped.
    expect(last.champion).toBe(readJson<{ modelId: string }>(pointer).modelId);
    expect(last.champion).not.toBe(last.decision?.challenger);
  });
});
