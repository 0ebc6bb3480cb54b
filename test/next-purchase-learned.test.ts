// The learned next purchase (models/btyd/next-purchase-learned.ts, pipeline/btyd/next-purchase-model.ts):
// on customers who buy at a rhythm (not BG/NBD's Poisson process) it corrects P(within 30 days) and the
// dates where BG/NBD is off, fitted only on cutoffs before the one it is judged at; its histories
// match rfm.sql's; scoring applies what the model version saved, and BG/NBD's own without it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fitBgNbd } from '../models/btyd/index.ts';
import { bgNbdNextPurchaseAll } from '../models/btyd/next-purchase.ts';
import { scoreNextPurchase, usualGapDays } from '../models/btyd/next-purchase-eval.ts';
import {
  applyLearnedNextPurchase,
  fitLearnedNextPurchase,
  type NextPurchaseSample,
} from '../models/btyd/next-purchase-learned.ts';
import { mulberry32 } from '../models/random.ts';
import { computeBtyd } from '../pipeline/btyd/customer-btyd.ts';
import { evaluateNextPurchase } from '../pipeline/btyd/next-purchase-eval.ts';
import { customerNextPurchase } from '../pipeline/btyd/next-purchase.ts';
import { fitNextPurchaseModel, historiesAt, modelNextPurchase } from '../pipeline/btyd/next-purchase-model.ts';
import { readRfm } from '../pipeline/btyd/rfm.ts';
import { openDatabase, type Database } from '../pipeline/db/database.ts';
import { emptyIntervals, fillBtydIntervals } from '../pipeline/score/score-intervals.ts';
import { churn } from './helpers/cli.ts';
import { insertHistory, tempDatabase, tempDir } from './helpers/temp-db.ts';

/** Customers who buy every g days (g 8-60, ±2 days) from a random start, 3% leaving after each purchase; days 0..`end`. */
function rhythmicHistories(n: number, seed: number, end: number) {
  const rand = mulberry32(seed);
  const customerIds: string[] = [];
  const days: number[] = [];
  for (let i = 0; i < n; i++) {
    const id = `c${String(i).padStart(5, '0')}`;
    const gap = 8 + Math.floor(rand() * 53);
    let day = Math.floor(rand() * 120);
    for (let last = -1; day <= end; day += gap + Math.floor(rand() * 5) - 2) {
      if (day > last) {
        customerIds.push(id);
        days.push(day);
        last = day;
      }
      if (rand() < 0.03) break;
    }
  }
  return { customerIds, days };
}

/** BG/NBD's own prediction at a cutoff, dates given a purchase within `window` days. */
function sampleAt(histories: ReturnType<typeof rhythmicHistories>, cutoff: number, window: number): NextPurchaseSample {
  const { data, actualDays } = historiesAt(histories, cutoff, cutoff + window - 1);
  const raw = bgNbdNextPurchaseAll(fitBgNbd(data).params, data, { horizonDays: window });
  return { data, raw, actualDays, windowDays: window };
}

describe('the learned next purchase on rhythmic buyers', () => {
  const histories = rhythmicHistories(6_000, 7, 600);
  const asOf = 400;
  const learned = fitLearnedNextPurchase(
    [30, 60, 90].map((lead) => sampleAt(histories, asOf - lead, lead)),
    ['-30', '-60', '-90'],
  );
  const test = sampleAt(histories, asOf, 200);
  const baseline = usualGapDays(test.data).map((d) => Math.min(d, 199));
  const raw = scoreNextPurchase(test.raw, baseline, test.actualDays, 200);
  const shipped = scoreNextPurchase(
    applyLearnedNextPurchase(learned, test.data, test.raw, 200),
    baseline,
    test.actualDays,
    200,
  );

  it('is fitted on every customer of the earlier cutoffs and leans on the rhythm for the date', () => {
    expect(learned.rows).toBe(
      [30, 60, 90].reduce((s, l) => s + historiesAt(histories, asOf - l, asOf - 1).data.T.length, 0),
    );
    expect(learned.dateWeight).toBeLessThan(1);
  });

  it('judged at a later cutoff: P(within 30 days) nearer the level bought, a smaller ECE and date error than BG/NBD alone', () => {
    // Regular buyers: BG/NBD's Poisson waits put P(within 30) well under what they do (0.43 vs 0.53).
    const off = (s: typeof raw) => Math.abs(s.within30!.predicted - s.within30!.actual);
    expect(off(shipped)).toBeLessThan(off(raw) / 2);
    expect(shipped.ece.within30!).toBeLessThan(raw.ece.within30!);
    expect(shipped.dates.medianAbsError!).toBeLessThan(raw.dates.medianAbsError! / 2);
  });

  it('keeps P(within 7) <= P(within 30) and the interval around the median', () => {
    const next = applyLearnedNextPurchase(learned, test.data, test.raw, 200);
    for (let i = 0; i < next.pWithin7.length; i++) {
      expect(next.pWithin7[i]).toBeLessThanOrEqual(next.pWithin30[i]);
      if (!Number.isNaN(next.medianDays[i])) {
        expect(next.lowDays[i]).toBeLessThanOrEqual(next.medianDays[i]);
        expect(next.highDays[i]).toBeGreaterThanOrEqual(next.medianDays[i]);
      }
    }
  });
});

describe('the learned next purchase in a database', () => {
  let db: Database;
  let cleanup: () => void;
  beforeEach(async () => {
    ({ db, cleanup } = await tempDatabase());
    const h = rhythmicHistories(150, 3, 181);
    const ids = [...new Set(h.customerIds)];
    await insertHistory(
      db,
      ids.map((id) => [id, '2023-12-01']),
      h.days.map((d, i) => [h.customerIds[i], `${dateOf(d)} 12:00:00`, 'purchase', 20]),
    );
  });
  afterEach(() => cleanup());

  it("the histories at a cutoff are rfm.sql's summary, the outcome the first purchase day after", async () => {
    const { numeric, other } = await db.vectors(
      `SELECT customer_id, CAST(date_diff('day', DATE '1970-01-01', CAST(ts AS DATE)) AS DOUBLE) AS day FROM events GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const cutoff = dayNumber('2024-04-10');
    const { data, actualDays } = historiesAt(
      { customerIds: other.customer_id as string[], days: numeric.day },
      cutoff,
      cutoff + 29,
    );
    const rfm = await readRfm(db, { calibrationEnd: '2024-04-09', holdoutEnd: '2024-05-09', unit: 'days' });
    expect(Array.from(data.frequency)).toEqual(Array.from(rfm.frequency));
    expect(Array.from(data.recency)).toEqual(Array.from(rfm.recency));
    expect(Array.from(data.T)).toEqual(Array.from(rfm.T));
    expect(Array.from(actualDays, (k) => (k < 30 ? 1 : 0))).toEqual(
      Array.from(rfm.frequencyHoldout, (f) => (f > 0 ? 1 : 0)),
    );
  });

  it('evaluate reports what scoring ships: the model fitted before the as-of date, applied to BG/NBD at it', async () => {
    const result = await evaluateNextPurchase(db, { asOf: '2024-05-01', holdoutEnd: '2024-06-30' });
    if ('skipped' in result) throw new Error(result.skipped);
    expect(result.learned?.cutoffs).toEqual(['2024-04-01', '2024-03-02', '2024-02-01']);
    expect(result.shipped.ece.within30).not.toBe(result.raw.ece.within30);

    const learned = await fitNextPurchaseModel(db, '2024-05-01');
    const rfm = await readRfm(db, { calibrationEnd: '2024-04-30', unit: 'days' });
    const btyd = computeBtyd(rfm, { cutoff: '2024-05-01', horizonDays: 30, valueHorizonDays: 90 });
    const ids = [...rfm.customerIds, 'no-purchase'];
    const scored = emptyIntervals(ids.length);
    fillBtydIntervals(scored, btyd, null, ids, 0.8, { info: { nextPurchase: learned } });
    const expected = customerNextPurchase(btyd, { level: 0.8, learned });
    expect(Array.from(scored.p_purchase_30.subarray(0, rfm.customerIds.length))).toEqual(
      Array.from(expected.pWithin30),
    );
    expect(scored.p_purchase_30[ids.length - 1]).toBeNaN();
    const raw = customerNextPurchase(btyd, { level: 0.8 });
    expect(Array.from(scored.p_purchase_30.subarray(0, rfm.customerIds.length))).not.toEqual(Array.from(raw.pWithin30));

    // A model version saved before the learned next purchase scores BG/NBD's own.
    const old = emptyIntervals(ids.length);
    fillBtydIntervals(old, btyd, null, ids, 0.8, { info: {} });
    expect(Array.from(old.p_purchase_30.subarray(0, rfm.customerIds.length))).toEqual(Array.from(raw.pWithin30));
  });
});

describe('train saves it, score stores it', () => {
  it('the model version carries the learned next purchase, and the scores hold its P(within 30 days)', async () => {
    const { dir, cleanup } = tempDir('next-purchase-');
    try {
      const path = join(dir, 'churn.duckdb');
      const demo = churn(['demo', '--customers', '300', '--seed', '5', '--no-report', '--db', path]);
      expect(demo.code, demo.stderr).toBe(0);
      const { modelId } = JSON.parse(readFileSync(join(dir, 'models', 'champion.json'), 'utf8'));
      const metadata = JSON.parse(readFileSync(join(dir, 'models', modelId, 'metadata.json'), 'utf8'));
      const learned = modelNextPurchase(metadata);
      expect(metadata.info.asOf).toBe('2026-07-01');
      expect(learned?.cutoffs).toEqual(['2026-06-01', '2026-05-02', '2026-04-02']);
      const db = await openDatabase(path, { readOnly: true });
      try {
        const scores = await db.all<{ customer_id: string; p: number | null }>(
          'SELECT customer_id, p_purchase_30 AS p FROM scores WHERE model_id = $id ORDER BY customer_id',
          { id: modelId },
        );
        const rfm = await readRfm(db, { calibrationEnd: '2026-06-30', unit: 'days' });
        const btyd = computeBtyd(rfm, { cutoff: '2026-07-01', horizonDays: 90, valueHorizonDays: 365 });
        const expected = customerNextPurchase(btyd, { level: 0.8, learned });
        const at = new Map(rfm.customerIds.map((id, i) => [id, i]));
        const stored = scores.filter((r) => r.p !== null);
        expect(stored.length).toBe(rfm.customerIds.length);
        for (const r of stored) expect(r.p).toBeCloseTo(expected.pWithin30[at.get(r.customer_id)!], 12);
      } finally {
        db.close();
      }
    } finally {
      cleanup();
    }
  }, 300_000);
});

const dateOf = (day: number) => new Date(Date.UTC(2024, 0, 1 + day)).toISOString().slice(0, 10);
const dayNumber = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
