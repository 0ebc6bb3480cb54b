// Chooses what ships for each head (churn, value) among candidates, on the validation window only.
// Every candidate's predictions on that window come from models that never trained on it; what is
// fitted on the window itself (a churn calibration, a stack) is cross-fitted over two halves of its
// customers: fitted on one half, measured on the other, and the other way round. The choice is the
// best cross-fitted metric (churn: ROC-AUC; value: normalised Gini); the winner's calibration or
// stack is then refitted on the whole window for the shipped model.
import { applyCalibration, fitCalibration, type Calibration, type CalibrationMethod } from '../eval/calibration.ts';
import { logLoss, normalizedGini, rocAuc } from '../eval/metrics.ts';
import { expectedCalibrationError } from '../eval/ranking-metrics.ts';
import { applyChurnStack, applyValueStack, fitChurnStack, fitValueStack, type Stack } from './stack.ts';

type Column = ArrayLike<number>;

export interface Candidate {
  name: string;
  /** Predictions on the selection rows: churn probabilities (uncalibrated) or expected values. */
  predictions: Column;
}

export interface ChurnChoice {
  winner: string;
  /** The winner's mapping from its members' predictions to the shipped probability. */
  head: { kind: 'single'; member: string; calibration: Calibration } | { kind: 'stack'; stack: Stack };
  /** Cross-fitted selection metrics of every candidate, best first. */
  ranking: { name: string; auc: number; logLoss: number; ece: number }[];
  /** Each candidate's cross-fitted (calibrated) predictions on the selection rows, by name. */
  predictions: Record<string, Float64Array>;
}

export interface ValueChoice {
  winner: string;
  head: { kind: 'single'; member: string } | { kind: 'stack'; stack: Stack };
  ranking: { name: string; gini: number }[];
  /** Each candidate's predictions on the selection rows (the stack's cross-fitted), by name. */
  predictions: Record<string, Float64Array>;
}

export const STACK = 'stack';

/** `fold[i]` is 0 or 1: the half of the selection rows customer i belongs to. */
export function chooseChurn(
  candidates: Candidate[],
  churned: Column,
  fold: Uint8Array,
  method: CalibrationMethod,
): ChurnChoice {
  const scored = candidates.map((c) => ({
    name: c.name,
    predictions: crossFit(
      fold,
      (rows) => fitCalibration(method, pick(churned, rows), pick(c.predictions, rows)),
      (cal, rows) => applyCalibration(cal, pick(c.predictions, rows)),
    ),
  }));
  scored.push(...crossFittedStack(candidates, fold, churned, fitChurnStack, applyChurnStack));
  const ranking = scored
    .map((s) => ({
      name: s.name,
      auc: rocAuc(churned, s.predictions),
      logLoss: logLoss(churned, s.predictions),
      ece: expectedCalibrationError(churned, s.predictions),
    }))
    .sort(byMetric((r) => r.auc));
  const winner = ranking[0].name;
  const all = Array.from({ length: churned.length }, (_, i) => i);
  const head: ChurnChoice['head'] =
    winner === STACK
      ? {
          kind: 'stack',
          stack: fitChurnStack(
            candidates.map((c) => c.name),
            candidates.map((c) => c.predictions),
            churned,
          ),
        }
      : {
          kind: 'single',
          member: winner,
          calibration: fitCalibration(
            method,
            churned,
            pick(candidates.find((c) => c.name === winner)!.predictions, all),
          ),
        };
  return { winner, head, ranking, predictions: Object.fromEntries(scored.map((s) => [s.name, s.predictions])) };
}

export function chooseValue(candidates: Candidate[], value: Column, fold: Uint8Array): ValueChoice {
  const scored = [...candidates, ...crossFittedStack(candidates, fold, value, fitValueStack, applyValueStack)];
  const ranking = scored
    .map((s) => ({ name: s.name, gini: normalizedGini(value, s.predictions) }))
    .sort(byMetric((r) => r.gini));
  const winner = ranking[0].name;
  const head: ValueChoice['head'] =
    winner === STACK
      ? {
          kind: 'stack',
          stack: fitValueStack(
            candidates.map((c) => c.name),
            candidates.map((c) => c.predictions),
            value,
          ),
        }
      : { kind: 'single', member: winner };
  return {
    winner,
    head,
    ranking,
    predictions: Object.fromEntries(scored.map((s) => [s.name, Float64Array.from(s.predictions)])),
  };
}

/** Applies a chosen churn head to the members' predictions (by name). */
export function applyChurnHead(head: ChurnChoice['head'], predictions: Record<string, Column>): Float64Array {
  if (head.kind === 'single') return applyCalibration(head.calibration, member(predictions, head.member));
  return applyChurnStack(
    head.stack,
    head.stack.members.map((m) => member(predictions, m)),
  );
}

export function applyValueHead(head: ValueChoice['head'], predictions: Record<string, Column>): Float64Array {
  if (head.kind === 'single') return Float64Array.from(member(predictions, head.member));
  return applyValueStack(
    head.stack,
    head.stack.members.map((m) => member(predictions, m)),
  );
}

/** The candidates a head needs predictions from. */
export function headMembers(head: ChurnChoice['head'] | ValueChoice['head']): string[] {
  return head.kind === 'single' ? [head.member] : head.stack.members;
}

/** The stack of several candidates as one more candidate, its predictions cross-fitted; none for a single candidate. */
function crossFittedStack(
  candidates: Candidate[],
  fold: Uint8Array,
  labels: Column,
  fit: (members: string[], predictions: Column[], labels: Column) => Stack,
  apply: (stack: Stack, predictions: Column[]) => Float64Array,
): { name: string; predictions: Float64Array }[] {
  if (candidates.length < 2) return [];
  const members = candidates.map((c) => c.name);
  const columns = (rows: number[]) => candidates.map((c) => pick(c.predictions, rows));
  const predictions = crossFit(
    fold,
    (rows) => fit(members, columns(rows), pick(labels, rows)),
    (stack, rows) => apply(stack, columns(rows)),
  );
  return [{ name: STACK, predictions }];
}

/** Fit on one half, predict the other, both ways: every row's prediction comes from a fit without it. */
function crossFit<M>(
  fold: Uint8Array,
  fit: (rows: number[]) => M,
  apply: (model: M, rows: number[]) => Float64Array,
): Float64Array {
  const out = new Float64Array(fold.length);
  const halves = [0, 1].map((f) => Array.from(fold.keys()).filter((i) => fold[i] === f));
  for (const f of [0, 1]) {
    const [train, test] = [halves[1 - f], halves[f]];
    if (test.length === 0) continue;
    const predicted = apply(fit(train.length ? train : test), test);
    test.forEach((i, k) => (out[i] = predicted[k]));
  }
  return out;
}

function pick(column: Column, rows: number[]): Float64Array {
  return Float64Array.from(rows, (i) => column[i]);
}

function member(predictions: Record<string, Column>, name: string): Column {
  const column = predictions[name];
  if (!column) throw new Error(`no predictions from candidate ${name}`);
  return column;
}

/** Best first; a NaN metric sorts last; ties keep the candidates' order (the simpler ones come first). */
function byMetric<T>(metric: (r: T) => number) {
  return (a: T, b: T) => {
    const x = metric(a);
    const y = metric(b);
    if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : 1;
    if (Number.isNaN(y)) return -1;
    return y - x;
  };
}
