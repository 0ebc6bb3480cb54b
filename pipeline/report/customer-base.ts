// The data of the report's "Customer base (probabilistic)" page: the BG/NBD x Gamma-Gamma fit of the
// scoring run (btyd_fits), its P(alive) matrix over frequency and recency, the calibration-vs-holdout
// comparison the train stage made at the validation cutoff (evaluation.json), and the CLV distribution.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bgNbdPAlive, type BgNbdParams } from '../../models/btyd/index.ts';
import type { Database } from '../db/database.ts';
import { readSql } from '../db/database.ts';

const round = (v: number, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;
const RECENCY_STEPS = 24;
const MAX_FREQUENCY = 30;

type FitRow = {
  model: string;
  params: string;
  log_lik: number;
  converged: boolean;
  customers: number;
  data: string;
};

export async function customerBase(
  db: Database,
  asOf: string,
  modelPath: string,
  horizonDays: number,
  valueHorizonDays: number,
) {
  const exists = await db.all<{ n: number }>(
    `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'btyd_fits'`,
  );
  const rows = exists[0].n
    ? await db.all<FitRow>(
        'SELECT model, params, log_lik, converged, customers, data FROM btyd_fits WHERE as_of = CAST($as_of AS DATE) ORDER BY model',
        { as_of: asOf },
        'btyd_fits (publish)',
      )
    : [];
  const fits = Object.fromEntries(
    rows.map((r) => [
      r.model,
      { params: JSON.parse(r.params), logLik: round(r.log_lik, 2), converged: r.converged, customers: r.customers },
    ]),
  );
  const bg = rows.find((r) => r.model === 'bgnbd');
  const [summary] = await db.all<Record<string, number | null>>(
    `SELECT count(p_alive) AS customers, avg(p_alive) AS mean_p_alive, sum(expected_purchases) AS expected_purchases,
            sum(btyd_clv) AS clv_total, median(btyd_clv) AS clv_median
     FROM scores WHERE as_of = CAST($as_of AS DATE)`,
    { as_of: asOf },
    'customer base (summary)',
  );
  const histogram = await db.all<{ bin: number; width: number; customers: number }>(
    readSql(import.meta.url, 'clv-histogram.sql'),
    { as_of: asOf },
    'clv-histogram.sql',
  );
  return {
    asOf,
    unit: 'days',
    horizonDays,
    valueHorizonDays,
    fits,
    summary: {
      customers: summary.customers,
      meanPAlive: summary.mean_p_alive === null ? null : round(summary.mean_p_alive),
      expectedPurchases: summary.expected_purchases === null ? null : round(summary.expected_purchases, 1),
      clvTotal: summary.clv_total === null ? null : round(summary.clv_total, 2),
      clvMedian: summary.clv_median === null ? null : round(summary.clv_median, 2),
    },
    pAliveMatrix: bg ? pAliveMatrix(JSON.parse(bg.params), JSON.parse(bg.data)) : null,
    calibrationHoldout: readHoldout(modelPath),
    clvHistogram: histogram.map((h) => ({
      from: round(h.bin * h.width, 2),
      to: round((h.bin + 1) * h.width, 2),
      customers: h.customers,
    })),
  };
}

/** P(alive) for customers observed for T days (the 90th percentile of the base), by frequency and recency. */
function pAliveMatrix(params: BgNbdParams, data: { tP90: number; frequencyP99: number }) {
  const T = Math.max(1, Math.round(data.tP90));
  const maxFrequency = Math.max(1, Math.min(MAX_FREQUENCY, Math.round(data.frequencyP99)));
  const cells: { frequency: number; recency: number; pAlive: number }[] = [];
  for (let x = 1; x <= maxFrequency; x++) {
    for (let k = 0; k <= RECENCY_STEPS; k++) {
      const recency = Math.round((k * T) / RECENCY_STEPS);
      cells.push({ frequency: x, recency, pAlive: round(bgNbdPAlive(params, x, recency, T)) });
    }
  }
  return { T, maxFrequency, cells };
}

function readHoldout(modelPath: string) {
  try {
    const evaluation = JSON.parse(readFileSync(join(modelPath, 'evaluation.json'), 'utf8'));
    return evaluation.btyd?.holdout ?? null;
  } catch {
    return null;
  }
}
