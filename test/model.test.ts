// The churn + CLV model on a small generated history: it learns (beats a random ranking clearly and
// the base rate), training is deterministic, and a save/load round trip predicts identically.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShippedModel } from '../models/ensemble/shipped.ts';
import { ChurnClvModel } from '../models/churn-clv/churn-clv-model.ts';
import { normalizedGini, rocAuc } from '../models/eval/metrics.ts';
import { btydFeatureColumns } from '../pipeline/btyd/btyd-features.ts';
import { alignBtyd, customerBtyd } from '../pipeline/btyd/customer-btyd.ts';
import { parseConfig } from '../pipeline/config/config.ts';
import type { Database } from '../pipeline/db/database.ts';
import { readSnapshot } from '../pipeline/features/build-features.ts';
import { CATEGORICAL_FEATURES, NUMERIC_FEATURES } from '../pipeline/features/feature-list.ts';
import { generateIntoDatabase } from '../pipeline/generate/to-duckdb.ts';
import { trainStage, type TrainResult } from '../pipeline/train/train-stage.ts';
import { tempDatabase } from './helpers/temp-db.ts';

const config = parseConfig({ model: { epochs: 25 } });
let db: Database;
let dir: string;
let cleanup: () => void;
let first: TrainResult;

beforeAll(async () => {
  ({ db, dir, cleanup } = await tempDatabase());
  await generateIntoDatabase(db, { customers: 2500, seed: 7 });
  first = await trainStage(db, { config, modelsDir: join(dir, 'models') });
});
afterAll(() => cleanup());

/** A network trained (and checked) on the validation snapshot's own rows: enough to test save, load and calibration. */
async function trainOnValidation(epochs: number, seed: number) {
  const snapshot = await readSnapshot(db, first.validCutoff);
  const n = snapshot.customerIds.length;
  const labels = {
    churned: Float32Array.from(snapshot.churned, (v) => v ?? 0),
    value: Float32Array.from(snapshot.futureValue, (v) => v ?? 0),
  };
  const set = { rows: n, numeric: snapshot.numeric, categorical: snapshot.categorical, labels };
  const model = await ChurnClvModel.train(
    set,
    set,
    { numeric: NUMERIC_FEATURES, categorical: CATEGORICAL_FEATURES },
    { ...config.model, epochs, seed },
  );
  return { snapshot, n, labels, model };
}

describe('churn + CLV model', () => {
  it('trains on a time split: training cutoff before validation cutoff, labels observed', () => {
    expect(first.trainCutoff < first.validCutoff).toBe(true);
    expect(first.validCutoff < first.asOf).toBe(true);
    expect(first.rows.train).toBeGreaterThan(1000);
    // Once chosen, what ships is fitted again on the training and validation rows together (model.finalFit).
    expect(first.networkRows.fit + first.networkRows.stop).toBe(first.rows.train + first.rows.valid);
    const card = JSON.parse(readFileSync(join(first.path, 'card.json'), 'utf8'));
    expect(card.rows).toEqual({
      train: first.rows.train,
      valid: first.rows.valid,
      finalFit: first.rows.train + first.rows.valid,
    });
  });

  it('reports the wall time and rows/s of every epoch, and where the stage time went', () => {
    // Several networks are averaged on small data (model.members 'auto'): each one's epochs count from 1.
    expect(first.epochTimings.filter((e) => (e.member ?? 0) === 0).map((e) => e.epoch)).toEqual(
      Array.from({ length: first.epochs }, (_, i) => i + 1),
    );
    expect(new Set(first.epochTimings.map((e) => e.member)).size).toBeGreaterThan(1);
    for (const e of first.epochTimings) {
      expect(e.rowsPerSecond).toBeCloseTo(first.networkRows.fit / e.seconds, 3);
      expect(e.shuffleSeconds + e.trainSeconds + e.validationSeconds + e.bookkeepingSeconds).toBeCloseTo(e.seconds, 6);
    }
    expect(Object.keys(first.phaseSeconds)).toEqual(
      expect.arrayContaining(['trainingSnapshots', 'fit', 'selection', 'importance', 'save']),
    );
  });

  it('ranks churners far better than random and better than the base rate', () => {
    const m = first.evaluation.metrics;
    expect(m.auc).toBeGreaterThan(0.7); // random ranking: 0.5
    expect(m.prAuc).toBeGreaterThan(m.baseRate + 0.1);
    // Better calibrated than predicting the base rate for everyone.
    expect(m.brier).toBeLessThan(m.baseRate * (1 - m.baseRate));
    expect(m.value.gini).toBeGreaterThan(0.3);
    expect(m.value.spearman).toBeGreaterThan(0.2);
  });

  it('is deterministic: same data and seed give the same weights and id', async () => {
    const second = await trainStage(db, { config, modelsDir: join(dir, 'models-again') });
    expect(second.modelId).toBe(first.modelId);
    expect(second.evaluation.metrics).toEqual(first.evaluation.metrics);
  });

  it('predicts identically after save and load', async () => {
    const { snapshot, n, model: trained } = await trainOnValidation(3, 11);
    const before = trained.predict(snapshot, n);
    const saved = join(dir, 'roundtrip');
    await trained.save(saved);
    const loaded = await ChurnClvModel.load(saved);
    const after = loaded.predict(snapshot, n);
    expect(Array.from(after.churnProb)).toEqual(Array.from(before.churnProb));
    expect(Array.from(after.value)).toEqual(Array.from(before.value));
    expect(loaded.metadata.preprocessor).toEqual(trained.metadata.preprocessor);
    trained.dispose();
    loaded.dispose();
  });

  it('value level calibration: totals match on the calibration rows, every value scales by one factor, saved in the weights', async () => {
    const { snapshot, n, labels, model } = await trainOnValidation(2, 3);
    const before = model.predict(snapshot, n).value;
    // Half the real spend: a level the network was not trained on, so the factor must be far from 1.
    const target = labels.value.map((v) => v / 2);
    const cal = model.calibrateValue(snapshot, n, target);
    const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);
    expect(cal.factor).toBeCloseTo(sum(target) / sum(before), 6);
    expect(cal.factor).toBeLessThan(0.9);
    const after = model.predict(snapshot, n).value;
    expect(sum(after) / sum(target)).toBeCloseTo(1, 4);
    for (let i = 0; i < n; i += 97) expect(after[i] / before[i]).toBeCloseTo(cal.factor, 4);
    // Folded into the network: the raw-matrix path (scoring workers) and a saved copy apply it too.
    expect(Array.from(model.predictMatrix(model.inputMatrix(snapshot, n)).value)).toEqual(Array.from(after));
    const saved = join(dir, 'value-calibrated');
    await model.save(saved);
    const loaded = await ChurnClvModel.load(saved);
    expect(Array.from(loaded.predict(snapshot, n).value)).toEqual(Array.from(after));
    expect(loaded.metadata.valueCalibration?.factor).toBe(cal.factor);
    model.dispose();
    loaded.dispose();
  });

  it('the saved version reproduces what was shipped: heads and member models applied after load', async () => {
    const snapshot = await readSnapshot(db, first.validCutoff);
    const n = snapshot.customerIds.length;
    // The network also takes BG/NBD inputs (model.btydFeatures), computed beside the snapshot.
    const btyd = await customerBtyd(db, {
      cutoff: first.validCutoff,
      horizonDays: config.horizonDays,
      valueHorizonDays: config.valueHorizonDays,
    });
    const aligned = alignBtyd(btyd, snapshot.customerIds);
    Object.assign(snapshot.numeric, btydFeatureColumns(aligned));
    const loaded = await ShippedModel.load(first.path);
    expect(loaded.heads).not.toBeNull();
    expect(loaded.winners).toEqual(first.shipped);
    const { churnProb, value } = loaded.predict(snapshot, n, aligned);
    const saved = JSON.parse(readFileSync(join(first.path, 'evaluation.json'), 'utf8')).refit;
    expect(
      rocAuc(
        snapshot.churned.map((v) => v ?? 0),
        churnProb,
      ),
    ).toBeCloseTo(saved.auc, 9);
    expect(
      normalizedGini(
        snapshot.futureValue.map((v) => v ?? 0),
        value,
      ),
    ).toBeCloseTo(saved.gini, 9);
    loaded.dispose();
  });
});
