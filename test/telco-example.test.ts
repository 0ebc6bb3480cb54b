// The telecom example (docs/examples/telco): a table shaped like the public telco churn data (16
// attributes, tenure, charges, churned in the last month), here synthetic with a known churn model,
// turned into a customer file, billing and cancellation events, loaded by mapping alone and evaluated
// with churn as cancellation on a customer split. The model must find what the table's churn depends
// on: held-out AUC close to the AUC of the true probabilities.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../models/random.ts';
import { rocAuc } from '../models/eval/metrics.ts';
import { telcoToExports } from '../docs/examples/telco/to-exports.ts';
import { churn } from './helpers/cli.ts';
import { tempDir } from './helpers/temp-db.ts';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

const COLUMNS =
  'customerID,gender,SeniorCitizen,Partner,Dependents,tenure,PhoneService,MultipleLines,InternetService,OnlineSecurity,OnlineBackup,DeviceProtection,TechSupport,StreamingTV,StreamingMovies,Contract,PaperlessBilling,PaymentMethod,MonthlyCharges,TotalCharges,Churn';

/** A telco-shaped table: churn in the last month from contract, tenure, internet, payment method, charges. */
function syntheticTable(n: number, seed: number): { csv: string; truth: { p: number; churned: number }[] } {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const yesNo = () => pick(['Yes', 'No']);
  const lines = [COLUMNS];
  const truth: { p: number; churned: number }[] = [];
  for (let i = 0; i < n; i++) {
    const contract = pick(['Month-to-month', 'Month-to-month', 'One year', 'Two year']);
    const internet = pick(['DSL', 'Fiber optic', 'No']);
    const payment = pick(['Electronic check', 'Mailed check', 'Bank transfer (automatic)', 'Credit card (automatic)']);
    const tenure = 1 + Math.floor(rand() * 72);
    const monthly = 20 + (internet === 'Fiber optic' ? 60 : internet === 'DSL' ? 30 : 0) + rand() * 20;
    const logit =
      -1.2 +
      (contract === 'Month-to-month' ? 1.4 : contract === 'One year' ? -0.3 : -1.5) +
      (internet === 'Fiber optic' ? 0.7 : internet === 'No' ? -0.8 : 0) +
      (payment === 'Electronic check' ? 0.6 : 0) -
      0.035 * tenure +
      0.01 * (monthly - 60);
    const p = 1 / (1 + Math.exp(-logit));
    const churned = rand() < p ? 1 : 0;
    truth.push({ p, churned });
    const row = [`C${String(i).padStart(5, '0')}`, pick(['Female', 'Male']), pick(['0', '1']), yesNo(), yesNo()];
    row.push(String(tenure), yesNo(), yesNo(), internet, yesNo(), yesNo(), yesNo(), yesNo(), yesNo(), yesNo());
    row.push(contract, yesNo(), payment, monthly.toFixed(2), (monthly * tenure).toFixed(2), churned ? 'Yes' : 'No');
    lines.push(row.join(','));
  }
  return { csv: lines.join('\n') + '\n', truth };
}

describe('the telecom example', () => {
  it('loads by mapping alone and learns churn as cancellation close to the true model', () => {
    const { csv, truth } = syntheticTable(4000, 7);
    const { customers, events } = telcoToExports(csv);
    writeFileSync(join(dir, 'customers.csv'), customers);
    writeFileSync(join(dir, 'events.csv'), events);
    const db = join(dir, 'churn.duckdb');
    for (const kind of ['customers', 'events'] as const) {
      const map = `docs/examples/telco/mapping-${kind}.json`;
      const run = churn(['ingest', join(dir, `${kind}.csv`), '--kind', kind, '--map', map, '--db', db, '--json']);
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout).files[0].rejected).toBe(0);
    }
    const config = join(dir, 'config.json');
    const settings = JSON.parse(readFileSync('docs/examples/telco/churn.config.json', 'utf8'));
    writeFileSync(config, JSON.stringify({ ...settings, model: { members: 1 } }));
    const args = ['evaluate', '--db', db, '--config', config, '--as-of', '2024-01-01', '--split', 'customers'];
    const run = churn([...args, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.churnDefinition).toBe('cancels or lets the contract lapse within 28 days');
    const shipped = report.models.find((m: { name: string }) => m.name === 'shipped').churn.auc;
    // The true probabilities' AUC over all 4,000 customers; the model is measured on ~800 held out.
    const bayes = rocAuc(
      truth.map((t) => t.churned),
      truth.map((t) => t.p),
    );
    expect(shipped).toBeGreaterThan(bayes - 0.04);
    expect(report.customers.test).toBeGreaterThan(600);
  });
});
