// Features stage: the snapshot at the as-of date (what scoring uses), built on its own for inspection.
import type { Config } from '../config/config-schema.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../log.ts';
import { resolveAsOf } from '../history.ts';
import { buildSnapshot } from './build-features.ts';

export interface FeaturesResult {
  asOf: string;
  customers: number;
  labelled: boolean;
}

export async function featuresStage(
  db: Database,
  options: { asOf?: string; config: Config; logger?: Logger },
): Promise<FeaturesResult> {
  const { asOf, range } = await resolveAsOf(db, options.asOf);
  const observedUntil = range.defaultAsOf ?? asOf;
  const customers = await buildSnapshot(db, {
    cutoff: asOf,
    horizonDays: options.config.horizonDays,
    valueHorizonDays: options.config.valueHorizonDays,
    observedUntil,
    churn: options.config.churn,
    voice: options.config.voice,
    seed: options.config.seed,
    logger: options.logger,
  });
  const [row] = await db.all<{ n: number }>(
    'SELECT count(churned) AS n FROM features WHERE cutoff = CAST($as_of AS DATE)',
    { as_of: asOf },
  );
  return { asOf, customers, labelled: row.n > 0 };
}

/** The stage's one-line summary. */
export function featuresLine(f: FeaturesResult): string {
  return `snapshot at ${f.asOf}: ${f.customers.toLocaleString('en')} customers`;
}
