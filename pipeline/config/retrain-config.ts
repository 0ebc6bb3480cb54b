// The `retrain` section of the config: promotion rules, monitoring levels, the inbox's file patterns,
// the schedule (for `churn status`'s next due date) and how many old releases to keep.
import { z } from 'zod';

const inboxRule = z
  .object({
    /** File name pattern in the inbox folder: `*` any characters, `?` one character. */
    pattern: z.string().min(1),
    kind: z.enum(['customers', 'events', 'actions']),
    /** Mapping file, relative to the config file's folder (default: the file is canonical). */
    map: z.string().min(1).optional(),
    format: z.enum(['csv', 'parquet', 'json', 'ndjson']).optional(),
    encoding: z.enum(['utf8', 'gb18030']).optional(),
  })
  .strict();

const promotion = z
  .object({
    /** Primary metric: churn ROC-AUC or PR-AUC on the latest fully labelled window. */
    metric: z.enum(['auc', 'prAuc']).default('auc'),
    /** The challenger must beat the champion by at least this much on the primary metric. */
    minGain: z.number().min(0).max(1).default(0.002),
    /** ... and may not be worse by more than this in expected calibration error ... */
    maxEceIncrease: z.number().min(0).max(1).default(0.01),
    /** ... or in normalised Gini of predicted value. */
    maxGiniDrop: z.number().min(0).max(2).default(0.02),
  })
  .strict();

const drift = z
  .object({
    warn: z.number().positive().default(0.1),
    alert: z.number().positive().default(0.25),
    /** Fail the run (exit 5: not promoted, scores rolled back, nothing published) when a feature or the score drifts past `alert`. */
    gate: z.boolean().default(false),
  })
  .strict()
  .refine((d) => d.warn < d.alert, { message: 'warn must be below alert' });

const realised = z
  .object({
    /** Alert when matured AUC falls this far below the champion's validation AUC. */
    maxAucDrop: z.number().min(0).max(1).default(0.05),
  })
  .strict();

export const retrainConfigSchema = z
  .object({
    promotion: promotion.default(promotion.parse({})),
    drift: drift.default(drift.parse({})),
    realised: realised.default(realised.parse({})),
    inbox: z.array(inboxRule).default([]),
    /** Days between scheduled runs; `churn status` shows when the next one is due. */
    scheduleDays: z.number().int().min(1).max(366).optional(),
    /** Completed releases kept besides the current one. */
    keepReleases: z.number().int().min(1).max(100).default(3),
  })
  .strict();

export type PromotionRules = z.infer<typeof promotion>;
export type InboxRule = z.infer<typeof inboxRule>;
