// Effects learned from campaigns: the prior moves a little with a few treated customers and a lot with
// many; per-segment posteriors from a real DuckDB file agree with a reference computed by hand in this
// file (difference in proportions, DerSimonian-Laird, Morris shrinkage); segments come from the plan of
// the scoring date the action came from; `churn effect` reports them with flags.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../models/random.ts';
import { learnActionEffects } from '../models/effects/learn-effects.ts';
import type { Outcome } from '../models/effects/arms.ts';
import type { Database } from '../pipeline/db/database.ts';
import { learnedEffects } from '../pipeline/plan/learned-effects.ts';
import { parsePlaybook } from '../pipeline/plan/playbook.ts';
import { churn } from './helpers/cli.ts';
import { tempDatabase } from './helpers/temp-db.ts';

const TIERS = ['vip', 'high', 'medium', 'low'] as const;
const LIFT: Record<string, number> = { vip: 0.25, high: 0.12, medium: 0.05, low: -0.02 };
const HORIZON = 30;
const VALUE_HORIZON = 365;

interface Customer {
  id: string;
  action: 'call' | 'sms';
  control: boolean;
  tier: string;
  lifecycle: string;
  risk: string;
  churnProb: number;
  value: number;
  retained: boolean;
  revenue: number;
}

/** Seeded campaign: 'call' to 4,000 customers (20% control) with a lift by value tier, 'sms' to 18. */
function campaign(): Customer[] {
  const random = mulberry32(22);
  return Array.from({ length: 4018 }, (_, i) => {
    const tier = TIERS[Math.floor(random() * 4)];
    const control = random() < 0.2;
    const churnProb = 0.3 + 0.5 * random();
    const retained = random() < 0.4 + (control ? 0 : LIFT[tier]);
    return {
      id: `C${i}`,
      action: i < 4000 ? 'call' : 'sms',
      control: i < 4000 ? control : i % 6 === 0,
      tier,
      lifecycle: random() < 0.5 ? 'active' : 'silent',
      risk: churnProb >= 0.6 ? 'high' : 'medium',
      churnProb,
      value: 100 + Math.floor(400 * random()),
      retained,
      revenue: retained ? 20 + Math.floor(80 * random()) : 0,
    };
  });
}

const csv = (dir: string, name: string, header: string, rows: (string | number | boolean)[][]) => {
  const path = join(dir, name);
  writeFileSync(path, [header, ...rows.map((r) => r.join(','))].join('\n') + '\n');
  return path;
};

/**
 * Plans before (every tier 'low'), at (the true tiers) and after (every tier 'vip') the actions of
 * 2025-01-05: only the plan of 2025-01-01 was known when they were taken.
 */
async function load(db: Database, dir: string, customers: Customer[]): Promise<void> {
  const plans = ['2024-10-01', '2025-01-01', '2025-03-01'].flatMap((asOf) =>
    customers.map((c) => {
      const tier = asOf === '2025-01-01' ? c.tier : asOf < '2025-01-01' ? 'low' : 'vip';
      return [asOf, c.id, c.lifecycle, tier, asOf === '2025-01-01' ? c.churnProb : 0.99, c.risk, c.value];
    }),
  );
  const p = csv(dir, 'plans.csv', 'as_of,id,lifecycle,tier,churn,risk,value', plans);
  await db.run(
    `INSERT INTO customers SELECT DISTINCT id, DATE '2024-01-01', 'north', 'web', 'basic', NULL, NULL, NULL FROM read_csv($p)`,
    { p },
  );
  await db.run(
    `INSERT INTO plan SELECT as_of, id, lifecycle, tier, 3, 3, 3, 'need_attention', NULL, NULL, NULL, NULL, NULL, false, 'spring' FROM read_csv($p)`,
    { p },
  );
  await db.run(
    `INSERT INTO scores (model_id, as_of, customer_id, churn_prob, risk_tier, predicted_value, value_tier, value_at_risk, action, reasons, reason_labels)
     SELECT 'm', as_of, id, churn, risk, value, tier, churn * value, '', '', '[]' FROM read_csv($p)`,
    { p },
  );
  const a = csv(
    dir,
    'actions.csv',
    'id,action,control',
    customers.map((c) => [c.id, c.action, c.control]),
  );
  await db.run(
    `INSERT INTO actions (action_id, customer_id, ts, action, campaign, is_control)
     SELECT 'A' || id, id, TIMESTAMP '2025-01-05 10:00:00', action, 'spring', control FROM read_csv($a)`,
    { a },
  );
  const bought = customers.filter((c) => c.retained).map((c) => [c.id, c.revenue]);
  const e = csv(dir, 'events.csv', 'id,amount', [...bought, ['C0', 1]]);
  // Purchases 10 days after the action; one purchase in June so the history is observed past the window.
  await db.run(
    `INSERT INTO events (event_id, customer_id, ts, type, amount)
     SELECT 'E' || row_number() OVER (), id, CASE WHEN amount = 1 THEN TIMESTAMP '2025-06-01' ELSE TIMESTAMP '2025-01-15' END,
            'purchase', amount FROM read_csv($e)`,
    { e },
  );
}

// ---- the reference: written from the formulas, sharing no code with models/effects ----
const Z = 1.959963984540054;
const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const varSamp = (xs: number[]) => xs.reduce((s, x) => s + (x - avg(xs)) ** 2, 0) / (xs.length - 1);

function reference(customers: Customer[], expectedReduction: number, k: number) {
  const call = customers.filter((c) => c.action === 'call');
  const arm = (cs: Customer[], control: boolean) => cs.filter((c) => c.control === control);
  const propDiff = (cs: Customer[]) => {
    const [t, c] = [arm(cs, false), arm(cs, true)];
    const rate = (g: Customer[]) => g.filter((x) => x.retained).length / g.length;
    const smooth = (g: Customer[]) => (g.filter((x) => x.retained).length + 0.5) / (g.length + 1);
    const [st, sc] = [smooth(t), smooth(c)];
    return { y: rate(t) - rate(c), v: (st * (1 - st)) / t.length + (sc * (1 - sc)) / c.length };
  };
  const [varT, varC] = [
    varSamp(arm(call, false).map((c) => c.revenue)),
    varSamp(arm(call, true).map((c) => c.revenue)),
  ];
  const meanDiff = (cs: Customer[]) => {
    const [t, c] = [arm(cs, false), arm(cs, true)];
    return {
      y: avg(t.map((x) => x.revenue)) - avg(c.map((x) => x.revenue)),
      v: varT / t.length + varC / c.length,
    };
  };
  const posterior = (m0: number, s0: number, d: { y: number; v: number }) => {
    const precision = 1 / s0 + 1 / d.v;
    return { mean: (m0 / s0 + d.y / d.v) / precision, variance: 1 / precision };
  };
  // τ² from the segments with at least 30 treated and 30 controls (all four tiers here).
  const pooled = (centre: { mean: number; variance: number }, ds: { y: number; v: number }[]) => {
    const w = ds.map((d) => 1 / d.v);
    const sw = w.reduce((s, x) => s + x, 0);
    const ybar = ds.reduce((s, d, i) => s + w[i] * d.y, 0) / sw;
    const q = ds.reduce((s, d, i) => s + w[i] * (d.y - ybar) ** 2, 0);
    const tau2 = Math.max(0, (q - (ds.length - 1)) / (sw - w.reduce((s, x) => s + x * x, 0) / sw));
    return ds.map((d) => {
      const b = d.v / (d.v + tau2);
      return { mean: b * centre.mean + (1 - b) * d.y, sd: Math.sqrt((1 - b) * d.v + b * b * centre.variance) };
    });
  };
  const order = [...TIERS].sort();
  const byTier = order.map((t) => call.filter((c) => c.tier === t));
  const retention = posterior(expectedReduction * avg(call.map((c) => c.churnProb)), 0.5 / k, propDiff(call));
  const valuePrior = (expectedReduction * HORIZON * avg(call.map((c) => c.churnProb * c.value))) / VALUE_HORIZON;
  const value = posterior(valuePrior, (2 * varSamp(call.map((c) => c.revenue))) / k, meanDiff(call));
  return {
    retention,
    value,
    retentionByTier: pooled(retention, byTier.map(propDiff)),
    valueByTier: pooled(value, byTier.map(meanDiff)),
    order,
    low: retention.mean - Z * Math.sqrt(retention.variance),
  };
}

describe('learned effects', () => {
  it('move from the prior a little with 15 treated customers and a lot with 5,000', () => {
    const random = mulberry32(5);
    const outcomes = (n: number): Outcome[] =>
      Array.from({ length: n * 2 }, (_, i) => {
        const control = i % 2 === 1;
        return {
          control,
          retained: random() < (control ? 0.3 : 0.5),
          revenue: random() * 100,
          churnProb: 0.5,
          predictedValue: 200,
          segments: {},
        };
      });
    const options = { priorStrength: 200, minControls: 30, valueScale: 90 / 365, baselineChurn: null };
    // Prior: 0.1 x 0.5 = 0.05; the truth is 0.2.
    const few = learnActionEffects('a', 0.1, outcomes(15), options).retention!;
    const many = learnActionEffects('a', 0.1, outcomes(5000), options).retention!;
    expect(few.prior.mean).toBeCloseTo(0.05, 12);
    expect(Math.abs(few.posterior.mean - 0.05)).toBeLessThan(0.02);
    expect(few.tooSmall).toBe(true);
    expect(Math.abs(many.posterior.mean - 0.2)).toBeLessThan(0.03);
    expect(many.posterior.sd).toBeLessThan(few.posterior.sd / 2);
    expect(many.tooSmall).toBe(false);
    expect(many.posterior.includesZero).toBe(false);
  });

  describe('from a real database', () => {
    let ctx: Awaited<ReturnType<typeof tempDatabase>>;
    const customers = campaign();
    const playbookJson = {
      version: 1,
      channels: { phone: { label: { en: 'Phone', 'zh-CN': '电话' }, capacityPerWeek: 100 } },
      actions: ['call', 'sms'].map((code) => ({
        code,
        label: { en: code, 'zh-CN': code },
        channel: 'phone',
        cost: 5,
        expectedReduction: code === 'call' ? 0.3 : 0.1,
        dueDays: 3,
        when: { riskTier: ['high', 'medium'] },
      })),
    };
    beforeAll(async () => {
      ctx = await tempDatabase();
      await load(ctx.db, ctx.dir, customers);
    });
    afterAll(() => ctx.cleanup());

    it('agree with the reference per value tier to 1e-6, with segments from the plan the action came from', async () => {
      const learned = await learnedEffects(ctx.db, parsePlaybook(playbookJson), {
        horizonDays: HORIZON,
        valueHorizonDays: VALUE_HORIZON,
        priorStrength: 200,
      });
      const ref = reference(customers, 0.3, 200);
      const call = learned.actions.find((a) => a.action === 'call')!;
      expect(call.retention!.posterior.mean).toBeCloseTo(ref.retention.mean, 6);
      expect(call.retention!.posterior.sd).toBeCloseTo(Math.sqrt(ref.retention.variance), 6);
      expect(call.retention!.posterior.low).toBeCloseTo(ref.low, 6);
      expect(call.value!.posterior.mean).toBeCloseTo(ref.value.mean, 6);
      const tiers = call.segments.filter((s) => s.dimension === 'valueTier');
      expect(tiers.map((s) => s.level)).toEqual(ref.order);
      tiers.forEach((s, i) => {
        expect(Math.min(s.treated, s.control)).toBeGreaterThanOrEqual(30); // the reference pools all four
        expect(Math.abs(s.retention.posterior.mean - ref.retentionByTier[i].mean)).toBeLessThan(1e-6);
        expect(Math.abs(s.retention.posterior.sd - ref.retentionByTier[i].sd)).toBeLessThan(1e-6);
        expect(Math.abs(s.value!.posterior.mean - ref.valueByTier[i].mean)).toBeLessThan(1e-6);
        expect(Math.abs(s.value!.posterior.sd - ref.valueByTier[i].sd)).toBeLessThan(1e-6);
      });
      // The VIPs' learned lift stands apart from the low tier's: the tiers were not pooled into one.
      const [vip, low] = ['vip', 'low'].map((t) => tiers.find((s) => s.level === t)!.retention.posterior);
      expect(vip.mean - low.mean).toBeGreaterThan(0.15);
      const sms = learned.actions.find((a) => a.action === 'sms')!;
      expect(sms.control).toBe(3);
      expect(sms.retention!.tooSmall).toBe(true);
      // Its segments are too small to estimate a spread between them: each is the action's effect.
      for (const s of sms.segments) {
        expect(s.retention.posterior.mean).toBeCloseTo(sms.retention!.posterior.mean, 12);
        expect(s.retention.tooSmall).toBe(true);
      }
    });

    it('are reported by churn effect with priors, intervals and flags, in text and --json', () => {
      const playbook = join(ctx.dir, 'playbook.json');
      writeFileSync(playbook, JSON.stringify(playbookJson));
      ctx.db.close();
      const args = ['effect', '--db', join(ctx.dir, 'churn.duckdb'), '--horizon-days', '30', '--playbook', playbook];
      const json = churn([...args, '--json', '--prior-strength', '200']);
      expect(json.stderr).toBe('');
      expect(json.code).toBe(0);
      const report = JSON.parse(json.stdout);
      const call = report.learned.actions.find((a: { action: string }) => a.action === 'call');
      expect(call.retention.posterior.mean).toBeCloseTo(reference(customers, 0.3, 200).retention.mean, 6);
      const text = churn(args);
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/call .*prior 0\.3 x churn/);
      expect(text.stdout).toMatch(/value tier vip .* learned \+\d/);
      expect(text.stdout).toMatch(/sms .*control group too small to tell/);
    });
  });
});
