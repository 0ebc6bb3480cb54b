// The report site: built offline from the fixture publish directory with buildSite, then served on
// 127.0.0.1 and opened in headless Chromium (skipped only when /usr/bin/chromium is missing).

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, PUBLISHED_FILES, type BuildSiteResult } from '../pipeline/report/build-site.ts';
import { serveStatic } from './helpers/serve-static.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const fixtures = join(root, 'test', 'fixtures', 'publish');
const CHROMIUM = '/usr/bin/chromium';
/** Screenshots of every page (light, en and zh-CN) land here for people to look at. */
const ARTIFACTS = process.env.CHURN_TEST_ARTIFACTS || join(root, 'test-artifacts', 'site');
/** Every page, with the number of charts it draws from the fixture data. */
const PAGES: { path: string; file: string; charts: number; heading: RegExp; headingZh: RegExp }[] = [
  { path: '/', file: 'index.html', charts: 4, heading: /Churn & CLV overview/, headingZh: /流失与客户终身价值概览/ },
  { path: '/at-risk', file: 'at-risk.html', charts: 0, heading: /At-risk customers/, headingZh: /流失风险客户/ },
  { path: '/model', file: 'model.html', charts: 10, heading: /Model/, headingZh: /模型/ },
  {
    path: '/customer-base',
    file: 'customer-base.html',
    charts: 4,
    heading: /Customer base/,
    headingZh: /客户群（概率模型）/,
  },
  {
    path: '/customer?id=C004821',
    file: 'customer.html',
    charts: 2,
    heading: /Customer C004821/,
    headingZh: /客户 C004821/,
  },
  { path: '/segments', file: 'segments.html', charts: 5, heading: /Segments/, headingZh: /客户分群/ },
  { path: '/cohorts', file: 'cohorts.html', charts: 2, heading: /Cohorts/, headingZh: /同期群/ },
  // the fixture holds no subscriptions.json: the page shows its note and no chart
  { path: '/subscriptions', file: 'subscriptions.html', charts: 0, heading: /Subscriptions/, headingZh: /订阅/ },
  { path: '/value', file: 'value.html', charts: 3, heading: /Customer value/, headingZh: /客户价值/ },
  { path: '/actions', file: 'actions.html', charts: 3, heading: /Retention actions/, headingZh: /挽留行动/ },
  { path: '/quality', file: 'quality.html', charts: 2, heading: /Data quality/, headingZh: /数据质量/ },
  // the fixture holds no voice.json: the page says there is no feedback text, no chart
  { path: '/voice', file: 'voice.html', charts: 0, heading: /Voice of the customer/, headingZh: /客户之声/ },
];
const hasChromium = existsSync(CHROMIUM);
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface AtRiskRow {
  customerId: string;
  name: string;
  email: string;
  phone: string;
  riskTier: string;
  churnProb: number;
  valueAtRisk: number;
}

let tmp: string;
let outDir: string;
let built: BuildSiteResult;
let atRisk: { total: number; rows: AtRiskRow[] };

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'churn-site-'));
  outDir = join(tmp, 'dist');
  atRisk = JSON.parse(await readFile(join(fixtures, 'at-risk.json'), 'utf8'));
  built = await buildSite({ publishDir: fixtures, outDir });
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('buildSite', () => {
  it('builds every page into outDir', async () => {
    expect(built.outDir).toBe(outDir);
    expect(built.pages).toEqual(PAGES.map((p) => p.file).sort());
    for (const page of built.pages) expect((await stat(join(outDir, page))).size).toBeGreaterThan(1000);
    expect(built.seconds).toBeLessThan(120);
  });

  it('references no CDN and no web font', async () => {
    const files = await walk(outDir);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      expect(text.includes('cdn.jsdelivr.net'), file).toBe(false);
      expect(text.includes('fonts.googleapis.com'), file).toBe(false);
    }
  });

  it('ships the published data unchanged', async () => {
    const dataFiles = (await walk(join(outDir, '_file', 'data'))).map((f) => f.slice(f.lastIndexOf('/') + 1));
    for (const name of [
      'site',
      'overview',
      'at-risk',
      'model',
      'customer-base',
      'actions',
      'quality',
      'segments',
      'value',
      'cohorts',
      'customers',
      'runs-history',
      'monitoring',
    ])
      expect(dataFiles.some((f) => f.startsWith(`${name}.`) && f.endsWith('.json'))).toBe(true);
  });

  it('holds no contact data: every e-mail, phone and name in dist/ is masked', async () => {
    const unmasked: string[] = [];
    for (const file of await walk(outDir)) {
      const text = await readFile(file, 'utf8');
      for (const email of text.match(/[\w.+-]+@[\w-]+\.(?:com|cn|net|org)\b/g) ?? [])
        if (!email.split('@')[0].includes('*')) unmasked.push(`${file}: ${email}`);
      for (const phone of text.match(/\+86 1\d\d[\d* -]{8,}/g) ?? [])
        if (!phone.includes('*')) unmasked.push(`${file}: ${phone}`);
      if (file.endsWith('.json') && text.includes('"name"')) {
        for (const [, name] of text.matchAll(/"name":\s*"([^"]+)"/g))
          if (!name.includes('*')) unmasked.push(`${file}: ${name}`);
      }
    }
    expect(unmasked).toEqual([]);
  });

  it('takes the site-wide locale from the published site.json (config report.locale)', async () => {
    const zh = join(tmp, 'zh');
    await mkdir(zh);
    await writeFile(join(zh, 'site.json'), JSON.stringify({ locale: 'zh-CN', contacts: 'masked', labels: {} }));
    const saved = process.env.CHURN_PUBLISH_DIR;
    process.env.CHURN_PUBLISH_DIR = zh;
    try {
      const config = (await import(`${pathToFileURL(join(root, 'observablehq.config.ts')).href}?zh`)).default;
      expect(config.head).toContain('<meta name="churn-locale" content="zh-CN">');
      expect(config.title).toBe('流失与客户终身价值报告');
      expect(config.pages.map((p: { name: string }) => p.name)).toContain('流失风险客户');
    } finally {
      if (saved === undefined) delete process.env.CHURN_PUBLISH_DIR;
      else process.env.CHURN_PUBLISH_DIR = saved;
    }
    const html = await readFile(join(outDir, 'index.html'), 'utf8');
    expect(html).toContain('<meta name="churn-locale" content="en">');
  });

  it('runs history: a re-published run replaces itself, a new run is appended in as-of order', async () => {
    const { runsHistory } = await import('../pipeline/report/publish-history.ts');
    const dir = join(tmp, 'history');
    await mkdir(dir);
    const overview = JSON.parse(await readFile(join(fixtures, 'overview.json'), 'utf8'));
    const first = await runsHistory(dir, overview);
    expect(first.runs).toHaveLength(1);
    await writeFile(join(dir, 'runs-history.json'), JSON.stringify(first));
    const again = await runsHistory(dir, { ...overview, customers: { ...overview.customers, active: 1 } });
    expect(again.runs).toHaveLength(1);
    expect(again.runs[0]).toMatchObject({ seq: 1, activeCustomers: 1 });
    await writeFile(join(dir, 'runs-history.json'), JSON.stringify(again));
    const earlier = await runsHistory(dir, { ...overview, asOf: '2026-04-01', modelId: 'm-old' });
    expect(earlier.runs.map((r) => [r.asOf, r.seq])).toEqual([
      ['2026-04-01', 2],
      [overview.asOf, 1],
    ]);
  });

  it("publish writes an empty monitoring.json where there is none, and never overwrites the retrain command's", async () => {
    const { writeEmptyMonitoring } = await import('../pipeline/report/publish-stage.ts');
    const dir = join(tmp, 'monitoring');
    await mkdir(dir);
    expect(await writeEmptyMonitoring(dir)).toBe(true);
    expect(JSON.parse(await readFile(join(dir, 'monitoring.json'), 'utf8'))).toEqual({
      runs: [],
      champions: [],
      drift: null,
      realised: [],
    });
    await copyFile(join(fixtures, 'monitoring.json'), join(dir, 'monitoring.json'));
    expect(await writeEmptyMonitoring(dir)).toBe(false);
    expect(await readFile(join(dir, 'monitoring.json'), 'utf8')).toBe(
      await readFile(join(fixtures, 'monitoring.json'), 'utf8'),
    );
  });

  it('names a missing published file before building', async () => {
    const partial = join(tmp, 'partial');
    await mkdir(partial);
    await copyFile(join(fixtures, 'overview.json'), join(partial, 'overview.json'));
    await expect(buildSite({ publishDir: partial, outDir: join(tmp, 'never') })).rejects.toThrow(/at-risk\.json/);
    expect(existsSync(join(tmp, 'never'))).toBe(false);
  });

  it('throws a one-line error with Framework stderr when a loader fails, keeping the old site', async () => {
    const broken = join(tmp, 'broken');
    await mkdir(broken);
    for (const name of PUBLISHED_FILES.filter((n) => n !== 'model.json'))
      await copyFile(join(fixtures, name), join(broken, name));
    await writeFile(join(broken, 'model.json'), '{"modelId": ');
    const error = await buildSite({ publishDir: broken, outDir }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toMatch(/^site build failed .*model\.json is not valid JSON/);
    expect(error!.message).not.toContain('\n');
    expect(existsSync(join(outDir, 'index.html'))).toBe(true);
  });

  it('loaders exit non-zero with one stderr line naming the missing file', () => {
    const run = spawnSync(process.execPath, [join(root, 'reports', 'data', 'model.json.js')], {
      cwd: tmpdir(),
      env: { ...process.env, CHURN_PUBLISH_DIR: join(tmp, 'nowhere') },
      encoding: 'utf8',
    });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(join(tmp, 'nowhere', 'model.json'));
  });

  it('loaders print the published file to stdout', () => {
    const run = spawnSync(process.execPath, [join(root, 'reports', 'data', 'at-risk.json.js')], {
      cwd: tmpdir(),
      env: { ...process.env, CHURN_PUBLISH_DIR: fixtures },
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).rows).toHaveLength(atRisk.rows.length);
  });
});

describe('model.json lift and gain (publish.ts)', () => {
  it('derived from the ROC curve, they match liftTable on the scores', async () => {
    const { liftFromRoc } = await import('../pipeline/report/publish-stage.ts');
    const { liftTable } = await import('../models/eval/ranking-metrics.ts');
    const { rocCurve, thinCurve } = await import('../models/eval/metrics.ts');
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const n = 20_000;
    const scores = Array.from({ length: n }, random);
    const labels = scores.map((p) => (random() < 0.8 * p ? 1 : 0));
    const baseRate = labels.reduce((a: number, b) => a + b, 0) / n;
    const exact = liftTable(labels, scores);
    // the ROC curve as training publishes it: thinned to 200 points
    const derived = liftFromRoc(thinCurve(rocCurve(labels, scores)), baseRate);
    expect(derived.map((d) => d.decile)).toEqual(exact.map((d) => d.decile));
    for (const [i, d] of derived.entries()) {
      expect(Math.abs((d.lift ?? NaN) - exact[i].lift), `decile ${d.decile}`).toBeLessThan(0.02);
      expect(Math.abs((d.cumulativeGain ?? NaN) - exact[i].cumulativeGain), `decile ${d.decile}`).toBeLessThan(0.003);
    }
    expect(derived[9].cumulativeGain).toBe(1);
    expect(liftFromRoc([], baseRate)).toEqual([]);
  });
});

describe('model.json what ships and held-out numbers (publish-model-evidence.ts)', () => {
  it('shipped comes from the card (null for an older version); held-out numbers from the newest saved evaluation, what ships first', async () => {
    const { shippedChoice, heldOutEvidence } = await import('../pipeline/report/publish-model-evidence.ts');
    const dir = join(tmp, 'version');
    await mkdir(dir, { recursive: true });
    expect(shippedChoice(dir)).toBeNull();
    await writeFile(join(dir, 'card.json'), JSON.stringify({ modelId: 'm-old', metrics: {} }));
    expect(shippedChoice(dir)).toBeNull();
    const shipped = {
      metrics: 'selection: cross-fitted over two halves of the validation window',
      churn: {
        model: 'stack',
        candidates: [
          { name: 'stack', auc: 0.84, logLoss: 0.4, ece: 0.01 },
          { name: 'logistic', auc: 0.83, logLoss: 0.41, ece: 0.02 },
        ],
      },
      value: {
        model: 'poisson',
        level: 1.02,
        candidates: [
          { name: 'poisson', gini: 0.73 },
          { name: 'stack', gini: 0.72 },
        ],
      },
    };
    await writeFile(join(dir, 'card.json'), JSON.stringify({ modelId: 'm-new', shipped, metrics: {} }));
    const ids = <T extends { name: string }>(list: T[]) => list.map(({ name, ...rest }) => ({ id: name, ...rest }));
    expect(shippedChoice(dir)).toEqual({
      churn: { model: 'stack', candidates: ids(shipped.churn.candidates) },
      value: { model: 'poisson', level: 1.02, candidates: ids(shipped.value.candidates) },
    });

    expect(heldOutEvidence([])).toEqual({ heldOut: null, backtest: null });
    const churn = (auc: number) => ({
      auc,
      prAuc: 0.5,
      logLoss: 0.4,
      brier: 0.1,
      ece: 0.02,
      liftTopDecile: 2,
      precisionTop10: 0.5,
      recallTop10: 0.2,
      meanPredicted: 0.2,
      baseRate: 0.2,
    });
    const value = (gini: number) => ({ gini, spearman: 0.6, decileMape: 0.1, predictedTotal: 10, actualTotal: 11 });
    const report = {
      split: 'time',
      asOf: '2017-10-31',
      horizonDays: 60,
      valueHorizonDays: 60,
      fitValueHorizonDays: 60,
      customers: { train: 4295, valid: 2300, test: 2344 },
      cutoffs: { train: ['2017-07-03'], valid: '2017-09-01', test: '2017-10-31' },
      trainingLabelsUntil: '2017-10-30',
      champion: 'shipped',
      shipped: { churn: 'stack', value: 'poisson' },
      models: [
        { name: 'network', churn: churn(0.81), value: value(0.68) },
        { name: 'shipped', churn: churn(0.83), value: value(0.72) },
        { name: 'poisson', value: value(0.72) },
        { name: 'recency', churn: churn(0.76) },
      ],
      backtest: {
        dates: ['2017-10-31', '2017-09-01'],
        models: {
          network: { auc: [0.81, 0.83], gini: [0.68, 0.72], aucMean: 0.82, aucSd: 0.014, giniMean: 0.7, giniSd: 0.028 },
          shipped: {
            auc: [0.83, 0.84],
            gini: [0.72, 0.73],
            aucMean: 0.835,
            aucSd: 0.007,
            giniMean: 0.725,
            giniSd: 0.007,
          },
          recency: { auc: [0.76, 0.78], gini: [null, null], aucMean: 0.77, aucSd: 0.014, giniMean: null, giniSd: null },
        },
        shipped: [
          { churn: 'stack', value: 'poisson' },
          { churn: 'logistic', value: 'stack' },
        ],
      },
    };
    const older = { ...report, asOf: '2017-06-30', backtest: undefined };
    const { heldOut, backtest } = heldOutEvidence([report, older] as never);
    expect(heldOut).toMatchObject({
      asOf: '2017-10-31',
      split: 'time',
      customers: { test: 2344 },
      trainingLabelsUntil: '2017-10-30',
      champion: 'shipped',
      shipped: { churn: 'stack', value: 'poisson' },
    });
    expect(heldOut!.models.map((m) => m.id)).toEqual(['shipped', 'network', 'poisson', 'recency']);
    expect(heldOut!.models[2]).toEqual({ id: 'poisson', churn: null, value: { gini: 0.72, spearman: 0.6 } });
    expect(backtest!.dates).toEqual(report.backtest.dates);
    expect(backtest!.shipped).toEqual(report.backtest.shipped);
    expect(backtest!.models.map((m) => m.id)).toEqual(['shipped', 'network', 'recency']);
    expect(backtest!.models[0]).toEqual({ id: 'shipped', ...report.backtest.models.shipped });
    expect(backtest!.splits).toBeNull();
    expect(heldOutEvidence([older] as never).backtest).toBeNull();
    // One-cohort data: a backtest over customer splits names its runs (the page heads them "Split n").
    const splits = {
      ...report,
      split: 'customers',
      backtest: { ...report.backtest, dates: ['2017-10-31', '2017-10-31'], splits: ['split 1', 'split 2'] },
    };
    expect(heldOutEvidence([splits] as never).backtest!.splits).toEqual(['split 1', 'split 2']);
  });
});

describe('report components (pure parts)', () => {
  it('CSV: BOM, quoting and formula-injection neutralisation', async () => {
    const { toCsv, csvCell } = await importComponent('csv.js');
    for (const bad of ['=1+1', '+86 138', '-x', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(bad)).toMatch(/^"?'/);
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell(['a', 'b'])).toBe('a; b');
    const text = toCsv([{ id: 'C1', name: '王*' }], [{ key: 'id' }, { key: 'name' }]);
    expect(text).toBe('\ufeffid,name\r\nC1,王*\r\n');
  });

  it('CSV columns: contacts masked by default, as published when the config shows them', async () => {
    const { atRiskCsvColumns } = await importComponent('at-risk-columns.js');
    const { toCsv } = await importComponent('csv.js');
    const row = {
      customerId: 'C1',
      name: 'Wang Wei',
      email: 'wang.wei@example.com',
      phone: '13812345678',
      action: 'none',
      reasonLabels: ['x'],
    };
    const masked = toCsv([row], atRiskCsvColumns());
    expect(masked).not.toContain('wang.wei@');
    expect(masked).not.toContain('13812345678');
    expect(masked).toContain('w***@example.com');
    const full = toCsv([row], atRiskCsvColumns({ contacts: 'full' }));
    expect(full).toContain('Wang Wei,wang.wei@example.com,13812345678');
  });

  it('contact masking never shows a full address', async () => {
    const { maskEmail, maskPhone, maskName } = await importComponent('contact.js');
    expect(maskEmail('w***@example.com')).toBe('w***@example.com');
    expect(maskEmail('wang.wei@example.com')).toBe('w***@example.com');
    expect(maskPhone('+86 13812345678')).toBe('****5678');
    expect(maskPhone('+86 138****5678')).toBe('+86 138****5678');
    expect(maskName('王伟')).toBe('王*');
  });
});

describe.skipIf(!hasChromium)('site in headless Chromium', () => {
  let server: Server;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    server = await serveStatic(outDir);
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('server has no port');
    base = `http://127.0.0.1:${address.port}`;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
    context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r(null)));
  });

  async function open(path: string) {
    const page = await context.newPage();
    const errors: string[] = [];
    const foreign: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol === 'data:' || url.protocol === 'blob:') return;
      if (url.hostname !== '127.0.0.1') foreign.push(request.url());
    });
    await page.goto(base + path, { waitUntil: 'load' });
    return { page, errors, foreign };
  }

  async function chartsRendered(page: Page, expected: number) {
    await page.waitForFunction(
      `(() => {
        const charts = [...document.querySelectorAll('.vega-chart')];
        return charts.length === ${expected} && charts.every((c) => c.querySelector('svg.marks, canvas.marks') || c.classList.contains('vega-chart--error'));
      })()`,
      undefined,
      { timeout: 30_000 },
    );
    // marks were drawn, not just an empty svg
    const marks = await page.$$eval('.vega-chart svg.marks', (svgs) =>
      svgs.map((s) => s.querySelectorAll('path, rect, line').length),
    );
    expect(marks).toHaveLength(expected);
    for (const n of marks) expect(n).toBeGreaterThan(5);
  }

  it('a CJK font is installed, so zh-CN screenshots show Chinese rather than boxes (.ci/run installs fonts-noto-cjk)', () => {
    const fonts = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
    expect(fonts.stdout.trim(), 'no font covers Chinese: apt-get install -y fonts-noto-cjk').not.toBe('');
  });

  for (const spec of PAGES) {
    it(`${spec.path}: loads without errors, draws its charts, in English and in Chinese (screenshots in test-artifacts)`, async () => {
      await mkdir(ARTIFACTS, { recursive: true });
      for (const lang of ['en', 'zh-CN'] as const) {
        const { page, errors, foreign } = await open(
          lang === 'en' ? spec.path : `${spec.path}${spec.path.includes('?') ? '&' : '?'}lang=zh-CN`,
        );
        await page.waitForSelector('#observablehq-main h1');
        await chartsRendered(page, spec.charts);
        await page.waitForLoadState('networkidle');
        expect(await page.$$('.observablehq--error')).toHaveLength(0);
        const heading = (await page.textContent('#observablehq-main h1')) ?? '';
        const main = (await page.innerText('#observablehq-main')) ?? '';
        // the tab title and the sidebar follow the locale too (set by components/page-names.js)
        const title = await page.title();
        const sidebar = await page.innerText('#observablehq-sidebar');
        if (lang === 'en') {
          expect(heading).toMatch(spec.heading);
          expect(main).not.toMatch(/[\u4e00-\u9fff]{2}/);
          expect(title).toMatch(/^[A-Z][\w ()-]+ \| Churn & CLV report$/);
          expect(sidebar).toContain('Data quality');
        } else {
          expect(title).toMatch(/^[\u4e00-\u9fff（）]+ \| 流失与客户终身价值报告$/);
          // no English words (acronyms such as CLV are fine)
          expect(sidebar).not.toMatch(/[a-z]{3,}/);
          expect(await page.innerText('#observablehq-footer')).not.toMatch(/[a-z]{3,}/);
          expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
          expect(heading).toMatch(spec.headingZh);
          // mostly Chinese: more CJK characters than Latin words outside codes and numbers
          const cjk = main.match(/[\u4e00-\u9fff]/g)?.length ?? 0;
          expect(cjk).toBeGreaterThan(20);
        }
        await page.screenshot({
          path: join(ARTIFACTS, `${spec.file.replace('.html', '')}-${lang}.png`),
          fullPage: false,
        });
        expect(errors).toEqual([]);
        expect(foreign).toEqual([]);
        await page.close();
      }
    });
  }

  it('overview: headline numbers with their change since the previous run, four charts, nothing fetched from outside', async () => {
    const { page, errors, foreign } = await open('/');
    await chartsRendered(page, 4);
    const changes = await page.$$eval('.kpi-change', (nodes) => nodes.map((n) => n.textContent));
    expect(changes).toContain('+3.3% since Apr 1, 2026');
    expect(changes).toContain('+0.6 pts since Apr 1, 2026');
    // tooltips: hovering a revenue bar of the trend chart shows vega-tooltip's element
    await page.locator('.vega-chart svg.marks .mark-rect path').first().hover();
    await page.waitForSelector('#vg-tooltip-element.visible', { timeout: 10_000 });
    expect(await page.textContent('#vg-tooltip-element')).toMatch(/Revenue3,708,161/);
    const text = await page.textContent('body');
    expect(text).toContain('31,000');
    expect(text).toContain('23.1%');
    expect(text).toContain('Jul 1, 2026');
    // Whom the team can reach this week (the plan within capacity) and the value at risk that covers.
    const reach = await page.$$eval('.kpi', (ks) =>
      ks.map((k) => k.textContent ?? '').find((x) => x.includes('Team can reach this week')),
    );
    // The totals' intervals are of the actual total, centred on its calibrated mean, which is shown.
    expect(text).toMatch(/actual total likely 12\.6M \(80%: 12\.4M–12\.8M\)/);
    expect(reach).toMatch(/2,353.*612(\.3)?K value at risk \(\d+(\.\d)?% of all\)/);
    await page.waitForLoadState('networkidle');
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it('actions: plan totals, capacity, and measured effects with intervals, in the playbook labels', async () => {
    const { page, errors } = await open('/actions?lang=zh-CN');
    await chartsRendered(page, 3);
    const text = await page.innerText('#observablehq-main');
    expect(text).toContain('VIP 关怀电话');
    expect(text).toContain('挽回优惠');
    expect(text).toMatch(/\+9\.0% \(\+4\.0% – \+14\.0%\)|9\.0% \(4\.0% – 14\.0%\)/);
    expect(text).toContain('无定论');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('data quality: loads, rejects by reason, coverage and freshness', async () => {
    const { page, errors } = await open('/quality');
    await chartsRendered(page, 2);
    const text = await page.innerText('#observablehq-main');
    expect(text).toContain('events-2026-06.parquet');
    expect(text).toContain('3,720,000');
    expect(text).toContain('Jun 30, 2026');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('segments and value: RFM grid, tier matrix and flows in Chinese; concentration shares', async () => {
    const segments = await open('/segments?lang=zh-CN');
    await chartsRendered(segments.page, 5);
    const text = await segments.page.innerText('#observablehq-main');
    expect(text).toContain('较上次运行的生命周期流转');
    // axis labels of the charts are SVG text: the tier names are Chinese there too
    const svgText = await segments.page.$$eval('.vega-chart svg text', (nodes) =>
      nodes.map((n) => n.textContent).join(' '),
    );
    for (const word of ['高风险', '高价值', '重要价值客户', '已流失']) expect(svgText).toContain(word);
    expect(segments.errors).toEqual([]);
    await segments.page.close();
    const value = await open('/value');
    await chartsRendered(value.page, 3);
    const fixture = JSON.parse(await readFile(join(fixtures, 'value.json'), 'utf8'));
    expect(await value.page.innerText('#observablehq-main')).toContain(`${(fixture.top10 * 100).toFixed(1)}%`);
    expect(value.errors).toEqual([]);
    await value.page.close();
  });

  it('cohorts: survival curves switch between plan, region and acquisition channel', async () => {
    const { page, errors } = await open('/cohorts');
    await chartsRendered(page, 2);
    const cohorts = JSON.parse(await readFile(join(fixtures, 'cohorts.json'), 'utf8'));
    const groups = (dimension: string) =>
      [
        ...new Set(
          cohorts.survival
            .filter((d: { dimension: string }) => d.dimension === dimension)
            .map((d: { group: string }) => d.group),
        ),
      ].sort();
    // the second chart's legend (the first chart's colour legend is a gradient)
    const shown = async () =>
      (
        await page.$$eval('.vega-chart', (charts) =>
          [...charts[1].querySelectorAll('svg .role-legend-label text')].map((x) => x.textContent ?? ''),
        )
      ).sort();
    expect(await shown()).toEqual(groups('plan'));
    await page.selectOption('select[name="dimension"]', 'region');
    await page.waitForFunction(
      `document.querySelectorAll('.vega-chart')[1]?.querySelectorAll('svg .role-legend-label text').length === ${groups('region').length}`,
    );
    expect(await shown()).toEqual(groups('region'));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('customer detail: reached from the at-risk list; an id without a page says so', async () => {
    const { page, errors } = await open('/at-risk');
    await page.waitForSelector('.sortable-table tbody tr a code');
    // only the customers published with a detail page link to it
    expect(await page.$$eval('.sortable-table tbody tr td:first-child a', (links) => links.length)).toBe(3);
    await Promise.all([
      page.waitForURL(/\/customer\?id=C004821$/),
      page.click('.sortable-table tbody tr td:first-child a >> text=C004821'),
    ]);
    await chartsRendered(page, 2);
    const text = await page.innerText('#observablehq-main');
    expect(text).toContain('VIP care call');
    expect(text).toContain('No purchase in 173 days');
    expect(text).toContain('l***@example.cn');
    await page.goto(`${base}/customer?id=C999999`);
    await page.waitForSelector('.not-found');
    expect(await page.textContent('.not-found')).toContain('C999999');
    expect(await page.$$('.customer-links li')).toHaveLength(3);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('at-risk: works on 50,000 rows (filter, sort, search, download); one page of rows in the document', async () => {
    // Timings belong in benchmarks: this checks that every step completes on the whole list.
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // the same page, served a 50,000-row at-risk.json instead of the fixture's 12 rows
    const rows = manyAtRiskRows(50_000);
    const big = JSON.stringify({ ...atRisk, total: 200_000, atRisk: 50_000, shown: 50_000, rows });
    await page.route(/\/_file\/data\/at-risk\.[\w]+\.json$/, (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: big }),
    );
    await page.goto(`${base}/at-risk`);
    await page.waitForSelector('.match-count[data-count="50000"]', { timeout: 30_000 });
    const highCount = rows.filter((r) => r.riskTier === 'high').length;
    await page.selectOption('select[name="riskTier"]', 'high');
    await page.waitForSelector(`.match-count[data-count="${highCount}"]`, { timeout: 30_000 });
    expect(await page.$$eval('.sortable-table tbody tr', (trs) => trs.length)).toBe(50);
    await page.click('th button:has-text("Churn prob.")');
    await page.waitForSelector('th[aria-sort="descending"] button:has-text("Churn prob.")', { timeout: 30_000 });
    const found = rows.filter((r) => r.riskTier === 'high' && r.customerId.includes('C04999')).length;
    await page.fill('input[name="customerId"]', 'C04999');
    await page.waitForSelector(`.match-count[data-count="${found}"]`, { timeout: 30_000 });
    await page.fill('input[name="customerId"]', '');
    await page.waitForSelector(`.match-count[data-count="${highCount}"]`, { timeout: 30_000 });
    const csv = parseCsv((await downloadCsv(page)).slice(1));
    expect(csv.length - 1).toBe(highCount);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('at-risk: 50 rows a page under "Rows 1-50 of N"; sorting, filters and the CSV take the whole list; the page stays short', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // 1,000 rows: the top churn probability is deep in the list by value at risk
    const rows = manyAtRiskRows(1000);
    await page.route(/\/_file\/data\/at-risk\.[\w]+\.json$/, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ ...atRisk, atRisk: 1000, shown: 1000, rows }),
      }),
    );
    const ids = (list: typeof rows) => list.map((r) => r.customerId);
    const byValue = ids([...rows].sort((a, b) => b.valueAtRisk - a.valueAtRisk));
    const byProb = [...rows].sort((a, b) => b.churnProb - a.churnProb);
    expect(byValue.indexOf(byProb[0].customerId)).toBeGreaterThan(50);
    const pagerText = () => page.$$eval('.pager-text', (els) => els.map((e) => e.textContent));

    await page.goto(`${base}/at-risk`);
    await page.waitForSelector('.match-count[data-count="1000"]');
    expect(await pagerText()).toEqual(['Rows 1-50 of 1,000', 'Rows 1-50 of 1,000']);
    expect(await shownIds(page)).toEqual(byValue.slice(0, 50));
    // a page of tall rows, not the whole list (1,000 rows drawn made it ~29,000 px)
    expect(await page.evaluate('document.documentElement.scrollHeight')).toBeLessThan(10_000);

    await page.click('.table-pager >> nth=0 >> .pager-next');
    expect(await pagerText()).toEqual(['Rows 51-100 of 1,000', 'Rows 51-100 of 1,000']);
    expect(await shownIds(page)).toEqual(byValue.slice(50, 100));

    // sorting orders the whole list and goes back to page 1: the top churn probability comes first
    await page.click('th button:has-text("Churn prob.")');
    expect(await pagerText()).toContain('Rows 1-50 of 1,000');
    expect(await shownIds(page)).toEqual(ids(byProb.slice(0, 50)));

    // a filter keeps that sort and applies to every row, not only those on screen
    await page.selectOption('select[name="riskTier"]', 'high');
    const high = byProb.filter((r) => r.riskTier === 'high');
    await page.waitForSelector(`.match-count[data-count="${high.length}"]`);
    expect(await pagerText()).toContain(`Rows 1-50 of ${high.length}`);
    expect(await shownIds(page)).toEqual(ids(high.slice(0, 50)));
    await page.click('.table-pager >> nth=1 >> .pager-next');
    expect(await shownIds(page)).toEqual(ids(high.slice(50, 100)));

    // the CSV holds every filtered row in the table's order, not the page on screen
    const csv = parseCsv((await downloadCsv(page)).slice(1));
    expect(csv.slice(1).map((r) => r[0])).toEqual(ids(high));

    // the same pager in Chinese
    await page.goto(`${base}/at-risk?lang=zh-CN`);
    await page.waitForSelector('.match-count[data-count="1000"]');
    expect(await pagerText()).toContain('第 1-50 行，共 1,000 行');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sidebar: its colour runs down the whole of a long page in a full-page capture (1,100 px window), light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const tall = await browser.newContext({ viewport: { width: 1280, height: 1100 }, colorScheme });
      const page = await tall.newPage();
      await page.goto(`${base}/at-risk`);
      await page.waitForSelector('.sortable-table tbody tr code');
      const height = (await page.evaluate('document.documentElement.scrollHeight')) as number;
      expect(height).toBeGreaterThan(1100);
      const png = (await page.screenshot({ fullPage: true })).toString('base64');
      // the colour in the sidebar's column at the top and at the bottom of the capture
      const [top, bottom] = (await page.evaluate(`(async () => {
        const img = new Image();
        img.src = 'data:image/png;base64,${png}';
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = 1;
        canvas.height = img.height;
        const g = canvas.getContext('2d');
        g.drawImage(img, 150, 0, 1, img.height, 0, 0, 1, img.height);
        const px = (y) => [...g.getImageData(0, y, 1, 1).data].join(',');
        return [px(5), px(img.height - 5)];
      })()`)) as [string, string];
      // decoding may shift a channel by one; page and sidebar colours differ by far more (255 vs 246)
      const gap = Math.max(...top.split(',').map((v, i) => Math.abs(Number(v) - Number(bottom.split(',')[i]))));
      expect(gap, `${colorScheme}: ${top} at the top, ${bottom} at the bottom`).toBeLessThanOrEqual(2);
      await tall.close();
    }
  });

  it('phone width: no page scrolls sideways; wide tables scroll inside their card', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    for (const spec of PAGES) {
      const page = await phone.newPage();
      await page.goto(base + spec.path);
      await page.waitForSelector('#observablehq-main h1');
      await chartsRendered(page, spec.charts);
      const [scroll, inner] = (await page.evaluate('[document.scrollingElement.scrollWidth, window.innerWidth]')) as [
        number,
        number,
      ];
      expect(scroll, spec.path).toBeLessThanOrEqual(inner + 1);
      // every chart fits inside its card (a card clips what sticks out, so the page would not show it)
      const overflow = (await page.evaluate(`[...document.querySelectorAll('.vega-chart svg.marks')].map((svg) => {
        const card = svg.closest('.card') ?? document.querySelector('#observablehq-main');
        return Math.round(svg.getBoundingClientRect().right - card.getBoundingClientRect().right);
      })`)) as number[];
      for (const px of overflow) expect(px, spec.path).toBeLessThanOrEqual(1);
      await page.screenshot({ path: join(ARTIFACTS, `${spec.file.replace('.html', '')}-phone.png`) });
      await page.close();
    }
    // at-risk filters fit in a narrow desktop window too (a phone lays selects out its own way),
    // even a select holding a long action label
    const narrow = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await narrow.newPage();
    const long = { ...atRisk.rows[0], action: 'service_recovery_call_to_resolve_every_open_ticket_first' };
    await page.route(/\/_file\/data\/at-risk\.[\w]+\.json$/, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ ...atRisk, rows: [long, ...atRisk.rows] }),
      }),
    );
    await page.goto(`${base}/at-risk`);
    await page.waitForSelector('.sortable-table tbody tr code');
    const controls = (await page.evaluate(
      `[...document.querySelectorAll('.row-filters select, .row-filters input')].map((c) => Math.round(c.getBoundingClientRect().right - innerWidth))`,
    )) as number[];
    expect(controls.length).toBeGreaterThan(5);
    for (const px of controls) expect(px).toBeLessThanOrEqual(0);
    await narrow.close();
    await phone.close();
  });

  it('dark theme: axis and legend text of every chart follows the page colour', async () => {
    const dark = await browser.newContext({ colorScheme: 'dark' });
    for (const spec of PAGES.filter((p) => p.charts > 0)) {
      const page = await dark.newPage();
      await page.goto(base + spec.path);
      await chartsRendered(page, spec.charts);
      const [fills, background] = (await page.evaluate(`[
        [...document.querySelectorAll('.vega-chart svg.marks :is(.role-axis-label, .role-axis-title, .role-legend-label, .role-legend-title) text')].map((t) => getComputedStyle(t).fill),
        getComputedStyle(document.body).backgroundColor,
      ]`)) as [string[], string];
      expect(fills.length, spec.path).toBeGreaterThan(0);
      for (const fill of fills) expect(luminance(fill), `${spec.path} ${fill}`).toBeGreaterThan(0.5);
      expect(luminance(background)).toBeLessThan(0.3);
      await page.close();
    }
    await dark.close();
  });

  it('model: metrics table, five charts, lift by decile, cumulative gain and monitoring', async () => {
    const { page, errors, foreign } = await open('/model');
    await chartsRendered(page, 10);
    // What ships was fitted again on the training and validation rows: the page says so, with the rows.
    expect(await page.innerText('#observablehq-main')).toContain(
      'fitted again on the training and validation rows together (62,000 rows)',
    );
    const table = await page.textContent('.selection-table');
    expect(table).toContain('0.834');
    expect(table).toContain('0.781');
    // one bar per decile; the gain line ends at all churners found
    expect(
      await page.$$eval(
        '.vega-chart[aria-label="Lift by decile of churn score"] svg .mark-rect path',
        (bars) => bars.length,
      ),
    ).toBe(10);
    const gain = (await page.evaluate(
      `document.querySelector('.vega-chart[aria-label="Cumulative gain"]').ready.then((view) => view.data('data_1').map((d) => d.gain))`,
    )) as number[];
    const model = JSON.parse(await readFile(join(fixtures, 'model.json'), 'utf8'));
    expect(gain).toEqual([0, ...model.lift.map((d: { cumulativeGain: number }) => d.cumulativeGain)]);

    // monitoring: every run with its status and decision; drift bars coloured by level, score included
    const monitoring = JSON.parse(await readFile(join(fixtures, 'monitoring.json'), 'utf8'));
    const statuses = await page.$$eval('.runs-table tbody tr', (trs) =>
      trs.map((tr) => tr.getAttribute('data-status')),
    );
    expect(statuses).toEqual(monitoring.runs.map((r: { status: string }) => r.status));
    const runsText = await page.innerText('.runs-table');
    for (const word of [
      'Promoted',
      'Rejected',
      'Aborted',
      'Failed',
      'First model',
      'fail: AUC 0.816 vs 0.820 (-0.004; needs +0.005)',
      'm-2026-06-01-42',
    ])
      expect(runsText).toContain(word);
    const fills = await page.$$eval('.vega-chart[aria-label="Drift (PSI)"] svg .mark-rect.role-mark path', (bars) =>
      bars.map((b) => b.getAttribute('fill')),
    );
    const levels = [...monitoring.drift.features, monitoring.drift.score].map(
      (f: { level: string }) => ({ ok: '#4e9f50', warn: '#f28e2b', alert: '#e15759' })[f.level],
    );
    expect(fills.sort()).toEqual(levels.sort());
    expect(
      await page.$$eval('.vega-chart[aria-label="Drift (PSI)"] svg .mark-rule.role-mark line', (rules) => rules.length),
    ).toBe(2);
    const champions = (await page.evaluate(
      `document.querySelector('.vega-chart[aria-label="Champion history: validation ROC AUC"]').ready.then((view) => view.data('data_0').map((d) => d.modelId))`,
    )) as string[];
    expect(champions).toEqual(monitoring.champions.map((c: { modelId: string }) => c.modelId));
    // realised: an AUC and an ECE line, one point per matured run each
    const points = await page.$$eval(
      '.vega-chart[aria-label="Realised performance once outcomes are known"] svg .mark-symbol.role-mark path',
      (p) => p.length,
    );
    expect(points).toBe(2 * monitoring.realised.length);
    await page.waitForLoadState('networkidle');
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it('model: monitoring in Chinese, and a note instead of charts while monitoring.json is empty', async () => {
    const zh = await open('/model?lang=zh-CN');
    await chartsRendered(zh.page, 10);
    const text = await zh.page.innerText('#observablehq-main');
    for (const word of ['重新训练记录', '冠军模型历史', '未采用', '已中止', '失败', '结果已知后的实际表现', '提升度'])
      expect(text).toContain(word);
    // Promotion reasons in the locale where the run report has them (older runs: as recorded).
    expect(text).toContain('通过:校准误差 ECE 0.021 对 0.025');
    expect(text).not.toContain('pass: ECE 0.021 vs 0.025');
    const svgText = await zh.page.$$eval('.vega-chart svg text', (nodes) => nodes.map((n) => n.textContent).join(' '));
    for (const word of ['告警', '警告', '流失评分', '已晋升', '评分运行（数据截至）']) expect(svgText).toContain(word);
    // the chart menu and the sidebar toggle are Framework's and vega-embed's English unless told otherwise
    expect(await zh.page.$$eval('.vega-actions a', (links) => [...new Set(links.map((a) => a.textContent))])).toEqual([
      '另存为 SVG',
      '另存为 PNG',
    ]);
    expect(await zh.page.getAttribute('.vega-embed details', 'title')).toBe('点击查看操作');
    expect(await zh.page.getAttribute('#observablehq-sidebar-toggle', 'title')).toBe('显示或隐藏侧栏');
    expect(zh.errors).toEqual([]);
    await zh.page.close();

    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    const empty = JSON.stringify({ runs: [], champions: [], drift: null, realised: [] });
    await page.route(/\/_file\/data\/monitoring\.[\w]+\.json$/, (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: empty }),
    );
    await page.goto(`${base}/model`);
    await page.waitForSelector('.monitoring-empty');
    await chartsRendered(page, 7);
    expect(await page.textContent('.monitoring-empty')).toBe('No retraining runs yet.');
    expect(await page.$$('.runs-table')).toHaveLength(0);
    expect(await page.$$('.observablehq--error')).toHaveLength(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('model: which model ships and why, its candidates (selection metrics) and held-out numbers apart, in English and Chinese', async () => {
    const model = JSON.parse(await readFile(join(fixtures, 'model.json'), 'utf8'));
    const { page, errors } = await open('/model');
    await chartsRendered(page, 10);
    expect(await page.innerText('.shipped-sentence')).toContain(
      'Churn scores come from the stack of the candidates (AUC 0.834 on the validation window, +0.003 over logistic regression); ' +
        'value from the Poisson regression (Gini 0.610, +0.003 over the stack of the candidates).',
    );
    // candidates side by side, best first, the shipped one marked, labelled as selection metrics
    const candidates = await page.innerText('.candidates');
    expect(candidates).toContain(
      'Selection metrics: measured on the validation window the choice was made on (cross-fitted), not held out.',
    );
    for (const head of ['churn', 'value'] as const) {
      const rows = await page.$$eval(`.candidates-table[data-head="${head}"] tbody tr`, (trs) =>
        trs.map((tr) => [tr.getAttribute('data-candidate'), tr.classList.contains('is-shipped')]),
      );
      expect(rows).toEqual(
        model.shipped[head].candidates.map((c: { id: string }) => [c.id, c.id === model.shipped[head].model]),
      );
    }
    expect(await page.innerText('.candidates-table[data-head="churn"] tr.is-shipped')).toMatch(
      /Stack of the candidates\s*shipped\s*0\.834\s*0\.451\s*0\.021/,
    );
    // held out: shipped first, then every model of the saved evaluation, with its test date and split
    const heldOut = await page.innerText('.held-out');
    expect(heldOut).toContain('Held out: customers at the test date Mar 3, 2026 (time split, 30,560 customers)');
    expect(
      await page.$$eval('.held-out-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-model'))),
    ).toEqual(model.heldOut.models.map((m: { id: string }) => m.id));
    expect(await page.innerText('.held-out-table tr.is-shipped')).toMatch(
      /Shipped model\s*churn: Stack of the candidates; value: Poisson regression\s*0\.828\s*0\.694/,
    );
    // the backtest: per date and mean ± sd, and what shipped at each date
    const auc = await page.innerText('.backtest-table[data-metric="auc"]');
    expect(auc).toMatch(/Mar 3, 2026\s+Dec 3, 2025\s+Sep 4, 2025\s+Mean ± sd/);
    expect(auc).toMatch(/Shipped model\s+0\.828\s+0\.833\s+0\.822\s+0\.828 ± 0\.006/);
    expect(auc).toMatch(
      /Shipped at this date\s+Stack of the candidates\s+Stack of the candidates\s+Logistic regression/,
    );
    const gini = await page.innerText('.backtest-table[data-metric="gini"]');
    expect(gini).toMatch(/Poisson regression\s+0\.597\s+0\.604\s+0\.585\s+0\.595 ± 0\.010/);
    expect(gini).not.toContain('Logistic regression');
    // the metrics table says what it holds: the shipped model's selection metrics next to the candidates'
    const selection = await page.innerText('.selection-table');
    expect(selection).toMatch(
      /Metric\s+Shipped\s+Simple baseline\s+Network\s+Logistic regression\s+Gradient-boosted trees\s+BG\/NBD × Gamma-Gamma\s+Stack of the candidates/,
    );
    expect(selection).toContain(
      'Cross-fitted on the validation window the choice was made on: selection metrics, not held out.',
    );
    expect(errors).toEqual([]);
    await page.close();

    const zh = await open('/model?lang=zh-CN');
    await chartsRendered(zh.page, 10);
    expect(await zh.page.innerText('.shipped-sentence')).toContain(
      '流失评分来自候选模型堆叠（验证窗口上 AUC 0.834，较逻辑回归 +0.003）；价值预测来自泊松回归（Gini 0.610，较候选模型堆叠 +0.003）。',
    );
    expect(await zh.page.innerText('.candidates')).toContain(
      '选择指标：在做出选择的验证窗口上测得（交叉拟合），并非留出数据。',
    );
    expect(await zh.page.innerText('.candidates-table[data-head="value"] tr.is-shipped')).toMatch(
      /泊松回归\s*已上线\s*0\.610/,
    );
    expect(await zh.page.innerText('.held-out')).toContain(
      '留出数据：测试日期 2026年3月3日 的客户（按时间划分，30,560 位客户）',
    );
    expect(await zh.page.innerText('.backtest-table[data-metric="auc"]')).toMatch(
      /上线模型\s+0\.828\s+0\.833\s+0\.822\s+0\.828 ± 0\.006/,
    );
    expect(zh.errors).toEqual([]);
    await zh.page.close();
  });

  it('model: an older version says the network shipped uncompared; without a saved evaluation, one line says how to get held-out numbers', async () => {
    const model = JSON.parse(await readFile(join(fixtures, 'model.json'), 'utf8'));
    const { shipped: _s, heldOut: _h, backtest: _b, ...old } = model;
    old.metrics = {
      ...model.metrics,
      baselines: { logistic: model.metrics.baselines.logistic, bgnbd: model.metrics.baselines.bgnbd },
    };
    for (const lang of ['en', 'zh-CN']) {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
      await page.route(/\/_file\/data\/model\.[\w]+\.json$/, (route) =>
        route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(old) }),
      );
      await page.goto(`${base}/model${lang === 'en' ? '' : '?lang=zh-CN'}`);
      await chartsRendered(page, 10);
      const sentence = await page.innerText('.shipped-sentence');
      const noHeldOut = await page.innerText('.no-held-out');
      const selection = await page.innerText('.selection-table');
      if (lang === 'en') {
        expect(sentence).toBe(
          'Churn scores and value both come from the network: this model version was trained before candidates were compared, so nothing was compared with it.',
        );
        expect(noHeldOut).toBe('No held-out numbers yet: run churn evaluate --backtest 3, then churn report.');
        expect(selection).toMatch(
          /Metric\s+Network \(shipped\)\s+Simple baseline\s+Logistic regression\s+BG\/NBD × Gamma-Gamma/,
        );
        expect(selection).toContain('not held out, and nothing was compared');
      } else {
        expect(sentence).toContain('都来自神经网络');
        expect(sentence).toContain('没有与任何模型比较');
        expect(noHeldOut).toContain('churn evaluate --backtest 3');
        expect(selection).toContain('神经网络（上线）');
      }
      expect(await page.$$('.candidates-table, .held-out-table, .backtest-table')).toHaveLength(0);
      expect(await page.$$('.observablehq--error')).toHaveLength(0);
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('model: in the dark theme, the sentence and the shipped rows follow the page colour', async () => {
    const dark = await browser.newContext({ colorScheme: 'dark' });
    const page = await dark.newPage();
    await page.goto(`${base}/model`);
    await chartsRendered(page, 10);
    const colors = (await page.evaluate(`[
      ...[...document.querySelectorAll('.shipped-sentence, tr.is-shipped > th, tr.is-shipped > td')].map((n) => getComputedStyle(n).color),
    ]`)) as string[];
    expect(colors.length).toBeGreaterThan(10);
    for (const color of colors) expect(luminance(color), color).toBeGreaterThan(0.5);
    await dark.close();
  });

  it('customer base: P(alive) matrix, calibration vs holdout, cumulative purchases and CLV distribution', async () => {
    const { page, errors, foreign } = await open('/customer-base');
    await chartsRendered(page, 4);
    const text = await page.textContent('body');
    expect(text).toContain('Probability alive by frequency and recency');
    expect(text).toMatch(/BG\/NBD fitted on [\d,]+ customers/);
    await page.waitForLoadState('networkidle');
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it('at-risk: table, masked contacts, filters, sorting and the CSV download', async () => {
    const { page, errors, foreign } = await open('/at-risk');
    await page.waitForSelector('.sortable-table tbody tr code');
    const byValue = [...atRisk.rows].sort((a, b) => b.valueAtRisk - a.valueAtRisk).map((r) => r.customerId);
    expect(await shownIds(page)).toEqual(byValue);

    // contact data stays masked: every address shown has a '*' in its local part
    const body = await page.innerText('body');
    const addresses = body.match(/[^\s@]+@[\w.-]+\.[a-z]{2,}/gi) ?? [];
    expect(addresses.length).toBe(atRisk.rows.length);
    for (const address of addresses) expect(address.split('@')[0]).toContain('*');

    // all rows: formula-like cells are neutralised, the file starts with a BOM
    const all = await downloadCsv(page);
    expect(all.startsWith('\ufeffcustomerId,name,email,phone,')).toBe(true);
    const allRows = parseCsv(all.slice(1));
    expect(allRows.slice(1).map((r) => r[0])).toEqual(byValue);
    expect(all).toContain("'=Robert T*");
    expect(all).toContain("'+86 138****5678");
    for (const row of allRows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

    // filter by tier: the table and the CSV show exactly the high-risk rows
    await page.selectOption('select[name="riskTier"]', 'high');
    const high = atRisk.rows.filter((r) => r.riskTier === 'high');
    await page.waitForSelector(`.match-count[data-count="${high.length}"]`);
    const highIds = [...high].sort((a, b) => b.valueAtRisk - a.valueAtRisk).map((r) => r.customerId);
    expect(await shownIds(page)).toEqual(highIds);
    const highCsv = parseCsv((await downloadCsv(page)).slice(1));
    expect(highCsv.slice(1).map((r) => r[0])).toEqual(highIds);
    expect(highCsv.slice(1).every((r) => r[6] === 'high')).toBe(true);

    // sort by churn probability (largest first): the CSV follows the table's order
    await page.click('th button:has-text("Churn prob.")');
    const byProb = [...high].sort((a, b) => b.churnProb - a.churnProb).map((r) => r.customerId);
    expect(await shownIds(page)).toEqual(byProb);
    expect(
      parseCsv((await downloadCsv(page)).slice(1))
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(byProb);

    // search by customer id, combined with the tier filter
    await page.fill('input[name="customerId"]', byProb[0].slice(-4));
    await page.waitForSelector('.match-count[data-count="1"]');
    expect(await shownIds(page)).toEqual([byProb[0]]);

    await page.waitForLoadState('networkidle');
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });
});

if (!hasChromium) {
  it.skip(`browser checks skipped: ${CHROMIUM} not found (apt-get install -y chromium)`, () => {});
}

/** Relative luminance (0-1) of a CSS rgb()/rgba() colour, or color(srgb r g b) with channels in 0-1. */
function luminance(color: string): number {
  const scale = color.startsWith('color(srgb') ? 1 : 255;
  const [r, g, b] = (color.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / scale;
}

/** n at-risk rows made from the fixture's: ids, tiers, churn probabilities and values spread evenly. */
function manyAtRiskRows(n: number): AtRiskRow[] {
  const tiers = ['high', 'medium', 'low'];
  return Array.from({ length: n }, (_, i) => ({
    ...atRisk.rows[i % atRisk.rows.length],
    customerId: `C${String(i).padStart(6, '0')}`,
    riskTier: tiers[i % 3],
    churnProb: ((i * 7919) % 1000) / 1000,
    valueAtRisk: ((i * 104729) % 100000) / 10,
  }));
}

async function shownIds(page: Page): Promise<string[]> {
  return page.$$eval('.sortable-table tbody tr td:first-child code', (cells) => cells.map((c) => c.textContent ?? ''));
}

async function downloadCsv(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('.download-button')]);
  expect(download.suggestedFilename()).toMatch(/^at-risk-2026-07-01\.csv$/);
  const path = await download.path();
  return readFile(path, 'utf8');
}

/** A small RFC 4180 parser (quoted cells, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') ((cell += '"'), i++);
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') (row.push(cell), (cell = ''));
    else if (ch === '\r' && text[i + 1] === '\n') {
      (row.push(cell), rows.push(row), (row = []), (cell = ''), i++);
    } else cell += ch;
  }
  if (cell || row.length) (row.push(cell), rows.push(row));
  return rows;
}

async function importComponent(name: string) {
  // the components are browser JavaScript; their pure helpers also run in Node
  return import(pathToFileURL(join(root, 'reports', 'components', name)).href);
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else out.push(path);
  }
  return out;
}
