// `churn evaluate` reports kept beside the database (evaluations/<asOf>-<split>[-file][-backtest-K].json),
// so the report's Model page can show held-out metrics and backtests next to what ships.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../atomic-write.ts';
import { dirname, join, resolve } from 'node:path';
import type { EvaluationReport } from './evaluate-stage.ts';

export function evaluationsDir(dbPath: string): string {
  return join(dirname(resolve(dbPath)), 'evaluations');
}

/** Writes the report atomically (temp file + rename); returns its path. */
export function saveEvaluation(dbPath: string, report: EvaluationReport): string {
  const dir = evaluationsDir(dbPath);
  mkdirSync(dir, { recursive: true });
  const name = `${report.asOf}-${report.split}${report.splitFile ? '-file' : ''}${report.backtest ? `-backtest-${report.backtest.dates.length}` : ''}.json`;
  const target = join(dir, name);
  writeFileAtomicSync(target, JSON.stringify(report, null, 2) + '\n');
  return target;
}

/** The saved reports, newest test date first (a backtest before a single date of the same day). */
export function readEvaluations(dbPath: string): EvaluationReport[] {
  const dir = evaluationsDir(dbPath);
  if (!existsSync(dir)) return [];
  const reports = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as EvaluationReport);
  const dates = (r: EvaluationReport) => r.backtest?.dates.length ?? 1;
  return reports.sort((a, b) => b.asOf.localeCompare(a.asOf) || dates(b) - dates(a) || a.split.localeCompare(b.split));
}
