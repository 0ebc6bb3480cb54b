// The retention plan: segment rules at their edges, playbook coverage and review, capacity and
// control-group invariants over many random inputs, and effect estimates that recover a known effect.
import { describe, expect, it } from 'vitest';
import { mulberry32 as rng } from '../models/random.ts';
import { assignActions, type PlanCustomer } from '../pipeline/plan/assign.ts';
import { controlDraw, inControlGroup } from '../pipeline/plan/control.ts';
import { meanDifference, proportionDifference } from '../pipeline/plan/effect.ts';
import { matches } from '../pipeline/plan/match.ts';
import { checkPlaybook, loadPlaybook, parsePlaybook } from '../pipeline/plan/playbook.ts';
import type { Playbook } from '../pipeline/plan/playbook-schema.ts';
import { lifecycleStage, quintileScores, rfmSegment } from '../pipeline/plan/segments.ts';
import { valueTiers } from '../pipeline/score/value-tiers.ts';
import { LIFECYCLES, RFM_SEGMENTS, RISK_TIERS, VALUE_TIERS } from '../pipeline/vocabulary.ts';

describe('lifecycle stage at its edges', () => {
  const c = (tenureDays: number, recencyDays: number, usualGapDays: number | null, purchases = 3) => ({
    tenureDays,
    recencyDays,
    usualGapDays,
    purchases,
  });
  it('new below 90 days of tenure, active from 90', () => {
    expect(lifecycleStage(c(89, 10, 20))).toBe('new');
    expect(lifecycleStage(c(90, 10, 20))).toBe('active');
  });
  it('silent from max(60 days, 2 x the usual gap), churned from max(180 days, 4 x the gap)', () => {
    expect(lifecycleStage(c(400, 59, 10))).toBe('active');
    expect(lifecycleStage(c(400, 60, 10))).toBe('silent');
    expect(lifecycleStage(c(400, 99, 50))).toBe('active'); // a slow buyer: silent only at 100
    expect(lifecycleStage(c(400, 100, 50))).toBe('silent');
    expect(lifecycleStage(c(400, 179, 10))).toBe('silent');
    expect(lifecycleStage(c(400, 180, 10))).toBe('churned');
    expect(lifecycleStage(c(400, 199, 50))).toBe('silent');
    expect(lifecycleStage(c(400, 200, 50))).toBe('churned');
  });
  it('customers who never bought are new, then silent, then churned', () => {
    expect(lifecycleStage(c(30, 30, null, 0))).toBe('new');
    expect(lifecycleStage(c(120, 120, null, 0))).toBe('silent');
    expect(lifecycleStage(c(200, 200, null, 0))).toBe('churned');
  });
});

describe('RFM', () => {
  it('quintile scores: 5 for the best fifth, ties share a score', () => {
    expect(Array.from(quintileScores([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], true))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(Array.from(quintileScores([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], false))).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    expect(Array.from(quintileScores([7, 7, 7, 7, 7], true))).toEqual([1, 1, 1, 1, 1]);
  });
  it('named segments at their edges, and every score triple has one', () => {
    expect(rfmSegment(5, 5, 5)).toBe('champions');
    expect(rfmSegment(4, 4, 4)).toBe('champions');
    expect(rfmSegment(3, 5, 4)).toBe('loyal');
    expect(rfmSegment(4, 3, 2)).toBe('potential_loyalists');
    expect(rfmSegment(5, 1, 1)).toBe('new_customers');
    expect(rfmSegment(4, 1, 1)).toBe('promising');
    expect(rfmSegment(3, 2, 3)).toBe('need_attention');
    expect(rfmSegment(3, 1, 1)).toBe('about_to_sleep');
    expect(rfmSegment(2, 4, 3)).toBe('at_risk');
    expect(rfmSegment(1, 5, 5)).toBe('cannot_lose');
    expect(rfmSegment(2, 1, 2)).toBe('hibernating');
    expect(rfmSegment(1, 2, 1)).toBe('lost');
    for (let r = 1; r <= 5; r++)
      for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) expect(RFM_SEGMENTS).toContain(rfmSegment(r, f, m));
  });
  it('value tiers by quantile and by absolute thresholds', () => {
    const values = Array.from({ length: 100 }, (_, i) => i);
    const tiers = valueTiers(values);
    expect(tiers.filter((t) => t === 'vip')).toHaveLength(5);
    expect(tiers[99]).toBe('vip');
    expect(tiers[80]).toBe('high');
    expect(tiers[79]).toBe('medium');
    expect(tiers[49]).toBe('low');
    expect(valueTiers([1000, 999, 100, 5], { mode: 'absolute', vip: 1000, high: 500, medium: 50 })).toEqual([
      'vip',
      'high',
      'medium',
      'low',
    ]);
  });
  it('value tiers by quantile equal ranking every customer, ties by position, at any size', () => {
    // The definition: sort customers by value, highest first, equal values in input order; the top
    // 5% are vip, the next 15% high, the next 30% medium.
    const byRank = (values: number[]) => {
      const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
      const out: string[] = new Array(values.length);
      order.forEach((i, rank) => {
        const q = rank / values.length;
        out[i] = q < 0.05 ? 'vip' : q < 0.2 ? 'high' : q < 0.5 ? 'medium' : 'low';
      });
      return out;
    };
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (const n of [1, 2, 3, 19, 20, 21, 100, 999, 5000]) {
      // Few distinct values, so ties straddle every cut; -0 and 0 are the same value.
      const values = Array.from({ length: n }, () => (random() < 0.1 ? -0 : Math.floor(random() * 7)));
      expect(valueTiers(values), `n=${n}`).toEqual(byRank(values));
      const spread = Array.from({ length: n }, () => random() * 1000);
      expect(valueTiers(spread), `n=${n} distinct`).toEqual(byRank(spread));
    }
    expect(valueTiers([])).toEqual([]);
  });
});

describe('default playbook', () => {
  const playbook = loadPlaybook();
  it('is valid and has no rule that can never fire', () => {
    expect(checkPlaybook(playbook).filter((f) => f.level === 'error')).toEqual([]);
  });
  it('offers an action to every lifecycle x value tier at high and medium risk', () => {
    for (const lifecycle of LIFECYCLES) {
      for (const valueTier of VALUE_TIERS) {
        for (const riskTier of ['high', 'medium']) {
          const c = { lifecycle, valueTier, riskTier, segment: 'at_risk', drivers: [] };
          expect(
            playbook.actions.some((a) => matches(a.when, c)),
            `${lifecycle}/${valueTier}/${riskTier}`,
          ).toBe(true);
        }
      }
    }
  });
  it('offers nothing to low-risk customers', () => {
    const c = { lifecycle: 'active', valueTier: 'vip', riskTier: 'low', segment: 'champions', drivers: ['detractor'] };
    expect(playbook.actions.filter((a) => matches(a.when, c))).toEqual([]);
  });
});

describe('playbook review', () => {
  const base = loadPlaybook();
  it('flags a rule dominated by another and a channel without capacity', () => {
    const p = parsePlaybook({
      ...base,
      channels: { ...base.channels, mail: { label: { en: 'Mail', 'zh-CN': '信件' }, capacityPerWeek: 0 } },
      actions: [
        ...base.actions,
        {
          ...base.actions.find((a) => a.code === 'retention_email')!,
          code: 'pricier_email',
          cost: 1,
          when: { riskTier: ['high'] },
        },
        { ...base.actions[0], code: 'letter', channel: 'mail' },
      ],
    });
    const errors = checkPlaybook(p).filter((f) => f.level === 'error');
    expect(errors.map((e) => e.action).sort()).toEqual(['letter', 'pricier_email']);
  });
  it('reports invalid playbooks as path: message lines', () => {
    expect(() =>
      parsePlaybook({ ...base, actions: [{ ...base.actions[0], channel: 'fax', expectedReduction: 2 }] }),
    ).toThrow(/actions\.0\.channel: Invalid option[^\n]*\nactions\.0\.expectedReduction: Too big/);
  });
});

describe('assignment invariants over random inputs', () => {
  const playbook = loadPlaybook();
  const random = rng(2026);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const drivers = ['overdue_purchase', 'unresolved_tickets', 'detractor', 'declining_activity'];

  function randomCase(n: number): { customers: PlanCustomer[]; playbook: Playbook } {
    const customers = Array.from({ length: n }, (_, i) => ({
      customerId: `C${i}`,
      churnProb: random(),
      predictedValue: random() < 0.1 ? random() * 20000 : random() * 800,
      lifecycle: pick(LIFECYCLES),
      valueTier: pick(VALUE_TIERS),
      riskTier: pick(RISK_TIERS),
      segment: pick(RFM_SEGMENTS),
      drivers: drivers.filter(() => random() < 0.3),
    }));
    const channels = Object.fromEntries(
      Object.entries(playbook.channels).map(([k, v]) => [
        k,
        { ...v!, capacityPerWeek: Math.floor(random() * n * 0.2) },
      ]),
    );
    return { customers, playbook: { ...playbook, channels, controlShare: random() * 0.3 } };
  }

  it('never exceeds capacity, gives at most one action, never a non-positive benefit, and leaves no profitable gap', () => {
    for (let trial = 0; trial < 40; trial++) {
      const { customers, playbook: p } = randomCase(300 + Math.floor(random() * 700));
      const { assignments, usedCapacity, capacity } = assignActions(customers, p);
      const used: Record<string, number> = {};
      assignments.forEach((a, i) => {
        if (!a) return;
        expect(a.netBenefit).toBeGreaterThan(0);
        const action = p.actions.find((x) => x.code === a.action)!;
        expect(matches(action.when, customers[i])).toBe(true);
        if (!a.control) used[a.channel] = (used[a.channel] ?? 0) + 1;
      });
      for (const channel of Object.keys(capacity)) {
        expect(used[channel] ?? 0).toBe(usedCapacity[channel]);
        expect(usedCapacity[channel]).toBeLessThanOrEqual(capacity[channel]);
      }
      // Greedy leaves no customer without an action while a matching action with a positive
      // benefit still has room on its channel (control customers excepted).
      customers.forEach((c, i) => {
        if (assignments[i] || inControlGroup(c.customerId, p.campaign, p.controlShare)) return;
        for (const a of p.actions) {
          if (matches(a.when, c) && c.churnProb * c.predictedValue * a.expectedReduction - a.cost > 0) {
            expect(usedCapacity[a.channel]).toBe(capacity[a.channel]);
          }
        }
      });
      // Priorities are 1..k over contacted customers.
      const priorities = assignments
        .filter((a) => a && !a.control)
        .map((a) => a!.priority!)
        .sort((x, y) => x - y);
      expect(priorities).toEqual(priorities.map((_, k) => k + 1));
    }
  });
});

describe('control group', () => {
  it('holds out the configured share, the same customers every time, and new ones for a new campaign', () => {
    const ids = Array.from({ length: 20000 }, (_, i) => `C${String(i).padStart(6, '0')}`);
    const first = ids.filter((id) => inControlGroup(id, 'spring', 0.1));
    expect(first.length / ids.length).toBeGreaterThan(0.09);
    expect(first.length / ids.length).toBeLessThan(0.11);
    expect(ids.filter((id) => inControlGroup(id, 'spring', 0.1))).toEqual(first);
    const other = new Set(ids.filter((id) => inControlGroup(id, 'summer', 0.1)));
    const overlap = first.filter((id) => other.has(id)).length / first.length;
    expect(overlap).toBeLessThan(0.2); // independent draws overlap about 10%
    expect(controlDraw('C1', 'x')).toBe(controlDraw('C1', 'x'));
  });
});

describe('effect estimates', () => {
  it('recover a known retention lift within the interval, and call a null effect inconclusive', () => {
    const random = rng(7);
    const draw = (n: number, p: number) =>
      Array.from({ length: n }, () => (random() < p ? 1 : 0)).reduce((s: number, x: number) => s + x, 0) / n;
    const treated = draw(3000, 0.55);
    const control = draw(3000, 0.4);
    const lift = proportionDifference(treated, 3000, control, 3000);
    expect(lift.low).toBeLessThan(0.15);
    expect(lift.high).toBeGreaterThan(0.15);
    expect(lift.low).toBeGreaterThan(0);
    const none = proportionDifference(draw(400, 0.5), 400, draw(400, 0.5), 400);
    expect(none.low).toBeLessThan(0);
    expect(none.high).toBeGreaterThan(0);
    const revenue = meanDifference(12, 4, 100, 10, 4, 100);
    expect(revenue.estimate).toBe(2);
    expect(revenue.high - revenue.low).toBeCloseTo(2 * 1.959964 * Math.sqrt(0.08), 5);
  });
});
