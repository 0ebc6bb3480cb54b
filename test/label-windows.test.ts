// Labels only from windows the history covers, and model versions that never overwrite each other:
// train, retrain and btyd refuse dates whose label windows run past the last event (naming the latest
// usable date), realised performance waits for horizons the history covers, a model whose validation
// metrics are not finite is never saved or promoted, and a version id covers every option that changes
// the fitted model (calibration included) while an existing version directory is never written into.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../pipeline/db/database.ts';
import { generateIntoDatabase } from '../pipeline/generate/to-duckdb.ts';
import { pendingRealised, updateRealised } from '../pipeline/monitor/realised.ts';
import { churn } from './helpers/cli.ts';
import { insertHistory, tempDatabase, tempDir } from './helpers/temp-db.ts';

// Small and quick: the quality of the model does not matter here.
const quick = { model: { epochs: 2, hiddenUnits: [8], snapshots: 1, batchSize: 128 } };

let dir: string;
let cleanup: () => void;
let db: string;

/** A generated history (2024-07-01 .. 2026-06-30) in a database file; `edit` changes it before it is closed. */
async function generated(file: string, edit?: (conn: Database) => Promise<void>): Promise<void> {
  const conn = await openDatabase(file);
  try {
    await generateIntoDatabase(conn, { customers: 1200, seed: 7 });
    await edit?.(conn);
  } finally {
    conn.close();
  }
}

function config(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

const run = (args: string[], file = db) => churn([...args, '--db', file]);
const champion = (file = db) => {
  const pointer = join(file, '..', 'models', 'champion.json');
  return existsSync(pointer) ? (JSON.parse(readFileSync(pointer, 'utf8')) as { modelId: string }).modelId : null;
};
const versions = (file = db) => {
  const models = join(file, '..', 'models');
  return existsSync(models)
    ? readdirSync(models)
        .filter((f) => f.startsWith('m-'))
        .sort()
    : [];
};

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('churn-windows-'));
  db = join(dir, 'churn.duckdb');
  await generated(db);
});
afterAll(() => cleanup());

describe('label windows the history does not cover', () => {
  it('train refuses an as-of past the history, naming the last event and the latest usable as-of', () => {
    const r = run(['train', '--as-of', '2027-01-17', '--config', config('quick.json', quick)]);
    expect(r.code, r.stdout).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /labels at as-of 2027-01-17 need events until 2027-01-16 \(.*365-day.*\), history ends 2026-06-30: use --as-of 2026-07-01 or earlier/,
    );
    expect(versions()).toEqual([]);
    expect(champion()).toBeNull();
  });

  it('train at the default as-of (the day after the last event) still works', () => {
    const r = run(['train', '--config', config('quick.json', quick), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const t = JSON.parse(r.stdout) as { modelId: string; asOf: string };
    expect(t.asOf).toBe('2026-07-01');
    expect(champion()).toBe(t.modelId);
  });

  it('retrain refuses an as-of past the history and leaves the champion alone', () => {
    const before = champion();
    const r = run(['retrain', '--as-of', '2027-01-17', '--config', config('quick.json', quick)]);
    expect(r.code, r.stdout).toBe(3);
    expect(r.stderr).toMatch(
      /labels at as-of 2027-01-17 need events until 2027-01-16 .*history ends 2026-06-30: use --as-of 2026-07-01 or earlier/,
    );
    expect(champion()).toBe(before);
  });

  it('btyd refuses a holdout past the history', () => {
    const r = run(['btyd', '--calibration-end', '2026-01-01', '--holdout-end', '2027-01-17']);
    expect(r.code, r.stdout).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /holdout .*2027-01-17 need events until 2027-01-17 .*history ends 2026-06-30: use --holdout-end 2026-06-30 or earlier/,
    );
    // Up to the last event day is fine.
    expect(run(['btyd', '--calibration-end', '2026-01-01', '--holdout-end', '2026-06-30']).code).toBe(0);
  });

  it('evaluate refuses the same way (the message all of them share)', () => {
    const r = run(['evaluate', '--as-of', '2026-01-01']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /labels at as-of 2026-01-01 need events until 2026-12-31 \(365-day horizon\), history ends 2026-06-30: use --as-of 2025-07-01 or earlier/,
    );
  });
});

describe('realised performance when the history ends mid-horizon', () => {
  let conn: Database;
  let done: () => void;
  beforeEach(async () => {
    ({ db: conn, cleanup: done } = await tempDatabase());
    // History to 2026-02-10: the 90-day window of the 2026-01-01 scores is not over (it ends 2026-03-31).
    await insertHistory(
      conn,
      [
        ['A', '2025-01-01'],
        ['B', '2025-01-01'],
        ['C', '2025-01-01'],
      ],
      [
        ['A', '2025-12-01 10:00:00', 'purchase', 20],
        ['C', '2026-02-10 10:00:00', 'purchase', 50],
      ],
    );
    for (const [id, prob] of [
      ['A', 0.9],
      ['B', 0.6],
      ['C', 0.2],
    ] as const) {
      await conn.run(
        `INSERT INTO scores (model_id, as_of, customer_id, churn_prob, risk_tier, predicted_value, value_tier, value_at_risk, action, reasons, reason_labels)
         VALUES ('m-1', DATE '2026-01-01', $id, $prob, 'high', 10, 'low', 0, 'none', '', '[]')`,
        { id, prob },
      );
    }
  });
  afterEach(() => done());

  it('does not measure scores whose horizon the history does not cover, even when asked for a later date', async () => {
    // Asked as of 2026-05-01, but nothing is known after 2026-02-10: A and B did not "churn", their window is unseen.
    expect(
      await updateRealised(conn, { horizonDays: 90, valueHorizonDays: 365, observedUntil: '2026-05-01', runId: 'r-1' }),
    ).toEqual([]);
    const [row] = await conn.all<{ n: number }>('SELECT count(*) AS n FROM realised');
    expect(Number(row.n)).toBe(0);
    // Waiting for its window, named with the day it ends.
    expect(await pendingRealised(conn, { horizonDays: 90, observedUntil: '2026-05-01' })).toEqual([
      { asOf: '2026-01-01', maturesOn: '2026-04-01' },
    ]);
  });
});

describe('models whose validation metrics are not finite', () => {
  it('train refuses to save one (no purchases in the validation window: AUC and Gini NaN)', async () => {
    const file = join(dir, 'nan', 'churn.duckdb');
    mkdirSync(join(dir, 'nan'), { recursive: true });
    // Validation window [2025-07-01, 2026-07-01): nobody buys, every customer churns.
    await generated(file, (conn) =>
      conn.run(`DELETE FROM events WHERE type IN ('purchase', 'refund') AND ts >= TIMESTAMP '2025-07-01'`),
    );
    const r = run(['train', '--config', config('quick.json', quick)], file);
    expect(r.code, r.stdout).toBe(3);
    // Progress lines, then the refusal in one line.
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(
      /^churn train: validation metrics are not finite \(AUC NaN.*value Gini NaN\) .*base rate 1\.000\): the model was not saved$/,
    );
    expect(versions(file)).toEqual([]);
    expect(champion(file)).toBeNull();
  });

  it('`churn models promote` refuses one, in one line', () => {
    const candidate = JSON.parse(
      run([
        'train',
        '--candidate',
        '--config',
        config('quick-none.json', { ...quick, model: { ...quick.model, calibration: 'none' } }),
        '--json',
      ]).stdout,
    ).modelId as string;
    const cardFile = join(dir, 'models', candidate, 'card.json');
    const card = JSON.parse(readFileSync(cardFile, 'utf8'));
    // As written by a release that saved such a model: JSON has no NaN, it becomes null.
    card.metrics.auc = null;
    writeFileSync(cardFile, JSON.stringify(card));
    const before = champion();
    const r = run(['models', 'promote', candidate]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`${candidate}.*not finite.*AUC`));
    expect(champion()).toBe(before);
  });
});

describe('model versions never overwrite each other', () => {
  const files = (version: string) => {
    const d = join(dir, 'models', version);
    return Object.fromEntries(
      readdirSync(d)
        .sort()
        .map((f) => [
          f,
          {
            sha: createHash('sha256')
              .update(readFileSync(join(d, f)))
              .digest('hex'),
            mtime: statSync(join(d, f)).mtimeMs,
          },
        ]),
    );
  };
  let isotonic: string;

  it('gives models that differ only in calibration different ids, both kept', () => {
    const train = (calibration: string) => {
      const r = run([
        'train',
        '--candidate',
        '--json',
        '--config',
        config(`quick-${calibration}.json`, { ...quick, model: { ...quick.model, calibration } }),
      ]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout).modelId as string;
    };
    isotonic = train('isotonic');
    const platt = train('platt');
    expect(platt).not.toBe(isotonic);
    for (const id of [isotonic, platt]) expect(id).toMatch(/^m-2026-07-01-[0-9a-f]{10}$/);
    const card = (id: string) => JSON.parse(readFileSync(join(dir, 'models', id, 'card.json'), 'utf8'));
    expect(card(isotonic).calibration).toBe('isotonic');
    expect(card(platt).calibration).toBe('platt');
    for (const id of [isotonic, platt]) expect(existsSync(join(dir, 'models', id, 'weights.bin'))).toBe(true);
  });

  it('reuses an identical version untouched: same id, same files', () => {
    const before = files(isotonic);
    const r = run(['train', '--candidate', '--json', '--config', join(dir, 'quick-isotonic.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).modelId).toBe(isotonic);
    expect(files(isotonic)).toEqual(before);
  });

  it('refuses to write into a version directory whose content differs, and leaves it as it is', () => {
    const weights = join(dir, 'models', isotonic, 'weights.bin');
    const bytes = readFileSync(weights);
    bytes[0] ^= 0xff;
    writeFileSync(weights, bytes);
    const before = files(isotonic);
    const r = run(['train', '--candidate', '--config', join(dir, 'quick-isotonic.json')]);
    expect(r.code, r.stdout).toBe(3);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(
      new RegExp(
        `^churn train: model version .*${isotonic} exists with different content \\(weights\\.bin\\): not overwritten`,
      ),
    );
    expect(files(isotonic)).toEqual(before);
    expect(readdirSync(join(dir, 'models')).filter((f) => f.startsWith('.staging'))).toEqual([]);
  });
});
