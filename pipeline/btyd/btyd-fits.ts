// Keeps the BTYD fits of each scoring run in the btyd_fits table (created on first use).
import type { Database } from '../db/database.ts';
import { readSql } from '../db/database.ts';
import type { CustomerBtyd } from './customer-btyd.ts';

export async function recordFits(db: Database, asOf: string, btyd: CustomerBtyd): Promise<void> {
  await db.run(readSql(import.meta.url, 'btyd-fits.sql'), {}, 'btyd-fits.sql');
  await db.run('DELETE FROM btyd_fits WHERE as_of = CAST($as_of AS DATE)', { as_of: asOf }, 'btyd_fits (clear)');
  const data = JSON.stringify(summarise(btyd));
  for (const fit of [btyd.bgnbd, btyd.gammagamma]) {
    if (!fit) continue;
    await db.run(
      `INSERT INTO btyd_fits VALUES (CAST($as_of AS DATE), $model, 'days', $params, $log_lik, $converged, $iterations, $customers, $seconds, $message, $data)`,
      {
        as_of: asOf,
        model: fit.model,
        params: JSON.stringify(fit.params),
        log_lik: fit.logLik,
        converged: fit.converged,
        iterations: fit.iterations,
        customers: fit.customers,
        seconds: fit.seconds,
        message: fit.message,
        data,
      },
      'btyd_fits (insert)',
    );
  }
}

function summarise(btyd: CustomerBtyd) {
  const T = Float64Array.from(btyd.rfm.T).sort();
  const x = Float64Array.from(btyd.rfm.frequency).sort();
  const at = (values: Float64Array, q: number) =>
    values.length ? values[Math.min(values.length - 1, Math.floor(q * values.length))] : 0;
  return {
    customers: T.length,
    tMedian: at(T, 0.5),
    tP90: at(T, 0.9),
    frequencyP99: at(x, 0.99),
    frequencyMax: at(x, 1),
  };
}
