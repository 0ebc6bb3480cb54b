// Realised performance: once the churn window of an earlier scoring run has passed, how good were
// those predictions really? AUC and calibration of the churn probabilities against what happened,
// and the value ranking's normalised Gini against the spend observed so far (up to the value
// horizon; `value_days` says how much of it). Written once per scoring date to `realised`.
// Only windows the history covers count: a scoring date whose churn window runs past the last event
// waits (pendingRealised), whatever date the caller asks for, since a customer without events there
// is unobserved, not churned.
import { rocAuc, normalizedGini } from '../../models/eval/metrics.ts';
import { expectedCalibrationError } from '../../models/eval/ranking-metrics.ts';
import { churnLabelParams, DEFAULT_CHURN, type ChurnConfig } from '../config/churn-definition.ts';
import type { Database } from '../db/database.ts';
import { systemClock, type Clock } from '../clock.ts';

import { readNamedSql } from '../db/named-sql.ts';
import { addDays, daysBetween } from '../dates.ts';
import { historyRange, knownUntil } from '../history.ts';

const SQL = () => readNamedSql(import.meta.url, 'realised.sql');

export interface RealisedRow {
  asOf: string;
  modelId: string;
  computedAt: string;
  horizonDays: number;
  valueDays: number;
  customers: number;
  auc: number;
  ece: number;
  gini: number;
  predictedRate: number;
  actualRate: number;
}

export interface RealisedOptions {
  horizonDays: number;
  valueHorizonDays: number;
  /** First day with no data (the run's as-of date); the day after the last event if that is earlier. */
  observedUntil: string;
  runId: string;
  /** What churned means (config `churn`); absent: no purchase in the horizon. */
  churn?: ChurnConfig;
  now?: Clock;
}

/** Computes and stores realised performance for every scoring date that has matured since the last run. */
export async function updateRealised(db: Database, options: RealisedOptions): Promise<RealisedRow[]> {
  const sql = SQL();
  const observedUntil = knownUntil(await historyRange(db), options.observedUntil);
  const matured = await db.all<{ as_of: string; model_id: string; customers: number }>(
    sql.matured_runs,
    { horizon: options.horizonDays, observed_until: observedUntil },
    'realised.sql: matured_runs',
  );
  const added: RealisedRow[] = [];
  for (const run of matured) {
    const valueDays = Math.min(options.valueHorizonDays, daysBetween(run.as_of, observedUntil));
    const cols = await db.columns(
      sql.outcomes,
      {
        as_of: run.as_of,
        horizon: options.horizonDays,
        value_days: valueDays,
        model_id: run.model_id,
        ...churnLabelParams(options.churn ?? DEFAULT_CHURN),
      },
      'realised.sql: outcomes',
    );
    const churned = Float64Array.from(cols.churned as number[]);
    const prob = Float64Array.from(cols.churn_prob as number[]);
    const spend = Float64Array.from(cols.spend as number[]);
    const value = Float64Array.from(cols.predicted_value as number[]);
    const n = churned.length;
    const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / Math.max(1, a.length);
    const row = {
      auc: rocAuc(churned, prob),
      ece: expectedCalibrationError(churned, prob),
      gini: normalizedGini(spend, value),
      predicted_rate: mean(prob),
      actual_rate: mean(churned),
    };
    const clean = (v: number) => (Number.isFinite(v) ? v : null);
    const computedAt = (options.now ?? systemClock)().toISOString();
    await db.run(
      sql.insert,
      {
        as_of: run.as_of,
        model_id: run.model_id,
        computed_at: computedAt,
        run_id: options.runId,
        horizon: options.horizonDays,
        value_days: valueDays,
        customers: n,
        auc: clean(row.auc),
        ece: clean(row.ece),
        gini: clean(row.gini),
        predicted_rate: clean(row.predicted_rate),
        actual_rate: clean(row.actual_rate),
      },
      'realised.sql: insert',
    );
    added.push({
      asOf: run.as_of,
      modelId: run.model_id,
      computedAt,
      horizonDays: options.horizonDays,
      valueDays,
      customers: n,
      auc: row.auc,
      ece: row.ece,
      gini: row.gini,
      predictedRate: row.predicted_rate,
      actualRate: row.actual_rate,
    });
  }
  return added;
}

/** Scoring dates not measured yet because their churn window is not covered, with the day it will be. */
export async function pendingRealised(
  db: Database,
  options: Pick<RealisedOptions, 'horizonDays' | 'observedUntil'>,
): Promise<{ asOf: string; maturesOn: string }[]> {
  const observedUntil = knownUntil(await historyRange(db), options.observedUntil);
  const rows = await db.all<{ as_of: string }>(
    SQL().pending,
    { horizon: options.horizonDays, observed_until: observedUntil },
    'realised.sql: pending',
  );
  return rows.map((r) => ({ asOf: r.as_of, maturesOn: addDays(r.as_of, options.horizonDays) }));
}

export async function realisedHistory(db: Database): Promise<RealisedRow[]> {
  const rows = await db.all<Record<string, unknown>>(SQL().history, {}, 'realised.sql: history');
  return rows.map((r) => ({
    asOf: String(r.as_of),
    modelId: String(r.model_id),
    computedAt: String(r.computed_at),
    horizonDays: Number(r.horizon_days),
    valueDays: Number(r.value_days),
    customers: Number(r.customers),
    auc: num(r.auc),
    ece: num(r.ece),
    gini: num(r.gini),
    predictedRate: num(r.predicted_rate),
    actualRate: num(r.actual_rate),
  }));
}

const num = (v: unknown) => (v === null || v === undefined ? NaN : Number(v));
