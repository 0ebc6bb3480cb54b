// A model version's card: card.json (what was trained on what, and how it measured) and card.md,
// its rendering for people. Written once with the version (pipeline/train/model-registry.ts).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { churnSentence, DEFAULT_CHURN } from '../config/churn-definition.ts';
import { UserError } from '../errors.ts';
import type { Locale } from '../vocabulary.ts';

export interface ModelCard {
  modelId: string;
  format: string;
  codeVersion: string;
  backend: string;
  tfjs: string;
  seed: number;
  trainingWindow: {
    asOf: string;
    trainCutoffs: string[];
    validCutoff: string;
    horizonDays: number;
    valueHorizonDays: number;
    labelsUntil: string;
    /** What churned means, in words per locale (absent on cards made before churn definitions: no purchase). */
    churnDefinition?: Record<Locale, string>;
  };
  /** finalFit: the rows the saved candidates were fitted on (training + validation with model.finalFit, else training). */
  rows: { train: number; valid: number; finalFit: number };
  dataFingerprint: {
    events: number;
    customers: number;
    firstEvent: string | null;
    lastEvent: string | null;
    sha256: string;
  };
  features: { numeric: string[]; categorical: string[] };
  inputs: number;
  calibration: string;
  /** Value level calibration fitted on the validation snapshot (null or absent: none). */
  valueCalibration?: { factor: number; predictedTotal: number; actualTotal: number } | null;
  fit: Record<string, unknown>;
  /** What ships for each head and every candidate's selection metric (absent on older versions: the network). */
  shipped?: Record<string, unknown>;
  /** Validation metrics of the network and of each baseline on the same customers. */
  metrics: Record<string, unknown>;
  /** Present when BG/NBD's P(no purchase) is no churn baseline of the definition: why it is left out. */
  btydBaseline?: string;
}

export function writeCard(dir: string, card: ModelCard): void {
  writeFileSync(join(dir, 'card.json'), JSON.stringify(card, null, 2) + '\n');
  writeFileSync(join(dir, 'card.md'), renderCard(card));
}

export function readCard(modelsDir: string, modelId: string): ModelCard {
  const file = join(modelsDir, modelId, 'card.json');
  if (!existsSync(file)) throw new UserError(`no model version ${modelId} in ${modelsDir} (see \`churn models list\`)`);
  return JSON.parse(readFileSync(file, 'utf8')) as ModelCard;
}

/** Every version with a card, newest training window first, then by id. */
export function listCards(modelsDir: string): ModelCard[] {
  if (!existsSync(modelsDir)) return [];
  return readdirSync(modelsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(modelsDir, d.name, 'card.json')))
    .map((d) => readCard(modelsDir, d.name))
    .sort((a, b) => b.trainingWindow.asOf.localeCompare(a.trainingWindow.asOf) || a.modelId.localeCompare(b.modelId));
}

export function renderCard(card: ModelCard): string {
  const w = card.trainingWindow;
  const metrics = card.metrics as {
    auc?: number;
    prAuc?: number;
    logLoss?: number;
    brier?: number;
    ece?: number;
    value?: { gini?: number; spearman?: number };
    baselines?: Record<string, { auc: number; value?: { gini: number } }>;
  };
  const f = (v: number | undefined) => (v === undefined || v === null ? '' : v.toFixed(4));
  const lines = [
    `# Model ${card.modelId}`,
    '',
    `Multi-task network (churn + zero-inflated lognormal value), format ${card.format}, TensorFlow.js ${card.tfjs} on ${card.backend}, seed ${card.seed}, code ${card.codeVersion}.`,
    '',
    '## Training window',
    '',
    `- as-of ${w.asOf}; training snapshots ${w.trainCutoffs.join(', ')} (${card.rows.train.toLocaleString('en')} rows); validation snapshot ${w.validCutoff} (${card.rows.valid.toLocaleString('en')} rows)`,
    `- churn = ${w.churnDefinition?.en ?? churnSentence(DEFAULT_CHURN, w.horizonDays, 'en')}, value horizon ${w.valueHorizonDays} days; labels use events until ${w.labelsUntil}`,
    `- data: ${card.dataFingerprint.events.toLocaleString('en')} events of ${card.dataFingerprint.customers.toLocaleString('en')} customers, ${card.dataFingerprint.firstEvent} to ${card.dataFingerprint.lastEvent}, fingerprint ${card.dataFingerprint.sha256.slice(0, 16)}`,
    '',
    '## Inputs',
    '',
    `${card.inputs} inputs from ${card.features.numeric.length} numeric features (${card.features.numeric.join(', ')}) and the categorical ${card.features.categorical.join(', ')}; churn calibration: ${card.calibration}; value level calibration: ${card.valueCalibration ? `x ${card.valueCalibration.factor.toFixed(3)} (validation total ${Math.round(card.valueCalibration.predictedTotal).toLocaleString('en')} predicted vs ${Math.round(card.valueCalibration.actualTotal).toLocaleString('en')} actual)` : 'none'}.`,
    '',
    '## Validation metrics (calibration fitted on the same window; see `churn evaluate` for held-out numbers)',
    '',
    '| model | ROC AUC | value Gini |',
    '| --- | --- | --- |',
    `| network | ${f(metrics.auc)} | ${f(metrics.value?.gini)} |`,
    ...Object.entries(metrics.baselines ?? {}).map(([name, b]) => `| ${name} | ${f(b.auc)} | ${f(b.value?.gini)} |`),
    '',
    ...(card.btydBaseline ? [`BG/NBD churn baseline: ${card.btydBaseline}.`, ''] : []),
  ];
  return lines.join('\n');
}
