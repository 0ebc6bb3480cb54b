// `npm run model-card`: runs `churn evaluate` on the demo data (time split, and a backtest), on the
// Complete Journey baskets (time split with a backtest) and on CDNOW master (customer split, the ZILN paper's protocol) through the real CLI in a temp directory, and writes the
// results into docs/model-card.md between its markers.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EvaluationReport } from './evaluate-stage.ts';
import { renderRuns, spliceSection, type CardRun } from './model-card-section.ts';
import { REPO_ROOT, runChurnCli } from '../run-cli.ts';

const root = REPO_ROOT;
const card = join(root, 'docs/model-card.md');
const dir = mkdtempSync(join(tmpdir(), 'model-card-'));

const churn = runChurnCli;

try {
  const demoDb = join(dir, 'demo', 'churn.duckdb');
  const cdnowDb = join(dir, 'cdnow', 'churn.duckdb');
  churn(['demo', '--no-report', '--db', demoDb]);
  const demoArgs = ['evaluate', '--split', 'time', '--json'];
  const demo = JSON.parse(churn([...demoArgs, '--db', demoDb])) as EvaluationReport;
  const demoWithoutText = JSON.parse(churn([...demoArgs, '--without', 'text', '--db', demoDb])) as EvaluationReport;
  churn([
    'ingest',
    'data/samples/cdnow/CDNOW_master.txt',
    '--kind',
    'events',
    '--map',
    'data/samples/cdnow/mapping-master.json',
    '--db',
    cdnowDb,
  ]);
  const cdnowArgs = [
    'evaluate',
    '--as-of',
    '1997-09-30',
    '--horizon-days',
    '273',
    '--value-horizon-days',
    '273',
    '--split',
    'customers',
    '--backtest',
    '5',
    '--json',
  ];
  const cdnow = JSON.parse(churn([...cdnowArgs, '--db', cdnowDb])) as EvaluationReport;
  const demoBacktestArgs = ['evaluate', '--split', 'time', '--value-horizon-days', '90', '--backtest', '3', '--json'];
  const demoBacktest = JSON.parse(churn([...demoBacktestArgs, '--db', demoDb])) as EvaluationReport;
  const cjDb = join(dir, 'cj', 'churn.duckdb');
  churn([
    'ingest',
    'data/samples/completejourney/baskets.csv',
    '--kind',
    'events',
    '--map',
    'data/samples/completejourney/mapping.json',
    '--db',
    cjDb,
  ]);
  const cjArgs = [
    'evaluate',
    '--as-of',
    '2017-10-31',
    '--horizon-days',
    '60',
    '--value-horizon-days',
    '60',
    '--split',
    'time',
    '--backtest',
    '3',
    '--json',
  ];
  const cj = JSON.parse(churn([...cjArgs, '--db', cjDb])) as EvaluationReport;
  const runs: CardRun[] = [
    {
      title: 'Demo data (churn demo defaults: 50,000 customers, seed 42), time split',
      commands: [
        'npx churn demo --no-report --db /tmp/demo/churn.duckdb',
        `npx churn ${demoArgs.join(' ')} --db /tmp/demo/churn.duckdb`,
        `npx churn ${demoArgs.join(' ')} --without text --db /tmp/demo/churn.duckdb`,
      ],
      report: demo,
      withoutText: demoWithoutText,
    },
    {
      title: 'Demo data, 90-day value horizon, 3-date backtest',
      commands: [`npx churn ${demoBacktestArgs.join(' ')} --db /tmp/demo/churn.duckdb`],
      report: demoBacktest,
    },
    {
      title:
        'Complete Journey baskets (2,377 households, one year, real), time split and 3-date backtest, 60-day horizons',
      commands: [
        'npx churn ingest data/samples/completejourney/baskets.csv --kind events --map data/samples/completejourney/mapping.json --db /tmp/cj/churn.duckdb',
        `npx churn ${cjArgs.join(' ')} --db /tmp/cj/churn.duckdb`,
      ],
      report: cj,
    },
    {
      title: 'CDNOW master (23,570 customers, one cohort), customer split and 5 customer splits',
      commands: [
        'npx churn ingest data/samples/cdnow/CDNOW_master.txt --kind events --map data/samples/cdnow/mapping-master.json --db /tmp/cdnow/churn.duckdb',
        `npx churn ${cdnowArgs.join(' ')} --db /tmp/cdnow/churn.duckdb`,
      ],
      report: cdnow,
    },
  ];
  writeFileSync(card, spliceSection(readFileSync(card, 'utf8'), renderRuns(runs)));
  process.stderr.write('wrote docs/model-card.md\n');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
