// Fit-time benchmark on CDNOW master (23,570 customers, weeks, calibration to 1997-09-30): each BTYD
// model fitted in TypeScript (median of 5 runs), and, when python3 with numpy and scipy is on the
// machine, the same likelihoods fitted by scipy.optimize in the same run (bench/btyd_scipy.py).
// Run: npm run bench   (or npx tsx bench/btyd.ts). Prints a table to stdout.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fitBgNbd, fitGammaGamma, fitModifiedBgNbd, fitParetoNbd } from '../models/btyd/index.ts';
import { readRfm } from '../pipeline/btyd/rfm.ts';
import { openDatabase } from '../pipeline/db/database.ts';
import { loadCdnow } from '../test/helpers/cdnow.ts';

const RUNS = 5;
const tmp = fileURLToPath(new URL('./tmp/', import.meta.url));

async function main() {
  const db = await openDatabase(':memory:');
  await loadCdnow(db, 'master');
  const rfm = await readRfm(db, { calibrationEnd: '1997-09-30', unit: 'weeks' });
  db.close();
  const data = { frequency: rfm.frequency, recency: rfm.recency, T: rfm.T };
  const fits = {
    bgnbd: () => fitBgNbd(data),
    paretonbd: () => fitParetoNbd(data),
    mbgnbd: () => fitModifiedBgNbd(data),
    gammagamma: () => fitGammaGamma({ frequency: rfm.frequency, monetary: rfm.monetary }),
  };
  const rows: string[][] = [];
  for (const [name, fit] of Object.entries(fits)) {
    const times: number[] = [];
    let report = fit();
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      report = fit();
      times.push((performance.now() - start) / 1000);
    }
    times.sort((a, b) => a - b);
    const params = Object.entries(report.params)
      .map(([k, v]) => `${k}=${v.toPrecision(4)}`)
      .join(' ');
    rows.push([
      'typescript',
      name,
      times[Math.floor(RUNS / 2)].toFixed(3),
      report.logLik.toFixed(2),
      String(report.converged),
      params,
    ]);
  }
  mkdirSync(tmp, { recursive: true });
  const csv = [
    'frequency,recency,T,monetary',
    ...rfm.customerIds.map((_, i) => `${rfm.frequency[i]},${rfm.recency[i]},${rfm.T[i]},${rfm.monetary[i]}`),
  ];
  writeFileSync(`${tmp}cdnow_master_rfm.csv`, csv.join('\n') + '\n');
  const py = spawnSync(
    'python3',
    [fileURLToPath(new URL('./btyd_scipy.py', import.meta.url)), `${tmp}cdnow_master_rfm.csv`],
    { encoding: 'utf8' },
  );
  if (py.status === 0)
    rows.push(
      ...py.stdout
        .trim()
        .split('\n')
        .map((line) => line.split('\t')),
    );
  else
    process.stderr.write(
      `scipy reference skipped: ${(py.stderr || py.error?.message || 'python3 failed').trim().split('\n').at(-1)}\n`,
    );
  process.stdout.write(
    `CDNOW master: ${rfm.customerIds.length} customers, weeks, calibration to 1997-09-30; median of ${RUNS} fits\n`,
  );
  const header = ['implementation', 'model', 'seconds', 'log-lik', 'converged', 'parameters'];
  for (const row of [header, ...rows])
    process.stdout.write(row.map((c, i) => (i < 5 ? c.padEnd(i === 0 ? 16 : 12) : c)).join(' ') + '\n');
}

await main();
