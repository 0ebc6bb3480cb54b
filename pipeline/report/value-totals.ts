// The overview's predicted CLV total and value at risk with their intervals (docs/intervals.md): from
// each customer's calibrated value distribution and churn probability (models/eval/intervals-totals.ts),
// never by adding the customers' bounds. Null for a model trained before intervals were saved.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { honestTotals } from '../../models/eval/intervals-totals.ts';
import type { Database } from '../db/database.ts';
import { modelIntervals } from '../train/value-intervals.ts';

export interface TotalBand {
  /** The actual total's mean and interval under the customers' calibrated distributions: they can sit
   * off the sum of the predictions when the predictions ran high or low on the validation window. */
  mean: number;
  low: number;
  high: number;
  level: number;
}

export async function valueTotalBands(
  db: Database,
  asOf: string,
  modelPath: string,
  level: number,
): Promise<{ predictedTotal: TotalBand; atRisk: TotalBand } | null> {
  let metadata: { info: Record<string, unknown> };
  try {
    metadata = JSON.parse(readFileSync(join(modelPath, 'metadata.json'), 'utf8'));
  } catch {
    return null;
  }
  const stored = modelIntervals(metadata);
  if (!stored) return null;
  const { numeric } = await db.vectors(
    'SELECT churn_prob, predicted_value FROM scores WHERE as_of = CAST($as_of AS DATE) ORDER BY customer_id',
    { as_of: asOf },
    'scores (totals)',
  );
  const t = honestTotals(stored.value, numeric.churn_prob, numeric.predicted_value, level);
  const band = (x: { mean: number; low: number; high: number }) => ({
    mean: Math.round(x.mean),
    low: Math.round(x.low),
    high: Math.round(x.high),
    level,
  });
  return { predictedTotal: band(t.clv), atRisk: band(t.valueAtRisk) };
}
