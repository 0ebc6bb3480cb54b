// The command table: help text and options for every command. Each option says what it accepts
// (option-spec.ts): the parser checks values against it before the command runs, and the help is
// written from it. Implementations load on demand (implementations.ts); this file imports only light
// modules, so `churn --help` stays fast.
import type { ExportFormat } from '../export/export-stage.ts';
import { BUSINESSES } from '../generate/businesses.ts';
import type { Encoding } from '../ingest/sources/csv-source.ts';
import type { SourceFormat } from '../ingest/sources/source.ts';
import type { Shard } from '../score/shard.ts';
import { CANONICAL_COLUMNS, LOCALES, RFM_SEGMENTS, RISK_TIERS, type Kind } from '../vocabulary.ts';
import { defineCommand, type CommandSpec } from './command.ts';
import type { OptionSpecs } from './option-spec.ts';
import { TRUTHS } from '../simulate/true-effects.ts';

const asOf = { kind: 'date', description: 'as-of date', defaultText: 'the day after the last event' } as const;
const scoresOf = { kind: 'date', description: 'scores of this date', defaultText: 'the latest scored' } as const;
const seed = { kind: 'int', value: 'S', min: 0, max: 2 ** 31 - 1, defaultText: 'config seed, 42' } as const;

const KINDS = Object.keys(CANONICAL_COLUMNS) as Kind[];
const SOURCE_FORMATS = ['csv', 'parquet', 'json', 'ndjson'] as const satisfies readonly SourceFormat[];
const ENCODINGS = ['utf8', 'gb18030'] as const satisfies readonly Encoding[];
const EXPORT_FORMATS = ['csv', 'xlsx', 'parquet', 'json'] as const satisfies readonly ExportFormat[];

export const DEMO = defineCommand({
  name: 'demo',
  summary: 'generate a synthetic history and run the whole pipeline (features, train, score, export, report)',
  usage:
    'churn demo [--business retail|subscription] [--customers N] [--seed S] [--campaigns N [--true-effects mostly-right|misjudged]] [--db PATH] [--out DIR] [--no-report] [--replace]',
  options: {
    business: {
      kind: 'enum',
      choices: BUSINESSES,
      default: 'retail',
      description:
        'retail: purchases; subscription: plans, contracts, payments, cancellations (churn = cancellation, 60 days; writes churn.config.json beside the database)',
    },
    customers: { kind: 'int', min: 100, max: 10_000_000, default: 50_000, description: 'customers to generate' },
    seed: { ...seed, description: 'random seed for data and model' },
    campaigns: {
      kind: 'int',
      value: 'N',
      min: 1,
      max: 8,
      description:
        'simulate N retention campaigns with known true effects, each after a retrain, planned by the static playbook and by the learning plan (docs/simulation.md; retail only)',
    },
    'true-effects': {
      kind: 'enum',
      choices: TRUTHS,
      default: 'mostly-right',
      description:
        'with --campaigns: what the actions truly do; mostly-right: about what the playbook expects, with a few that harm or do nothing; misjudged: the playbook overrates its favourite contacts',
    },
    out: {
      kind: 'path',
      value: 'DIR',
      description: 'where to build the site',
      defaultText: 'config report.outDir, dist',
    },
    'no-report': { kind: 'boolean', description: 'skip publishing and building the report site' },
    replace: {
      kind: 'boolean',
      description: 'replace data the demo did not generate (ingested files, actions); without it the demo refuses',
    },
  },
});

export const GENERATE = defineCommand({
  name: 'generate',
  summary: 'write a synthetic interaction history as CSV files (customers.csv, events.csv)',
  usage: 'churn generate --out DIR [--business retail|subscription] [--customers N] [--seed S] [--replace]',
  options: {
    business: {
      kind: 'enum',
      choices: BUSINESSES,
      default: 'retail',
      description:
        'retail: purchases; subscription: plans, contracts, payments, cancellations (also customers.mapping.json, which declares the attributes)',
    },
    out: {
      kind: 'path',
      value: 'DIR',
      required: true,
      description: 'directory for customers.csv and events.csv, created if missing',
    },
    customers: { kind: 'int', min: 1, max: 10_000_000, default: 50_000, description: 'customers to generate' },
    seed: { ...seed, description: 'random seed' },
    replace: {
      kind: 'boolean',
      description: 'overwrite customers.csv and events.csv already in DIR (without it generate refuses)',
    },
  },
});

export const INGEST = defineCommand({
  name: 'ingest',
  summary: 'load CSV, Parquet, JSON or NDJSON exports: map, validate every row, reject bad rows with reasons',
  usage:
    'churn ingest FILE... --kind customers|events|actions [--map MAPPING.json] [--format csv|parquet|json|ndjson] ' +
    '[--encoding utf8|gb18030] [--rejects OUT.csv] [--dry-run]\n       churn ingest --infer FILE --kind KIND',
  positionals: [{ name: 'FILE', required: true, variadic: true }],
  options: {
    kind: { kind: 'enum', choices: KINDS, required: true, description: 'what the files hold' },
    map: {
      kind: 'path',
      value: 'FILE',
      description: 'mapping file: source columns -> canonical fields',
      defaultText: 'the file is canonical',
    },
    format: {
      kind: 'enum',
      choices: SOURCE_FORMATS,
      description: 'file format',
      defaultText: 'from the mapping, else the extension',
    },
    encoding: {
      kind: 'enum',
      choices: ENCODINGS,
      description: 'text encoding of CSV files; gb18030 also reads GBK',
      defaultText: 'from the mapping, else utf8',
    },
    rejects: {
      kind: 'path',
      value: 'FILE',
      description: 'also write rejected rows to this CSV, to fix and ingest again',
    },
    'dry-run': { kind: 'boolean', description: 'validate and count, change nothing' },
    infer: { kind: 'boolean', description: 'print a starter mapping for FILE instead of loading it' },
  },
});

export const FEATURES = defineCommand({
  name: 'features',
  summary: 'build the point-in-time feature snapshot at a date',
  usage: 'churn features [--as-of DATE]',
  options: { 'as-of': asOf },
});

export const TRAIN = defineCommand({
  name: 'train',
  summary: 'train the churn + CLV model on a time split and save it',
  usage: 'churn train [--as-of DATE] [--candidate]',
  options: {
    'as-of': asOf,
    candidate: { kind: 'boolean', description: 'keep the current champion; promote later with `churn models promote`' },
  },
});

export const EVALUATE = defineCommand({
  name: 'evaluate',
  summary:
    'evaluate what train would ship and every candidate (network, logistic, trees, Poisson, BG/NBD, stack, recency rule) on held-out customers',
  usage:
    'churn evaluate [--as-of DATE] [--horizon-days N] [--value-horizon-days N] [--split time|customers] [--backtest K] [--split-file FILE]',
  options: {
    'as-of': { kind: 'date', description: 'test cutoff', defaultText: 'the latest whose labels are fully observed' },
    'horizon-days': {
      kind: 'int',
      min: 7,
      max: 730,
      description: 'churn horizon in days',
      defaultText: 'config horizonDays',
    },
    'value-horizon-days': {
      kind: 'int',
      min: 7,
      max: 1825,
      description: 'value horizon in days',
      defaultText: 'config valueHorizonDays',
    },
    split: {
      kind: 'enum',
      choices: ['time', 'customers'],
      default: 'time',
      description: 'time: train on earlier snapshots; customers: 80/20 by a hash of the id',
    },
    backtest: {
      kind: 'int',
      value: 'K',
      min: 1,
      max: 24,
      default: 1,
      description:
        "K runs, each model's metrics per run with their mean and spread: time split, K as-of dates one churn horizon apart; customer split, K customer splits drawn by different hash salts",
    },
    'split-file': {
      kind: 'path',
      value: 'FILE',
      description:
        "with --split customers: each run's customers from a CSV customer_id,split,set (split 1..K, set train|valid|test), e.g. another tool's split, to compare on the same customers",
    },
    without: {
      kind: 'enum',
      choices: ['text'],
      description: 'leave out the features read from feedback text (docs/voice.md), to measure what they add',
    },
  },
});

export const MODELS = defineCommand({
  name: 'models',
  summary: 'the model registry: list versions, show one model card, promote a version to champion',
  usage: 'churn models list\n       churn models show [VERSION]\n       churn models promote VERSION',
  positionals: [
    { name: 'list|show|promote', required: true },
    { name: 'VERSION', required: false },
  ],
  options: {},
});

export const SCORE = defineCommand({
  name: 'score',
  summary:
    'score every customer with the champion model (churn probability, value, tiers, reasons) and rebuild the plan',
  usage:
    'churn score [--as-of DATE] [--model ID] [--workers N|auto] [--no-explanations] [--no-plan] [--rebuild-features | --reuse-features]\n' +
    '       churn score --shard I/N --out FILE.parquet [--as-of DATE] [--model ID] [--workers N]\n' +
    '       churn score --merge FILE.parquet...',
  positionals: [{ name: 'FILE', required: false, variadic: true }],
  options: {
    'as-of': asOf,
    model: {
      kind: 'string',
      value: 'ID',
      description: 'model version',
      defaultText: 'the champion, else the latest trained',
    },
    workers: {
      kind: 'int',
      min: 1,
      max: 64,
      words: ['auto'],
      default: 1,
      description: 'worker threads for the models and explanations, auto: one per core; same scores as 1',
    },
    'no-explanations': {
      kind: 'boolean',
      description: 'skip the per-customer attributions: reasons keep the rule order (faster)',
    },
    'no-plan': { kind: 'boolean', description: 'do not rebuild the retention plan after scoring' },
    'reuse-features': {
      kind: 'boolean',
      description: 'score the snapshot at the as-of date as it is, without checking that it is current',
    },
    'rebuild-features': {
      kind: 'boolean',
      description: 'rebuild the feature snapshot even when it is current (by default a current one is scored as it is)',
    },
    shard: {
      kind: 'custom',
      value: 'I/N',
      expected: 'i/n with 0 <= i < n',
      parse: shardOf,
      description: 'score only shard I of N (customers by md5 of the id) into --out; reads the database only',
    },
    out: { kind: 'path', value: 'FILE', description: "Parquet file for a shard's scores (with --shard)" },
    merge: {
      kind: 'boolean',
      description: 'load shard files (all N of one run) into the scores table and rebuild the plan',
    },
  },
});

export const PLAN = defineCommand({
  name: 'plan',
  summary: 'build the retention plan: segments, one action per customer within channel capacity, control group',
  usage: 'churn plan [--as-of DATE] [--playbook FILE] [--budget MONEY] [--capacity CHANNEL=N]...',
  options: {
    'as-of': scoresOf,
    playbook: {
      kind: 'path',
      value: 'FILE',
      description: 'playbook file',
      defaultText: 'config plan.playbook, else the shipped default',
    },
    budget: {
      kind: 'number',
      min: 0,
      value: 'MONEY',
      description: 'spend at most this much on action costs in total, best net benefit first',
      defaultText: 'no limit',
    },
    capacity: {
      kind: 'custom',
      multiple: true,
      value: 'CHANNEL=N',
      expected: 'CHANNEL=N, a channel and a whole number of contacts per week',
      parse: (text: string) => {
        const m = /^([a-z][a-z0-9_]*)=(\d{1,9})$/.exec(text.trim());
        return m ? { channel: m[1], perWeek: Number(m[2]) } : undefined;
      },
      description: "replaces the playbook's weekly capacity of a channel for this run; repeatable",
    },
  },
});

export const PLAYBOOK = defineCommand({
  name: 'playbook',
  summary: 'check a playbook file: validate it, report rules that can never fire or overlap',
  usage: 'churn playbook check [FILE]',
  positionals: [
    { name: 'check', required: true },
    { name: 'FILE', required: false },
  ],
  options: {},
});

export const EFFECT = defineCommand({
  name: 'effect',
  summary:
    'measure retention actions: retention and revenue of treated vs control, with 95% intervals, and the effects ' +
    'learned per segment from the playbook priors',
  usage: 'churn effect [--horizon-days N] [--campaign NAME] [--playbook FILE] [--prior-strength N] [--min-controls N]',
  options: {
    'horizon-days': {
      kind: 'int',
      min: 1,
      max: 730,
      description: 'follow-up window after each action',
      defaultText: 'config horizonDays',
    },
    campaign: { kind: 'string', value: 'NAME', description: 'only actions of this campaign' },
    playbook: {
      kind: 'path',
      value: 'FILE',
      description: 'playbook whose expectedReduction values are the priors',
      defaultText: 'config plan.playbook, else the shipped default',
    },
    'prior-strength': {
      kind: 'int',
      min: 1,
      max: 1000000,
      description: 'how many treated and as many control customers the prior is worth',
      defaultText: '200',
    },
    'min-controls': {
      kind: 'int',
      min: 1,
      max: 1000000,
      description: 'fewer controls than this in an action or segment: too small to tell',
      defaultText: '30',
    },
  },
});

export const EXPORT = defineCommand({
  name: 'export',
  summary: 'export the at-risk list with the plan (CSV safe for Excel, xlsx, Parquet or JSON)',
  usage:
    'churn export --out FILE [--format csv|xlsx|parquet|json] [--tier high,medium] [--segment S,..] [--action A,..] ' +
    '[--channel C,..] [--limit N] [--bom] [--locale en|zh-CN] [--as-of DATE]',
  options: {
    out: { kind: 'path', value: 'FILE', required: true, description: 'file to write' },
    format: {
      kind: 'enum',
      choices: EXPORT_FORMATS,
      description: 'file format',
      defaultText: 'from the file extension, else csv',
    },
    tier: {
      kind: 'list',
      value: 'TIERS',
      choices: RISK_TIERS,
      description: 'risk tiers to include',
      defaultText: 'config export.tiers, high,medium',
    },
    segment: { kind: 'list', choices: RFM_SEGMENTS, description: 'only these RFM segments' },
    action: { kind: 'list', description: 'only these actions of the playbook' },
    channel: { kind: 'list', description: 'only these channels of the playbook, e.g. phone,email' },
    limit: { kind: 'int', min: 1, max: 100_000_000, description: 'at most N rows, the first N in priority order' },
    bom: {
      kind: 'boolean',
      description: 'start the CSV with a UTF-8 byte-order mark (older Excel needs it for Chinese text)',
    },
    locale: { kind: 'enum', choices: LOCALES, default: 'en', description: 'headers and labels' },
    'as-of': scoresOf,
  },
});

export const BTYD = defineCommand({
  name: 'btyd',
  summary: 'fit the probabilistic models (BG/NBD, Pareto/NBD, MBG/NBD, Gamma-Gamma) and compare them with a holdout',
  usage: 'churn btyd --calibration-end DATE [--holdout-end DATE] [--unit days|weeks] [--penalty L2] [--level P]',
  options: {
    'calibration-end': { kind: 'date', required: true, description: 'last day of the calibration period' },
    'holdout-end': {
      kind: 'date',
      description: 'last day of the holdout period: compare forecasts with what happened',
    },
    unit: {
      kind: 'enum',
      choices: ['days', 'weeks'],
      default: 'weeks',
      description: 'time unit of the model; weeks as published',
    },
    penalty: { kind: 'number', value: 'L2', min: 0, default: 0, description: 'L2 penalty on the parameters' },
    level: {
      kind: 'number',
      value: 'P',
      min: 0.5,
      max: 0.99,
      description: 'central probability of the predictive intervals whose holdout coverage is reported',
      defaultText: 'config intervals.level, 0.8',
    },
  },
});

export const REPORT = defineCommand({
  name: 'report',
  summary: 'publish the report data and build the static site',
  usage: 'churn report [--out DIR]',
  options: {
    out: {
      kind: 'path',
      value: 'DIR',
      description: 'site output directory',
      defaultText: 'config report.outDir, dist',
    },
  },
});

export const PREVIEW = defineCommand({
  name: 'preview',
  summary: 'serve the report site on localhost with live reload',
  usage: 'churn preview [--port N]',
  options: { port: { kind: 'int', min: 1, max: 65535, default: 3000, description: 'port' } },
});

export const RETRAIN = defineCommand({
  name: 'retrain',
  summary:
    'the scheduled job: load the inbox, train a challenger, promote it if better, score, plan, publish atomically',
  usage: 'churn retrain [--inbox DIR] [--as-of DATE] [--force-promote]',
  options: {
    inbox: {
      kind: 'path',
      value: 'DIR',
      description: 'ingest new files from DIR first (patterns and mappings: config retrain.inbox)',
    },
    'as-of': asOf,
    'force-promote': {
      kind: 'boolean',
      description: 'promote the challenger whatever the comparison says (recorded as forced)',
    },
  },
});

export const RUNS = defineCommand({
  name: 'runs',
  summary: 'retraining runs: list them, or show one run report (stages, decision, drift, realised performance)',
  usage: 'churn runs list\n       churn runs show [RUN_ID]',
  positionals: [
    { name: 'list|show', required: true },
    { name: 'RUN_ID', required: false },
  ],
  options: {},
});

export const STATUS = defineCommand({
  name: 'status',
  summary: 'database path, row counts, history range, last model and its metrics, last scoring date',
  usage: 'churn status',
  options: {},
});

export const COMMANDS: readonly CommandSpec[] = [
  DEMO,
  GENERATE,
  INGEST,
  FEATURES,
  TRAIN,
  EVALUATE,
  MODELS,
  SCORE,
  PLAN,
  PLAYBOOK,
  EFFECT,
  EXPORT,
  BTYD,
  REPORT,
  PREVIEW,
  RETRAIN,
  RUNS,
  STATUS,
];

export const GLOBAL_OPTIONS = {
  db: { kind: 'path', value: 'PATH', description: 'DuckDB database file', defaultText: 'data/churn.duckdb' },
  config: {
    kind: 'path',
    value: 'FILE',
    description: 'config file',
    defaultText: 'churn.config.json when present, else the one beside --db',
  },
  json: { kind: 'boolean', description: 'machine-readable result on stdout (logs stay on stderr)' },
  quiet: { kind: 'boolean', description: 'no logs on stderr' },
  help: { kind: 'boolean', description: 'show help' },
} as const satisfies OptionSpecs;

/** `i/n` with 0 <= i < n (n up to 100,000): one shard of the customers. */
function shardOf(text: string): Shard | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  return match && count >= 1 && count <= 100_000 && index < count ? { index, count } : undefined;
}
