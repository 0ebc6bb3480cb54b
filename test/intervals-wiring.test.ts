// Intervals and the next purchase, used and not just shown (issue 21): scoring stores them, the export,
// the customer page and the at-risk list carry them, the overview's totals have their own interval,
// and the plan leaves alone customers about to buy and times actions before the expected purchase.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../pipeline/config/config.ts';
import { openDatabase } from '../pipeline/db/database.ts';
import { publishStage } from '../pipeline/report/publish-stage.ts';
import { assignActions, dueBefore, type PlanCustomer } from '../pipeline/plan/assign.ts';
import { loadPlaybook } from '../pipeline/plan/playbook.ts';
import { churn } from './helpers/cli.ts';
import { tempDir } from './helpers/temp-db.ts';

let dir: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir, cleanup } = tempDir('intervals-'));
  const demo = churn(['demo', '--customers', '1500', '--seed', '3', '--no-report', '--db', join(dir, 'churn.duckdb')]);
  expect(demo.code, demo.stderr).toBe(0);
}, 300_000);

afterAll(() => cleanup());

describe('scores', () => {
  it('hold every interval around its estimate, and next-purchase numbers that agree with each other', async () => {
    const db = await openDatabase(join(dir, 'churn.duckdb'), { readOnly: true });
    try {
      const [s] = await db.all<Record<string, number>>(
        `SELECT count(*) AS n,
                count(value_low) AS with_value,
                count(churn_low) AS with_churn,
                count(*) FILTER (0 < churn_low AND churn_low <= churn_prob + 1e-9 AND churn_prob <= churn_high + 1e-9 AND churn_high < 1) AS churn_inside,
                count(*) FILTER (churn_high - churn_low > 1e-4) AS churn_wide,
                count(*) FILTER (value_low <= predicted_value * 1.000001 AND predicted_value <= value_high * 1.000001) AS value_inside,
                count(p_alive) AS with_btyd,
                count(p_alive_low) AS with_alive_band,
                count(*) FILTER (p_alive_low <= p_alive + 1e-9 AND p_alive <= p_alive_high + 1e-9) AS alive_inside,
                count(*) FILTER (purchases_low <= purchases_high) AS purchases_ordered,
                count(*) FILTER (clv_low <= btyd_clv * 1.0001 AND btyd_clv <= clv_high * 1.0001) AS clv_inside,
                count(*) FILTER (p_purchase_7 <= p_purchase_30 + 1e-12) AS p_ordered,
                count(p_purchase_30) AS with_p,
                count(next_purchase) AS dated,
                count(*) FILTER (next_purchase_low <= next_purchase AND next_purchase <= next_purchase_high AND next_purchase_low >= as_of) AS dates_ordered
         FROM scores`,
      );
      expect(s.with_value).toBe(s.n);
      expect(s.value_inside).toBe(s.n);
      expect(s.with_churn).toBe(s.n);
      expect(s.churn_inside).toBe(s.n);
      expect(s.churn_wide).toBeGreaterThan(s.n / 2);
      expect(s.with_alive_band).toBe(s.with_btyd);
      expect(s.alive_inside).toBe(s.with_btyd);
      expect(s.purchases_ordered).toBe(s.with_btyd);
      expect(s.clv_inside).toBe(s.with_btyd);
      expect(s.with_p).toBe(s.with_btyd);
      expect(s.p_ordered).toBe(s.with_btyd);
      expect(s.dated).toBeGreaterThan(0);
      expect(s.dated).toBeLessThan(s.with_btyd); // only where a purchase within the year is more likely than not
      expect(s.dates_ordered).toBe(s.dated);
    } finally {
      db.close();
    }
  });
});

describe('what users see', () => {
  it('the export carries the value interval, the next purchase date and P(purchase within 30 days)', () => {
    const out = churn([
      'export',
      '--format',
      'json',
      '--out',
      join(dir, 'list.json'),
      '--db',
      join(dir, 'churn.duckdb'),
    ]);
    expect(out.code, out.stderr).toBe(0);
    const rows = JSON.parse(readFileSync(join(dir, 'list.json'), 'utf8')) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.predicted_clv_low as number).toBeLessThanOrEqual((r.predicted_clv as number) + 0.01);
      expect(r.predicted_clv_high as number).toBeGreaterThanOrEqual((r.predicted_clv as number) - 0.01);
      expect(r.churn_prob_low as number).toBeLessThanOrEqual((r.churn_prob as number) + 1e-4);
      expect(r.churn_prob_high as number).toBeGreaterThanOrEqual((r.churn_prob as number) - 1e-4);
    }
    expect(rows.some((r) => typeof r.next_purchase === 'string')).toBe(true);
    expect(rows.some((r) => typeof r.p_purchase_30 === 'number')).toBe(true);
  });

  it('the overview shows the totals with an interval around them, and the pages carry the dates', async () => {
    const publish = join(dir, 'publish-test');
    const db = await openDatabase(join(dir, 'churn.duckdb'));
    try {
      await publishStage(db, { publishDir: publish, config: parseConfig({}) });
    } finally {
      db.close();
    }
    const overview = JSON.parse(readFileSync(join(publish, 'overview.json'), 'utf8'));
    const { predictedTotal, atRisk, bands } = overview.value;
    expect(bands.predictedTotal.level).toBe(0.8);
    for (const [band, total] of [
      [bands.predictedTotal, predictedTotal],
      [bands.atRisk, atRisk],
    ]) {
      expect(band.low).toBeLessThan(band.mean);
      expect(band.high).toBeGreaterThan(band.mean);
      // The calibrated mean is near the sum of predictions (within the value level's correction).
      expect(Math.abs(band.mean - total) / total).toBeLessThan(0.25);
    }
    // From the customers' distributions, not by adding their bounds: far narrower than that sum.
    const db2 = await openDatabase(join(dir, 'churn.duckdb'), { readOnly: true });
    const [{ added }] = await db2.all<{ added: number }>('SELECT sum(value_high - value_low) AS added FROM scores');
    db2.close();
    expect(bands.predictedTotal.high - bands.predictedTotal.low).toBeLessThan(added / 5);
    const list = JSON.parse(readFileSync(join(publish, 'at-risk.json'), 'utf8'));
    expect(list.rows.some((r: { nextPurchase: string | null }) => r.nextPurchase !== null)).toBe(true);
    const customers = JSON.parse(readFileSync(join(publish, 'customers.json'), 'utf8'));
    const detail = Object.values(customers.customers ?? customers)[0] as Record<string, unknown>;
    expect(detail).toHaveProperty('valueLow');
    expect(detail).toHaveProperty('nextPurchase');
  });
});

describe('the plan', () => {
  const playbook = loadPlaybook(undefined);
  const customer = (over: Partial<PlanCustomer>): PlanCustomer => ({
    customerId: 'c1',
    churnProb: 0.7,
    predictedValue: 2000,
    lifecycle: 'active',
    valueTier: 'high',
    riskTier: 'high',
    segment: 'at_risk',
    drivers: [],
    ...over,
  });

  it('leaves alone a customer likely to buy within 7 days, and contacts the same customer otherwise', () => {
    const soon = assignActions([customer({ pPurchase7: 0.6 })], playbook);
    expect(soon.assignments[0]).toBeNull();
    expect(soon.heldAsLikelyBuyers).toBe(1);
    const later = assignActions([customer({ pPurchase7: 0.2 })], playbook);
    expect(later.assignments[0]).not.toBeNull();
    expect(later.heldAsLikelyBuyers).toBe(0);
  });

  it('moves the due date before the expected next purchase', () => {
    expect(dueBefore(14, null, 5.6)).toBe(5);
    expect(dueBefore(3, null, 20)).toBe(3);
    expect(dueBefore(14, 30, null)).toBe(14);
    expect(dueBefore(14, 10, 20)).toBe(9);
  });
});

describe('another level', () => {
  it('scores, exports and publishes 90% intervals with their level named in the headers', async () => {
    const config = join(dir, 'level90.json');
    writeFileSync(config, JSON.stringify({ intervals: { level: 0.9 } }));
    const db = join(dir, 'churn.duckdb');
    const before = await widths();
    const scored = churn(['score', '--config', config, '--db', db]);
    expect(scored.code, scored.stderr).toBe(0);
    const after = await widths();
    expect(after.level).toBe(0.9);
    expect(after.churn).toBeGreaterThan(before.churn);
    expect(after.value).toBeGreaterThan(before.value);
    const out = churn(['export', '--format', 'csv', '--out', join(dir, 'list90.csv'), '--db', db]);
    expect(out.code, out.stderr).toBe(0);
    const header = readFileSync(join(dir, 'list90.csv'), 'utf8').split('\n')[0];
    expect(header).toContain('Churn probability, low (90%)');
    expect(header).toContain('Predicted CLV, high (90%)');
    expect(header).not.toContain('80%');
    const publish = join(dir, 'publish-90');
    const handle = await openDatabase(db);
    try {
      await publishStage(handle, { publishDir: publish, config: parseConfig({ intervals: { level: 0.9 } }) });
    } finally {
      handle.close();
    }
    const customers = JSON.parse(readFileSync(join(publish, 'customers.json'), 'utf8'));
    const detail = customers.customers[0] as Record<string, number>;
    expect(detail.intervalLevel).toBe(0.9);
    expect(detail.churnLow).toBeLessThanOrEqual(detail.churnProb);
    expect(detail.churnHigh).toBeGreaterThanOrEqual(detail.churnProb);
  });
});

async function widths(): Promise<{ level: number; churn: number; value: number }> {
  const db = await openDatabase(join(dir, 'churn.duckdb'), { readOnly: true });
  try {
    const [row] = await db.all<{ level: number; churn: number; value: number }>(
      `SELECT max(interval_level) AS level, avg(churn_high - churn_low) AS churn, avg(value_high - value_low) AS value
       FROM scores WHERE as_of = (SELECT max(as_of) FROM scores)`,
    );
    return row;
  } finally {
    db.close();
  }
}
