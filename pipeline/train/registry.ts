// The model registry: one version directory per trained model under the models directory, each with
// the network, its metadata (normalisation, feature list, calibration), evaluation.json and a model
// card (card.json + card.md); `champion.json` names the version that scoring uses by default.
// A version directory, once in place, is never written into again (installVersion), and a model whose
// validation metrics are not finite never becomes champion (promote).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../atomic-write.ts';
import { UserError } from '../errors.ts';

export interface ModelCard {
  modelId: string;
  format: string;
  codeVersion: string;
  backend: string;
  tfjs: string;
  seed: number;
  trainingWindow: { asOf: string; trainCutoffs: string[]; validCutoff: string; horizonDays: number; valueHorizonDays: number; labelsUntil: string };
  /** finalFit: the rows the saved candidates were fitted on (training + validation with model.finalFit, else training). */
  rows: { train: number; valid: number; finalFit: number };
  dataFingerprint: { events: number; customers: number; firstEvent: string | null; lastEvent: string | null; sha256: string };
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
}

const CHAMPION = 'champion.json';

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

export function readChampion(modelsDir: string): string | null {
  const file = join(modelsDir, CHAMPION);
  if (!existsSync(file)) return null;
  return (JSON.parse(readFileSync(file, 'utf8')) as { modelId: string }).modelId;
}

export function promote(modelsDir: string, modelId: string): ModelCard {
  const card = readCard(modelsDir, modelId);
  const unusable = nonFiniteMetrics(card.metrics);
  if (unusable.length) {
    throw new UserError(`model ${modelId} cannot be champion: its validation metrics are not finite (${unusable.join(', ')})`);
  }
  writeFileAtomicSync(join(modelsDir, CHAMPION), JSON.stringify({ modelId }) + '\n');
  return card;
}

const VALIDATION_METRICS: [path: string, label: string][] = [
  ['auc', 'AUC'], ['prAuc', 'PR-AUC'], ['logLoss', 'log loss'], ['brier', 'Brier'], ['ece', 'ECE'], ['value.gini', 'value Gini'],
];

/**
 * The validation metrics that are not finite numbers, as "AUC NaN": a model measured on a window
 * with one class (or no spend) was not measured at all. JSON writes NaN as null, so null counts; a
 * metric a card of an older format lacks does not.
 */
export function nonFiniteMetrics(metrics: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [path, label] of VALIDATION_METRICS) {
    const value = path.split('.').reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), metrics);
    if (value === null || (typeof value === 'number' && !Number.isFinite(value))) out.push(`${label} ${value ?? NaN}`);
  }
  return out;
}

/** The files that make a model: what it predicts depends on these and nothing else. */
const MODEL_FILES = ['model.json', 'weights.bin', 'metadata.json', 'heads.json'];

/** The model files a version directory has (heads.json is absent from versions made before it). */
function modelFiles(dir: string): string[] {
  return MODEL_FILES.filter((file) => file !== 'heads.json' || existsSync(join(dir, file)));
}

/**
 * The version's identity: a hash of its network, weights and metadata.json (normalisation, churn
 * and value calibration, fit options, seed, training window and horizons), so two models that
 * predict differently never share an id, and the same training run always gets the same one.
 */
export function versionDigest(dir: string): string {
  const hash = createHash('sha256');
  for (const file of modelFiles(dir)) hash.update(`${file}\0`).update(readFileSync(join(dir, file)));
  return hash.digest('hex');
}

/**
 * Moves a freshly written version directory (`staging`, ours) to `path`. A directory already there
 * is never written into or removed: with the same model files it is this very model (kept as it is,
 * card and evaluation included: 'existing'); with other files it is refused.
 */
export function installVersion(staging: string, path: string): 'new' | 'existing' {
  if (!existsSync(path)) {
    renameSync(staging, path);
    return 'new';
  }
  const differ = MODEL_FILES.filter((f) => existsSync(join(staging, f)) || existsSync(join(path, f))).filter((f) => !existsSync(join(path, f)) || !existsSync(join(staging, f)) || !readFileSync(join(path, f)).equals(readFileSync(join(staging, f))));
  rmSync(staging, { recursive: true, force: true });
  if (differ.length) {
    throw new UserError(`model version ${path} exists with different content (${differ.join(', ')}): not overwritten; move it away to save this model`);
  }
  return 'existing';
}

export function renderCard(card: ModelCard): string {
  const w = card.trainingWindow;
  const metrics = card.metrics as { auc?: number; prAuc?: number; logLoss?: number; brier?: number; ece?: number; value?: { gini?: number; spearman?: number }; baselines?: Record<string, { auc: number; value?: { gini: number } }> };
  const f = (v: number | undefined) => (v === undefined || v === null ? '' : v.toFixed(4));
  const lines = [
    `# Model ${card.modelId}`,
    '',
    `Multi-task network (churn + zero-inflated lognormal value), format ${card.format}, TensorFlow.js ${card.tfjs} on ${card.backend}, seed ${card.seed}, code ${card.codeVersion}.`,
    '',
    '## Training window',
    '',
    `- as-of ${w.asOf}; training snapshots ${w.trainCutoffs.join(', ')} (${card.rows.train.toLocaleString('en')} rows); validation snapshot ${w.validCutoff} (${card.rows.valid.toLocaleString('en')} rows)`,
    `- churn horizon ${w.horizonDays} days, value horizon ${w.valueHorizonDays} days; labels use events until ${w.labelsUntil}`,
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
  ];
  return lines.join('\n');
}
