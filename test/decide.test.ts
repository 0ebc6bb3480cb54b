// Champion/challenger rules: margin on the primary metric, tolerances on calibration and value ranking.
import { describe, expect, it } from 'vitest';
import { decide } from '../pipeline/retrain/decide.ts';
import { retrainConfigSchema } from '../pipeline/config/retrain-config.ts';

const rules = retrainConfigSchema.parse({}).promotion; // auc, minGain 0.002, maxEceIncrease 0.01, maxGiniDrop 0.02
const champion = { auc: 0.8, prAuc: 0.7, ece: 0.02, gini: 0.6 };

describe('decide', () => {
  it('makes the first challenger champion', () => {
    const r = decide(null, champion, rules);
    expect([r.decision, r.promote]).toEqual(['first', true]);
    expect(r.reasonsZh[0]).toContain('尚无现任模型');
  });

  it('promotes a challenger that wins by the margin without losing calibration or value ranking', () => {
    const r = decide(champion, { ...champion, auc: 0.803, ece: 0.029, gini: 0.59 }, rules);
    expect([r.decision, r.promote]).toEqual(['promoted', true]);
    expect(r.reasons).toEqual([
      'pass: AUC 0.8030 vs 0.8000 (+0.0030; needs +0.0020)',
      'pass: ECE 0.0290 vs 0.0200 (+0.0090; at most +0.0100)',
      'pass: value Gini 0.5900 vs 0.6000 (-0.0100; at most -0.0200)',
    ]);
  });

  it('rejects a gain below the margin, a calibration loss or a value-ranking loss beyond tolerance', () => {
    expect(decide(champion, { ...champion, auc: 0.801 }, rules).decision).toBe('rejected');
    const ece = decide(champion, { ...champion, auc: 0.9, ece: 0.031 }, rules);
    expect(ece.decision).toBe('rejected');
    expect(ece.reasons[1]).toMatch(/^fail: ECE/);
    const gini = decide(champion, { ...champion, auc: 0.9, gini: 0.57 }, rules);
    expect(gini.decision).toBe('rejected');
    expect(gini.reasonsZh[2]).toMatch(/^未通过:价值 Gini/);
  });

  it('uses PR-AUC when configured, does not block on an unmeasurable Gini, and records a forced promotion', () => {
    const pr = { ...rules, metric: 'prAuc' as const };
    expect(decide(champion, { ...champion, auc: 0.7, prAuc: 0.75 }, pr).decision).toBe('promoted');
    expect(decide(champion, { ...champion, auc: 0.81, gini: NaN }, rules).decision).toBe('promoted');
    const forced = decide(champion, { ...champion, auc: 0.5 }, rules, { force: true });
    expect([forced.decision, forced.promote, forced.reasons.at(-1)]).toEqual([
      'forced',
      true,
      'promoted by --force-promote',
    ]);
  });

  it('keeps the champion when the challenger is the same model', () => {
    expect(decide(champion, champion, rules, { identical: true })).toMatchObject({
      decision: 'rejected',
      promote: false,
    });
  });
});
