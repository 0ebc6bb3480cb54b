// churn btyd: fit the probabilistic customer-base models at a calibration end and, with a holdout
// end, compare their forecasts with what happened. Reads the database only.
import { btydStage, type BtydResult } from '../../btyd/btyd-stage.ts';
import type { CommandRun } from '../command.ts';
import type { BTYD } from '../commands.ts';
import { withDatabase } from '../with-database.ts';

export const run: CommandRun<typeof BTYD> = (ctx, args) => {
  const { calibrationEnd, holdoutEnd, unit, penalty } = args.options;
  const level = args.options.level ?? ctx.config.intervals.level;
  return withDatabase(
    ctx,
    async (db) => {
      const result = await btydStage(db, { calibrationEnd, holdoutEnd, unit, penalty, level });
      return { json: result, text: describe(result) };
    },
    true,
  );
};

const fmt = (v: number) => (Math.abs(v) >= 1000 ? v.toFixed(1) : v.toPrecision(4));

function describe(r: BtydResult): string {
  const lines = [
    `calibration to ${r.calibrationEnd} (unit ${r.unit}): ${r.customers.toLocaleString('en')} customers, ` +
      `${r.repeatCustomers.toLocaleString('en')} with repeat purchases`,
    '',
  ];
  for (const [name, m] of Object.entries(r.models)) {
    if ('error' in m) {
      lines.push(`${name.padEnd(11)} not fitted: ${m.error}`);
      continue;
    }
    const params = Object.entries(m.params)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(', ');
    const status = m.converged ? 'converged' : `NOT converged (${m.message})`;
    lines.push(
      `${name.padEnd(11)} ${params}; log-likelihood ${m.logLik.toFixed(2)} on ${m.customers.toLocaleString('en')} customers; ` +
        `${status}, ${m.iterations} iterations, gradient ${m.gradientNorm.toExponential(1)}, ${(m.seconds * 1000).toFixed(0)} ms`,
    );
    const se = m.standardErrors;
    lines.push(
      `${''.padEnd(11)} standard errors ${
        se
          ? Object.entries(se)
              .map(([k, v]) => `${k} ${fmt(v)}`)
              .join(', ')
          : 'not available (information matrix not invertible, or a penalised fit)'
      }; ` + `AIC ${m.aic.toFixed(1)}, BIC ${m.bic.toFixed(1)}`,
    );
    for (const warning of m.warnings) lines.push(`            warning: ${warning}`);
  }
  for (const t of r.comparisons.tests)
    lines.push(
      `LR test ${t.null} within ${t.alternative}: statistic ${t.statistic.toFixed(2)}, p ${t.pValue.toExponential(2)} (${t.distribution}, boundary)`,
    );
  for (const note of r.comparisons.notNested) lines.push(`not nested: ${note}`);
  const h = r.holdout;
  if (h) {
    const names = Object.keys(h.models);
    lines.push(
      '',
      `holdout ${h.start} .. ${h.end} (${h.duration} ${r.unit}): ${h.actual.repeatPurchases.toLocaleString('en')} repeat purchases`,
      ...names.map(
        (n) =>
          `  ${n.padEnd(10)} predicted ${h.models[n].predicted.toFixed(1)}, per-customer correlation ${h.models[n].correlation.toFixed(3)}, MAE ${h.models[n].mae.toFixed(3)}`,
      ),
      '',
      `  mean holdout purchases by calibration repeat purchases:`,
      `  ${'x'.padEnd(4)}${'customers'.padStart(10)}${'actual'.padStart(9)}${names.map((n) => n.padStart(11)).join('')}`,
      ...h.byFrequency.map(
        (row) =>
          `  ${row.frequency.padEnd(4)}${String(row.customers).padStart(10)}${row.actual.toFixed(3).padStart(9)}` +
          names.map((n) => row.predicted[n].toFixed(3).padStart(11)).join(''),
      ),
    );
  }
  const c = r.coverage;
  if (c) {
    const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
    lines.push(
      '',
      `coverage of the BG/NBD ${pct(c.level)} predictive intervals on the holdout (${c.customers.toLocaleString('en')} customers, ${c.draws} parameter draws):`,
      ...Object.entries(c.purchases).map(
        ([method, v]) =>
          `  purchases (${method.padEnd(12)}) ${pct(v.coverage)} covered, mean width ${v.meanWidth.toFixed(2)}, predictive mass ${pct(v.meanMass ?? NaN)}`,
      ),
      `  randomised PIT inside the central ${pct(c.level)}: ${pct(c.pitCoverage)}`,
      c.spend
        ? `  spend: ${pct(c.spend.coverage)} covered, mean width ${c.spend.meanWidth.toFixed(2)}`
        : '  spend: no usable Gamma-Gamma fit',
    );
  }
  lines.push('', `(${r.seconds.toFixed(2)} s)`);
  return lines.join('\n');
}
