// churn models list|show|promote: the model registry under <db dir>/models.
import { UsageError } from '../../errors.ts';
import { artifactPaths } from '../../paths.ts';
import { listCards, readCard, renderCard, type ModelCard } from '../../train/model-card.ts';
import { promote, readChampion } from '../../train/model-registry.ts';
import type { CommandRun } from '../command.ts';
import type { MODELS } from '../commands.ts';

export const run: CommandRun<typeof MODELS> = async (ctx, args) => {
  const [verb, version] = args.positionals;
  const dir = artifactPaths(ctx.dbPath).models;
  const champion = readChampion(dir);
  if (verb === 'list') {
    const cards = listCards(dir);
    const rows = cards.map((c) => ({ ...summary(c), champion: c.modelId === champion }));
    return {
      json: { champion, models: rows },
      text: cards.length
        ? rows
            .map(
              (r) =>
                `${r.champion ? '*' : ' '} ${r.modelId}  as-of ${r.asOf}  AUC ${fmt(r.auc)}  Gini ${fmt(r.gini)}  ${r.rows.toLocaleString('en')} rows  ${r.codeVersion}`,
            )
            .join('\n')
        : `no models in ${dir}: run \`churn train\``,
    };
  }
  if (verb === 'show') {
    const id = version ?? champion;
    if (!id) throw new UsageError('no champion yet: churn models show VERSION');
    const card = readCard(dir, id);
    return { json: { ...card, champion: id === champion }, text: renderCard(card) };
  }
  if (verb === 'promote') {
    if (!version) throw new UsageError('missing VERSION: churn models promote VERSION');
    const card = promote(dir, version);
    return {
      json: { champion: card.modelId, previous: champion },
      text: `champion: ${card.modelId} (was ${champion ?? 'none'})`,
    };
  }
  throw new UsageError(`unknown models command "${verb}" (expected: list, show or promote)`);
};

function summary(card: ModelCard) {
  const m = card.metrics as { auc?: number; value?: { gini?: number } };
  return {
    modelId: card.modelId,
    asOf: card.trainingWindow.asOf,
    auc: m.auc ?? null,
    gini: m.value?.gini ?? null,
    rows: card.rows.train,
    codeVersion: card.codeVersion,
  };
}

function fmt(v: number | null): string {
  return v === null ? '-' : v.toFixed(3);
}
