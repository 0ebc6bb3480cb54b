// What-if before spending (issue 22 item 3): `churn plan --budget/--capacity` on a real demo database,
// the greedy walk's limits over random inputs, and the Actions page's what-if in Chromium giving the
// very numbers the CLI prints for the same settings.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 as rng } from '../models/random.ts';
import { parseConfig } from '../pipeline/config/config.ts';
import { openDatabase } from '../pipeline/db/database.ts';
import { loadPlaybook } from '../pipeline/plan/playbook.ts';
import { whatIfData } from '../pipeline/report/publish-what-if.ts';
import { latestScoredDate } from '../pipeline/score/latest-scored.ts';
import { walkPairs } from '../reports/components/plan-greedy.js';
import { churn } from './helpers/cli.ts';
import { CHROMIUM, siteInBrowser, type SiteBrowser } from './helpers/site-browser.ts';
import { tempDir } from './helpers/temp-db.ts';

let dir: string;
let cleanup: () => void;
let db: string;

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'churn.duckdb');
  const run = churn(['demo', '--customers', '1500', '--seed', '3', '--db', db, '--out', join(dir, 'site')]);
  expect(run.code, run.stderr).toBe(0);
});
afterAll(() => cleanup());

type Interval = { estimate: number; low: number | null; high: number | null };
type Plan = {
  contacted: number;
  budget: number | null;
  spent: number;
  capacity: Record<string, { capacity: number; used: number }>;
  outcome: { contacted: number; retained: Interval; valueSaved: Interval; cost: number; netBenefit: Interval };
};

const plan = (...args: string[]): Plan => {
  const run = churn(['plan', '--db', db, '--json', ...args]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
};

describe('churn plan --budget and --capacity', () => {
  it('refuses bad values with one line naming the option and what it expects', () => {
    const cases: [string[], RegExp][] = [
      [['--capacity', 'phone=abc'], /--capacity: expected CHANNEL=N.*got "phone=abc"/],
      [['--capacity', 'fax=3'], /--capacity: expected a channel of the playbook \(.*phone.*\), got "fax"/],
      [['--capacity', 'phone=3', '--capacity', 'phone=4'], /--capacity: channel phone given twice/],
      [['--budget', 'lots'], /--budget: expected a number >= 0, got "lots"/],
    ];
    for (const [args, message] of cases) {
      const run = churn(['plan', '--db', db, ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.split('\n')[0]).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('spends at most the budget, keeps each channel within the capacity given, and says what it expects', () => {
    const free = plan();
    expect(free.budget).toBeNull();
    expect(free.outcome.cost).toBeGreaterThan(600);
    const held = plan('--budget', '600', '--capacity', 'phone=5', '--capacity', 'wechat=0');
    expect(held.budget).toBe(600);
    expect(held.spent).toBeLessThanOrEqual(600);
    expect(held.outcome.cost).toBe(held.spent);
    expect(held.capacity.phone).toEqual({ capacity: 5, used: 5 });
    expect(held.capacity.wechat).toEqual({ capacity: 0, used: 0 });
    expect(held.contacted).toBe(held.outcome.contacted);
    expect(held.contacted).toBeLessThan(free.contacted);
    for (const p of [free, held]) {
      const o = p.outcome;
      for (const i of [o.retained, o.valueSaved, o.netBenefit]) {
        expect(i.low).not.toBeNull();
        expect(i.low!).toBeLessThanOrEqual(i.estimate);
        expect(i.high!).toBeGreaterThanOrEqual(i.estimate);
      }
      expect(o.netBenefit.estimate).toBeCloseTo(o.valueSaved.estimate - o.cost, 1);
    }
    const text = churn(['plan', '--db', db, '--budget', '600']).stdout;
    expect(text).toMatch(
      /customers retained, value saved [\d,]+ \([\d,-]+ to [\d,]+\), cost [\d,]+ of a budget of 600/,
    );
  });
});

describe('the shared walk over random inputs', () => {
  it('never spends past the budget or a capacity, and passes over only pairs that do not fit', () => {
    const random = rng(11);
    for (let trial = 0; trial < 200; trial++) {
      const customers = 1 + Math.floor(random() * 30);
      const actions = Array.from({ length: 3 }, (_, k) => ({
        channel: k === 2 ? 'b' : 'a',
        cost: Math.floor(random() * 20),
        expectedReduction: 0.2,
      }));
      const pairs = Array.from({ length: customers * 2 }, () => [
        Math.floor(random() * customers),
        Math.floor(random() * 3),
      ]);
      const control = Array.from({ length: customers }, () => (random() < 0.2 ? 1 : 0));
      const capacity = { a: Math.floor(random() * 10), b: Math.floor(random() * 10) };
      const budget = random() < 0.3 ? null : Math.floor(random() * 100);
      const input = {
        customers,
        pairCustomer: pairs.map((p) => p[0]),
        pairAction: pairs.map((p) => p[1]),
        actions,
        control,
        capacity,
        budget,
      };
      const { pick, used, spent } = walkPairs(input);
      const contacted = [...pick.keys()].filter((i) => pick[i] !== -1 && !control[i]);
      expect(spent).toBe(contacted.reduce((s, i) => s + actions[input.pairAction[pick[i]]].cost, 0));
      if (budget !== null) expect(spent).toBeLessThanOrEqual(budget);
      for (const ch of ['a', 'b'] as const) expect(used[ch]).toBeLessThanOrEqual(capacity[ch]);
      // A customer left without an action: each of their pairs was out of capacity or budget at the end.
      pick.forEach((p, i) => {
        if (p !== -1) return;
        input.pairCustomer.forEach((c, q) => {
          if (c !== i) return;
          const a = actions[input.pairAction[q]];
          const fits =
            used[a.channel] < capacity[a.channel as 'a' | 'b'] && (budget === null || spent + a.cost <= budget);
          expect(fits).toBe(false);
        });
      });
    }
  });
});

describe('the what-if data the site carries', () => {
  it('is left out above report.whatIfMaxCustomers, saying how many candidates there are', async () => {
    const handle = await openDatabase(db);
    try {
      const asOf = await latestScoredDate(handle);
      const small = await whatIfData(handle, asOf, parseConfig({ report: { whatIfMaxCustomers: 10 } }), loadPlaybook());
      expect(small).toEqual({ tooLarge: { customers: expect.any(Number), limit: 10 } });
      expect((small as { tooLarge: { customers: number } }).tooLarge.customers).toBeGreaterThan(10);
      const full = await whatIfData(handle, asOf, parseConfig({}), loadPlaybook());
      expect(full).toHaveProperty('pairCustomer');
    } finally {
      handle.close();
    }
  });
});

describe.skipIf(!existsSync(CHROMIUM))('the Actions page what-if in Chromium', () => {
  let site: SiteBrowser;
  beforeAll(async () => {
    site = await siteInBrowser(join(dir, 'site'));
  });
  afterAll(async () => site?.close());

  // Each shown number with its interval, read from the data attributes (as text, no DOM types here).
  const shown = async (page: import('playwright-core').Page) => {
    const rows = (await page.$$eval('.what-if [data-key]', (nodes) =>
      nodes.map((n) => ['key', 'estimate', 'low', 'high'].map((k) => n.getAttribute(`data-${k}`) ?? '')),
    )) as string[][];
    const num = (v: string) => (v === '' ? null : Number(v));
    return Object.fromEntries(rows.map(([key, e, l, h]) => [key, { estimate: num(e), low: num(l), high: num(h) }]));
  };

  it('replans in the browser to the numbers churn plan prints for the same capacities and budget', async () => {
    const { page, errors } = await site.open('/actions');
    await page.waitForSelector('.what-if [data-key="netBenefit"]');
    const settings: [string, string[]][] = [
      ['playbook', []],
      ['phone=5, email=40, budget 600', ['--capacity', 'phone=5', '--capacity', 'email=40', '--budget', '600']],
      ['visit=0, sms=10', ['--capacity', 'visit=0', '--capacity', 'sms=10']],
    ];
    for (const [name, args] of settings) {
      await page.reload();
      await page.waitForSelector('.what-if [data-key="netBenefit"]');
      for (let k = 0; k < args.length; k += 2) {
        const [field, value] = args[k] === '--budget' ? ['budget', args[k + 1]] : args[k + 1].split('=');
        const selector = field === 'budget' ? 'input[name="budget"]' : `input[name="capacity-${field}"]`;
        await page.fill(`.what-if ${selector}`, value);
      }
      const cli = plan(...args).outcome;
      const browser = await shown(page);
      expect(browser, name).toEqual({
        contacted: { estimate: cli.contacted, low: null, high: null },
        retained: cli.retained,
        valueSaved: cli.valueSaved,
        cost: { estimate: cli.cost, low: null, high: null },
        netBenefit: cli.netBenefit,
      });
    }
    await page.fill('.what-if input[name="capacity-phone"]', '-3');
    expect(await page.getAttribute('.what-if input[name="capacity-phone"]', 'aria-invalid')).toBe('true');
    expect(await page.textContent('.what-if [role="status"]')).toMatch(/whole numbers of contacts per week/);
    expect(errors).toEqual([]);
  });

  it('speaks Chinese under ?lang=zh-CN and fits a phone in dark mode', async () => {
    const { page, errors } = await site.open('/actions?lang=zh-CN');
    await page.waitForSelector('.what-if [data-key="netBenefit"]');
    expect(await page.textContent('main')).toContain('假设分析');
    await page.setViewportSize({ width: 375, height: 800 });
    await page.emulateMedia({ colorScheme: 'dark' });
    const [scroll, inner] = (await page.evaluate('[document.scrollingElement.scrollWidth, window.innerWidth]')) as [
      number,
      number,
    ];
    expect(scroll).toBeLessThanOrEqual(inner);
    const [fg, bg] = (await page.evaluate(
      '[getComputedStyle(document.querySelector(".what-if input")).color, getComputedStyle(document.body).backgroundColor]',
    )) as [string, string];
    expect(fg).not.toBe(bg);
    expect(errors).toEqual([]);
  });
});
