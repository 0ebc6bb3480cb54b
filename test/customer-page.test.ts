// The customer page on a purchases-only history (issue 23, items 3, 4 and 6): the Complete Journey
// baskets (data/samples/completejourney: purchases only, no logins, tickets or contact data) ingested,
// trained, scored and published by the real CLI, the site built and opened in Chromium. Checked: without
// an id only the picker; an unknown id says so; a one-time buyer shows no BG/NBD P(alive) of 100% beside
// his churn probability, and the card explains why; a customer silent for months has a timeline that
// runs to the as-of date; both locales, phone width and dark mode.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../pipeline/db/database.ts';
import { churn } from './helpers/cli.ts';
import { CHROMIUM, siteInBrowser, type SiteBrowser } from './helpers/site-browser.ts';
import { tempDir } from './helpers/temp-db.ts';

const CJ = 'data/samples/completejourney';

interface Customer {
  customerId: string;
  churnProb: number;
  valueAtRisk: number;
  pAlive: number | null;
  pPurchase30: number | null;
  purchaseDays: number;
  timeline: [string, string, number, number][];
}

let dir: string;
let cleanup: () => void;
let db: string;
let site: string;
let published: { asOf: string; count: number; customers: Customer[]; feedbackTexts: boolean };
let browser: SiteBrowser | null = null;
/** Published customers with a single purchase day before the as-of date, read from the events. */
let oneTimeIds: string[];

function ok(args: string[]) {
  const run = churn([...args, '--db', db, '--quiet']);
  expect(run.code, run.stderr).toBe(0);
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('churn-customer-page-'));
  db = join(dir, 'churn.duckdb');
  site = join(dir, 'dist');
  // One year of baskets: horizons of 60 days fit (the sample's README).
  await writeFile(join(dir, 'churn.config.json'), JSON.stringify({ horizonDays: 60, valueHorizonDays: 60 }));
  ok(['ingest', `${CJ}/baskets.csv`, '--kind', 'events', '--map', `${CJ}/mapping.json`]);
  ok(['train']);
  ok(['score']);
  ok(['report', '--out', site]);
  published = JSON.parse(await readFile(join(dir, 'publish', 'customers.json'), 'utf8'));
  const database = await openDatabase(db, { readOnly: true });
  try {
    const rows = await database.all<{ customer_id: string }>(
      `SELECT customer_id FROM events
       WHERE type = 'purchase' AND ts < CAST($as_of AS TIMESTAMP) AND list_contains($ids, customer_id)
       GROUP BY 1 HAVING count(DISTINCT CAST(ts AS DATE)) = 1`,
      { as_of: published.asOf, ids: published.customers.map((c) => c.customerId) },
    );
    oneTimeIds = rows.map((r) => r.customer_id);
  } finally {
    database.close();
  }
}, 600_000);

afterAll(async () => {
  await browser?.close();
  cleanup?.();
});

/** The first published customer with a single purchase day. */
const oneTimeBuyer = () => published.customers.find((c) => oneTimeIds.includes(c.customerId))!;

/** Months from "YYYY-MM" a to b. */
const monthsBetween = (a: string, b: string) =>
  (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));

/** The first published customer whose last event is at least four months before the as-of date. */
const silentCustomer = () =>
  published.customers.find((c) => monthsBetween(c.timeline.at(-1)![0], published.asOf.slice(0, 7)) >= 4)!;

describe('customers.json on a purchases-only history', () => {
  it('publishes no P(alive) for a one-time buyer, to whom BG/NBD gives 1', async () => {
    const buyer = oneTimeBuyer();
    expect(buyer, 'the sample has one-time buyers among the detail customers').toBeDefined();
    expect(buyer.purchaseDays).toBe(1);
    expect(buyer.pAlive).toBeNull();
    const database = await openDatabase(db, { readOnly: true });
    try {
      const [row] = await database.all<{ p_alive: number }>(
        'SELECT p_alive FROM scores WHERE customer_id = $id AND as_of = CAST($as_of AS DATE)',
        { id: buyer.customerId, as_of: published.asOf },
      );
      expect(row.p_alive).toBeCloseTo(1, 6);
    } finally {
      database.close();
    }
    // Customers with a repeat purchase keep theirs.
    const repeat = published.customers.filter((c) => c.purchaseDays >= 2);
    expect(repeat.length).toBeGreaterThan(0);
    for (const c of repeat) expect(c.pAlive).not.toBeNull();
  });
});

describe.skipIf(!existsSync(CHROMIUM))('the customer page in Chromium', () => {
  beforeAll(async () => {
    browser = await siteInBrowser(site);
  });

  async function openPage(path: string) {
    const opened = await browser!.open(path);
    await opened.page.waitForSelector('#observablehq-main h1');
    return opened;
  }

  /** The cards and sections of a customer's view that the page shows. */
  const customerSections = (page: Page) =>
    page.$$eval('#observablehq-main .card', (cards) => cards.map((c) => c.textContent ?? ''));

  it('without an id: only the picker, with suggestions and the customers with most value at risk', async () => {
    for (const lang of ['en', 'zh-CN']) {
      const { page, errors } = await openPage(`/customer?lang=${lang}`);
      await page.waitForSelector('.customer-links li');
      expect(await customerSections(page)).toEqual([]);
      expect(await page.$$('.not-found')).toHaveLength(0);
      const suggestions = await page.$$eval('datalist#customer-ids option', (o) =>
        o.map((x) => x.getAttribute('value')),
      );
      expect(suggestions).toHaveLength(published.count);
      const byValue = [...published.customers].sort((a, b) => b.valueAtRisk - a.valueAtRisk);
      const listed = await page.$$eval('.customer-links li code', (c) => c.map((x) => x.textContent));
      expect(listed).toEqual(byValue.slice(0, 20).map((c) => c.customerId));
      const main = await page.innerText('#observablehq-main');
      expect(main).toContain(lang === 'en' ? 'Most value at risk' : '风险价值最高的客户');
      // typing narrows the list to matching ids
      const wanted = byValue[30].customerId;
      await page.fill('input[name="id"]', wanted);
      await page.waitForFunction(`document.querySelectorAll('.customer-links li').length <= 20`);
      const narrowed = await page.$$eval('.customer-links li code', (c) => c.map((x) => x.textContent ?? ''));
      expect(narrowed).toContain(wanted);
      for (const id of narrowed) expect(id).toContain(wanted);
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('an unknown id: says so in the page language, then the picker; no empty cards', async () => {
    for (const lang of ['en', 'zh-CN']) {
      const { page, errors } = await openPage(`/customer?id=NO-SUCH-ID&lang=${lang}`);
      await page.waitForSelector('.not-found');
      const message = (await page.textContent('.not-found')) ?? '';
      expect(message).toContain('NO-SUCH-ID');
      expect(message).toMatch(lang === 'en' ? /No detail page was published/ : /未发布/);
      expect(await page.$$('.customer-links li')).toHaveLength(20);
      expect(await customerSections(page)).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('a one-time buyer: no P(alive) of 100% beside the churn probability; the card says why', async () => {
    const buyer = oneTimeBuyer();
    for (const lang of ['en', 'zh-CN']) {
      const { page, errors } = await openPage(`/customer?id=${encodeURIComponent(buyer.customerId)}&lang=${lang}`);
      await page.waitForSelector('.kpi');
      const cards = await page.$$eval('.kpi', (ks) =>
        ks.map((k) => ({
          label: k.querySelector('h2')?.textContent,
          text: k.textContent,
          title: k.getAttribute('title'),
        })),
      );
      const alive = cards.find((c) => c.label === (lang === 'en' ? 'P(alive)' : '存活概率'))!;
      expect(alive.text).not.toMatch(/100/);
      expect(alive.text).toContain(lang === 'en' ? 'one purchase day only' : '只有一个购买日');
      expect(alive.title).toContain(
        lang === 'en' ? 'drop-out only after a repeat purchase' : '只在复购之后才能识别流失',
      );
      // The churn probability and the value carry their interval, at the level the scores were made with.
      const churnCard = cards.find((c) => c.label === (lang === 'en' ? 'Churn probability' : '流失概率'))!;
      expect(churnCard.text).toMatch(lang === 'en' ? /80%: likely \d+(\.\d)?%–\d+(\.\d)?%/ : /80%: 可能在 \d+/);
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('a customer silent for months: the timeline runs to the as-of date, silent months empty', async () => {
    const silent = silentCustomer();
    expect(silent).toBeDefined();
    const { page, errors } = await openPage(`/customer?id=${encodeURIComponent(silent.customerId)}`);
    await page.waitForSelector('.vega-chart[aria-label="Interactions by month"] svg.marks');
    // Vega describes the x axis: its values, "ending with" the last one.
    const axis = await page.$eval('.vega-chart[aria-label="Interactions by month"] svg.marks', (svg) =>
      [...svg.querySelectorAll('[aria-roledescription="axis"]')].map((a) => a.getAttribute('aria-label') ?? ''),
    );
    const lastMonth = new Date(Date.parse(`${published.asOf}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 7);
    expect(axis.find((a) => a.startsWith('X-axis'))).toMatch(new RegExp(`${lastMonth}$`));
    // The history holds no feedback text: no empty Feedback box.
    expect(published.feedbackTexts).toBe(false);
    expect(await page.innerText('#observablehq-main')).not.toContain('Feedback');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('no bare P(alive) below the chance of a purchase within 30 days: the card says why', async () => {
    // BG/NBD is sure such a customer is gone while the learned next purchase says 1 in 5 buy within a month.
    const contradicted = published.customers.find(
      (c) => c.pAlive !== null && c.pPurchase30 !== null && c.pAlive < c.pPurchase30,
    );
    expect(contradicted).toBeDefined();
    const { page, errors } = await openPage(`/customer?id=${encodeURIComponent(contradicted!.customerId)}`);
    await page.waitForSelector('.kpi');
    const alive = await page.$$eval('.kpi', (ks) =>
      ks.map((k) => k.textContent ?? '').find((x) => x.startsWith('P(alive)')),
    );
    expect(alive).toContain('not shown: BG/NBD says');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('phone width and dark mode: the picker and a customer fit the screen', async () => {
    for (const path of ['/customer', `/customer?id=${encodeURIComponent(oneTimeBuyer().customerId)}`]) {
      const { page, errors } = await openPage(path);
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForSelector(path === '/customer' ? '.customer-links li' : '.kpi');
      // without a customer, no empty cards at phone width either
      if (path === '/customer') expect(await customerSections(page)).toEqual([]);
      const overflow = (await page.evaluate('document.scrollingElement.scrollWidth - window.innerWidth')) as number;
      expect(overflow).toBeLessThanOrEqual(0);
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
