// Champion/challenger decision from metrics on the same window: the challenger must win on the
// primary metric by the configured margin and not lose beyond the tolerances on calibration (ECE)
// and on the value ranking (Gini). Every rule checked becomes a reason, pass or fail, in English and
// Chinese (the report site shows the run history in either).
import type { PromotionRules } from '../config/retrain-config.ts';

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
  reasonsZh: string[];
}

const f = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : 'n/a');
const signed = (v: number) => (v >= 0 ? '+' : '') + f(v);

export function decide(
  champion: WindowMetrics | null,
  challenger: WindowMetrics,
  rules: PromotionRules,
  options: { force?: boolean; championProblem?: string; identical?: boolean } = {},
): DecisionResult {
  if (options.identical) {
    return {
      decision: 'rejected',
      promote: false,
      reasons: ['the challenger is identical to the champion (same data, same seed)'],
      reasonsZh: ['挑战者模型与现任模型完全相同(数据与随机种子相同)'],
    };
  }
  if (champion === null) {
    return options.championProblem
      ? {
          decision: 'first',
          promote: true,
          reasons: [`${options.championProblem}: the challenger becomes champion`],
          reasonsZh: [`现任模型无法评估(${options.championProblem}),挑战者成为现任模型`],
        }
      : {
          decision: 'first',
          promote: true,
          reasons: ['no champion yet: the challenger becomes champion'],
          reasonsZh: ['尚无现任模型:挑战者成为现任模型'],
        };
  }
  const gain = challenger[rules.metric] - champion[rules.metric];
  const eceUp = challenger.ece - champion.ece;
  const giniDrop = champion.gini - challenger.gini;
  const name = rules.metric === 'auc' ? 'AUC' : 'PR-AUC';
  const checks = [
    {
      ok: gain >= rules.minGain,
      en: `${name} ${f(challenger[rules.metric])} vs ${f(champion[rules.metric])} (${signed(gain)}; needs ${signed(rules.minGain)})`,
      zh: `${name} ${f(challenger[rules.metric])} 对 ${f(champion[rules.metric])}(${signed(gain)};至少需 ${signed(rules.minGain)})`,
    },
    {
      ok: !(eceUp > rules.maxEceIncrease),
      en: `ECE ${f(challenger.ece)} vs ${f(champion.ece)} (${signed(eceUp)}; at most ${signed(rules.maxEceIncrease)})`,
      zh: `校准误差 ECE ${f(challenger.ece)} 对 ${f(champion.ece)}(${signed(eceUp)};最多 ${signed(rules.maxEceIncrease)})`,
    },
    // A value ranking that cannot be measured (no spend in the window) does not block.
    {
      ok: !(giniDrop > rules.maxGiniDrop),
      en: `value Gini ${f(challenger.gini)} vs ${f(champion.gini)} (${signed(-giniDrop)}; at most ${signed(-rules.maxGiniDrop)})`,
      zh: `价值 Gini ${f(challenger.gini)} 对 ${f(champion.gini)}(${signed(-giniDrop)};最多 ${signed(-rules.maxGiniDrop)})`,
    },
  ];
  const reasons = checks.map((c) => `${c.ok ? 'pass' : 'fail'}: ${c.en}`);
  const reasonsZh = checks.map((c) => `${c.ok ? '通过' : '未通过'}:${c.zh}`);
  const passed = checks.every((c) => c.ok);
  if (options.force) {
    return {
      decision: 'forced',
      promote: true,
      reasons: [...reasons, 'promoted by --force-promote'],
      reasonsZh: [...reasonsZh, '由 --force-promote 强制上线'],
    };
  }
  return { decision: passed ? 'promoted' : 'rejected', promote: passed, reasons, reasonsZh };
}
