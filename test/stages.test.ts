// The stages that were tested only through the spawned CLI, called in process on a temporary
// database: features -> score -> plan -> publish on a small generated history, each result checked
// against what the stage wrote.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../pipeline/config/config.ts';
import type { Database, Params } from '../pipeline/db/database.ts';
import { featuresLine, featuresStage, type FeaturesResult } from '../pipeline/features/features-stage.ts';
import { generateIntoDatabase } from '../pipeline/generate/to-duckdb.ts';
import { planLine, planStage, type PlanSummary } from '../pipeline/plan/plan-stage.ts';
import { loadPlaybook } from '../pipeline/plan/playbook.ts';
import { publishLine, publishStage } from '../pipeline/report/publish-stage.ts';
import { scoreLine, scoreStage, type ScoreResult } from '../pipeline/score/score-stage.ts';
import { trainStage } from '../pipeline/train/train-stage.ts';
import { tempDatabase } from './helpers/temp-db.ts';

const config = parseConfig({ model: { epochs: 5, snapshots: 1 } });
let db: Database;
let dir: string;
let cleanup: () => void;
let modelId: string;
let features: FeaturesResult;
let score: ScoreResult;
let plan: PlanSummary;

const count = async (sql: string, params: Params = {}) => (await db.all<{ n: number }>(sql, params))[0].n;

beforeAll(async () => {
  ({ db, dir, cleanup } = await tempDatabase());
  await generateIntoDatabase(db, { customers: 1200, seed: 11 });
  ({ modelId } = await trainStage(db, { config, modelsDir: join(dir, 'models') }));
  features = await featuresStage(db, { config });
  score = await scoreStage(db, { asOf: features.asOf, config, modelsDir: join(dir, 'models') });
  plan = await planStage(db, {
    playbook: loadPlaybook(config.plan.playbook),
    lifecycle: config.plan.lifecycle,
    valueTiers: config.plan.valueTiers,
  });
}, 300_000);
afterAll(() => cleanup());

describe('features stage', () => {
  it('builds the snapshot at the as-of date of every customer signed up before it, without labels yet', async () => {
    expect(features.customers).toBe(
      await count('SELECT count(*) AS n FROM customers WHERE signup_date < CAST($d AS DATE)', { d: features.asOf }),
    );
    expect(
      await count('SELECT count(*) AS n FROM features WHERE cutoff = CAST($d AS DATE)', { d: features.asOf }),
    ).toBe(features.customers);
    expect(features.labelled).toBe(false);
    expect(featuresLine(features)).toBe(
      `snapshot at ${features.asOf}: ${features.customers.toLocaleString('en')} customers`,
    );
  });
});

describe('score stage', () => {
  it('scores the current snapshot with the champion: one row per customer, tiers and value at risk as stored', async () => {
    expect(score).toMatchObject({ asOf: features.asOf, modelId, customers: features.customers, snapshot: 'current' });
    const [stored] = await db.all<{
      n: number;
      high: number;
      medium: number;
      low: number;
      var: number;
      models: number;
    }>(
      `SELECT count(*) AS n, count(*) FILTER (risk_tier = 'high') AS high, count(*) FILTER (risk_tier = 'medium') AS medium,
              count(*) FILTER (risk_tier = 'low') AS low, sum(value_at_risk) AS var, count(DISTINCT model_id) AS models
       FROM scores WHERE as_of = CAST($d AS DATE) AND churn_prob BETWEEN 0 AND 1`,
      { d: score.asOf },
    );
    expect(stored).toMatchObject({ n: score.customers, ...score.tiers, models: 1 });
    expect(stored.var).toBeCloseTo(score.valueAtRisk, 0);
    expect(score.tiers.high + score.tiers.medium).toBeGreaterThan(0);
    expect(scoreLine(score)).toContain(`customers with ${modelId}`);
  });
});

describe('plan stage', () => {
  it('plans every scored customer once; contacted and control counts as written', async () => {
    expect(plan.asOf).toBe(score.asOf);
    const [stored] = await db.all<{ n: number; contacted: number; control: number; benefit: number }>(
      `SELECT count(*) AS n, count(*) FILTER (action IS NOT NULL AND NOT control) AS contacted,
              count(*) FILTER (control) AS control, coalesce(sum(net_benefit) FILTER (NOT control), 0) AS benefit
       FROM plan WHERE as_of = CAST($d AS DATE)`,
      { d: plan.asOf },
    );
    expect(stored.n).toBe(score.customers);
    expect(plan.customers).toBe(score.customers);
    expect({ contacted: stored.contacted, control: stored.control }).toEqual({
      contacted: plan.contacted,
      control: plan.control,
    });
    expect(stored.benefit).toBeCloseTo(plan.expectedNetBenefit, 1);
    expect(plan.byAction.reduce((s, a) => s + a.contacted, 0)).toBe(plan.contacted);
    expect(Object.values(plan.lifecycle).reduce((s, n) => s + n, 0)).toBe(plan.customers);
    expect(plan.contacted).toBeGreaterThan(0);
    expect(planLine(plan)).toMatch(
      /^[\d,]+ customers to contact \([\d,]+ held out as control\), expected net benefit /,
    );
  });

  it("replaces the date's plan when run again, never adds to it", async () => {
    const again = await planStage(db, {
      asOf: plan.asOf,
      playbook: loadPlaybook(config.plan.playbook),
      lifecycle: config.plan.lifecycle,
      valueTiers: config.plan.valueTiers,
    });
    expect(again).toEqual(plan);
    expect(await count('SELECT count(*) AS n FROM plan WHERE as_of = CAST($d AS DATE)', { d: plan.asOf })).toBe(
      score.customers,
    );
  });
});

describe('publish stage', () => {
  it('writes each file it lists as JSON for the scored date and model', async () => {
    const publishDir = join(dir, 'publish');
    const published = await publishStage(db, { publishDir, config });
    expect(published).toMatchObject({ publishDir, asOf: score.asOf, modelId });
    expect(published.files).toEqual(
      expect.arrayContaining(['site.json', 'overview.json', 'at-risk.json', 'model.json', 'monitoring.json']),
    );
    const read = (name: string) => JSON.parse(readFileSync(join(publishDir, name), 'utf8'));
    for (const name of published.files) expect(read(name)).toBeTruthy();
    expect(read('site.json')).toMatchObject({ asOf: score.asOf, modelId });
    const atRisk = read('at-risk.json');
    expect(atRisk.total).toBe(score.customers);
    expect(atRisk.atRisk).toBe(
      config.export.tiers.reduce((s: number, t: string) => s + score.tiers[t as 'high' | 'medium' | 'low'], 0),
    );
    expect(publishLine(published)).toBe(`${published.files.join(', ')} -> ${publishDir}`);
  });
});
