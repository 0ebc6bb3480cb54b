// Alerts on realised performance, from the matured rows of this run and the whole history.
import type { RealisedRow } from './realised.ts';

/**
 * Alerts on realised performance: a matured AUC far below the model's validation AUC, or far below the
 * best realised AUC of earlier scoring dates (the model is decaying).
 */
export function realisedAlerts(
  added: RealisedRow[],
  history: RealisedRow[],
  validationAuc: (modelId: string) => number,
  maxDrop: number,
): string[] {
  const out: string[] = [];
  for (const r of added) {
    const line = `realised AUC of the ${r.asOf} scores (${r.modelId}) is ${r.auc.toFixed(3)}`;
    const validation = validationAuc(r.modelId);
    if (Number.isFinite(validation) && r.auc < validation - maxDrop) {
      out.push(`ALERT: ${line}, ${(validation - r.auc).toFixed(3)} below its validation AUC ${validation.toFixed(3)}`);
    }
    const earlier = history.filter((h) => h.asOf < r.asOf && Number.isFinite(h.auc));
    const best = earlier.reduce<RealisedRow | null>((b, h) => (b === null || h.auc > b.auc ? h : b), null);
    if (best && r.auc < best.auc - maxDrop)
      out.push(`ALERT: ${line}, down from ${best.auc.toFixed(3)} for the ${best.asOf} scores`);
  }
  return out;
}
