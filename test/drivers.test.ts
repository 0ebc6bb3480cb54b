// Per-customer drivers: occlusion attributions of a network with known weights, the mapping from
// inputs to reason codes, and reasons ordered by attribution with their English and Chinese sentences.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { occlusionAttribution, permuteGroup } from '../models/churn-clv/attribution.ts';
import { initBackend } from '../models/churn-clv/backend.ts';
import { mulberry32 } from '../models/random.ts';
import { predictNetwork } from '../models/churn-clv/predict.ts';
import { driverGroups, DRIVER_CODES } from '../pipeline/score/drivers.ts';
import { reasonColumns, sentenceKey } from '../pipeline/score/reason-columns.ts';
import { holdingMasks, REASON_INPUTS, reasonsFor, type ReasonInput } from '../pipeline/score/reasons.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('occlusion attribution', () => {
  it('is the churn logit minus the logit with the group set to the reference', () => {
    // churn logit = 2 x0 - x1 + 0.5 x2 (first of the 4 outputs).
    const input = tf.input({ shape: [3] });
    const dense = tf.layers.dense({ units: 4, useBias: true });
    const network = tf.model({ inputs: input, outputs: dense.apply(input) as tf.SymbolicTensor });
    dense.setWeights([
      tf.tensor2d([
        [2, 0, 0, 0],
        [-1, 0, 0, 0],
        [0.5, 0, 0, 0],
      ]),
      tf.zeros([4]),
    ]);
    const x = { data: Float32Array.from([1, 1, 2, 0, 3, -2]), rows: 2, cols: 3 };
    const [g0, g12] = occlusionAttribution(network, x, [0, 0, 0], [[0], [1, 2]]);
    expect(Array.from(g0)).toEqual([expect.closeTo(2, 5), expect.closeTo(0, 5)]);
    // Row 1: x1 = 1, x2 = 2 -> -1 + 1 = 0; row 2: x1 = 3, x2 = -2 -> -3 - 1 = -4.
    expect(Array.from(g12)).toEqual([expect.closeTo(0, 5), expect.closeTo(-4, 5)]);
    // Only the rows asked for are occluded (the reasons that hold); the rest are NaN, not guessed.
    const [s0, s12] = occlusionAttribution(
      network,
      x,
      [0, 0, 0],
      [[0], [1, 2]],
      [Uint8Array.from([0, 1]), Uint8Array.from([1, 0])],
    );
    expect(Number.isNaN(s0[0])).toBe(true);
    expect(s0[1]).toBe(g0[1]);
    expect(s12[0]).toBe(g12[0]);
    expect(Number.isNaN(s12[1])).toBe(true);
    // Given the network's own churn probabilities (scoring has them), the same numbers, one pass fewer.
    const { churnProb } = predictNetwork(network, x);
    const given = occlusionAttribution(network, x, [0, 0, 0], [[0], [1, 2]], undefined, churnProb);
    expect(given.map((a) => [...a])).toEqual([[...g0], [...g12]]);
    network.dispose();
  });

  it('permutes a group of columns jointly, the rest untouched', () => {
    const x = { data: Float32Array.from([1, 10, 2, 20, 3, 30, 4, 40]), rows: 4, cols: 2 };
    const p = permuteGroup(x, [0], mulberry32(1));
    expect([...p.data].filter((_, i) => i % 2 === 1)).toEqual([10, 20, 30, 40]);
    expect([...p.data].filter((_, i) => i % 2 === 0).sort()).toEqual([1, 2, 3, 4]);
  });
});

describe('reason drivers', () => {
  it('maps inputs (one-hot included) to reason codes', () => {
    const groups = driverGroups(['recency_days', 'plan=discount', 'plan=basic', 'region=north', 'unresolved_tickets']);
    const by = Object.fromEntries(DRIVER_CODES.map((code, g) => [code, groups[g]]));
    expect(by.overdue_purchase).toEqual([0]);
    expect(by.price_sensitive_plan).toEqual([1, 2]);
    expect(by.unresolved_tickets).toEqual([4]);
    expect(groups.flat()).not.toContain(3); // region is not something an agent can act on
  });

  const customer: ReasonInput = {
    recency_days: 74,
    gap_mean_days: 24.7,
    frequency_total: 6,
    unresolved_tickets: 2,
    has_survey: 1,
    last_survey_score: 3,
    login_trend: 0,
    purchase_trend: 0,
    days_since_login: 10,
    tenure_days: 400,
    plan: 'basic',
  };

  it('orders the reasons that hold by how much they raise the score', () => {
    expect(reasonsFor(customer).map((r) => r.code)).toEqual(['overdue_purchase', 'unresolved_tickets', 'detractor']);
    const ranked = reasonsFor(customer, 3, {
      overdue_purchase: 0.2,
      unresolved_tickets: 0.1,
      detractor: 0.9,
      no_recent_login: 5,
    });
    expect(ranked.map((r) => [r.code, r.impact])).toEqual([
      ['detractor', 0.9],
      ['overdue_purchase', 0.2],
      ['unresolved_tickets', 0.1],
    ]);
  });

  it('says each reason in words an agent can act on, in English and Chinese', () => {
    const labels = Object.fromEntries(reasonsFor(customer).map((r) => [r.code, r.label]));
    expect(labels.overdue_purchase).toEqual({
      en: 'No purchase for 74 days, 3x the usual gap',
      'zh-CN': '74 天未购买，是平时间隔的 3 倍',
    });
    expect(labels.unresolved_tickets).toEqual({ en: '2 unresolved support tickets', 'zh-CN': '2 个未解决的客服工单' });
    expect(labels.detractor).toEqual({ en: 'Last NPS 3, a detractor', 'zh-CN': '最近一次 NPS 评分 3，属于贬损者' });
  });

  it('gives every customer of a batch the reasons, order, sentences and impacts reasonsFor gives one', () => {
    // Few distinct values (so sentences repeat and ties in impact occur), some non-integer ones (so
    // some sentences are not cached), and negative trends.
    const random = mulberry32(11);
    const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
    const n = 4000;
    const customers: ReasonInput[] = Array.from({ length: n }, () => ({
      recency_days: pick([0, 10, 46, 74, 74.4, 120, 400]),
      gap_mean_days: pick([0, 3, 24.7, 60, 33.333]),
      frequency_total: pick([0, 1, 6]),
      unresolved_tickets: pick([0, 1, 2, 2.5]),
      has_survey: pick([0, 1]),
      last_survey_score: pick([0, 3, 6, 6.5, 9]),
      login_trend: pick([-0.5, 0, 0.2]),
      purchase_trend: pick([-0.3, 0]),
      days_since_login: pick([5, 61, 61.6, 300]),
      tenure_days: pick([10, 89.5, 400]),
      plan: pick(['basic', 'discount']),
    }));
    const input = { ...customers[0] };
    const fill = (i: number) => Object.assign(input, customers[i]);
    const attributions = DRIVER_CODES.map(() =>
      Float64Array.from({ length: n }, () => pick([0, 0.1, 0.2, -0.05, random()])),
    );
    for (const explained of [false, true]) {
      const columns = reasonColumns(n, fill, input, explained ? attributions : null);
      // With the holding masks scoring already has, the same columns.
      const masked = reasonColumns(n, fill, input, explained ? attributions : null, {
        holding: holdingMasks(n, fill, input),
      });
      expect(masked).toEqual(columns);
      for (let i = 0; i < n; i++) {
        const impact = explained
          ? Object.fromEntries(DRIVER_CODES.map((code, g) => [code, attributions[g][i]]))
          : undefined;
        const expected = reasonsFor(customers[i], 3, impact).map((r) => ({
          code: r.code,
          en: r.label.en,
          zh: r.label['zh-CN'],
          impact: r.impact ?? NaN,
        }));
        const got = columns.ids.flatMap((ids, rank) =>
          ids[i] < 0 ? [] : [{ ...columns.sentences[ids[i]], impact: columns.impacts[rank][i] }],
        );
        expect(got, `customer ${i}`).toEqual(expected);
      }
      // Shared sentences are written once.
      expect(columns.sentences.length).toBeLessThan(200);
    }
    expect(REASON_INPUTS).toContain('recency_days');
  });

  it('keys a sentence by its rule and arguments, one key per distinct pair', () => {
    const keys = new Map<number, string>();
    for (let rule = 0; rule < 8; rule++) {
      for (const args of [
        [],
        [0],
        [1],
        [0.1],
        [2.5],
        [74, 3],
        [74, 3.1],
        [3, 74],
        [2 ** 19],
        [838860.7],
        [838860.7, 838860.7],
      ]) {
        const key = sentenceKey(rule, args);
        expect(key).toBeGreaterThanOrEqual(0);
        expect(keys.get(key) ?? `${rule}:${args}`).toBe(`${rule}:${args}`);
        keys.set(key, `${rule}:${args}`);
      }
    }
    for (const args of [[-1], [0.05], [2 ** 23], [1, 2, 3], [0.30000000000000004]])
      expect(sentenceKey(0, args)).toBe(-1);
  });
});
