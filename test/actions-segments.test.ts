// The Actions page's learned effects per segment and Qini curves (issue 22 items 3 and 5): the Qini module
// against a hand computation; then a small demo with a seeded past campaign of vip_care_call that helps
// 'high' customers, harms 'vip' ones and reaches a few 'medium' ones with a handful of controls, published
// and built by the real `churn report`: actions.json holds the per-segment rows with the right signs and
// flags and Qini numbers equal to a brute-force computation; the built page shows the segment chart, its
// table and the Qini chart in Chromium in English, Chinese and the dark theme, with no page errors.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qini, qiniValues, rankForQini } from '../models/effects/qini.ts';
import { openDatabase } from '../pipeline/db/database.ts';
import { churn } from './helpers/cli.ts';
import { loadPastCampaign, type CampaignRow } from './helpers/past-campaign.ts';
import { CHROMIUM, siteInBrowser, type SiteBrowser } from './helpers/site-browser.ts';
import { tempDir } from './helpers/temp-db.ts';

describe('qini (pure)', () => {
  // Ranked A, B, C, D, E, F: B before C by churn, D before E by the given order. Top k: (R_T, N_T, R_C, N_C)
  // A (1,1,0,0) Q 0 (no control yet) | B (1,1,0,1) Q 1 | C (2,2,0,1) Q 2 | D (2,2,1,2) Q 2 − 1·2/2 = 1 |
  // E (2,3,1,2) Q 2 − 1·3/2 = 0.5 | F (2,3,1,3) Q 2 − 1·3/3 = 1. Area under the curve (trapezoids, width
  // 1/6): (0 + 0.5 + 1.5 + 1.5 + 0.75 + 0.75)/6 = 5/6; under the random line Q(1)/2 = 1/2; per treated
  // customer (1/3)/3 = 1/9.
  const [A, B, C, D, E, F] = [
    { name: 'A', uplift: 0.3, churn: 0.5, control: false, retained: true },
    { name: 'B', uplift: 0.2, churn: 0.6, control: true, retained: false },
    { name: 'C', uplift: 0.2, churn: 0.4, control: false, retained: true },
    { name: 'D', uplift: 0.1, churn: 0.5, control: true, retained: true },
    { name: 'E', uplift: 0.1, churn: 0.5, control: false, retained: false },
    { name: 'F', uplift: 0, churn: 0.9, control: true, retained: false },
  ];
  const input = [C, D, F, A, E, B];

  it('ranks by uplift, then churn, then the given order, and gives Q of the top k by hand', () => {
    const ranked = rankForQini(input);
    expect(ranked.map((c) => c.name).join('')).toBe('ABCDEF');
    expect(qiniValues(ranked)).toEqual([0, 0, 1, 2, 1, 0.5, 1]);
  });

  it('gives the points at quantiles of φ, Q(1) and the coefficient by hand; none without both arms', () => {
    const curve = qini(input, 4)!;
    expect(curve.treated).toBe(3);
    expect(curve.control).toBe(3);
    expect(curve.total).toBe(1);
    expect(curve.coefficient).toBeCloseTo(1 / 9, 12);
    expect(curve.points.map((p) => p.phi)).toEqual([0, 1 / 3, 2 / 3, 1]);
    expect(curve.points.map((p) => p.qini)).toEqual([0, 1, 1, 1]);
    expect(curve.points.map((p) => p.random)).toEqual([0, 1 / 3, 2 / 3, 1]);
    expect(qini(input.filter((c) => !c.control))).toBeNull();
  });
});

/** Full-page screenshots of the Actions page (en, zh-CN, dark) land here for people to look at. */
const ARTIFACTS =
  process.env.CHURN_TEST_ARTIFACTS || fileURLToPath(new URL('../test-artifacts/actions-segments', import.meta.url));

let dir: string;
let cleanup: () => void;
let db: string;
let site: string;
let browser: SiteBrowser | null = null;

let campaign: CampaignRow[];

const LIFT: Record<string, number> = { vip: -0.25, high: 0.3, medium: 0 };

/** A past campaign of vip_care_call to every customer: vip or high (half each), 40 medium with 5 controls. */
const loadCampaign = async () => {
  campaign = await loadPastCampaign(db, dir, (id, i, random) => {
    const tier = i % 50 === 7 ? 'medium' : random() < 0.5 ? 'vip' : 'high';
    const control = tier === 'medium' ? i % 400 === 7 : random() < 0.2;
    return { tier, control, retained: random() < 0.4 + (control ? 0 : LIFT[tier]) };
  });
};

/** A second action of the same campaign, so the page offers a choice: retention_email to every fourth customer. */
async function loadEmails(): Promise<void> {
  const d = await openDatabase(db);
  try {
    await d.run(
      `INSERT INTO actions (action_id, customer_id, ts, action, campaign, is_control)
       SELECT 'Q' || customer_id, customer_id, TIMESTAMP '2001-01-06 10:00:00', 'retention_email', 'past', is_control
       FROM actions WHERE action = 'vip_care_call' QUALIFY row_number() OVER (ORDER BY customer_id) % 4 = 0`,
    );
  } finally {
    await d.close();
  }
}

/** Customers emailed (treated or control): the campaign is in customer id order. */
const emailed = (control: boolean) => campaign.filter((r, i) => i % 4 === 3 && r.control === control).length;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('churn-actions-segments-'));
  db = join(dir, 'churn.duckdb');
  site = join(dir, 'dist');
  const demo = churn(['demo', '--customers', '2000', '--seed', '3', '--db', db, '--no-report', '--quiet']);
  expect(demo.code, demo.stderr).toBe(0);
  await loadCampaign();
  await loadEmails();
  const report = churn(['report', '--db', db, '--out', site, '--quiet']);
  expect(report.code, report.stderr).toBe(0);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  cleanup?.();
});

type Interval = { mean: number; low: number; high: number };
type SegmentRow = {
  dimension: string;
  level: string;
  treated: number;
  control: number;
  prior: number;
  observed: Interval | null;
  learned: Interval;
  includesZero: boolean;
  tooSmall: boolean;
};
type Learned = {
  minControls: number;
  segments: { action: string; dimension: string | null; overall: SegmentRow; segments: SegmentRow[] }[];
  qini: {
    action: string;
    treated: number;
    control: number;
    total: number;
    coefficient: number;
    points: { phi: number; qini: number; random: number }[];
  }[];
};

const published = (): Learned => JSON.parse(readFileSync(join(dir, 'publish', 'actions.json'), 'utf8')).learned;

describe('actions.json: learned effects per segment and Qini curves', () => {
  it('has the per-segment rows of vip_care_call with the right signs and flags', () => {
    const learned = published();
    expect(learned.segments.map((s) => s.action)).toEqual(['vip_care_call', 'retention_email']);
    // retention_email went to every fourth customer, with vip_care_call's control flags.
    const emails = learned.segments[1].overall;
    expect([emails.treated, emails.control]).toEqual([emailed(false), emailed(true)]);
    const care = learned.segments[0];
    expect(care.dimension).toBe('valueTier');
    expect(care.overall).toMatchObject({ dimension: 'all', treated: expect.any(Number) });
    expect(care.overall.treated + care.overall.control).toBe(campaign.length);
    const tier = (level: string) => care.segments.find((s) => s.dimension === 'valueTier' && s.level === level)!;
    const count = (level: string, control: boolean) =>
      campaign.filter((r) => r.tier === level && r.control === control).length;
    for (const level of ['vip', 'high', 'medium']) {
      expect(tier(level).treated, level).toBe(count(level, false));
      expect(tier(level).control, level).toBe(count(level, true));
      expect(tier(level).prior, level).toBeCloseTo(0.25 * 0.5, 4);
    }
    // Harms VIPs, helps 'high': both clearly, with plenty of controls.
    expect(tier('vip').learned.high).toBeLessThan(0);
    expect(tier('vip').observed!.mean).toBeLessThan(0);
    expect(tier('vip')).toMatchObject({ includesZero: false, tooSmall: false });
    expect(tier('high').learned.low).toBeGreaterThan(0);
    expect(tier('high')).toMatchObject({ includesZero: false, tooSmall: false });
    // 'medium': 5 controls, under minControls.
    expect(tier('medium').control).toBe(5);
    expect(tier('medium').tooSmall).toBe(true);
    // Lifecycle and risk tier have one level each: pooled to the action's own effect, which mixes both.
    const risk = care.segments.find((s) => s.dimension === 'riskTier')!;
    expect(risk.learned.mean).toBeCloseTo(care.overall.learned.mean, 3);
    for (const s of [care.overall, ...care.segments]) {
      expect(s.learned.low).toBeLessThanOrEqual(s.learned.mean);
      expect(s.learned.high).toBeGreaterThanOrEqual(s.learned.mean);
      expect(s.includesZero).toBe(s.learned.low <= 0 && s.learned.high >= 0);
    }
  });

  it('agrees with churn effect --json on every segment', () => {
    const run = churn(['effect', '--db', db, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const cli = JSON.parse(run.stdout).learned.actions.find((a: { action: string }) => a.action === 'vip_care_call');
    const care = published().segments[0];
    expect(cli.segments).toHaveLength(care.segments.length);
    for (const [i, s] of care.segments.entries()) {
      const c = cli.segments[i];
      expect([s.dimension, s.level]).toEqual([c.dimension, c.level]);
      expect(s.learned.mean).toBeCloseTo(c.retention.posterior.mean, 4);
      expect(s.tooSmall).toBe(c.retention.tooSmall);
    }
  });

  it('has a Qini curve equal to a brute-force computation over the campaign', () => {
    const learned = published();
    expect(learned.qini.map((q) => q.action)).toEqual(['vip_care_call', 'retention_email']);
    const curve = learned.qini[0];
    const tiers = published().segments[0].segments.filter((s) => s.dimension === 'valueTier');
    const effect = Object.fromEntries(tiers.map((s) => [s.level, s.learned.mean]));
    // Every churn probability is 0.5: the tiers in order of their learned effect, then by action id.
    const ranked = [...campaign]
      .map((r, i) => ({ ...r, i }))
      .sort((a, b) => effect[b.tier] - effect[a.tier] || a.id.localeCompare(b.id));
    const n = ranked.length;
    const q = (k: number) => {
      const top = ranked.slice(0, k);
      const nT = top.filter((r) => !r.control).length;
      const nC = top.filter((r) => r.control).length;
      const rT = top.filter((r) => !r.control && r.retained).length;
      const rC = top.filter((r) => r.control && r.retained).length;
      return nC === 0 ? 0 : rT - (rC * nT) / nC;
    };
    const all = Array.from({ length: n + 1 }, (_, k) => q(k));
    const treated = campaign.filter((r) => !r.control).length;
    expect(curve.treated).toBe(treated);
    expect(curve.control).toBe(n - treated);
    expect(curve.total).toBeCloseTo(all[n], 3);
    expect(curve.points.length).toBeLessThanOrEqual(50);
    expect(curve.points[0]).toEqual({ phi: 0, qini: 0, random: 0 });
    expect(curve.points.at(-1)!.phi).toBe(1);
    for (const p of curve.points) {
      const k = Math.round(p.phi * n);
      expect(p.qini, `phi ${p.phi}`).toBeCloseTo(all[k], 3);
      expect(p.random).toBeCloseTo((k / n) * all[n], 3);
    }
    // Area under the curve (mean of the step ends) less the triangle under the random line, per treated.
    let under = 0;
    for (let k = 1; k <= n; k++) under += (all[k - 1] + all[k]) / 2;
    const coefficient = (under / n - all[n] / 2) / treated;
    expect(curve.coefficient).toBeCloseTo(coefficient, 4);
    // Ranking 'high' first finds the customers it helps: well above random targeting.
    expect(curve.coefficient).toBeGreaterThan(0.02);
  });
});

describe.skipIf(!existsSync(CHROMIUM))('the Actions page in Chromium', () => {
  const CHARTS = '.segment-effect-chart svg.marks, .qini-chart svg.marks';

  beforeAll(async () => {
    browser = await siteInBrowser(site);
  });

  const formatted = (n: number) => n.toLocaleString('en-US');

  async function openActions(path: string, colorScheme: 'light' | 'dark' = 'light') {
    const { page, errors } = await browser!.open(path);
    if (colorScheme === 'dark') {
      await page.emulateMedia({ colorScheme });
      await page.reload({ waitUntil: 'load' });
    }
    // The segment chart and the Qini chart, drawn.
    await page.waitForFunction(
      `(() => {
        const charts = [...document.querySelectorAll('.segment-effect-chart, .qini-chart')];
        return charts.length === 2 && charts.every((c) => c.querySelector('svg.marks'));
      })()`,
      undefined,
      { timeout: 30_000 },
    );
    const marks = await page.$$eval(CHARTS, (svgs) => svgs.map((s) => s.querySelectorAll('path, line').length));
    for (const n of marks) expect(n).toBeGreaterThan(3);
    const svgText = await page.$$eval(CHARTS, (svgs) =>
      svgs.map((s) => [...s.querySelectorAll('text')].map((x) => x.textContent).join(' ')).join(' | '),
    );
    mkdirSync(ARTIFACTS, { recursive: true });
    const name = `actions-${path.includes('zh-CN') ? 'zh' : 'en'}-${colorScheme}.png`;
    await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
    return { page, errors, svgText, text: await page.innerText('#observablehq-main') };
  }

  it('shows the segment chart, its table and the Qini chart in English', async () => {
    const { page, errors, svgText, text } = await openActions('/actions');
    expect(text).toContain('Learned effect per segment');
    expect(text).toContain('Value tier: VIP');
    expect(text).toContain('Value tier: Medium');
    expect(text).toContain('control group too small to tell');
    expect(text).toMatch(/Qini coefficient 0\.\d{4}/);
    expect(text).toContain('In-sample');
    expect(svgText).toContain('Value tier: High');
    // VIPs are harmed (red), 'high' customers helped (green); 'medium' is grey and hollow.
    const segmentChart = page.locator('.segment-effect-chart svg.marks');
    expect(await segmentChart.locator('path[fill="#ff725c"]').count()).toBeGreaterThan(0);
    expect(await segmentChart.locator('path[fill="#3ca951"]').count()).toBeGreaterThan(0);
    expect(svgText).toContain('Random targeting');
    expect(svgText).toContain('Incremental customers retained');
    // Two actions with outcomes: a select picks the one shown, in the playbook's labels.
    const picker = page.locator('select[name="segment-action"]');
    expect(await picker.locator('option').allInnerTexts()).toEqual(['VIP care call', 'Retention email']);
    const allRow = () => page.locator('.sortable-table').last().locator('tbody tr').first().innerText();
    expect(await allRow()).toContain(formatted(campaign.filter((r) => !r.control).length));
    await picker.selectOption('retention_email');
    await page.waitForFunction(`document.querySelector('#observablehq-main').innerText.includes('· Retention email')`);
    await page.waitForFunction(`document.querySelector('.qini-chart svg.marks') !== null`);
    expect(await allRow()).toContain(formatted(emailed(false)));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows them in Chinese', async () => {
    const { page, errors, svgText, text } = await openActions('/actions?lang=zh-CN');
    expect(text).toContain('按细分群体学习所得的效果');
    expect(text).toContain('价值等级: 高价值');
    expect(text).toContain('对照组太小，无法判断');
    expect(text).toMatch(/Qini 系数 0\.\d{4}/);
    expect(svgText).toContain('价值等级: VIP');
    expect(svgText).toContain('随机挑选');
    expect(svgText).toContain('多留存的客户数');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('follows the dark theme: the two charts draw their text in the page colour', async () => {
    const { page, errors } = await openActions('/actions', 'dark');
    const fills = (await page.evaluate(`[...document.querySelectorAll('${CHARTS}')]
      .flatMap((s) => [...s.querySelectorAll('.role-axis-label text, .role-axis-title text, .role-legend-label text')])
      .map((t) => getComputedStyle(t).fill)`)) as string[];
    expect(fills.length).toBeGreaterThan(0);
    // Light text on the dark page: every channel of rgb(...) well above the middle.
    for (const fill of fills) for (const c of fill.match(/\d+/g)!.slice(0, 3)) expect(Number(c)).toBeGreaterThan(150);
    expect(errors).toEqual([]);
    await page.close();
  });
});
