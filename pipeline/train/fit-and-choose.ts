// The step train and evaluate share: the candidates fitted on the training rows, each head chosen on
// the validation window (cross-fitted), then the chosen candidates (or, to judge every candidate as
// it would ship, all of them) fitted again on both (`model.finalFit`).
import type { Heads } from '../../models/ensemble/shipped.ts';
import type { Config } from '../config/config-schema.ts';
import type { Logger } from '../log.ts';
import {
  describeChoice,
  finalFit,
  fitCandidates,
  headsWithMembers,
  membersToRefit,
  predictCandidates,
  selectHeads,
  type FittedCandidates,
  type Selection,
} from './candidates.ts';
import type { LabelledSet } from './datasets.ts';

export interface FitAndChoose {
  /** The first fit, on the training rows. */
  candidates: FittedCandidates;
  validPredictions: ReturnType<typeof predictCandidates>;
  selection: Selection;
  /** The final fit (null when `model.finalFit` keeps the first). */
  final: FittedCandidates | null;
  /** What ships: the final fit when there is one. */
  shipping: FittedCandidates;
  /** The selection's heads with the shipped fit's members. */
  heads: Heads;
}

export interface FitAndChooseOptions {
  logger: Logger;
  /** Fit again the members the chosen heads use (train), or every candidate (evaluate). */
  refit: 'chosen' | 'all';
  /** Called after each part ('fit', 'selection', 'finalFit'), for the caller's phase timings. */
  mark?: (phase: string) => void;
}

export async function fitAndChoose(
  train: LabelledSet,
  valid: LabelledSet,
  config: Config,
  o: FitAndChooseOptions,
): Promise<FitAndChoose> {
  const { logger } = o;
  const info = (message: string) => logger.info(message);
  const progress = logger.progress('training', config.model.epochs);
  const candidates = await fitCandidates(train, config, (log) => progress.tick(log.epoch), info);
  progress.done();
  o.mark?.('fit');
  const validPredictions = predictCandidates(candidates, valid, config.churn);
  const selection = selectHeads(candidates, valid, config, validPredictions);
  o.mark?.('selection');
  const members = o.refit === 'chosen' ? membersToRefit(selection) : undefined;
  const finalProgress = logger.progress('final fit', config.model.epochs);
  const final = await finalFit(train, valid, config, members, (log) => finalProgress.tick(log.epoch), info);
  finalProgress.done();
  o.mark?.('finalFit');
  return {
    candidates,
    validPredictions,
    selection,
    final,
    shipping: final ?? candidates,
    heads: final ? headsWithMembers(selection, final) : selection.heads,
  };
}

/** One log line: what each head ships and its margin over the runner-up. */
export function describeSelection(selection: Selection): string {
  const churn = describeChoice(
    selection.churn.ranking.map((r) => ({ name: r.name, metric: r.auc })),
    'AUC',
  );
  const value = describeChoice(
    selection.value.ranking.map((r) => ({ name: r.name, metric: r.gini })),
    'Gini',
  );
  return `shipped: churn ${churn}; value ${value}`;
}
