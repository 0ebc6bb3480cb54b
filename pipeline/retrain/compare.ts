// Champion and challenger scored on the same window: the snapshot at E = asOf - H, whose churn
// window [E, asOf) is the latest one fully observed and lies after the challenger's training and
// validation churn windows. The value ranking is judged on spend in that same window (the full value
// horizon is not observed yet for so recent a snapshot); that is what `gini` means here.
import { ShippedModel } from '../../models/ensemble/shipped.ts';
import { rocAuc, averagePrecision, normalizedGini } from '../../models/eval/metrics.ts';
import { expectedCalibrationError } from '../../models/eval/ranking-metrics.ts';
import type { Config } from '../config/config-schema.ts';
import type { Database } from '../db/database.ts';
import { addDays } from '../dates.ts';
import { UserError } from '../errors.ts';
import { historyRange, requireLabelWindow } from '../history.ts';
import { labelledSnapshot, type LabelledSet } from '../train/datasets.ts';
import type { WindowMetrics } from './decide.ts';

export interface ComparisonWindow {
  cutoff: string;
  labelsUntil: string;
  set: LabelledSet;
}

export async function comparisonWindow(db: Database, asOf: string, config: Config): Promise<ComparisonWindow> {
  const horizon = config.horizonDays;
  const cutoff = addDays(asOf, -horizon);
  requireLabelWindow(await historyRange(db), {
    subject: `labels at as-of ${asOf}`,
    span: `the ${horizon}-day comparison window from ${cutoff}`,
    lastDay: addDays(asOf, -1),
    option: '--as-of',
    value: asOf,
  });
  const set = await labelledSnapshot(db, cutoff, {
    horizonDays: horizon,
    valueHorizonDays: horizon,
    observedUntil: asOf,
    btydInputs: true,
    churn: config.churn,
    voice: config.voice,
    seed: config.seed,
  });
  if (set.rows < 50)
    throw new UserError(
      `too few customers (${set.rows}) in the comparison window at ${cutoff} to compare models (need 50)`,
    );
  return { cutoff, labelsUntil: asOf, set };
}

/** The model's metrics on the window; throws a UserError when the model cannot read these features. */
export async function windowMetrics(modelPath: string, window: ComparisonWindow): Promise<WindowMetrics> {
  const model = await ShippedModel.load(modelPath);
  try {
    const { set } = window;
    const missing = model.network.metadata.preprocessor.numeric
      .map((f) => f.name)
      .filter((name) => !(name in set.numeric));
    if (missing.length)
      throw new UserError(`model inputs ${missing.join(', ')} are not features of this database any more`);
    const { churnProb, value } = model.predict(set, set.rows, set.btyd);
    const churned = set.labels.churned;
    return {
      auc: rocAuc(churned, churnProb),
      prAuc: averagePrecision(churned, churnProb),
      ece: expectedCalibrationError(churned, churnProb),
      gini: normalizedGini(set.labels.value, value),
    };
  } finally {
    model.dispose();
  }
}
