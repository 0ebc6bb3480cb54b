// Effects learned from one action's outcomes: its effect on retention (absolute difference in the share
// who bought in the follow-up window, treated − control) and on value (revenue difference), each a normal
// posterior that starts at the playbook's prior and moves with evidence, and the same per segment, pooled
// towards the action's effect where a segment's data is thin. Pure and I/O-free; docs/playbook.md
// ("Effects learned from your campaigns") has the formulas.
import {
  addToArm,
  emptyArm,
  retentionDifference,
  retentionRate,
  revenueDifference,
  revenueVariance,
  type Arm,
  type Outcome,
} from './arms.ts';
import { dersimonianLaird, shrinkSegment, summarise, updateNormal, type Estimate, type Normal } from './shrinkage.ts';

export interface EffectOptions {
  /** How many treated and as many control customers the prior is worth. */
  priorStrength: number;
  /** Fewer controls than this: too small to tell. */
  minControls: number;
  /** Follow-up days / value horizon days: scales the playbook's value saved to the follow-up window. */
  valueScale: number;
  /** Churn probability to scale the prior by when no outcome is linked to a scoring date. */
  baselineChurn: number | null;
}

export type Summary = ReturnType<typeof summarise>;

export interface Learned {
  prior: Summary;
  /** The data alone: the difference and its 95% interval; null without both arms. */
  observed: Summary | null;
  posterior: Summary;
  /** Fewer controls than minControls, or the data's standard error exceeds the prior's sd. */
  tooSmall: boolean;
}

export interface SegmentEffects {
  dimension: string;
  level: string;
  treated: number;
  control: number;
  retention: Learned;
  value: Learned | null;
}

export interface ActionEffects {
  action: string;
  /** The playbook's relative reduction of churn probability: the prior's scale. */
  expectedReduction: number;
  treated: number;
  control: number;
  /** The churn probability the playbook's relative reduction applies to, and where it came from. */
  baselineChurn: number | null;
  priorBasis: 'scores' | 'control' | 'baseline' | 'none';
  retention: Learned | null;
  /** Learned retention effect relative to the baseline churn: the playbook's expectedReduction, learned. */
  relativeReduction: number | null;
  value: Learned | null;
  /** Between-segment variances (DerSimonian-Laird) per dimension. */
  heterogeneity: { dimension: string; retentionTau2: number; valueTau2: number | null }[];
  segments: SegmentEffects[];
}

interface Group {
  t: Arm;
  c: Arm;
  churn: number[];
  valueSaved: number[];
}

const newGroup = (): Group => ({ t: emptyArm(), c: emptyArm(), churn: [], valueSaved: [] });
const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);

function addToGroup(g: Group, o: Outcome): void {
  addToArm(o.control ? g.c : g.t, o);
  if (o.churnProb !== null) g.churn.push(o.churnProb);
  if (o.churnProb !== null && o.predictedValue !== null) g.valueSaved.push(o.churnProb * o.predictedValue);
}

/** Retention prior variance: a trial with k treated and k controls at 50% retention, 0.25·2/k. */
export const retentionPriorVariance = (priorStrength: number) => 0.5 / priorStrength;

function learned(prior: Normal, data: Estimate | null, posterior: Normal, controls: number, o: EffectOptions): Learned {
  return {
    prior: summarise(prior),
    observed: data ? summarise({ mean: data.y, variance: data.v }) : null,
    posterior: summarise(posterior),
    tooSmall: controls < o.minControls || !data || data.v > prior.variance,
  };
}

function baseline(all: Group, o: EffectOptions): { churn: number | null; basis: ActionEffects['priorBasis'] } {
  const scored = mean(all.churn);
  if (scored !== null) return { churn: scored, basis: 'scores' };
  if (all.c.n > 0) return { churn: 1 - retentionRate(all.c), basis: 'control' };
  if (o.baselineChurn !== null) return { churn: o.baselineChurn, basis: 'baseline' };
  return { churn: null, basis: 'none' };
}

function groupOutcomes(outcomes: readonly Outcome[]): { all: Group; byDimension: Map<string, Map<string, Group>> } {
  const all = newGroup();
  const byDimension = new Map<string, Map<string, Group>>();
  for (const out of outcomes) {
    addToGroup(all, out);
    for (const [dimension, level] of Object.entries(out.segments)) {
      const levels = byDimension.get(dimension) ?? new Map<string, Group>();
      const g = levels.get(level) ?? newGroup();
      addToGroup(g, out);
      levels.set(level, g);
      byDimension.set(dimension, levels);
    }
  }
  return { all, byDimension };
}

/** The action-level priors and posteriors the segments are pooled towards. */
interface ActionLevel {
  expectedReduction: number;
  churn: number;
  retentionPrior: Normal;
  retentionPost: Normal;
  valuePrior: Normal | null;
  valuePost: Normal | null;
  valueMean: number | null;
  varT: number;
  varC: number;
}

function dimensionEffects(
  dimension: string,
  levels: Map<string, Group>,
  a: ActionLevel,
  o: EffectOptions,
): { tau2: ActionEffects['heterogeneity'][number]; segments: SegmentEffects[] } {
  const entries = [...levels.entries()].sort(([x], [y]) => x.localeCompare(y));
  const rData = entries.map(([, g]) => retentionDifference(g.t, g.c));
  const vData = entries.map(([, g]) => revenueDifference(g.t, g.c, a.varT, a.varC));
  // τ² comes from the segments with enough customers in both arms: a handful of noisy tiny segments would
  // claim a spread that is only noise and leave them unpooled.
  const enough = entries.map(([, g]) => g.t.n >= o.minControls && g.c.n >= o.minControls);
  const informative = (d: Estimate | null, i: number): d is Estimate => d !== null && enough[i];
  const rTau2 = dersimonianLaird(rData.filter(informative));
  const vTau2 = a.valuePost ? dersimonianLaird(vData.filter(informative)) : null;
  const segments = entries.map(([level, g], i): SegmentEffects => {
    const retentionPrior = { ...a.retentionPrior, mean: a.expectedReduction * (mean(g.churn) ?? a.churn) };
    const valuePrior = a.valuePrior && {
      ...a.valuePrior,
      mean: a.expectedReduction * o.valueScale * (mean(g.valueSaved) ?? a.valueMean ?? 0),
    };
    return {
      dimension,
      level,
      treated: g.t.n,
      control: g.c.n,
      retention: learned(retentionPrior, rData[i], shrinkSegment(a.retentionPost, rTau2, rData[i]), g.c.n, o),
      value:
        valuePrior && a.valuePost
          ? learned(valuePrior, vData[i], shrinkSegment(a.valuePost, vTau2 ?? 0, vData[i]), g.c.n, o)
          : null,
    };
  });
  return { tau2: { dimension, retentionTau2: rTau2, valueTau2: vTau2 }, segments };
}

export function learnActionEffects(
  action: string,
  expectedReduction: number,
  outcomes: readonly Outcome[],
  o: EffectOptions,
): ActionEffects {
  const { all, byDimension } = groupOutcomes(outcomes);
  const { churn, basis } = baseline(all, o);
  const retentionPrior: Normal | null =
    churn === null ? null : { mean: expectedReduction * churn, variance: retentionPriorVariance(o.priorStrength) };
  const retentionData = retentionDifference(all.t, all.c);
  const retentionPost = retentionPrior && updateNormal(retentionPrior, retentionData);

  // Value: the playbook's value saved (churn × value × reduction) scaled to the follow-up window; the
  // prior's sd as k pseudo-customers per arm at the revenue variance of everyone the action covers.
  const pooled = emptyArm();
  for (const out of outcomes) addToArm(pooled, out);
  const revenueVar = revenueVariance(pooled);
  const varT = revenueVariance(all.t);
  const varC = revenueVariance(all.c);
  const valueMean = mean(all.valueSaved);
  const valuePrior: Normal | null =
    revenueVar > 0
      ? { mean: expectedReduction * o.valueScale * (valueMean ?? 0), variance: (2 * revenueVar) / o.priorStrength }
      : null;
  const valueData = revenueDifference(all.t, all.c, varT, varC);
  const valuePost = valuePrior && updateNormal(valuePrior, valueData);

  const level: ActionLevel | null =
    churn !== null && retentionPrior && retentionPost
      ? { expectedReduction, churn, retentionPrior, retentionPost, valuePrior, valuePost, valueMean, varT, varC }
      : null;
  const dimensions = level
    ? [...byDimension.entries()]
        .sort(([x], [y]) => x.localeCompare(y))
        .map(([dimension, levels]) => dimensionEffects(dimension, levels, level, o))
    : [];
  return {
    action,
    expectedReduction,
    treated: all.t.n,
    control: all.c.n,
    baselineChurn: churn,
    priorBasis: basis,
    retention:
      retentionPrior && retentionPost ? learned(retentionPrior, retentionData, retentionPost, all.c.n, o) : null,
    relativeReduction: retentionPost && churn ? retentionPost.mean / churn : null,
    value: valuePrior && valuePost ? learned(valuePrior, valueData, valuePost, all.c.n, o) : null,
    heterogeneity: dimensions.map((d) => d.tau2),
    segments: dimensions.flatMap((d) => d.segments),
  };
}
