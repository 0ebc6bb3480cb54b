// The subscriptions page (issue 19, item 3): a generated retail history plus a seeded subscription
// history of 240 subscribers (monthly and annual plans; cancellations, lapses and subscribers still on)
// loaded with `churn ingest`, then train, score and `churn report` (the real Framework build). The
// published subscriptions.json is checked against values computed here from the schedule the test
// wrote: a naive Kaplan-Meier product-limit over the lifetimes, one month's churn by hand, the
// contracts ending within 30/60/90 days; then the page in Chromium.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../pipeline/db/database.ts';
import { hasSubscriptions } from '../pipeline/report/publish-subscriptions.ts';
import { churn } from './helpers/cli.ts';
import { CHROMIUM, siteInBrowser, type SiteBrowser } from './helpers/site-browser.ts';
import { tempDir } from './helpers/temp-db.ts';

const AS_OF = '2026-07-01';
const AS_OF_MS = Date.parse(`${AS_OF}T00:00:00Z`);
const DAY = 86_400_000;
const SUBSCRIBERS = 240;
/** A plan name that would be markup if the page wrote it as HTML. */
const MARKUP_PLAN = '<i>team</i>';

let dir: string;
let cleanup: () => void;
let db: string;
let published: string;
const read = (name: string) => JSON.parse(readFileSync(join(published, name), 'utf8'));

function ok(args: string[], target = db) {
  const run = churn([...args, '--db', target, '--quiet']);
  expect(run.code, run.stderr).toBe(0);
  return run.stdout;
}

/** ms + k months (the days used here are <= 28, so no month-end clamping). */
function plusMonths(ms: number, k: number): number {
  const d = new Date(ms);
  d.setUTCMonth(d.getUTCMonth() + k);
  return d.getTime();
}

/** Calendar months from a to b: whole months counted one by one, then the share of the next. */
function months(a: number, b: number): number {
  let k = 0;
  while (plusMonths(a, k + 1) <= b) k++;
  const from = plusMonths(a, k);
  return k + (b - from) / (plusMonths(a, k + 1) - from);
}

const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

interface Subscriber {
  id: string;
  start: number;
  annual: boolean;
  /** What the schedule gives: ended at `end` (ms) or still on (null). */
  end: number | null;
  /** Annual and still on: when the current contract ends. */
  contractEnd: number | null;
}

/**
 * Subscriber i: starts in 2023-2025 (day <= 28, 09:00); every fifth annual (12-month terms, renewals),
 * the others monthly (pro or basic; a few on MARKUP_PLAN); pays L periods, then cancels some days into
 * the last one (i % 3 = 0), lets it lapse (1) or pays on to the as-of date (2). A few monthly ones move
 * from pro to basic (a downgrade). Returns the events' CSV rows and each subscriber's expected lifetime.
 */
function subscriptionHistory(ids: string[]): { rows: string[]; subscribers: Subscriber[] } {
  const rows: string[] = [];
  const subscribers: Subscriber[] = [];
  ids.slice(0, SUBSCRIBERS).forEach((id, i) => {
    const start = Date.UTC(2023 + ((i * 7) % 3), (i * 5) % 12, 1 + ((i * 11) % 28), 9);
    const annual = i % 5 === 0;
    const term = annual ? 12 : 1;
    let plan = annual ? 'annual' : i % 11 === 4 ? MARKUP_PLAN : i % 2 ? 'pro' : 'basic';
    const kind = i % 3;
    const periods = kind === 2 ? Infinity : 1 + ((i * 13) % (annual ? 3 : 30));
    const row = (n: string, ts: number, type: string, amount: number | '', p: string, t: number | '') =>
      rows.push(`S${i}-${n},${id},${stamp(ts)},${type},${amount},"${p.replace(/"/g, '""')}",${t}`);
    row('start', start, 'subscription_start', '', plan, term);
    let paid = 0;
    for (let k = 0; k < periods && plusMonths(start, k * term) < AS_OF_MS; k++) {
      const ts = plusMonths(start, k * term);
      if (!annual && i % 7 === 3 && plan === 'pro' && k === 3) {
        plan = 'basic';
        row('change', ts - DAY, 'plan_change', '', plan, '');
      }
      if (annual && k > 0) row(`renew${k}`, ts, 'renewal', '', plan, term);
      const price = plan === 'pro' ? 20 : 10;
      row(`pay${k}`, ts, 'payment', price * term, plan, term);
      paid = k + 1;
    }
    const coverEnd = plusMonths(start, paid * term);
    const cancel = kind === 0 ? plusMonths(start, (paid - 1) * term) + (2 + (i % 20)) * DAY : Infinity;
    let end: number | null = null;
    if (cancel < AS_OF_MS) {
      row('cancel', cancel, 'cancellation', '', plan, '');
      end = cancel;
    } else if (coverEnd + 7 * DAY < AS_OF_MS) end = coverEnd;
    subscribers.push({ id, start, annual, end, contractEnd: annual && end === null ? coverEnd : null });
  });
  return { rows, subscribers };
}

/** The product-limit estimate at every event time: S(t) = Π (1 - d/n), n = lifetimes >= t. */
function naiveKaplanMeier(lifetimes: { months: number; ended: boolean }[]) {
  const times = [...new Set(lifetimes.filter((l) => l.ended).map((l) => l.months))].sort((a, b) => a - b);
  let s = 1;
  return times.map((t) => {
    const atRisk = lifetimes.filter((l) => l.months >= t).length;
    const events = lifetimes.filter((l) => l.ended && l.months === t).length;
    s *= 1 - events / atRisk;
    return { t, s };
  });
}

let subscribers: Subscriber[];
const lifetimeOf = (s: Subscriber) => ({ months: months(s.start, s.end ?? AS_OF_MS), ended: s.end !== null });

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'churn.duckdb');
  published = join(dir, 'publish');
  ok(['generate', '--out', join(dir, 'g'), '--customers', '600', '--seed', '7']);
  const ids = readFileSync(join(dir, 'g', 'customers.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[0]);
  const history = subscriptionHistory(ids);
  subscribers = history.subscribers;
  const header = 'event_id,customer_id,ts,type,amount,plan,term_months';
  writeFileSync(join(dir, 'subscriptions.csv'), [header, ...history.rows].join('\n') + '\n');
  writeFileSync(
    join(dir, 'subscriptions.map.json'),
    JSON.stringify({ kind: 'events', fields: Object.fromEntries(header.split(',').map((c) => [c, c])) }),
  );
  ok(['ingest', join(dir, 'g', 'customers.csv'), '--kind', 'customers']);
  ok(['ingest', join(dir, 'g', 'events.csv'), '--kind', 'events']);
  ok(['ingest', join(dir, 'subscriptions.csv'), '--kind', 'events', '--map', join(dir, 'subscriptions.map.json')]);
  ok(['train', '--as-of', AS_OF]);
  ok(['score', '--as-of', AS_OF]);
  ok(['report', '--out', join(dir, 'site')]);
}, 300_000);
afterAll(() => cleanup());

describe('subscriptions.json', () => {
  it('the overall retention curve is the product-limit estimate over the lifetimes, exactly', () => {
    const subs = read('subscriptions.json');
    expect(subs).toMatchObject({ asOf: AS_OF, available: true, subscribers: SUBSCRIBERS, cohortGrain: 'year' });
    const lifetimes = subscribers.map(lifetimeOf);
    expect(subs.ended).toBe(lifetimes.filter((l) => l.ended).length);
    expect(subs.ended).toBeGreaterThan(60);
    expect(subs.ended).toBeLessThan(SUBSCRIBERS - 60);
    const expected = naiveKaplanMeier(lifetimes);
    const overall = subs.curves.find((c: { name: string }) => c.name === 'overall');
    const points = overall.groups[0].points as { t: number; s: number; lo: number; hi: number }[];
    // t = 0, every event time (each drop is >= 1/240, so none is thinned away), the last time observed
    expect(points[0]).toMatchObject({ t: 0, s: 1 });
    const events = points.slice(1, -1);
    const last = points[points.length - 1];
    const tail = expected[expected.length - 1].t === Math.max(...lifetimes.map((l) => l.months));
    expect(events.length + (tail ? 1 : 0)).toBe(expected.length);
    for (const [i, p] of [...events, ...(tail ? [last] : [])].entries()) {
      expect(p.t).toBeCloseTo(expected[i].t, 4);
      expect(Math.abs(p.s - expected[i].s)).toBeLessThan(1e-6);
      expect(p.lo).toBeLessThanOrEqual(p.s);
      expect(p.hi).toBeGreaterThanOrEqual(p.s);
    }
    // the median: the first event time with S <= 0.5
    const median = expected.find((e) => e.s <= 0.5)?.t ?? null;
    if (median === null) expect(overall.groups[0].median).toBeNull();
    else expect(overall.groups[0].median).toBeCloseTo(median, 4);
  });

  it('curves by yearly cohort, current plan and every categorical attribute, with log-rank and medians', () => {
    const subs = read('subscriptions.json');
    const names = subs.curves.map((c: { name: string }) => c.name);
    expect(names).toEqual(['overall', 'cohort', 'currentPlan', 'region', 'channel', 'plan']);
    const cohort = subs.curves.find((c: { name: string }) => c.name === 'cohort');
    const byYear = (y: string) => subscribers.filter((s) => new Date(s.start).getUTCFullYear() === Number(y));
    expect(cohort.groups.map((g: { group: string }) => g.group)).toEqual(['2023', '2024', '2025']);
    for (const g of cohort.groups) {
      const members = byYear(g.group).map(lifetimeOf);
      expect(g.subscribers).toBe(members.length);
      const expected = naiveKaplanMeier(members);
      for (const p of g.points.slice(1, -1))
        expect(Math.abs(p.s - expected.find((e) => Math.abs(e.t - p.t) < 1e-4)!.s)).toBeLessThan(1e-6);
    }
    expect(cohort.logRank.df).toBe(2);
    expect(cohort.logRank.pValue).toBeGreaterThan(0);
    expect(cohort.logRank.pValue).toBeLessThanOrEqual(1);
    const plans = subs.curves.find((c: { name: string }) => c.name === 'currentPlan');
    expect(plans.groups.map((g: { group: string }) => g.group).sort()).toEqual(
      [MARKUP_PLAN, 'annual', 'basic', 'pro'].sort(),
    );
  });

  it('monthly churn: ends in the month over the subscribers at its start, by hand for March 2026', () => {
    const subs = read('subscriptions.json');
    const a = Date.UTC(2026, 2, 1);
    const b = Date.UTC(2026, 3, 1);
    const atStart = subscribers.filter((s) => s.start < a && (s.end === null || s.end >= a));
    const ended = atStart.filter((s) => s.end !== null && s.end < b);
    const march = subs.monthly.find((m: { month: string }) => m.month === '2026-03');
    expect(march.subscribers).toBe(atStart.length);
    expect(march.ended).toBe(ended.length);
    expect(ended.length).toBeGreaterThan(0);
    expect(march.churnRate).toBeCloseTo(ended.length / atStart.length, 6);
    expect(subs.monthly.map((m: { month: string }) => m.month).at(-1)).toBe('2026-06');
    expect(subs.monthly).toHaveLength(24);
    expect(subs.monthly.some((m: { mrrLostDowngrades: number }) => m.mrrLostDowngrades > 0)).toBe(true);
    expect(subs.monthly.at(-1).nrr).toBeGreaterThan(0);
  });

  it('contracts ending within 30/60/90 days: the annual subscribers still on, masked', () => {
    const subs = read('subscriptions.json');
    const due = (days: number) =>
      subscribers.filter(
        (s) => s.contractEnd !== null && s.contractEnd > AS_OF_MS && s.contractEnd <= AS_OF_MS + days * DAY,
      ).length;
    expect(subs.contracts.windows.map((w: { days: number; contracts: number }) => [w.days, w.contracts])).toEqual([
      [30, due(30)],
      [60, due(60)],
      [90, due(90)],
    ]);
    expect(due(90)).toBeGreaterThan(0);
    expect(subs.contracts.rows).toHaveLength(due(90));
    expect(subs.contracts.contacts).toBe('masked');
    const customers = readFileSync(join(dir, 'g', 'customers.csv'), 'utf8');
    for (const row of subs.contracts.rows) {
      expect(row.riskTier).toMatch(/^(high|medium|low)$/);
      expect(row.churnProb).toBeGreaterThanOrEqual(0);
      expect(row.email).toMatch(/^.\*\*\*@/);
      expect(customers).not.toContain(row.name);
    }
  });

  it('sBG per cohort: fitted before the 6-month holdout, projected against actual over it', () => {
    const { sbg } = read('subscriptions.json');
    expect(sbg).toMatchObject({ holdoutMonths: 6, holdoutStart: '2026-01-01', discountRate: 0.01 });
    // fitted where a cohort has 20 subscribers and an end before the holdout
    const holdout = Date.UTC(2026, 0, 1);
    const fitted = ['2023', '2024', '2025'].filter((y) => {
      const cohort = subscribers.filter((s) => new Date(s.start).getUTCFullYear() === Number(y) && s.start < holdout);
      return cohort.length >= 20 && cohort.some((s) => s.end !== null && s.end < holdout);
    });
    expect(fitted.length).toBeGreaterThan(1);
    expect(sbg.cohorts.map((c: { cohort: string }) => c.cohort)).toEqual(fitted);
    for (const c of sbg.cohorts) {
      expect(c.alpha).toBeGreaterThan(0);
      expect(c.beta).toBeGreaterThan(0);
      expect(c.holdout).toHaveLength(7);
      expect(c.holdout[0]).toEqual({ month: 0, projected: c.activeAtHoldout, actual: c.activeAtHoldout });
      // still on at the holdout's start, by hand: not ended before 2026-01-01
      const cohort = subscribers.filter((s) => new Date(s.start).getUTCFullYear() === Number(c.cohort));
      expect(c.activeAtHoldout).toBe(cohort.filter((s) => s.end === null || s.end >= holdout).length);
      // actual at the end of the holdout: those still on at the as-of date
      expect(c.holdout[6].actual).toBe(cohort.filter((s) => s.end === null).length);
      expect(c.derl[0].months).toBeGreaterThan(1);
      // the projection's model: the BdW only where its AIC (3 parameters) beats the sBG's (2)
      const aic = { sbg: 4 - 2 * c.logLik, bdw: 6 - 2 * c.bdw.logLik };
      expect(c.projectedWith).toBe(c.bdw.converged && aic.bdw < aic.sbg ? 'bdw' : 'sbg');
    }
  });

  it('a history without subscription events has none (the page shows its note)', async () => {
    const { dir: other, cleanup: done } = tempDir();
    try {
      const retail = join(other, 'churn.duckdb');
      ok(['ingest', join(dir, 'g', 'customers.csv'), '--kind', 'customers'], retail);
      ok(['ingest', join(dir, 'g', 'events.csv'), '--kind', 'events'], retail);
      const conn = await openDatabase(retail, { readOnly: true });
      try {
        expect(await hasSubscriptions(conn)).toBe(false);
      } finally {
        conn.close();
      }
    } finally {
      done();
    }
  });
});

describe.skipIf(!existsSync(CHROMIUM))('the subscriptions page in Chromium (churn report above)', () => {
  let site: SiteBrowser;
  beforeAll(async () => {
    site = await siteInBrowser(join(dir, 'site'));
  });
  afterAll(async () => {
    await site?.close();
  });
  const open = (path: string) => site.open(path);
  const chartsDrawn = (page: Page, n: number) =>
    page.waitForFunction(
      `(() => { const c = [...document.querySelectorAll('.vega-chart')]; return c.length === ${n} && c.every((x) => x.querySelector('svg.marks')); })()`,
      undefined,
      { timeout: 30_000 },
    );

  it('draws the curves, heatmap, churn, MRR, NRR and sBG charts; the grouping selector switches the curves', async () => {
    const { page, errors } = await open('/subscriptions');
    await chartsDrawn(page, 6);
    expect(await page.textContent('h1')).toMatch(/Subscriptions/);
    const options = await page.$$eval('select[name="grouping"] option', (o) => o.map((x) => x.textContent));
    expect(options).toEqual([
      'All subscribers',
      'Signup cohort (year)',
      'Current plan',
      'Region',
      'Acquisition channel',
      'Plan',
    ]);
    await page.selectOption('select[name="grouping"]', 'cohort');
    await page.waitForFunction(
      `[...document.querySelectorAll('.vega-chart svg .role-legend-label text')].some((n) => n.textContent === '2024')`,
      undefined,
      { timeout: 30_000 },
    );
    expect(await page.textContent('main')).toMatch(/chi-square [\d.]+, 2 degrees of freedom/);
    await page.selectOption('select[name="grouping"]', 'currentPlan');
    // data is text: the plan name with markup shows as written, and makes no element
    await page.waitForFunction(`document.querySelector('main').textContent.includes(${JSON.stringify(MARKUP_PLAN)})`);
    expect(await page.$$('main table i')).toHaveLength(0);
    expect(await page.textContent('main')).toMatch(/Contracts ending in the next 30, 60 and 90 days/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('in Chinese', async () => {
    const { page, errors } = await open('/subscriptions?lang=zh-CN');
    await chartsDrawn(page, 6);
    expect(await page.textContent('h1')).toMatch(/订阅/);
    expect(await page.textContent('main')).toMatch(/未来 30、60、90 天内到期的合同/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
