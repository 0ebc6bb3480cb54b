// The Voice of the customer page end to end (issue 20): `churn demo` on a small history, then two
// customers at the top of the at-risk list are given the planted writers' contact fields and complaints
// full of personal data (test/helpers/planted-text.ts), a third a complaint holding markup; text_signals
// is brought up to date by the text stage and `churn report` publishes and builds the real site. The page
// is opened in Chromium in both locales; every file of dist/ is scanned for the planted data.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../pipeline/config/config.ts';
import { openDatabase } from '../pipeline/db/database.ts';
import { ensureTextSignals } from '../pipeline/text/text-signals.ts';
import { churn } from './helpers/cli.ts';
import { PLANTED_TEXTS, WRITERS, plantedIn } from './helpers/planted-text.ts';
import { CHROMIUM, siteInBrowser, type SiteBrowser } from './helpers/site-browser.ts';
import { tempDir } from './helpers/temp-db.ts';

/** An app complaint that would run script if the page wrote customer text as HTML. */
const MARKUP = 'The app crashed again, terrible <img src=x onerror="window.__pwned=1"> awful';

let dir: string;
let cleanup: () => void;
let db: string;
let site: string;
let browser: SiteBrowser | null = null;

function ok(args: string[]) {
  const run = churn([...args, '--db', db, '--quiet']);
  expect(run.code, run.stderr).toBe(0);
  return run.stdout;
}

async function walk(path: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else out.push(full);
  }
  return out;
}

/** The writers' contact fields and complaints go to the top of the at-risk list; MARKUP to the third. */
async function plant() {
  const database = await openDatabase(db);
  try {
    const [{ as_of }] = await database.all<{ as_of: string }>(
      `SELECT strftime(max(as_of), '%Y-%m-%d') AS as_of FROM scores`,
    );
    const top = await database.all<{ customer_id: string }>(
      `SELECT customer_id FROM scores WHERE as_of = CAST($as_of AS DATE) AND risk_tier IN ('high', 'medium')
       ORDER BY value_at_risk DESC, customer_id LIMIT 3`,
      { as_of },
    );
    const texts: [string, string][] = [];
    WRITERS.forEach((w, k) => {
      const id = top[k].customer_id;
      texts.push(...PLANTED_TEXTS[w.id].map((text): [string, string] => [id, text]));
    });
    texts.push([top[2].customer_id, MARKUP]);
    for (const [k, w] of WRITERS.entries())
      await database.run('UPDATE customers SET name = $name, email = $email, phone = $phone WHERE customer_id = $id', {
        id: top[k].customer_id,
        name: w.name,
        email: w.email,
        phone: w.phone,
      });
    // The latest texts before the as-of date, so they are each theme's latest complaints (the quotes).
    for (const [i, [customer, text]] of texts.entries())
      await database.run(
        `INSERT INTO events (event_id, customer_id, ts, type, text)
         VALUES ($id, $customer, CAST($as_of AS TIMESTAMP) - to_seconds($back), 'support_ticket', $text)`,
        { id: `planted-${i}`, customer, as_of, back: 60 + i, text },
      );
    await ensureTextSignals(database, parseConfig({}).voice, { workers: 0 });
  } finally {
    database.close();
  }
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('churn-voice-site-'));
  db = join(dir, 'churn.duckdb');
  site = join(dir, 'dist');
  ok(['demo', '--customers', '600', '--seed', '7', '--no-report']);
  await plant();
  ok(['report', '--out', site]);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  cleanup?.();
});

describe('the built site and planted personal data', () => {
  it('publishes quotes, and no file of dist/ holds any planted personal data', async () => {
    const voice = JSON.parse(await readFile(join(dir, 'publish', 'voice.json'), 'utf8'));
    const quotes = voice.themes.flatMap((t: { quotes: { text: string }[] }) => t.quotes.map((q) => q.text));
    expect(quotes.some((q: string) => q.includes('[phone]') && q.includes('[name]'))).toBe(true);
    expect(quotes).toContain(MARKUP);
    const files = await walk(site);
    expect(files.some((f) => /voice\.[\w-]+\.json$/.test(f))).toBe(true);
    const found: string[] = [];
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      found.push(...plantedIn(text).map((s) => `${file}: ${s}`));
    }
    expect(found).toEqual([]);
  });
});

describe.skipIf(!existsSync(CHROMIUM))('the Voice of the customer page in Chromium', () => {
  beforeAll(async () => {
    browser = await siteInBrowser(site);
  });

  async function openVoice(path: string) {
    const { page, errors } = await browser!.open(path);
    await page.waitForSelector('#observablehq-main h1');
    await page.waitForFunction(
      `(() => {
        const charts = [...document.querySelectorAll('.vega-chart')];
        return charts.length === 5 && charts.every((c) => c.querySelector('svg.marks'));
      })()`,
      undefined,
      { timeout: 30_000 },
    );
    const marks = await page.$$eval('.vega-chart svg.marks', (svgs) =>
      svgs.map((s) => s.querySelectorAll('path, rect, line').length),
    );
    for (const n of marks) expect(n).toBeGreaterThan(3);
    return { page, errors };
  }

  it('renders in English: charts, the themes table and quotes; markup in a quote shows as text', async () => {
    const { page, errors } = await openVoice('/voice');
    expect(await page.textContent('#observablehq-main h1')).toMatch(/Voice of the customer/);
    const main = await page.innerText('#observablehq-main');
    expect(main).toContain('What customers wrote');
    expect(main).toContain('Churn rate after a complaint');
    expect(await page.locator('.voice-quote blockquote').count()).toBeGreaterThan(3);
    const quotes = await page.$$eval('.voice-quote blockquote', (b) => b.map((x) => x.textContent));
    expect(quotes).toContain(MARKUP);
    expect(await page.locator('#observablehq-main img').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(main).toContain('[phone]');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('renders in Chinese (客户之声), with the same charts and quotes', async () => {
    const { page, errors } = await openVoice('/voice?lang=zh-CN');
    expect(await page.textContent('#observablehq-main h1')).toMatch(/客户之声/);
    const main = await page.innerText('#observablehq-main');
    expect(main).toContain('客户原话');
    expect(main).toContain('投诉后流失率');
    expect(await page.title()).toMatch(/^客户之声 \| /);
    expect(await page.innerText('#observablehq-sidebar')).toContain('客户之声');
    expect(await page.locator('.voice-quote blockquote').count()).toBeGreaterThan(3);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the customer page lists that customer's feedback, masked, with sentiment and themes", async () => {
    const customers = JSON.parse(await readFile(join(dir, 'publish', 'customers.json'), 'utf8'));
    const writer = customers.customers.find((c: { feedback: { text: string }[] }) =>
      c.feedback.some((f) => f.text.includes('[phone]')),
    );
    expect(writer).toBeDefined();
    const { page, errors } = await browser!.open(`/customer?id=${encodeURIComponent(writer.customerId)}`);
    await page.waitForSelector('.feedback-list li');
    const list = await page.innerText('.feedback-list');
    expect(list).toContain('[phone]');
    expect(list).toMatch(/negative \(-0\.\d\d\)/);
    expect(list).toMatch(/Delivery|Billing/);
    expect(plantedIn(await page.content())).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
