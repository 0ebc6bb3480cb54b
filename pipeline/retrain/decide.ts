// Champion/challenger decision from metrics on the same window: the challenger must win on the
// primary metric by the configured margin and not lose beyond the tolerances on calibration (ECE)
// and on the value ranking (Gini). Every rule checked becomes a reason, pass or fail.
import type { PromotionRules } from './retrain-config.ts';

export interface WindowMetrics {
  auc: number;
  prAuc: number;
  ece: number;
  gini: number;
}

export type Decision = 'first' | 'promoted' | 'rejected' | 'forced';

export interface DecisionResult {
  decision: Decision;
  promote: boolean;
  reasons: string[];
}

export function decide(
  champion: WindowMetrics | null,
  challenger: WindowMetrics,
  rules: PromotionRules,
  options: { force?: boolean; championProblem?: string } = {},
): DecisionResult {
  if (champion === null) {
    const why = options.championProblem ?? 'no champion yet';
    return { decision: 'first', promote: true, reasons: [`${why}: the challenger becomes champion`] };
  }
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : 'n/a');
  const signed = (v: number) => (v >= 0 ? '+' : '') + f(v);
  const gain = challenger[rules.metric] - champion[rules.metric];
  const eceUp = challenger.ece - champion.ece;
  const giniDrop = champion.gini - challenger.gini;
  const name = rules.metric === 'auc' ? 'AUC' : 'PR-AUC';
  const checks = [
    { ok: gain >= rules.minGain, text: `${name} ${f(challenger[rules.metric])} vs ${f(champion[rules.metric])} (${signed(gain)}; needs ${signed(rules.minGain)})` },
    { ok: !(eceUp > rules.maxEceIncrease), text: `ECE ${f(challenger.ece)} vs ${f(champion.ece)} (${signed(eceUp)}; at most ${signed(rules.maxEceIncrease)})` },
    // A value ranking that cannot be measured (no spend in the window) does not block.
    { ok: !(giniDrop > rules.maxGiniDrop), text: `value Gini ${f(challenger.gini)} vs ${f(champion.gini)} (${signed(-giniDrop)}; at most ${signed(-rules.maxGiniDrop)})` },
  ];
  const reasons = checks.map((c) => `${c.ok ? 'pass' : 'fail'}: ${c.text}`);
  const passed = checks.every((c) => c.ok);
  if (options.force) return { decision: 'forced', promote: true, reasons: [...reasons, 'promoted by --force-promote'] };
  return { decision: passed ? 'promoted' : 'rejected', promote: passed, reasons };
}
