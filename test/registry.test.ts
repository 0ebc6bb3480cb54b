// The model registry through the CLI: versions with model cards, a champion that scoring uses by
// default, candidates promoted by hand, and a clear refusal when a model's features do not match.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { churn } from './helpers/cli.ts';
import { tempDir } from './helpers/temp-db.ts';

let dir: string;
let cleanup: () => void;
let db: string;
let first: string;

const json = (args: string[]) => {
  const run = churn([...args, '--db', db, '--json']);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
};

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'churn.duckdb');
  first = json(['demo', '--customers', '2000', '--seed', '3', '--no-report']).train.modelId;
});
afterAll(() => cleanup());

describe('model registry', () => {
  it('gives each model a version directory with its card, and the trained model becomes champion', () => {
    const version = join(dir, 'models', first);
    for (const file of ['model.json', 'weights.bin', 'metadata.json', 'evaluation.json', 'card.json', 'card.md']) {
      expect(existsSync(join(version, file)), file).toBe(true);
    }
    const card = JSON.parse(readFileSync(join(version, 'card.json'), 'utf8'));
    expect(card.features.numeric).toContain('recency_days');
    expect(card.dataFingerprint.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(card.metrics.baselines).toHaveProperty('bgnbd');
    expect(card.calibration).toBe('isotonic');
    expect(json(['models', 'list'])).toMatchObject({ champion: first, models: [{ modelId: first, champion: true }] });
  });

  it('keeps the champion for a candidate until it is promoted; scoring follows the champion', () => {
    const candidate = json(['train', '--as-of', '2026-06-01', '--candidate']).modelId;
    expect(candidate).not.toBe(first);
    expect(json(['models', 'list']).champion).toBe(first);
    expect(json(['score']).modelId).toBe(first);
    expect(json(['models', 'promote', candidate])).toEqual({ champion: candidate, previous: first });
    expect(json(['score']).modelId).toBe(candidate);
    expect(json(['models', 'show']).modelId).toBe(candidate);
  });

  it('refuses a model whose feature list does not match the database features', () => {
    const file = join(dir, 'models', first, 'metadata.json');
    const metadata = JSON.parse(readFileSync(file, 'utf8'));
    metadata.preprocessor.numeric[0].name = 'visits_per_week';
    writeFileSync(file, JSON.stringify(metadata));
    const run = churn(['score', '--model', first, '--db', db]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/does not match this database's features: the model needs visits_per_week/);
    expect(run.stderr).toMatch(/the features have tenure_days, which the model was not trained on/);
  });

  it('scores with a model trained before an attribute was declared, and says it does not use it', () => {
    // A CRM export with a tier for two customers of the demo, declared as an attribute.
    const crm = join(dir, 'crm.csv');
    writeFileSync(crm, 'id,since,tier\nC000001,2024-01-01,gold\nC000002,2024-01-01,silver\n');
    const mapping = join(dir, 'crm.json');
    writeFileSync(
      mapping,
      JSON.stringify({
        fields: { customer_id: 'id', signup_date: 'since' },
        attributes: { tier: { column: 'tier', kind: 'categorical' } },
      }),
    );
    const load = churn(['ingest', crm, '--kind', 'customers', '--map', mapping, '--db', db]);
    expect(load.code, load.stderr).toBe(0);
    const champion = json(['models', 'show']).modelId;
    const run = churn(['score', '--db', db, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).modelId).toBe(champion);
    expect(run.stderr).toMatch(
      /the features have attr_tier, which the model was not trained on; it scores without them/,
    );
  });

  it('names an unknown version', () => {
    const run = churn(['models', 'promote', 'm-nope', '--db', db]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/no model version m-nope/);
  });
});
