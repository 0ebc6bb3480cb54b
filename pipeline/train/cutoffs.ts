// The training cutoffs before a validation cutoff V, shared by train and evaluate: V - H, V - 2H, ...
// (`model.snapshots` of them), each with MIN_HISTORY_DAYS of history before it.
import { addDays, daysBetween } from '../dates.ts';

/** Days of history a training snapshot needs before its cutoff. */
export const MIN_HISTORY_DAYS = 60;

/** Sliding training cutoffs, latest first; empty when not even V - H has the history. */
export function trainingCutoffs(
  validCutoff: string,
  horizon: number,
  snapshots: number,
  firstEvent: string | null,
): string[] {
  const cutoffs: string[] = [];
  if (firstEvent === null) return cutoffs;
  for (let k = 1; k <= snapshots; k++) {
    const cutoff = addDays(validCutoff, -k * horizon);
    if (daysBetween(firstEvent, cutoff) < MIN_HISTORY_DAYS) break;
    cutoffs.push(cutoff);
  }
  return cutoffs;
}
