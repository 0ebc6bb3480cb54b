// Pipeline benchmark: every stage of a preset run as its own process, as users run it, with wall
// time, CPU time and peak resident memory (GNU time), the tfjs backend, and side-by-side ratios
// measured in the same run: wasm vs cpu backend (training and scoring), worker threads vs one
// thread, sharded vs one scoring process, our BG/NBD fit vs scipy (bench/btyd.ts).
// Usage: npm run bench -- --preset small|medium|large [--reuse] [--demo]
//   --reuse  keep the preset's generated database if it exists (skip generate)
//   --demo   also time `churn demo` (what `npm start` runs, 50,000 customers)
// Without --preset: the BTYD fit benchmark alone (bench/btyd.ts). Writes bench/results/<preset>-<date>.json
// and rewrites the generated part of bench/RESULTS.md from the latest result of each preset.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_MEMORY_LIMIT, openDatabase } from '../pipeline/db/database.ts';
import { PRESETS, type Preset, type PresetName } from './presets.ts';
import { renderResults, type BenchResult, type StageResult } from './report.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(root, 'bin', 'churn.mjs');

interface Timed {
  /** Stopped at the time limit (see `timed`): the other numbers are what it used until then. */
  timedOut: boolean;
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  stdout: string;
  stderr: string;
}

/** Runs one process under GNU time; resolves with its wall time, CPU time and peak RSS. */
function timed(args: string[], env: Record<string, string> = {}, limitSeconds?: number): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const limit = limitSeconds ? ['timeout', String(limitSeconds)] : [];
    const child = spawn('/usr/bin/time', ['-v', ...limit, ...args], {
      cwd: root,
      env: { ...process.env, TZ: 'UTC', CI: 'true', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - start) / 1000;
      // GNU time reports the timeout's 124 in its own words and may exit 1.
      const timedOut = limitSeconds !== undefined && (code === 124 || /non-zero status 124/.test(stderr));
      if (code !== 0 && !timedOut)
        return reject(new Error(`${args.join(' ')} failed (${code}):\n${stderr.slice(-3000)}`));
      const field = (name: string) => Number(new RegExp(`${name}: ([\\d.]+)`).exec(stderr)?.[1] ?? NaN);
      resolve({
        timedOut,
        seconds,
        cpuSeconds: field('User time \\(seconds\\)') + field('System time \\(seconds\\)'),
        peakRssMb: Math.round(field('Maximum resident set size \\(kbytes\\)') / 1024),
        stdout,
        stderr,
      });
    });
  });
}

const churn = (args: string[], env?: Record<string, string>, limitSeconds?: number) =>
  timed([process.execPath, BIN, ...args, '--json'], env, limitSeconds);
const tsx = (script: string, args: string[]) =>
  timed([process.execPath, '--import', 'tsx', join(root, script), ...args]);

function stage(name: string, t: Timed, extra: Partial<StageResult> = {}): StageResult {
  const result: StageResult = {
    stage: name,
    seconds: round(t.seconds, 2),
    cpuSeconds: round(t.cpuSeconds, 1),
    peakRssMb: t.peakRssMb,
    load1: round(loadavg()[0], 2),
    ...extra,
  };
  process.stderr.write(
    `${name.padEnd(34)} ${result.seconds.toFixed(1).padStart(8)} s ${String(result.peakRssMb).padStart(6)} MB` +
      `${result.rowsPerSecond ? `  ${Math.round(result.rowsPerSecond).toLocaleString('en')} rows/s` : ''}${result.backend ? `  [${result.backend}]` : ''}\n`,
  );
  return result;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const json = (t: Timed) => JSON.parse(t.stdout) as Record<string, any>;

async function runPreset(
  name: PresetName,
  preset: Preset,
  options: { reuse: boolean; demo: boolean },
): Promise<BenchResult> {
  const dir = join(root, 'bench', 'tmp', name);
  const db = join(dir, 'churn.duckdb');
  mkdirSync(dir, { recursive: true });
  const loadStart = loadavg();
  const started = new Date();
  const stages: StageResult[] = [];
  const notes: string[] = [];
  const result = (complete: boolean): BenchResult => ({
    preset: name,
    complete,
    customers: facts.customers,
    events: facts.events,
    databaseMb: existsSync(db) ? Math.round(statSync(db).size / 2 ** 20) : 0,
    date: started.toISOString().slice(0, 10),
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    command: `npm run bench -- --preset ${name}${options.reuse ? ' --reuse' : ''}${options.demo ? ' --demo' : ''}`,
    machine: {
      cores: cpus().length,
      cpu: cpus()[0]?.model ?? '',
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      duckdbMemoryLimit: process.env.CHURN_DUCKDB_MEMORY ?? `${DEFAULT_MEMORY_LIMIT} (default)`,
    },
    loadAverage: { start: loadStart.map((x) => round(x, 2)), end: loadavg().map((x) => round(x, 2)) },
    code: gitState(),
    stages,
    notes,
  });
  let facts = { customers: 0, events: 0 };
  const scored = (label: string, t: Timed) => {
    const s = json(t);
    return stage(label, t, {
      rows: s.customers,
      rowsPerSecond: s.customers / t.seconds,
      backend: s.backend,
      workers: s.workers,
      phases: s.phases,
      networkRowsPerSecond: s.phases?.network ? s.customers / s.phases.network : undefined,
    });
  };

  // generate
  if (!(options.reuse && existsSync(db))) {
    rmSync(db, { force: true });
    rmSync(`${db}.wal`, { force: true });
    rmSync(join(dir, 'models'), { recursive: true, force: true });
    const g = await timed(
      [
        process.execPath,
        '--import',
        'tsx',
        join(root, 'bench', 'generate.ts'),
        db,
        String(preset.customers),
        '42',
        preset.generator,
      ],
      { CHURN_DUCKDB_MEMORY: preset.generateMemory ?? DEFAULT_MEMORY_LIMIT },
    );
    const summary = JSON.parse(g.stdout);
    stages.push(
      stage(`generate (${preset.generator === 'js' ? 'generator.ts' : 'SQL generator'}, into DuckDB)`, g, {
        rows: summary.events,
        rowsPerSecond: summary.events / g.seconds,
      }),
    );
  } else notes.push('generate skipped (--reuse): the database of an earlier run was kept');
  if (preset.note) notes.push(preset.note);
  facts = await databaseFacts(db);
  // Stages in order of importance, so a run stopped early has the numbers that matter most. A failing
  // stage is recorded and the run goes on; the partial result is saved after every step.
  const steps: [string, () => Promise<void>][] = [
    [
      'features',
      async () => {
        // features
        const f = await churn(['features', '--db', db]);
        stages.push(
          stage('features', f, {
            rows: facts.events,
            rowsPerSecond: facts.events / f.seconds,
            customers: json(f).customers,
          }),
        );
      },
    ],
    [
      'train',
      async () => {
        // train: the default configuration (or the preset's epoch cap), on wasm
        const config = writeConfig(
          dir,
          'train',
          preset.trainEpochs ? { epochs: preset.trainEpochs, patience: preset.trainEpochs } : {},
        );
        const tr = await churn(['train', '--db', db, '--config', config], { CHURN_TF_BACKEND: 'wasm' });
        const train = json(tr);
        stages.push(stage('train', tr, trainFacts(train, tr.seconds)));
        if (preset.trainEpochs)
          notes.push(
            `train capped at ${preset.trainEpochs} epochs (model.epochs) to fit the run in the time available; rows/s per epoch is the measure`,
          );
      },
    ],
    [
      'score',
      async () => {
        // scoring variants (the last one leaves the scores that plan, export and report use)
        for (const v of preset.scoreVariants) {
          const args = [
            'score',
            '--db',
            db,
            '--no-plan',
            '--workers',
            String(v.workers),
            ...(v.explanations ? [] : ['--no-explanations']),
          ];
          stages.push(
            scored(
              `score ${v.backend}${v.explanations ? ', explanations' : ''}, ${v.workers === 1 ? '1 thread' : `${v.workers} workers`}`,
              await churn(args, { CHURN_TF_BACKEND: v.backend }),
            ),
          );
        }
      },
    ],
    [
      'plan, export, report',
      async () => {
        const p = await churn(['plan', '--db', db]);
        stages.push(stage('plan', p, { rows: facts.customers }));
        const ex = await churn(['export', '--db', db, '--out', join(dir, 'exports', 'at-risk.csv')]);
        stages.push(stage('export (csv)', ex, { rows: findNumber(json(ex), 'rows') }));
        const rep = await churn(['report', '--db', db, '--out', join(dir, 'dist')]);
        stages.push(stage('report (publish + site build)', rep));
      },
    ],
    [
      'sharded scoring',
      async () => {
        // sharded: N shard processes at once on the database (read only), then the merge
        {
          const n = preset.shards;
          const start = performance.now();
          const shardRuns = await Promise.all(
            Array.from({ length: n }, (_, i) =>
              churn(['score', '--db', db, '--shard', `${i}/${n}`, '--out', join(dir, 'shards', `part-${i}.parquet`)], {
                CHURN_TF_BACKEND: 'wasm',
              }),
            ),
          );
          const wall = (performance.now() - start) / 1000;
          shardRuns.forEach((t, i) => stages.push(scored(`score shard ${i}/${n} (concurrent)`, t)));
          const merge = await churn([
            'score',
            '--db',
            db,
            '--no-plan',
            '--merge',
            ...shardRuns.map((_, i) => join(dir, 'shards', `part-${i}.parquet`)),
          ]);
          stages.push(
            stage(`score merge of ${n} shards`, merge, { rows: json(merge).customers, phases: json(merge).phases }),
          );
          notes.push(
            `sharded scoring: ${n} shard processes at once took ${wall.toFixed(1)} s wall, then the merge ${merge.seconds.toFixed(1)} s`,
          );
        }
      },
    ],
    [
      'btyd',
      async () => {
        // BTYD fits on this history (as users run them) and on CDNOW master against scipy
        if (preset.btydLimitSeconds) {
          const bt = await churn(
            ['btyd', '--db', db, '--calibration-end', preset.btydCalibrationEnd],
            {},
            preset.btydLimitSeconds,
          );
          stages.push(
            stage(
              `btyd (4 models)${bt.timedOut ? ' - stopped at the time limit' : ''}`,
              bt,
              bt.timedOut ? {} : { customers: findNumber(json(bt), 'customers') },
            ),
          );
          if (bt.timedOut)
            notes.push(
              `\`churn btyd\` on this history was stopped after ${preset.btydLimitSeconds} s: the Pareto/NBD fit does not finish here (BG/NBD, MBG/NBD and Gamma-Gamma each fit in under 0.5 s on the small preset); BG/NBD at scale is in the score rows (phase btyd)`,
            );
        }
        const cdnow = await tsx('bench/btyd.ts', []);
        stages.push(stage('btyd CDNOW master (median of 5)', cdnow, { table: cdnow.stdout.trim() }));
        const skipped = /scipy reference skipped.*/.exec(cdnow.stderr)?.[0];
        if (skipped) notes.push(`btyd CDNOW master: ${skipped}`);
      },
    ],
    [
      'text',
      async () => {
        // Reading feedback text (issue 20: 1M customers / 5M texts in under 60 s on 2 cores): five texts
        // per customer written by the demo's composer, and the worst case where no text repeats.
        const n = String(preset.customers);
        const texts = String(preset.customers * 5);
        for (const unique of [false, true]) {
          const args = ['--customers', n, '--texts', texts, '--db', join(dir, 'text', 'churn.duckdb')];
          const run = await tsx('bench/text-stage.ts', unique ? [...args, '--unique'] : args);
          const facts = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}');
          stages.push(
            stage(`text: read ${Number(texts).toLocaleString('en')} texts${unique ? ', none repeated' : ''}`, run, {
              rows: facts.texts,
              rowsPerSecond: facts.textsPerSecond,
              table: `full read ${facts.fullSeconds?.toFixed(1)} s (${facts.distinctTexts?.toLocaleString('en')} distinct texts), incremental ${facts.incremental?.texts?.toLocaleString('en')} texts ${facts.incremental?.seconds?.toFixed(1)} s; writing the scratch database ${facts.writeSeconds?.toFixed(1)} s`,
            }),
          );
        }
      },
    ],
    [
      'ingest',
      async () => {
        // ingest: a sample of whole customers (all their events) as canonical CSV and Parquet files
        const files = await ingestFiles(db, dir, facts, preset.ingestEvents);
        for (const format of ['csv', 'parquet'] as const) {
          const target = join(dir, `ingest-${format}.duckdb`);
          rmSync(target, { force: true });
          rmSync(`${target}.wal`, { force: true });
          await churn(['ingest', files[format].customers, '--kind', 'customers', '--db', target]);
          const t = await churn(['ingest', files[format].events, '--kind', 'events', '--db', target]);
          const inserted = json(t).files?.[0]?.inserted ?? 0;
          stages.push(stage(`ingest ${format} (events)`, t, { rows: inserted, rowsPerSecond: inserted / t.seconds }));
          if (inserted !== files.events)
            notes.push(
              `ingest ${format}: ${inserted.toLocaleString('en')} of ${files.events.toLocaleString('en')} events inserted (the file holds them all): a bug in the loader, see "Found while benchmarking" above`,
            );
          rmSync(target, { force: true });
        }
        if (files.events < facts.events)
          notes.push(
            `ingest measured on ${files.events.toLocaleString('en')} of ${facts.events.toLocaleString('en')} events (the first ${files.customers.toLocaleString('en')} customers, all their events): ingest streams row by row, so rows/s is the measure`,
          );
      },
    ],
    [
      'training throughput',
      async () => {
        // training throughput per backend: one run, each epoch timed by the training code from its start
        // to its end (epochTimings), free of the fixed costs (snapshots, BTYD, evaluation, saving). The
        // main train run already measured wasm; it is not repeated when it ran at least 2 epochs.
        for (const backend of preset.trainBackends) {
          if (backend === 'wasm' && stages.some((s) => s.stage === 'train' && (s.epochs ?? 0) >= 2)) continue;
          const epochs = preset.throughputEpochs;
          const run = await churn(
            [
              'train',
              '--candidate',
              '--db',
              db,
              '--config',
              writeConfig(dir, `e${epochs}`, { epochs, patience: epochs }),
            ],
            { CHURN_TF_BACKEND: backend },
          );
          stages.push(stage(`train ${backend}, ${epochs} epochs`, run, trainFacts(json(run), run.seconds)));
        }
      },
    ],
    [
      'demo',
      async () => {
        if (options.demo) {
          const demoDir = join(root, 'bench', 'tmp', 'demo');
          rmSync(demoDir, { recursive: true, force: true });
          const d = await churn(['demo', '--db', join(demoDir, 'churn.duckdb'), '--out', join(demoDir, 'dist')]);
          stages.push(stage('npm start (churn demo, 50k customers)', d, { customers: 50_000 }));
        }
      },
    ],
  ];
  for (const [label, run] of steps) {
    try {
      await run();
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).split('\n').slice(0, 3).join(' ');
      notes.push(`${label}: failed: ${message}`);
      process.stderr.write(`${label}: failed: ${message}\n`);
    }
    save(result(false));
  }
  return result(true);
}

async function databaseFacts(db: string): Promise<{ customers: number; events: number }> {
  const handle = await openDatabase(db, { readOnly: true });
  try {
    const [row] = await handle.all<{ customers: number; events: number }>(
      'SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM events) AS events',
    );
    return row;
  } finally {
    handle.close();
  }
}

/** The first customers (by id) whose events add up to about `cap`, written as canonical CSV and Parquet by DuckDB. */
async function ingestFiles(db: string, dir: string, facts: { customers: number; events: number }, cap: number) {
  const customers = Math.max(
    1,
    Math.min(facts.customers, Math.floor((facts.customers * cap) / Math.max(1, facts.events))),
  );
  const handle = await openDatabase(db, { readOnly: true });
  const out = {
    csv: { customers: join(dir, 'ingest-customers.csv'), events: join(dir, 'ingest-events.csv') },
    parquet: { customers: join(dir, 'ingest-customers.parquet'), events: join(dir, 'ingest-events.parquet') },
    events: 0,
    customers,
  };
  try {
    // Paths are ours (bench/tmp), so pasting them into COPY is safe; COPY takes no parameters there.
    const sample = `SELECT customer_id FROM customers ORDER BY customer_id LIMIT ${customers}`;
    const events = `SELECT e.* FROM events e SEMI JOIN (${sample}) s USING (customer_id) ORDER BY e.ts, e.event_id`;
    const custs = `SELECT * FROM customers WHERE customer_id IN (${sample}) ORDER BY customer_id`;
    await handle.run(`COPY (${custs}) TO '${out.csv.customers}' (HEADER, DELIMITER ',');
      COPY (${events}) TO '${out.csv.events}' (HEADER, DELIMITER ',', TIMESTAMPFORMAT '%Y-%m-%d %H:%M:%S');
      COPY (${custs}) TO '${out.parquet.customers}' (FORMAT parquet);
      COPY (${events}) TO '${out.parquet.events}' (FORMAT parquet);`);
    const [row] = await handle.all<{ n: number }>(`SELECT count(*) AS n FROM (${events})`);
    out.events = row.n;
  } finally {
    handle.close();
  }
  return out;
}

function writeConfig(dir: string, name: string, model: Record<string, number>): string {
  const file = join(dir, `config-${name}.json`);
  writeFileSync(file, JSON.stringify({ model }, null, 2) + '\n');
  return file;
}

function trainFacts(train: Record<string, any>, seconds: number): Partial<StageResult> {
  const rows = train.rows.train as number;
  const epochs = (train.epochTimings ?? []) as { seconds: number }[];
  const perEpoch = median(epochs.map((e) => e.seconds));
  return {
    backend: train.backend,
    rows,
    epochs: train.epochs,
    // Whole-process measure: every epoch's rows over the wall time of the command (fixed costs included).
    rowsPerSecond: (rows * train.epochs) / seconds,
    fitRowsPerSecond: findNumber(train, 'rowsPerSecond'),
    ...(perEpoch === undefined ? {} : { secondsPerEpoch: round(perEpoch, 2), epochRowsPerSecond: rows / perEpoch }),
    phases: train.phaseSeconds,
  };
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The first number under `key` anywhere in a JSON value (fields other sessions may add). */
function findNumber(value: unknown, key: string): number | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    if (k === key && typeof v === 'number') return v;
    const inner = findNumber(v, key);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

function gitState(): { commit: string; dirty: string[] } {
  const git = (args: string[]) => (spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout ?? '').trim();
  // Other sessions edit the same tree: the uncommitted files say what else the run measured (the
  // run's own outputs, written as it goes, are not among them).
  // Porcelain lines start with a two-letter status and a space; trimming the output would eat the
  // first line's leading space.
  const status =
    spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).stdout ?? '';
  const own = (file: string) => file === 'bench/RESULTS.md' || file.startsWith('bench/results/');
  return {
    commit: git(['rev-parse', '--short', 'HEAD']),
    dirty: status
      .split('\n')
      .filter(Boolean)
      .map((l) => l.slice(3))
      .filter((f) => !own(f)),
  };
}

function save(result: BenchResult): string {
  const resultsDir = join(root, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${result.preset}-${result.date}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  const latest = new Map<string, BenchResult>();
  for (const name of readdirSync(resultsDir)
    .filter((f) => /^(small|medium|large)-\d{4}-\d{2}-\d{2}\.json$/.test(f))
    .sort()) {
    const r = JSON.parse(readFileSync(join(resultsDir, name), 'utf8')) as BenchResult;
    latest.set(r.preset, r);
  }
  const md = join(root, 'bench', 'RESULTS.md');
  writeFileSync(md, renderResults(readFileSync(md, 'utf8'), [...latest.values()]));
  return file;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { preset: { type: 'string' }, reuse: { type: 'boolean' }, demo: { type: 'boolean' } },
  });
  if (!values.preset) {
    const t = await tsx('bench/btyd.ts', []);
    process.stdout.write(t.stdout);
    return;
  }
  const name = values.preset as PresetName;
  if (!(name in PRESETS)) throw new Error(`unknown preset: ${values.preset} (small, medium or large)`);
  const result = await runPreset(name, PRESETS[name], { reuse: values.reuse ?? false, demo: values.demo ?? false });
  const file = save(result);
  process.stdout.write(`${JSON.stringify({ file, stages: result.stages.length })}\n`);
}

await main();
