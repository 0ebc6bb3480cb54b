// Ingest benchmark: a canonical events CSV of N rows (default 10 million) loaded by `churn ingest` in
// its own process, as users run it, with wall time, rows per second and peak resident memory
// (GNU time). Memory should stay flat as files grow: compare the peaks for 1M and 10M rows.
// Run: npx tsx bench/ingest.ts [rows ...]   (e.g. 1000000 10000000). Prints a table; writes
// bench/results/ingest-<date>.json.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = join(root, 'bench', 'tmp', 'ingest');
const TYPES = ['login', 'login', 'email_open', 'purchase', 'login', 'support_ticket', 'purchase', 'survey'];

async function writeFiles(rows: number): Promise<{ customers: string; events: string }> {
  mkdirSync(tmp, { recursive: true });
  const customersCount = Math.max(1, Math.floor(rows / 50));
  const customers = join(tmp, `customers-${rows}.csv`);
  const events = join(tmp, `events-${rows}.csv`);
  const c = createWriteStream(customers);
  c.write('customer_id,signup_date,region,channel,plan,name,email,phone\n');
  for (let i = 0; i < customersCount; i++) {
    if (
      !c.write(
        `C${i},2024-01-01,north,web,basic,Name ${i},c${i}@example.com,+86 138 0000 ${String(i % 10000).padStart(4, '0')}\n`,
      )
    )
      await once(c, 'drain');
  }
  c.end();
  await once(c, 'finish');
  const e = createWriteStream(events);
  e.write('event_id,customer_id,ts,type,amount,score,channel,text\n');
  const start = Date.UTC(2024, 6, 1);
  for (let i = 0; i < rows; i++) {
    const type = TYPES[i % TYPES.length];
    const ts = new Date(start + ((i * 7919) % (730 * 86400)) * 1000).toISOString().replace('T', ' ').slice(0, 19);
    const amount = type === 'purchase' ? ((i * 37) % 20000) / 100 : '';
    const score = type === 'survey' ? i % 11 : '';
    if (!e.write(`E${i},C${i % customersCount},${ts},${type},${amount},${score},web,\n`)) await once(e, 'drain');
  }
  e.end();
  await once(e, 'finish');
  return { customers, events };
}

function timed(args: string[]): { seconds: number; peakMb: number; stdout: string } {
  const start = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, join(root, 'bin', 'churn.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
    maxBuffer: 1 << 26,
  });
  const seconds = (performance.now() - start) / 1000;
  if (r.status !== 0) throw new Error(`churn ${args.join(' ')} failed:\n${r.stderr}`);
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  return { seconds, peakMb: Math.round(kb / 1024), stdout: r.stdout };
}

async function main() {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  const results = [];
  for (const rows of sizes.length ? sizes : [10_000_000]) {
    const files = await writeFiles(rows);
    const db = join(tmp, `bench-${rows}.duckdb`);
    rmSync(db, { force: true });
    rmSync(`${db}.wal`, { force: true });
    timed(['ingest', files.customers, '--kind', 'customers', '--db', db]);
    const run = timed(['ingest', files.events, '--kind', 'events', '--db', db, '--json']);
    const summary = JSON.parse(run.stdout).files[0];
    const result = {
      rows,
      fileMb: Math.round(statSync(files.events).size / 2 ** 20),
      seconds: Math.round(run.seconds * 10) / 10,
      rowsPerSecond: Math.round(rows / run.seconds),
      peakRssMb: run.peakMb,
      inserted: summary.inserted,
      rejected: summary.rejected,
    };
    results.push(result);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    rmSync(files.events, { force: true });
    rmSync(db, { force: true });
  }
  const machine = { cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version };
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  const date = new Date().toISOString().slice(0, 10);
  writeFileSync(
    join(root, 'bench', 'results', `ingest-${date}.json`),
    JSON.stringify({ command: `npx tsx bench/ingest.ts ${sizes.join(' ')}`, machine, results }, null, 2) + '\n',
  );
}

await main();
