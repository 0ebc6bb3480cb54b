// cohorts.json: monthly signup-cohort retention (share of each cohort buying in each month since
// signup) and survival curves by every customer attribute (region, channel, plan and the declared
// ones: attribute_levels, prepared by attribute-levels.ts). Read only.
import type { Database } from '../db/database.ts';
import { readSql } from '../db/database.ts';
import type { ReportAttribute } from './attribute-levels.ts';

const round = (v: number) => Math.round(v * 10000) / 10000;

export async function cohortsReport(db: Database, asOf: string, horizonDays: number, attributes: ReportAttribute[]) {
  const retention = await db.all<{ cohort: string; month: number; customers: number; cohort_size: number }>(
    readSql(import.meta.url, 'cohort-retention.sql'),
    { as_of: asOf },
    'cohort-retention.sql',
  );
  const survival = await db.all<{
    dimension: string;
    group: string;
    month: number;
    observed: number;
    surviving: number;
  }>(readSql(import.meta.url, 'cohort-survival.sql'), { as_of: asOf, horizon: horizonDays }, 'cohort-survival.sql');
  const shown = new Set(survival.map((s) => s.dimension));
  return {
    asOf,
    horizonDays,
    // The attributes with a curve, in declaration order (labels and ranges: site.json attributes).
    dimensions: attributes.filter((a) => shown.has(a.name)).map((a) => a.name),
    retention: retention.map((r) => ({
      cohort: r.cohort,
      month: r.month,
      customers: r.customers,
      cohortSize: r.cohort_size,
      rate: round(r.customers / r.cohort_size),
    })),
    survival: survival.map((s) => ({
      dimension: s.dimension,
      group: s.group,
      month: s.month,
      observed: s.observed,
      survival: round(s.surviving / s.observed),
    })),
  };
}
