// value.json: how the predicted customer value of one scoring run is distributed (histogram) and
// concentrated (share of value held by the top k% of customers). The backtest by decile comes from
// model.json; the probabilistic views from customer-base.json.
import type { Database } from '../db/database.ts';
import { readSql } from '../db/database.ts';

const round = (v: number, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;

export async function valueReport(db: Database, asOf: string, valueHorizonDays: number) {
  const histogram = await db.all<{ bin: number; width: number; customers: number }>(
    readSql(import.meta.url, 'value-histogram.sql'),
    { as_of: asOf },
    'value-histogram.sql',
  );
  const concentration = await db.all<{ pct: number; share: number | null }>(
    readSql(import.meta.url, 'value-concentration.sql'),
    { as_of: asOf },
    'value-concentration.sql',
  );
  const at = (pct: number) => concentration.find((c) => c.pct === pct)?.share ?? null;
  return {
    asOf,
    valueHorizonDays,
    histogram: histogram.map((h) => ({
      from: round(h.bin * h.width, 2),
      to: round((h.bin + 1) * h.width, 2),
      customers: h.customers,
    })),
    concentration: [
      { customerShare: 0, valueShare: 0 },
      ...concentration.map((c) => ({
        customerShare: c.pct / 100,
        valueShare: c.share === null ? null : round(c.share),
      })),
    ],
    top10: at(10) === null ? null : round(at(10)!),
    top20: at(20) === null ? null : round(at(20)!),
  };
}
