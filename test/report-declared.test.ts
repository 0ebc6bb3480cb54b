// The report and the export over data a user brought (issue 18): a generated history loaded with
// `churn ingest` plus mapped files that declare two attributes (a categorical loyalty tier with a
// formula-looking value, a numeric age), a custom event type, order lines with categories and CSAT /
// star surveys; then train, score, `churn report` (the real Framework build) and `churn export`.
// A second database holding only purchases publishes without NPS, habits or interests.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../pipeline/db/database.ts';
import { parseConfig } from '../pipeline/config/config.ts';
import { publishStage } from '../pipeline/report/publish-stage.ts';
import { interestAndHabits } from '../pipeline/report/segment-breakdowns.ts';
import { churn } from './helpers/cli.ts';
import { CHROMIUM, siteInBrowser, type SiteBrowser } from './helpers/site-browser.ts';
import { tempDatabase, tempDir } from './helpers/temp-db.ts';

const AS_OF = '2026-07-01';
const LOYALTY = ['gold', 'silver', 'bronze', '=1+2'];
const FORMULA = '=1+2';
const CATEGORIES = ['books', 'garden', 'toys'];

let dir: string;
let cleanup: () => void;
let db: string;
let published: string;
let ids: string[];
const read = (name: string) => JSON.parse(readFileSync(join(published, name), 'utf8'));

function ok(args: string[], target = db) {
  const run = churn([...args, '--db', target, '--quiet']);
  expect(run.code, run.stderr).toBe(0);
  return run.stdout;
}

/** customer i's declared attributes; customer 10, 20, ... has no age (missing). */
const loyaltyOf = (i: number) => LOYALTY[i % LOYALTY.length];
const ageOf = (i: number) => (i % 10 === 0 ? '' : String(18 + ((i * 7) % 60)));

function writeInputs(customersCsv: string) {
  // customers.csv again with two more columns, declared by the mapping.
  const [header, ...lines] = customersCsv.trim().split('\n');
  writeFileSync(
    join(dir, 'customers-attrs.csv'),
    [`${header},loyalty,age`, ...lines.map((l, i) => `${l},${loyaltyOf(i)},${ageOf(i)}`)].join('\n') + '\n',
  );
  const canonical = header.split(',');
  writeFileSync(
    join(dir, 'customers.map.json'),
    JSON.stringify({
      kind: 'customers',
      fields: Object.fromEntries(canonical.map((c) => [c, c])),
      attributes: {
        loyalty: { column: 'loyalty', kind: 'categorical', label: { en: 'Loyalty tier', 'zh-CN': '会员等级' } },
        age: { column: 'age', kind: 'numeric', label: { en: 'Age', 'zh-CN': '年龄' } },
      },
    }),
  );
  // Every customer redeems a coupon and buys two lines of one order; every third answers a CSAT
  // survey, every fifth a star rating (1-5 in turn).
  const rows = ['event_id,customer_id,ts,type,score,survey_scale,order_id,quantity,unit_price,category'];
  ids.forEach((id, i) => {
    const day = String(1 + (i % 28)).padStart(2, '0');
    rows.push(`X${i}-c,${id},2026-06-${day} 21:00:00,coupon_redeemed,,,,,,`);
    rows.push(`X${i}-l1,${id},2026-05-${day} 10:00:00,purchase,,,O${i},2,12.5,${CATEGORIES[i % 3]}`);
    rows.push(`X${i}-l2,${id},2026-05-${day} 10:00:00,purchase,,,O${i},1,4,${CATEGORIES[(i + 1) % 3]}`);
    if (i % 3 === 0) rows.push(`X${i}-s,${id},2026-04-${day} 12:00:00,survey,${1 + (i % 5)},csat,,,,`);
    if (i % 5 === 0) rows.push(`X${i}-r,${id},2026-03-${day} 12:00:00,survey,${1 + ((i + 2) % 5)},stars,,,,`);
  });
  writeFileSync(join(dir, 'events-extra.csv'), rows.join('\n') + '\n');
  const fields = rows[0].split(',');
  writeFileSync(
    join(dir, 'events.map.json'),
    JSON.stringify({
      kind: 'events',
      fields: Object.fromEntries(fields.map((c) => [c, c])),
      eventTypes: { coupon_redeemed: { label: { en: 'Coupon redeemed', 'zh-CN': '使用优惠券' } } },
    }),
  );
}

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'churn.duckdb');
  published = join(dir, 'publish');
  ok(['generate', '--out', join(dir, 'g'), '--customers', '1200', '--seed', '11']);
  const customersCsv = readFileSync(join(dir, 'g', 'customers.csv'), 'utf8');
  ids = customersCsv
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[0]);
  writeInputs(customersCsv);
  ok(['ingest', join(dir, 'customers-attrs.csv'), '--kind', 'customers', '--map', join(dir, 'customers.map.json')]);
  ok(['ingest', join(dir, 'g', 'events.csv'), '--kind', 'events']);
  ok(['ingest', join(dir, 'events-extra.csv'), '--kind', 'events', '--map', join(dir, 'events.map.json')]);
  ok(['train']);
  ok(['score']);
  ok(['report', '--out', join(dir, 'site')]);
}, 240_000);
afterAll(() => cleanup());

describe('report over declared attributes, event types, order lines and survey scales', () => {
  it('segments.json: every attribute by level with both labels; the numeric one by quartile, the missing apart', async () => {
    const segments = read('segments.json');
    const site = read('site.json');
    expect(segments.attributes.map((a: { name: string }) => a.name)).toEqual([
      'region',
      'channel',
      'plan',
      'age',
      'loyalty',
    ]);
    const loyalty = segments.attributes.find((a: { name: string }) => a.name === 'loyalty');
    expect(loyalty.label).toEqual({ en: 'Loyalty tier', 'zh-CN': '会员等级' });
    const scored = segments.lifecycle.reduce((s: number, l: { customers: number }) => s + l.customers, 0);
    const counts = Object.fromEntries(
      loyalty.levels.map((l: { level: string; customers: number }) => [l.level, l.customers]),
    );
    // Independent count: the scored customers by the loyalty value the file gave them.
    const conn = await openDatabase(db, { readOnly: true });
    try {
      const expected = await conn.all<{ value: string; n: number }>(
        `SELECT a.value, count(*)::INTEGER AS n FROM customer_attributes a JOIN scores s USING (customer_id)
         WHERE a.name = 'loyalty' AND s.as_of = DATE '${AS_OF}' GROUP BY 1`,
      );
      expect(counts).toEqual(Object.fromEntries(expected.map((e) => [e.value, e.n])));
    } finally {
      conn.close();
    }
    expect(Object.keys(counts).sort()).toEqual([...LOYALTY].sort());
    for (const level of loyalty.levels) {
      expect(level.churnRate).toBeGreaterThanOrEqual(0);
      expect(level.churnRate).toBeLessThanOrEqual(1);
      expect(level.valueAtRisk).toBeGreaterThanOrEqual(0);
    }
    const age = segments.attributes.find((a: { name: string }) => a.name === 'age');
    expect(age.label).toEqual({ en: 'Age', 'zh-CN': '年龄' });
    expect(age.levels.map((l: { level: string }) => l.level)).toEqual(['q1', 'q2', 'q3', 'q4', '__missing__']);
    expect(age.levels.reduce((s: number, l: { customers: number }) => s + l.customers, 0)).toBe(scored);
    // site.json: both labels of every attribute, and the numeric one's quartile ranges, in order.
    const ageMeta = site.attributes.find((a: { name: string }) => a.name === 'age');
    expect(ageMeta).toMatchObject({ kind: 'numeric', label: { en: 'Age', 'zh-CN': '年龄' }, builtIn: false });
    const ranges = ['q1', 'q2', 'q3', 'q4'].map((q) => ageMeta.ranges[q]);
    const ages = ids
      .map((_, i) => ageOf(i))
      .filter(Boolean)
      .map(Number);
    expect(ranges[0][0]).toBe(Math.min(...ages));
    expect(ranges[3][1]).toBe(Math.max(...ages));
    for (let q = 1; q < 4; q++) expect(ranges[q][0]).toBeGreaterThan(ranges[q - 1][1]);
    // Interest (every customer bought categorised lines) and habit segments cover every scored customer.
    expect(segments.interest.map((l: { level: string }) => l.level).sort()).toEqual(CATEGORIES);
    expect(segments.habit.thresholds).toEqual({ nightOwl: 0.5, weekendShopper: 0.6 });
    for (const view of [segments.interest, segments.habit.levels])
      expect(view.reduce((s: number, l: { customers: number }) => s + l.customers, 0)).toBe(scored);
    // Survival curves by every attribute, and the at-risk rows carry the attributes for the filters.
    expect(read('cohorts.json').dimensions).toEqual(expect.arrayContaining(['loyalty', 'age', 'plan']));
    const row = read('at-risk.json').rows.find((r: { attributes: { age?: number } }) => r.attributes.age != null);
    expect(row.attributes.loyalty).toBeDefined();
    expect(row.levels.age).toMatch(/^q[1-4]$/);
  });

  it('the customer page data shows the declared event type, labelled in both languages', () => {
    const customers = read('customers.json').customers;
    const timeline = customers[0].timeline as [string, string, number, number][];
    expect(timeline.filter(([, type]) => type === 'coupon_redeemed').length).toBeGreaterThan(0);
    expect(read('site.json').labels.eventType.coupon_redeemed).toEqual({
      en: 'Coupon redeemed',
      'zh-CN': '使用优惠券',
    });
    expect(customers[0].attributes.loyalty).toBeDefined();
  });

  it('NPS from NPS answers only; CSAT: the share of 4-5 among CSAT and star answers', async () => {
    const overview = read('overview.json');
    const conn = await openDatabase(db, { readOnly: true });
    try {
      const window = `ts < TIMESTAMP '${AS_OF}' AND ts >= TIMESTAMP '${AS_OF}' - INTERVAL 365 DAY AND type = 'survey'`;
      const nps = await conn.all<{ score: number }>(
        `SELECT score FROM events WHERE ${window} AND survey_scale IS NULL AND score IS NOT NULL`,
      );
      const rated = await conn.all<{ score: number }>(
        `SELECT score FROM events WHERE ${window} AND survey_scale IN ('csat', 'stars')`,
      );
      expect(nps.length).toBeGreaterThan(100);
      expect(rated.length).toBeGreaterThan(300);
      const share = (rows: { score: number }[], f: (s: number) => boolean) =>
        rows.filter((r) => f(r.score)).length / rows.length;
      const expectedNps = 100 * (share(nps, (s) => s >= 9) - share(nps, (s) => s <= 6));
      expect(overview.nps).toBeCloseTo(expectedNps, 1);
      expect(overview.csat).toBeCloseTo(
        share(rated, (s) => s >= 4),
        4,
      );
      expect(overview.surveys).toEqual({ nps: nps.length, csat: rated.length });
    } finally {
      conn.close();
    }
  });

  it('the export carries one column per declared attribute after plan, labelled in its locale, formulas neutralised', async () => {
    const csv = join(dir, 'x.csv');
    ok(['export', '--out', csv, '--tier', 'high,medium,low']);
    const lines = readFileSync(csv, 'utf8').trim().split('\r\n');
    const header = lines[0].split(',');
    expect(header.slice(header.indexOf('Plan'), header.indexOf('Plan') + 4)).toEqual([
      'Plan',
      'Age',
      'Loyalty tier',
      'Segment',
    ]);
    const loyaltyAt = header.indexOf('Loyalty tier');
    const values = new Set(lines.slice(1).map((l) => l.split(',')[loyaltyAt]));
    expect(values).toContain(`'${FORMULA}`);
    expect(values).not.toContain(FORMULA);
    expect(values).toContain('gold');
    ok(['export', '--out', join(dir, 'x-zh.csv'), '--locale', 'zh-CN']);
    const zh = readFileSync(join(dir, 'x-zh.csv'), 'utf8').split('\r\n')[0].split(',');
    expect(zh.slice(zh.indexOf('套餐'), zh.indexOf('套餐') + 3)).toEqual(['套餐', '年龄', '会员等级']);

    ok(['export', '--out', join(dir, 'x.xlsx'), '--tier', 'high,medium,low']);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(dir, 'x.xlsx'));
    const sheet = book.worksheets[0];
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const col = headers.indexOf('Loyalty tier') + 1;
    const cells = new Set<unknown>();
    sheet.eachRow((r, n) => n > 1 && cells.add(r.getCell(col).value));
    expect(cells).toContain(`'${FORMULA}`);
    expect(cells).not.toContain(FORMULA);
    const ageCol = headers.indexOf('Age') + 1;
    expect(
      typeof sheet.getRow(2).getCell(ageCol).value === 'number' || sheet.getRow(2).getCell(ageCol).value === null,
    ).toBe(true);

    ok(['export', '--out', join(dir, 'x.json')]);
    const json = JSON.parse(readFileSync(join(dir, 'x.json'), 'utf8'));
    const keys = Object.keys(json[0]);
    expect(keys.slice(keys.indexOf('plan'), keys.indexOf('plan') + 3)).toEqual(['plan', 'attr_age', 'attr_loyalty']);
    ok(['export', '--out', join(dir, 'x.parquet')]);
    const conn = await openDatabase(':memory:');
    try {
      const [p] = await conn.all<{ n: number; ages: number }>(
        `SELECT count(attr_loyalty)::INTEGER AS n, count(attr_age)::INTEGER AS ages FROM read_parquet($f)`,
        { f: join(dir, 'x.parquet') },
      );
      expect(p.n).toBe(json.length);
      expect(p.ages).toBeGreaterThan(0);
    } finally {
      conn.close();
    }
  });
});

describe.skipIf(!existsSync(CHROMIUM))('the built site in Chromium (churn report above)', () => {
  let site: SiteBrowser;
  beforeAll(async () => {
    site = await siteInBrowser(join(dir, 'site'));
  });
  afterAll(async () => {
    await site?.close();
  });
  const open = (path: string) => site.open(path);
  const texts = (page: Page, selector: string) =>
    page.$$eval(selector, (nodes) => nodes.map((n) => n.textContent ?? ''));
  const waitForText = (page: Page, selector: string, text: string) =>
    page.waitForFunction(
      `[...document.querySelectorAll(${JSON.stringify(selector)})].some((n) => (n.textContent ?? '').includes(${JSON.stringify(text)}))`,
      undefined,
      { timeout: 30_000 },
    );

  it('segments: the attribute chart shows a declared attribute by its label and levels, in Chinese too', async () => {
    const { page, errors } = await open('/segments?lang=zh-CN');
    await page.waitForSelector('select[name="attribute"]');
    expect(await texts(page, 'select[name="attribute"] option')).toEqual([
      '地区',
      '获客渠道',
      '套餐',
      '年龄',
      '会员等级',
    ]);
    await page.selectOption('select[name="attribute"]', 'loyalty');
    await waitForText(page, '.vega-chart svg .role-axis-label text', 'gold');
    await page.selectOption('select[name="attribute"]', 'age');
    await waitForText(page, '.vega-chart svg .role-axis-label text', 'Q1 · ');
    expect(await texts(page, '.vega-chart svg .role-axis-label text')).toContain('缺失');
    expect(await texts(page, '.card h2')).toEqual(
      expect.arrayContaining(['兴趣：消费最多的品类', '习惯：客户何时活跃']),
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it('customer: the timeline names the declared event type; overview: CSAT beside NPS; at-risk: a filter per attribute', async () => {
    const id = read('customers.json').customers[0].customerId;
    const { page, errors } = await open(`/customer?id=${encodeURIComponent(id)}`);
    await waitForText(page, '.vega-chart svg .role-legend-label text', 'Coupon redeemed');
    expect((await texts(page, '.customer-head'))[0]).toMatch(/Loyalty tier: /);
    const zh = await open(`/customer?id=${encodeURIComponent(id)}&lang=zh-CN`);
    await waitForText(zh.page, '.vega-chart svg .role-legend-label text', '使用优惠券');
    const overview = await open('/?lang=zh-CN');
    await waitForText(overview.page, 'body', 'CSAT 满意度');
    const atRisk = await open('/at-risk');
    await atRisk.page.waitForSelector('select[name="attr.loyalty"]');
    expect(await texts(atRisk.page, 'select[name="attr.age"] option')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Q1 · \d+–\d+$/)]),
    );
    expect([...errors, ...zh.errors, ...overview.errors, ...atRisk.errors]).toEqual([]);
    for (const p of [page, zh.page, overview.page, atRisk.page]) await p.close();
  });
});

describe('a database with purchases only', () => {
  it('publishes: NPS not available (null, not 0), no CSAT, no interest view, only the built-in attributes', async () => {
    const only = join(dir, 'purchases', 'churn.duckdb');
    const events = readFileSync(join(dir, 'g', 'events.csv'), 'utf8')
      .trim()
      .split('\n');
    writeFileSync(
      join(dir, 'purchases.csv'),
      [events[0], ...events.slice(1).filter((l) => l.split(',')[3] === 'purchase')].join('\n') + '\n',
    );
    ok(['ingest', join(dir, 'g', 'customers.csv'), '--kind', 'customers'], only);
    ok(['ingest', join(dir, 'purchases.csv'), '--kind', 'events'], only);
    ok(['train'], only);
    ok(['score'], only);
    const conn = await openDatabase(only, { readOnly: true });
    try {
      const out = join(dir, 'purchases', 'publish');
      await publishStage(conn, { publishDir: out, config: parseConfig({}) });
      const overview = JSON.parse(readFileSync(join(out, 'overview.json'), 'utf8'));
      expect(overview.nps).toBeNull();
      expect(overview.csat).toBeNull();
      expect(overview.surveys).toEqual({ nps: 0, csat: 0 });
      const segments = JSON.parse(readFileSync(join(out, 'segments.json'), 'utf8'));
      expect(segments.interest).toBeNull();
      expect(segments.attributes.map((a: { name: string }) => a.name)).toEqual(['region', 'channel', 'plan']);
      const site = JSON.parse(readFileSync(join(out, 'site.json'), 'utf8'));
      expect(Object.keys(site.labels.eventType)).toContain('purchase');
    } finally {
      conn.close();
    }
  }, 120_000);
});

describe('interest and habit segments (segment-breakdowns.ts) from the snapshot columns', () => {
  it('habits by the thresholds of habits.ts, first rule first; interests folded past 11 categories; null without the columns', async () => {
    const t = await tempDatabase();
    try {
      const { db: conn } = t;
      const none = await interestAndHabits(conn, AS_OF);
      expect(none).toEqual({ interest: null, habit: null });
      // night share, weekend share, top category: 0.5 is a night owl even on weekends; 0.6 on weekends;
      // shares of 0 are weekday daytime with activity (k2's login), no activity without (k3: only e-mail opens).
      const people: [number | null, number | null, string | null][] = [
        [0.5, 0.9, 'c00'],
        [0.49, 0.6, 'c01'],
        [0, 0, 'c02'],
        [0, 0, null],
        ...Array.from({ length: 12 }, (_, i): [number, number, string] => [
          0.1,
          0.1,
          `c${String(i + 3).padStart(2, '0')}`,
        ]),
        [0.1, 0.1, 'c03'],
      ];
      await conn.run(
        `CREATE TABLE features (customer_id VARCHAR, cutoff DATE, top_category VARCHAR, night_share_365 DOUBLE, weekend_share_365 DOUBLE)`,
      );
      for (const [i, [night, weekend, category]] of people.entries()) {
        const id = `k${i}`;
        await conn.run(
          `INSERT INTO events (event_id, customer_id, ts, type) VALUES ($id || '-e', $id, TIMESTAMP '2026-03-02 11:00:00', $type)`,
          { id, type: i === 3 ? 'email_open' : 'login' },
        );
        await conn.run(`INSERT INTO features VALUES ($id, DATE '${AS_OF}', $category, $night, $weekend)`, {
          id,
          category,
          night,
          weekend,
        });
        await conn.run(
          `INSERT INTO scores (model_id, as_of, customer_id, churn_prob, risk_tier, predicted_value, value_tier, value_at_risk, action, reasons, reason_labels)
           VALUES ('m', DATE '${AS_OF}', $id, 0.5, 'medium', 10, 'low', 5, 'x', '', '[]')`,
          { id },
        );
      }
      const { interest, habit } = await interestAndHabits(conn, AS_OF);
      expect(habit?.thresholds).toEqual({ nightOwl: 0.5, weekendShopper: 0.6 });
      expect(habit?.levels.map((l) => [l.level, l.customers])).toEqual([
        ['night_owl', 1],
        ['weekend_shopper', 1],
        ['weekday_daytime', 14],
        ['no_activity', 1],
      ]);
      expect(habit?.levels[0]).toMatchObject({ churnRate: 0.5, predictedValue: 10, valueAtRisk: 5 });
      // 15 categories: c03 (2 customers) first, then 10 more by name, the last 4 as one "other", no category last.
      expect(interest?.map((l) => l.level)).toEqual([
        'c03',
        'c00',
        'c01',
        'c02',
        'c04',
        'c05',
        'c06',
        'c07',
        'c08',
        'c09',
        'c10',
        '__other__',
        '__missing__',
      ]);
      expect(interest?.find((l) => l.level === '__other__')?.customers).toBe(4);
      expect(interest?.reduce((s, l) => s + l.customers, 0)).toBe(people.length);
    } finally {
      t.cleanup();
    }
  });
});
