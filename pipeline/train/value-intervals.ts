// The interval calibrations saved with a model (metadata.json, `info.intervals`), fitted on the
// validation window only: the value intervals (split conformal on the shipped value head's
// validation predictions, models/eval/intervals.ts) and the churn-probability bootstrap of the churn
// head (models/ensemble/churn-intervals.ts). Scoring reads them back with `modelIntervals`.
import { fitChurnBootstrap, type ChurnBootstrap } from '../../models/ensemble/churn-intervals.ts';
import type { MemberPredictions } from '../../models/ensemble/shipped.ts';
import { fitValueIntervals, type ValueIntervalCalibration } from '../../models/eval/intervals.ts';
import type { Selection } from './candidates.ts';
import type { LabelledSet } from './datasets.ts';

export interface ModelIntervals {
  value: ValueIntervalCalibration;
  churn: ChurnBootstrap;
}

/**
 * From the selection on the validation window: the shipped value head's predictions there (a stack's
 * cross-fitted, every single candidate's from the first fit, which never saw the window) times the
 * level, against the actual values; and the churn head refitted on resamples of the window.
 */
export function fitModelIntervals(
  selection: Selection,
  validPredictions: MemberPredictions,
  valid: LabelledSet,
  seed: number,
): ModelIntervals {
  const { value } = selection;
  const shipped = value.predictions[value.winner].map((v) => v * value.level);
  return {
    value: fitValueIntervals(shipped, valid.labels.value),
    churn: fitChurnBootstrap(selection.heads.churn.head, validPredictions.churn, valid.labels.churned, seed),
  };
}

/** The interval calibrations of a saved model's metadata (null for a model trained before them). */
export function modelIntervals(metadata: { info: Record<string, unknown> }): ModelIntervals | null {
  const stored = metadata.info.intervals as ModelIntervals | undefined;
  return stored?.value && stored.churn ? stored : null;
}
