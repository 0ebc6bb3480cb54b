// The shape of churn.config.json. Every field has a default, so an empty file (or none) is valid.
import { z } from 'zod';
import { DEFAULT_VOICE, voiceConfigSchema } from './voice-config.ts';
import { LOCALES, RISK_TIERS } from '../vocabulary.ts';
import { churnConfigSchema } from './churn-definition.ts';
import { retrainConfigSchema } from './retrain-config.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
const share = z.number().min(0).max(1);

export const modelConfigSchema = z
  .object({
    hiddenUnits: z.array(z.number().int().min(1).max(1024)).min(1).max(6).default([64, 32]),
    epochs: z.number().int().min(1).max(1000).default(40),
    batchSize: z.number().int().min(16).max(65536).default(1024),
    learningRate: z.number().positive().max(1).default(0.003),
    l2: z.number().min(0).max(1).default(1e-4),
    patience: z.number().int().min(1).max(100).default(6),
    valueLossWeight: z.number().min(0).max(100).default(0.5),
    // Class weight of churners in the churn loss (1 = unweighted; the calibration step undoes the shift).
    churnPositiveWeight: z.number().positive().max(100).default(1),
    // Share of hidden units dropped per training step (seeded per step; none at inference). Default 0:
    // 0.1 and 0.2 did not improve validation AUC or loss on the demo data or CDNOW (docs/model-card.md).
    dropout: z.number().min(0).max(0.9).default(0),
    // Networks averaged into one, from seeds derived from `seed`; 'auto': 5 on small data, down to 1 from
    // 200,000 training rows (docs/model-card.md, "Why the network lost on small real logs").
    members: z.union([z.literal('auto'), z.number().int().min(1).max(16)]).default('auto'),
    // Quantile bins of the piecewise-linear encoding added to each numeric input (0: none).
    numericBins: z.number().int().min(0).max(32).default(4),
    // Extra L2 that shrinks with the data: the penalty is (l2 + l2Rows / training rows) * sum(w^2).
    l2Rows: z.number().min(0).max(1e6).default(10),
    // BG/NBD P(alive) and expected purchases as extra inputs (see docs/model-card.md for what they add).
    btydFeatures: z.boolean().default(true),
    // Post-hoc calibration of the churn probability, fitted on the validation window, saved with the model.
    calibration: z.enum(['platt', 'isotonic', 'none']).default('isotonic'),
    // Level calibration of the predicted value (total matched on the validation window), saved with the model.
    valueCalibration: z.enum(['level', 'none']).default('level'),
    // Training snapshots stacked (sliding cutoffs H days apart) when history allows.
    snapshots: z.number().int().min(1).max(12).default(2),
    // What the shipped candidates are fitted on once chosen: the training snapshots and the validation
    // window (its most recent labels), or the training snapshots only (docs/model-card.md, "The final fit").
    finalFit: z.enum(['training+validation', 'training']).default('training+validation'),
  })
  .strict();

export const configSchema = z
  .object({
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(42),
    horizonDays: z.number().int().min(7).max(730).default(90),
    valueHorizonDays: z.number().int().min(7).max(1825).default(365),
    // What churned means within horizonDays (pipeline/config/churn-definition.ts, docs/configuration.md).
    churn: churnConfigSchema.default({ definition: 'no_purchase' }),
    asOf: date.optional(),
    // Central probability of every interval the pipeline reports per customer (docs/intervals.md).
    intervals: z
      .object({ level: z.number().min(0.5).max(0.99).default(0.8) })
      .strict()
      .default({ level: 0.8 }),
    riskThresholds: z
      .object({ high: share.default(0.6), medium: share.default(0.3) })
      .strict()
      .refine((t) => t.medium < t.high, { message: 'medium must be below high' })
      .default({ high: 0.6, medium: 0.3 }),
    // 'probability': tiers by riskThresholds; 'share': the top `high` and `medium` shares of customers by
    // value at risk (docs/playbook.md, "Risk tiers a team can act on").
    riskTiers: z
      .object({
        by: z.enum(['probability', 'share']).default('probability'),
        high: share.default(0.05),
        medium: share.default(0.15),
      })
      .strict()
      .refine((t) => t.high <= t.medium, { message: 'the high share must not exceed the medium share' })
      .default({ by: 'probability', high: 0.05, medium: 0.15 }),
    model: modelConfigSchema.default(modelConfigSchema.parse({})),
    export: z
      .object({ tiers: z.array(z.enum(RISK_TIERS)).min(1).default(['high', 'medium']) })
      .strict()
      .default({ tiers: ['high', 'medium'] }),
    ingest: z
      .object({
        futureToleranceHours: z
          .number()
          .min(0)
          .max(24 * 365)
          .default(24),
        missingCustomers: z.enum(['reject', 'create']).default('reject'),
      })
      .strict()
      .default({ futureToleranceHours: 24, missingCustomers: 'reject' }),
    plan: z
      .object({
        /** Playbook file; default: pipeline/plan/default-playbook.json. */
        playbook: z.string().min(1).optional(),
        lifecycle: z
          .object({
            newDays: z.number().int().min(0).default(90),
            silentDays: z.number().int().min(1).default(60),
            silentGapMultiple: z.number().min(0).default(2),
            churnedDays: z.number().int().min(1).default(180),
            churnedGapMultiple: z.number().min(0).default(4),
          })
          .strict()
          .refine((l) => l.silentDays < l.churnedDays, { message: 'silentDays must be below churnedDays' })
          .default({ newDays: 90, silentDays: 60, silentGapMultiple: 2, churnedDays: 180, churnedGapMultiple: 4 }),
        valueTiers: z
          .object({
            mode: z.enum(['quantile', 'absolute']).default('quantile'),
            vip: z.number().min(0).default(0.05),
            high: z.number().min(0).default(0.2),
            medium: z.number().min(0).default(0.5),
          })
          .strict()
          .refine(
            (t) =>
              t.mode === 'quantile'
                ? t.vip <= t.high && t.high <= t.medium && t.medium <= 1
                : t.vip >= t.high && t.high >= t.medium,
            {
              message:
                'quantile shares must grow (vip <= high <= medium <= 1); absolute thresholds must fall (vip >= high >= medium)',
            },
          )
          .default({ mode: 'quantile', vip: 0.05, high: 0.2, medium: 0.5 }),
      })
      .strict()
      .default({
        lifecycle: { newDays: 90, silentDays: 60, silentGapMultiple: 2, churnedDays: 180, churnedGapMultiple: 4 },
        valueTiers: { mode: 'quantile', vip: 0.05, high: 0.2, medium: 0.5 },
      }),
    report: z
      .object({
        outDir: z.string().min(1).default('dist'),
        maxRows: z.number().int().min(1).max(200000).default(5000),
        // Language of every label on the site (numbers and dates follow it too).
        locale: z.enum(LOCALES).default('en'),
        // Private by default: names, emails and phones are masked before they are published.
        showContacts: z.boolean().default(false),
        // Customers with a detail page (timeline, scores over runs), by value at risk.
        detailCustomers: z.number().int().min(0).max(20000).default(500),
        // The Actions page's what-if carries every candidate customer (about 80 bytes each): above this
        // many it is left out of the site and `churn plan --capacity/--budget` answers instead.
        whatIfMaxCustomers: z.number().int().min(0).max(1_000_000).default(100_000),
      })
      .strict()
      .default({
        outDir: 'dist',
        maxRows: 5000,
        locale: 'en',
        showContacts: false,
        detailCustomers: 500,
        whatIfMaxCustomers: 100_000,
      }),
    retrain: retrainConfigSchema.default(retrainConfigSchema.parse({})),
    // Free text: complaint themes, feedback types, the sentiment model (pipeline/config/voice-config.ts).
    voice: voiceConfigSchema.default(DEFAULT_VOICE),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
