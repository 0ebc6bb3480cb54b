// Monitoring: PSI against hand-computed values; feature drift found on a shifted data drop and not on
// an unshifted one; realised performance computed once labels mature, against hand-computed metrics.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../pipeline/db/database.ts';
import { buildSnapshot } from '../pipeline/features/build-features.ts';
import { generateIntoDatabase } from '../pipeline/generate/to-duckdb.ts';
import { featureDrift } from '../pipeline/monitor/drift.ts';
import { driftLevel, psi } from '../pipeline/monitor/psi.ts';
import { realisedHistory, updateRealised, type RealisedRow } from '../pipeline/monitor/realised.ts';
import { realisedAlerts } from '../pipeline/monitor/realised-alerts.ts';
import { insertHistory, tempDatabase } from './helpers/temp-db.ts';

describe('population stability index', () => {
  it('is 0 for the same distribution and matches a hand computation for a shifted one', () => {
    const ref = Array.from({ length: 100 }, (_, i) => i);
    expect(psi(ref, ref).psi).toBeCloseTo(0, 12);
    // Two bins (edge 50 at bins = 2): reference 50% / 50%; current 80% / 20%.
    // PSI = (0.8 - 0.5) ln(0.8 / 0.5) + (0.2 - 0.5) ln(0.2 / 0.5) = 0.1410 + 0.2749 = 0.4159
    const cur = [...Array.from({ length: 80 }, (_, i) => i % 50), ...Array.from({ length: 20 }, (_, i) => 50 + i)];
    expect(psi(ref, cur, 2).psi).toBeCloseTo(0.3 * Math.log(0.8 / 0.5) + -0.3 * Math.log(0.2 / 0.5), 10);
  });

  it('gives a binary flag two bins, floors empty bins, ignores non-finite values', () => {
    const ref = [0, 0, 0, 1, 1, 1, NaN];
    const r = psi(ref, [0, 0, 0, 0, 0, 0]);
    expect(r.bins).toHaveLength(2);
    expect(Number.isFinite(r.psi)).toBe(true);
    expect(r.psi).toBeGreaterThan(2);
    expect(driftLevel(0.05, 0.1, 0.25)).toBe('ok');
    expect(driftLevel(0.1, 0.1, 0.25)).toBe('warn');
    expect(driftLevel(0.3, 0.1, 0.25)).toBe('alert');
    expect(driftLevel(NaN, 0.1, 0.25)).toBe('ok');
  });
});

describe('feature drift on data drops', () => {
  let db: Database;
  let cleanup: () => void;
  const snapshot = (cutoff: string) =>
    buildSnapshot(db, { cutoff, horizonDays: 90, valueHorizonDays: 365, observedUntil: cutoff });
  beforeEach(async () => {
    ({ db, cleanup } = await tempDatabase());
    await generateIntoDatabase(db, { customers: 2000, seed: 11 });
    await snapshot('2026-03-01');
  });
  afterEach(() => cleanup());

  it('finds nothing above the warning level two weeks later on unshifted data', async () => {
    await snapshot('2026-03-15');
    const drift = await featureDrift(db, { reference: '2026-03-01', current: '2026-03-15', warn: 0.1, alert: 0.25 });
    expect(drift.features.length).toBeGreaterThan(15);
    expect(drift.warnings, JSON.stringify(drift.features.slice(0, 3))).toEqual([]);
  });

  it('alerts on recency and recent purchases when most customers stop buying', async () => {
    // A shifted drop: 70% of customers made no purchase in the last 90 days before the new cutoff.
    await db.run(
      `DELETE FROM events WHERE type = 'purchase' AND ts >= TIMESTAMP '2025-12-15' AND ts < TIMESTAMP '2026-03-15'
         AND hash(customer_id) % 10 < 7`,
    );
    await snapshot('2026-03-15');
    const drift = await featureDrift(db, { reference: '2026-03-01', current: '2026-03-15', warn: 0.1, alert: 0.25 });
    const level = Object.fromEntries(drift.features.map((f) => [f.feature, f.level]));
    expect(level.recency_days).toBe('alert');
    expect(level.frequency_90).toBe('alert');
    expect(drift.alerts).toBeGreaterThanOrEqual(2);
    expect(drift.warnings[0]).toMatch(/^ALERT: \w+ PSI \d\.\d{3}$/);
  });
});

describe('realised performance', () => {
  let db: Database;
  let cleanup: () => void;
  beforeEach(async () => {
    ({ db, cleanup } = await tempDatabase());
    await insertHistory(
      db,
      [
        ['A', '2025-01-01'],
        ['B', '2025-01-01'],
        ['C', '2025-01-01'],
        ['D', '2025-01-01'],
      ],
      [
        ['C', '2026-02-01 10:00:00', 'purchase', 50],
        ['D', '2026-03-01 10:00:00', 'purchase', 100],
        ['B', '2026-05-01 10:00:00', 'purchase', 70], // after the 90-day churn window: B churned
      ],
    );
    const rows: [string, number, number][] = [
      ['A', 0.9, 10],
      ['B', 0.7, 20],
      ['C', 0.4, 30],
      ['D', 0.1, 40],
    ];
    for (const [id, prob, value] of rows) {
      await db.run(
        `INSERT INTO scores (model_id, as_of, customer_id, churn_prob, risk_tier, predicted_value, value_tier, value_at_risk, action, reasons, reason_labels)
         VALUES ('m-1', DATE '2026-01-01', $id, $prob, 'high', $value, 'low', 0, 'none', '', '[]')`,
        { id, prob, value },
      );
    }
  });
  afterEach(() => cleanup());

  it('waits until the churn window has passed', async () => {
    expect(
      await updateRealised(db, { horizonDays: 90, valueHorizonDays: 365, observedUntil: '2026-03-31', runId: 'r-1' }),
    ).toEqual([]);
  });

  it('measures the scores against what happened, once', async () => {
    const [r] = await updateRealised(db, {
      horizonDays: 90,
      valueHorizonDays: 365,
      observedUntil: '2026-04-01',
      runId: 'r-1',
    });
    // churned: A, B (no purchase before 2026-04-01); C, D bought. Every churner scored above every stayer.
    expect(r.auc).toBe(1);
    // One customer per probability bin: ECE = mean |p - y| = (0.1 + 0.3 + 0.4 + 0.1) / 4.
    expect(r.ece).toBeCloseTo(0.225, 12);
    expect(r.predictedRate).toBeCloseTo(0.525, 12);
    expect(r.actualRate).toBe(0.5);
    // Value over the 90 days observed: spend A 0, B 0, C 50, D 100 in the predicted order: Gini 1.
    expect(r.valueDays).toBe(90);
    expect(r.gini).toBeCloseTo(1, 12);
    expect(r.customers).toBe(4);
    expect(
      await updateRealised(db, { horizonDays: 90, valueHorizonDays: 365, observedUntil: '2026-06-01', runId: 'r-2' }),
    ).toEqual([]);
    expect((await realisedHistory(db)).map((h) => [h.asOf, h.modelId, h.auc])).toEqual([['2026-01-01', 'm-1', 1]]);
  });
});

describe('realised-performance alerts', () => {
  const row = (asOf: string, auc: number): RealisedRow => ({
    asOf,
    modelId: 'm-1',
    computedAt: '',
    horizonDays: 90,
    valueDays: 90,
    customers: 100,
    auc,
    ece: 0,
    gini: 0,
    predictedRate: 0,
    actualRate: 0,
  });
  const card = (id: string) => (id === 'm-1' ? 0.86 : NaN);

  it('alerts when a matured AUC falls below the validation AUC or the best earlier one by more than the tolerance', () => {
    expect(
      realisedAlerts([row('2026-04-01', 0.84)], [row('2026-01-01', 0.85), row('2026-04-01', 0.84)], card, 0.05),
    ).toEqual([]);
    const decayed = realisedAlerts(
      [row('2026-04-01', 0.78)],
      [row('2026-01-01', 0.85), row('2026-04-01', 0.78)],
      card,
      0.05,
    );
    expect(decayed).toEqual([
      'ALERT: realised AUC of the 2026-04-01 scores (m-1) is 0.780, 0.080 below its validation AUC 0.860',
      'ALERT: realised AUC of the 2026-04-01 scores (m-1) is 0.780, down from 0.850 for the 2026-01-01 scores',
    ]);
  });
});
