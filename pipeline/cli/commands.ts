// The command table: help text and options for every command; implementations load on demand.
import type { CommandSpec } from './command.ts';

const asOf = { type: 'string', value: 'DATE', description: 'as-of date YYYY-MM-DD (default: the day after the last event)' } as const;

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'demo',
    summary: 'generate a synthetic history and run the whole pipeline (features, train, score, export, report)',
    usage: 'churn demo [--customers N] [--seed S] [--db PATH] [--out DIR] [--no-report]',
    options: {
      customers: { type: 'string', value: 'N', description: 'customers to generate (default 50000)' },
      seed: { type: 'string', value: 'S', description: 'random seed for data and model (default: config seed, 42)' },
      out: { type: 'string', value: 'DIR', description: 'where to build the site (default: config report.outDir, dist)' },
      'no-report': { type: 'boolean', description: 'skip publishing and building the report site' },
    },
    load: () => import('./commands/demo.ts'),
  },
  {
    name: 'generate',
    summary: 'write a synthetic interaction history as CSV files (customers.csv, events.csv)',
    usage: 'churn generate --out DIR [--customers N] [--seed S]',
    options: {
      out: { type: 'string', value: 'DIR', description: 'directory for customers.csv and events.csv (required)' },
      customers: { type: 'string', value: 'N', description: 'customers to generate (default 50000)' },
      seed: { type: 'string', value: 'S', description: 'random seed (default 42)' },
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
    usage: 'churn train [--as-of DATE]',
    options: { 'as-of': asOf },
    load: () => import('./commands/train.ts'),
  },
  {
    name: 'score',
    summary: 'score every customer with the latest model: churn probability, value, tiers, reasons, action',
    usage: 'churn score [--as-of DATE] [--model ID]',
    options: { 'as-of': asOf, model: { type: 'string', value: 'ID', description: 'model id (default: the latest trained)' } },
    load: () => import('./commands/score.ts'),
  },
  {
    name: 'export',
    summary: 'export the at-risk list, highest value at risk first (CSV for Excel, or Parquet)',
    usage: 'churn export --out FILE [--format csv|parquet] [--tier high,medium] [--as-of DATE]',
    options: {
      out: { type: 'string', value: 'FILE', description: 'file to write (required)' },
      format: { type: 'string', value: 'FORMAT', description: 'csv or parquet (default: from the file extension, else csv)' },
      tier: { type: 'string', value: 'TIERS', description: 'risk tiers to include, comma-separated (default: config, high,medium)' },
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
