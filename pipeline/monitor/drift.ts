// Feature and score drift: PSI of every numeric model input between the champion's training
// snapshot (reference) and the snapshot being scored, and PSI of the churn probability between the
// previous scoring run and this one.
import type { Database } from '../db/database.ts';
import { readSnapshot } from '../features/build-features.ts';
import { driftLevel, psi, type DriftLevel } from './psi.ts';

export interface DriftReport {
  reference: string;
  current: string;
  warn: number;
  alert: number;
  features: { feature: string; psi: number; level: DriftLevel }[];
  /** Churn-probability drift against the previous scoring date (null on the first scoring). */
  score: { psi: number; level: DriftLevel; previous: string } | null;
  /** Features and the score at `warn` or above, worst first. */
  warnings: string[];
  alerts: number;
}

export interface DriftOptions {
  reference: string;
  current: string;
  warn: number;
  alert: number;
}

export async function featureDrift(db: Database, options: DriftOptions): Promise<DriftReport> {
  const ref = await readSnapshot(db, options.reference);
  const cur = await readSnapshot(db, options.current);
  const features = Object.keys(cur.numeric)
    .filter((name) => name in ref.numeric)
    .map((feature) => {
      const value = psi(ref.numeric[feature], cur.numeric[feature]).psi;
      return { feature, psi: round(value), level: driftLevel(value, options.warn, options.alert) };
    })
    .sort((a, b) => b.psi - a.psi || a.feature.localeCompare(b.feature));
  const score = await scoreDrift(db, options.current, options.warn, options.alert);
  const flagged = [
    ...(score && score.level !== 'ok'
      ? [{ name: `churn score (vs ${score.previous})`, psi: score.psi, level: score.level }]
      : []),
    ...features.filter((f) => f.level !== 'ok').map((f) => ({ name: f.feature, psi: f.psi, level: f.level })),
  ];
  return {
    ...options,
    features,
    score,
    warnings: flagged.map((f) => `${f.level === 'alert' ? 'ALERT' : 'warn'}: ${f.name} PSI ${f.psi.toFixed(3)}`),
    alerts: flagged.filter((f) => f.level === 'alert').length,
  };
}

async function scoreDrift(db: Database, current: string, warn: number, alert: number): Promise<DriftReport['score']> {
  const [prev] = await db.all<{ as_of: string }>(
    `SELECT strftime(max(as_of), '%Y-%m-%d') AS as_of FROM scores WHERE as_of < CAST($d AS DATE)`,
    { d: current },
    'drift: previous scoring',
  );
  if (!prev?.as_of) return null;
  const read = async (d: string) =>
    Float64Array.from(
      (await db.columns('SELECT churn_prob FROM scores WHERE as_of = CAST($d AS DATE)', { d }, 'drift: scores'))
        .churn_prob as number[],
    );
  const [before, now] = [await read(prev.as_of), await read(current)];
  if (now.length === 0) return null;
  const value = psi(before, now).psi;
  return { psi: round(value), level: driftLevel(value, warn, alert), previous: prev.as_of };
}

const round = (v: number) => Math.round(v * 10000) / 10000;
