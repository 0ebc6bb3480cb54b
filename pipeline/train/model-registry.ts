// The model registry: one version directory per trained model under the models directory, each with
// the network, its metadata (normalisation, feature list, calibration), evaluation.json and a model
// card (model-card.ts); `champion.json` names the version that scoring uses by default.
// A version directory, once in place, is never written into again (installVersion), and a model whose
// validation metrics are not finite never becomes champion (promote).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../atomic-write.ts';
import { UserError } from '../errors.ts';
import { readCard, type ModelCard } from './model-card.ts';

const CHAMPION = 'champion.json';

export function readChampion(modelsDir: string): string | null {
  const file = join(modelsDir, CHAMPION);
  if (!existsSync(file)) return null;
  return (JSON.parse(readFileSync(file, 'utf8')) as { modelId: string }).modelId;
}

export function promote(modelsDir: string, modelId: string): ModelCard {
  const card = readCard(modelsDir, modelId);
  const unusable = nonFiniteMetrics(card.metrics);
  if (unusable.length) {
    throw new UserError(
      `model ${modelId} cannot be champion: its validation metrics are not finite (${unusable.join(', ')})`,
    );
  }
  writeFileAtomicSync(join(modelsDir, CHAMPION), JSON.stringify({ modelId }) + '\n');
  return card;
}

const VALIDATION_METRICS: [path: string, label: string][] = [
  ['auc', 'AUC'],
  ['prAuc', 'PR-AUC'],
  ['logLoss', 'log loss'],
  ['brier', 'Brier'],
  ['ece', 'ECE'],
  ['value.gini', 'value Gini'],
];

/**
 * The validation metrics that are not finite numbers, as "AUC NaN": a model measured on a window
 * with one class (or no spend) was not measured at all. JSON writes NaN as null, so null counts; a
 * metric a card of an older format lacks does not.
 */
export function nonFiniteMetrics(metrics: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [path, label] of VALIDATION_METRICS) {
    const value = path
      .split('.')
      .reduce<unknown>(
        (o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
        metrics,
      );
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
  const differ = MODEL_FILES.filter((f) => existsSync(join(staging, f)) || existsSync(join(path, f))).filter(
    (f) =>
      !existsSync(join(path, f)) ||
      !existsSync(join(staging, f)) ||
      !readFileSync(join(path, f)).equals(readFileSync(join(staging, f))),
  );
  rmSync(staging, { recursive: true, force: true });
  if (differ.length) {
    throw new UserError(
      `model version ${path} exists with different content (${differ.join(', ')}): not overwritten; move it away to save this model`,
    );
  }
  return 'existing';
}
