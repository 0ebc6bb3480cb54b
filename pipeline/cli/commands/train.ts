// churn train: fit the churn + CLV model on a time split and save it.
import { timed } from '../../timer.ts';
import { artifactPaths } from '../../paths.ts';
import { trainStage } from '../../train/train-stage.ts';
import type { CommandRun } from '../command.ts';
import type { TRAIN } from '../commands.ts';
import { withDatabase } from '../with-database.ts';

export const run: CommandRun<typeof TRAIN> = (ctx, args) =>
  withDatabase(
    ctx,
    async (db) => {
      const { value: t, seconds } = await timed(() =>
        trainStage(db, {
          asOf: args.options.asOf,
          config: ctx.config,
          modelsDir: artifactPaths(ctx.dbPath).models,
          promote: !args.options.candidate,
          logger: ctx.logger,
        }),
      );
      const m = t.evaluation.metrics;
      const { roc, pr, calibration, valueDeciles, ...evaluation } = t.evaluation;
      return {
        json: { ...t, evaluation: { ...evaluation, calibration, valueDeciles }, seconds },
        text: [
          `model ${t.modelId} ${t.existing ? 'already saved (identical) in' : 'saved to'} ${t.path} [backend ${t.backend}]${args.options.candidate ? ' (candidate: `churn models promote` to use it)' : ', now the champion'}`,
          `  trained on ${t.rows.train.toLocaleString('en')} rows at ${t.trainCutoffs.join(', ')}, ${t.epochs} epochs (best ${t.bestEpoch})`,
          `  ships churn from ${t.shipped.churn} and value from ${t.shipped.value}, chosen on the validation window`,
          `  selection metrics on ${t.rows.valid.toLocaleString('en')} customers at ${t.validCutoff} (cross-fitted; held-out ones: \`churn evaluate\`):`,
          `    churn  AUC ${m.auc.toFixed(3)}  PR-AUC ${m.prAuc.toFixed(3)}  log loss ${m.logLoss.toFixed(3)}  Brier ${m.brier.toFixed(3)}  base rate ${m.baseRate.toFixed(3)}`,
          `    recency rule AUC ${m.recencyAuc.toFixed(3)}; candidates AUC ${Object.entries(m.baselines ?? {})
            .map(([n, b]) => `${n} ${b.auc.toFixed(3)}`)
            .join(', ')}`,
          `    value  Gini ${m.value.gini.toFixed(3)}  Spearman ${m.value.spearman.toFixed(3)}  predicted ${m.value.predictedTotal.toFixed(0)} vs actual ${m.value.actualTotal.toFixed(0)}`,
          `    candidates Gini ${t.valueCandidates.map((c) => `${c.name} ${c.gini.toFixed(3)}`).join(', ')}`,
          `  (${seconds.toFixed(1)} s)`,
        ].join('\n'),
      };
    },
    'write',
  );
