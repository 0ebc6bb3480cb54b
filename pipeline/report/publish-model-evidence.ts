// What the Model page needs to say how sure it is, kept apart by what it was measured on:
//   shipped   the choice `churn train` made and every candidate's SELECTION metrics (cross-fitted on
//             the validation window the choice was made on), from the version's card.json;
//   heldOut   the newest saved `churn evaluate` report for this database: held-out test metrics of
//             what train would ship and of every candidate, and its backtest when it has one.
// Pure projections of files the pipeline already wrote (no database, no model loading). Models are
// named by `id`: in the published files a `name` is a customer's, which the site checks is masked.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvaluationReport } from '../evaluate/evaluate-stage.ts';

export interface ShippedChoice {
  churn: {
    model: string;
    candidates: { id: string; auc: number | null; logLoss: number | null; ece: number | null }[];
  };
  value: { model: string; level: number | null; candidates: { id: string; gini: number | null }[] };
}

/** The card's `shipped` field; null for a version trained before candidates were compared (the network alone). */
export function shippedChoice(versionDir: string): ShippedChoice | null {
  const file = join(versionDir, 'card.json');
  if (!existsSync(file)) return null;
  type Named<T> = { model: string; level?: number; candidates: ({ name: string } & T)[] };
  const shipped = (
    JSON.parse(readFileSync(file, 'utf8')) as {
      shipped?: { churn: Named<{ auc: number; logLoss: number; ece: number }>; value: Named<{ gini: number }> };
    }
  ).shipped;
  if (!shipped?.churn?.model || !shipped?.value?.model) return null;
  return {
    churn: {
      model: shipped.churn.model,
      candidates: shipped.churn.candidates.map(({ name, auc, logLoss, ece }) => ({ id: name, auc, logLoss, ece })),
    },
    value: {
      model: shipped.value.model,
      level: shipped.value.level ?? null,
      candidates: shipped.value.candidates.map(({ name, gini }) => ({ id: name, gini })),
    },
  };
}

/** The held-out metrics the page shows, from the newest saved evaluation (`reports` newest first); null when there is none. */
export function heldOutEvidence(reports: EvaluationReport[]) {
  const report = reports[0];
  if (!report) return { heldOut: null, backtest: null };
  // What ships first, then the report's own order (candidates, stack, the recency rule).
  const models = [...report.models].sort(
    (a, b) => Number(b.name === report.champion) - Number(a.name === report.champion),
  );
  const heldOut = {
    asOf: report.asOf,
    split: report.split,
    horizonDays: report.horizonDays,
    valueHorizonDays: report.valueHorizonDays,
    customers: report.customers,
    cutoffs: report.cutoffs,
    trainingLabelsUntil: report.trainingLabelsUntil,
    champion: report.champion,
    shipped: report.shipped,
    models: models.map((m) => ({
      id: m.name,
      churn: m.churn
        ? {
            auc: m.churn.auc,
            prAuc: m.churn.prAuc,
            logLoss: m.churn.logLoss,
            brier: m.churn.brier,
            ece: m.churn.ece,
            baseRate: m.churn.baseRate,
          }
        : null,
      value: m.value ? { gini: m.value.gini, spearman: m.value.spearman } : null,
    })),
  };
  const b = report.backtest;
  const backtest = b
    ? {
        dates: b.dates,
        splits: b.splits ?? null,
        shipped: b.shipped,
        models: [...new Set([...models.map((m) => m.name), ...Object.keys(b.models)])]
          .filter((name) => b.models[name])
          .map((name) => ({ id: name, ...b.models[name] })),
      }
    : null;
  return { heldOut, backtest };
}
