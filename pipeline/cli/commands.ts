// The command table: help text and options for every command; implementations load on demand.
import type { CommandSpec } from './command.ts';

const asOf = { type: 'string', value: 'DATE', description: 'as-of date YYYY-MM-DD (default: the day after the last event)' } as const;

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'demo',
    summary: 'generate a synthetic history and run the whole pipeline (features, train, score, export, report)',
    usage: 'churn demo [--customers N] [--seed S] [--db PATH] [--out DIR] [--no-report] [--replace]',
    options: {
      customers: { type: 'string', value: 'N', description: 'customers to generate (default 50000)' },
      seed: { type: 'string', value: 'S', description: 'random seed for data and model (default: config seed, 42)' },
      out: { type: 'string', value: 'DIR', description: 'where to build the site (default: config report.outDir, dist)' },
      'no-report': { type: 'boolean', description: 'skip publishing and building the report site' },
      replace: { type: 'boolean', description: 'replace data the demo did not generate (ingested files, actions); without it the demo refuses' },
    },
    load: () => import('./commands/demo.ts'),
  },
  {
    name: 'generate',
    summary: 'write a synthetic interaction history as CSV files (customers.csv, events.csv)',
    usage: 'churn generate --out DIR [--customers N] [--seed S] [--replace]',
    options: {
      out: { type: 'string', value: 'DIR', description: 'directory for customers.csv and events.csv (required; created if missing)' },
      customers: { type: 'string', value: 'N', description: 'customers to generate (default 50000)' },
      seed: { type: 'string', value: 'S', description: 'random seed (default 42)' },
      replace: { type: 'boolean', description: 'overwrite customers.csv and events.csv already in DIR (without it generate refuses)' },
    },
    load: () => import('./commands/generate.ts'),
  },
  {
    name: 'ingest',
    summary: 'load CSV, Parquet, JSON or NDJSON exports: map, validate every row, reject bad rows with reasons',
    usage:
      'churn ingest FILE... --kind customers|events|actions [--map MAPPING.json] [--format csv|parquet|json|ndjson] ' +
      '[--encoding utf8|gb18030] [--rejects OUT.csv] [--dry-run]\n       churn ingest --infer FILE --kind KIND',
    positionals: [{ name: 'FILE', required: true, variadic: true }],
    options: {
      kind: { type: 'string', value: 'KIND', description: 'what the files hold: customers, events or actions (required)' },
      map: { type: 'string', value: 'FILE', description: 'mapping file: source columns -> canonical fields (default: the file is canonical)' },
      format: { type: 'string', value: 'FORMAT', description: 'csv, parquet, json or ndjson (default: from the mapping, else the extension)' },
      encoding: { type: 'string', value: 'ENC', description: 'text encoding of CSV files: utf8 (default) or gb18030 (also reads GBK)' },
      rejects: { type: 'string', value: 'FILE', description: 'also write rejected rows to this CSV, to fix and ingest again' },
      'dry-run': { type: 'boolean', description: 'validate and count, change nothing' },
      infer: { type: 'boolean', description: 'print a starter mapping for FILE instead of loading it' },
    },
    load: () => import('./commands/ingest.ts'),
  },
  {
    name: 'features',
    summary: 'build the point-in-time feature snapshot at a date',
    usage: 'churn features [--as-of DATE]',
    options: { 'as-of': asOf },
    load: () => import('./commands/features.ts'),
  },
  {
    name: 'train',
    summary: 'train the churn + CLV model on a time split and save it',
    usage: 'churn train [--as-of DATE] [--candidate]',
    options: { 'as-of': asOf, candidate: { type: 'boolean', description: 'keep the current champion; promote later with `churn models promote`' } },
    load: () => import('./commands/train.ts'),
  },
  {
    name: 'evaluate',
    summary: 'evaluate what train would ship and every candidate (network, logistic, trees, Poisson, BG/NBD, stack, recency rule) on held-out customers',
    usage: 'churn evaluate [--as-of DATE] [--horizon-days N] [--value-horizon-days N] [--split time|customers] [--backtest K]',
    options: {
      'as-of': { type: 'string', value: 'DATE', description: 'test cutoff (default: the latest whose labels are fully observed)' },
      'horizon-days': { type: 'string', value: 'N', description: 'churn horizon in days (default: config horizonDays)' },
      'value-horizon-days': { type: 'string', value: 'N', description: 'value horizon in days (default: config valueHorizonDays)' },
      split: { type: 'string', value: 'SPLIT', description: 'time (train on earlier snapshots, default) or customers (80/20 by a hash of the id)' },
      backtest: { type: 'string', value: 'K', description: 'K runs, each model\'s metrics per run with their mean and spread: time split, K as-of dates one churn horizon apart; customer split, K customer splits drawn by different hash salts (default 1)' },
    },
    load: () => import('./commands/evaluate.ts'),
  },
  {
    name: 'models',
    summary: 'the model registry: list versions, show one model card, promote a version to champion',
    usage: 'churn models list\n       churn models show [VERSION]\n       churn models promote VERSION',
    positionals: [{ name: 'list|show|promote', required: true }, { name: 'VERSION', required: false }],
    options: {},
    load: () => import('./commands/models.ts'),
  },
  {
    name: 'score',
    summary: 'score every customer with the champion model (churn probability, value, tiers, reasons) and rebuild the plan',
    usage:
      'churn score [--as-of DATE] [--model ID] [--workers N|auto] [--no-explanations] [--no-plan] [--rebuild-features | --reuse-features]\n' +
      '       churn score --shard I/N --out FILE.parquet [--as-of DATE] [--model ID] [--workers N]\n' +
      '       churn score --merge FILE.parquet...',
    positionals: [{ name: 'FILE', required: false, variadic: true }],
    options: {
      'as-of': asOf,
      model: { type: 'string', value: 'ID', description: 'model version (default: the champion, else the latest trained)' },
      workers: { type: 'string', value: 'N', description: 'worker threads for the network, or auto (one per core); same scores as 1 (default 1)' },
      'no-explanations': { type: 'boolean', description: 'skip the per-customer attributions: reasons keep the rule order (faster)' },
      'no-plan': { type: 'boolean', description: 'do not rebuild the retention plan after scoring' },
      'reuse-features': { type: 'boolean', description: 'score the snapshot at the as-of date as it is, without checking that it is current' },
      'rebuild-features': { type: 'boolean', description: 'rebuild the feature snapshot even when it is current (by default a current one is scored as it is)' },
      shard: { type: 'string', value: 'I/N', description: 'score only shard I of N (customers by md5 of the id) into --out; reads the database only' },
      out: { type: 'string', value: 'FILE', description: 'Parquet file for a shard\'s scores (with --shard)' },
      merge: { type: 'boolean', description: 'load shard files (all N of one run) into the scores table and rebuild the plan' },
    },
    load: () => import('./commands/score.ts'),
  },
  {
    name: 'plan',
    summary: 'build the retention plan: segments, one action per customer within channel capacity, control group',
    usage: 'churn plan [--as-of DATE] [--playbook FILE]',
    options: {
      'as-of': { type: 'string', value: 'DATE', description: 'scores of this date (default: the latest scored)' },
      playbook: { type: 'string', value: 'FILE', description: 'playbook file (default: config plan.playbook, else the shipped default)' },
    },
    load: () => import('./commands/plan.ts'),
  },
  {
    name: 'playbook',
    summary: 'check a playbook file: validate it, report rules that can never fire or overlap',
    usage: 'churn playbook check [FILE]',
    positionals: [{ name: 'check', required: true }, { name: 'FILE', required: false }],
    options: {},
    load: () => import('./commands/playbook.ts'),
  },
  {
    name: 'effect',
    summary: 'measure retention actions: retention and revenue of treated vs control, with 95% intervals',
    usage: 'churn effect [--horizon-days N] [--campaign NAME]',
    options: {
      'horizon-days': { type: 'string', value: 'N', description: 'follow-up window after each action (default: config horizonDays)' },
      campaign: { type: 'string', value: 'NAME', description: 'only actions of this campaign' },
    },
    load: () => import('./commands/effect.ts'),
  },
  {
    name: 'export',
    summary: 'export the at-risk list with the plan (CSV safe for Excel, xlsx, Parquet or JSON)',
    usage:
      'churn export --out FILE [--format csv|xlsx|parquet|json] [--tier high,medium] [--segment S,..] [--action A,..] ' +
      '[--channel C,..] [--limit N] [--bom] [--locale en|zh-CN] [--as-of DATE]',
    options: {
      out: { type: 'string', value: 'FILE', description: 'file to write (required)' },
      format: { type: 'string', value: 'FORMAT', description: 'csv, xlsx, parquet or json (default: from the file extension, else csv)' },
      tier: { type: 'string', value: 'TIERS', description: 'risk tiers to include (default: config export.tiers, high,medium)' },
      segment: { type: 'string', value: 'LIST', description: 'only these RFM segments (e.g. champions,at_risk)' },
      action: { type: 'string', value: 'LIST', description: 'only these playbook actions' },
      channel: { type: 'string', value: 'LIST', description: 'only these channels of the playbook (e.g. phone,email)' },
      limit: { type: 'string', value: 'N', description: 'at most N rows (the first N in priority order)' },
      bom: { type: 'boolean', description: 'start the CSV with a UTF-8 byte-order mark (older Excel needs it for Chinese text)' },
      locale: { type: 'string', value: 'LOCALE', description: 'headers and labels: en (default) or zh-CN' },
      'as-of': { type: 'string', value: 'DATE', description: 'scores of this date (default: the latest scored)' },
    },
    load: () => import('./commands/export.ts'),
  },
  {
    name: 'btyd',
    summary: 'fit the probabilistic models (BG/NBD, Pareto/NBD, MBG/NBD, Gamma-Gamma) and compare them with a holdout',
    usage: 'churn btyd --calibration-end DATE [--holdout-end DATE] [--unit days|weeks] [--penalty L2]',
    options: {
      'calibration-end': { type: 'string', value: 'DATE', description: 'last day of the calibration period, YYYY-MM-DD (required)' },
      'holdout-end': { type: 'string', value: 'DATE', description: 'last day of the holdout period: compare forecasts with what happened' },
      unit: { type: 'string', value: 'UNIT', description: 'time unit of the model: weeks (default, as published) or days' },
      penalty: { type: 'string', value: 'L2', description: 'L2 penalty on the parameters (default 0)' },
    },
    load: () => import('./commands/btyd.ts'),
  },
  {
    name: 'report',
    summary: 'publish the report data and build the static site',
    usage: 'churn report [--out DIR]',
    options: { out: { type: 'string', value: 'DIR', description: 'site output directory (default: config report.outDir, dist)' } },
    load: () => import('./commands/report.ts'),
  },
  {
    name: 'preview',
    summary: 'serve the report site on localhost with live reload',
    usage: 'churn preview [--port N]',
    options: { port: { type: 'string', value: 'N', description: 'port (default 3000)' } },
    load: () => import('./commands/preview.ts'),
  },
  {
    name: 'retrain',
    summary: 'the scheduled job: load the inbox, train a challenger, promote it if better, score, plan, publish atomically',
    usage: 'churn retrain [--inbox DIR] [--as-of DATE] [--force-promote]',
    options: {
      inbox: { type: 'string', value: 'DIR', description: 'ingest new files from DIR first (patterns and mappings: config retrain.inbox)' },
      'as-of': asOf,
      'force-promote': { type: 'boolean', description: 'promote the challenger whatever the comparison says (recorded as forced)' },
    },
    load: () => import('./commands/retrain.ts'),
  },
  {
    name: 'runs',
    summary: 'retraining runs: list them, or show one run report (stages, decision, drift, realised performance)',
    usage: 'churn runs list\n       churn runs show [RUN_ID]',
    positionals: [{ name: 'list|show', required: true }, { name: 'RUN_ID', required: false }],
    options: {},
    load: () => import('./commands/runs.ts'),
  },
  {
    name: 'status',
    summary: 'database path, row counts, history range, last model and its metrics, last scoring date',
    usage: 'churn status',
    options: {},
    load: () => import('./commands/status.ts'),
  },
];

export const GLOBAL_OPTIONS = {
  db: { type: 'string', value: 'PATH', description: 'DuckDB database file (default data/churn.duckdb)' },
  config: { type: 'string', value: 'FILE', description: 'config file (default churn.config.json when present)' },
  json: { type: 'boolean', description: 'machine-readable result on stdout (logs stay on stderr)' },
  quiet: { type: 'boolean', description: 'no logs on stderr' },
  help: { type: 'boolean', description: 'show help' },
} as const;
