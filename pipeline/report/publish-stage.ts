// Publish stage: writes the JSON files the report site reads (build-site.ts PUBLISHED_FILES) into the
// publish directory; each file beyond overview, at-risk, model and customer-base has its own
// publish-<name>.ts module. Read only on the database. The site never touches the database; contact
// data is masked here (and in publish-customers.ts), before it leaves the pipeline. monitoring.json
// belongs to the retrain command: publish only writes an empty one where there is none yet.
import { valueTotalBands } from './value-totals.ts';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { writeFileAtomic } from '../atomic-write.ts';
import { join } from 'node:path';
import type { Config } from '../config/config-schema.ts';
import type { Database } from '../db/database.ts';
import { readSql } from '../db/database.ts';
import { latestScoredDate } from '../score/latest-scored.ts';
import { loadPlaybook } from '../plan/playbook.ts';
import { customerBase } from './customer-base.ts';
import { contactFields } from './mask.ts';
import { siteInfo } from './publish-site.ts';
import { actionsReport } from './publish-actions.ts';
import { qualityReport } from './publish-quality.ts';
import { segmentsReport } from './publish-segments.ts';
import { valueReport } from './publish-value.ts';
import { cohortsReport } from './publish-cohorts.ts';
import { customersReport } from './publish-customers.ts';
import { runsHistory } from './publish-history.ts';
import { heldOutEvidence, shippedChoice } from './publish-model-evidence.ts';
import { readEvaluations } from '../evaluate/saved-evaluations.ts';
import { eventTypeDeclarations } from '../db/declarations.ts';
import { prepareAttributeLevels, type ReportAttribute } from './attribute-levels.ts';
import { attributeValues } from './attribute-values.ts';
import { hasSubscriptions, noSubscriptions, subscriptionsReport } from './publish-subscriptions.ts';
import { voiceReport } from './publish-voice.ts';

export interface PublishOptions {
  publishDir: string;
  config: Config;
  asOf?: string;
}

export interface PublishResult {
  publishDir: string;
  asOf: string;
  modelId: string;
  files: string[];
}

const round = (v: number | null, digits = 2) =>
  v === null || !Number.isFinite(v) ? null : Math.round(v * 10 ** digits) / 10 ** digits;

export async function publishStage(db: Database, options: PublishOptions): Promise<PublishResult> {
  const { config } = options;
  const asOf = options.asOf ?? (await latestScoredDate(db));
  const [run] = await db.all<{ model_id: string }>(
    'SELECT any_value(model_id) AS model_id FROM scores WHERE as_of = CAST($as_of AS DATE)',
    { as_of: asOf },
  );
  const modelId = run.model_id;
  const headline = await overview(db, asOf, modelId, config);
  const attributes = await prepareAttributeLevels(db);
  const eventTypes = await eventTypeDeclarations(db);
  const files = {
    'site.json': siteInfo(config, asOf, modelId, { attributes, eventTypes }),
    'actions.json': await actionsReport(db, asOf, config),
    'quality.json': await qualityReport(db, asOf),
    'segments.json': await segmentsReport(db, asOf, attributes),
    'value.json': await valueReport(db, asOf, config.valueHorizonDays),
    'cohorts.json': await cohortsReport(db, asOf, config.horizonDays, attributes),
    'customers.json': await customersReport(db, asOf, config, attributes),
    // Always written (the page's note without subscription events), so no stale file stays behind.
    'subscriptions.json': (await hasSubscriptions(db))
      ? await subscriptionsReport(db, asOf, config, attributes)
      : noSubscriptions(asOf),
    // Always written too: {available: false} without feedback text (docs/voice.md).
    'voice.json': await voiceReport(db, asOf, config),
    'overview.json': headline,
    'runs-history.json': await runsHistory(options.publishDir, headline),
    'at-risk.json': await atRisk(db, asOf, config, attributes),
    'model.json': await modelReport(db, modelId),
    'customer-base.json': await customerBase(
      db,
      asOf,
      await modelPath(db, modelId),
      config.horizonDays,
      config.valueHorizonDays,
    ),
  };
  await mkdir(options.publishDir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    await writeFileAtomic(join(options.publishDir, name), JSON.stringify(content) + '\n');
  }
  const written = Object.keys(files);
  if (await writeEmptyMonitoring(options.publishDir)) written.push('monitoring.json');
  return { publishDir: options.publishDir, asOf, modelId, files: written };
}

/**
 * monitoring.json is the retrain command's file (runs, champions, drift, realised performance); until
 * it has run, the site reads an empty one. Never overwrites: 'wx' fails when the file exists.
 */
export async function writeEmptyMonitoring(publishDir: string): Promise<boolean> {
  const empty = { runs: [], champions: [], drift: null, realised: [] };
  try {
    await writeFile(join(publishDir, 'monitoring.json'), JSON.stringify(empty) + '\n', { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function overview(db: Database, asOf: string, modelId: string, config: Config) {
  const [o] = await db.all<Record<string, number | null>>(
    readSql(import.meta.url, 'overview.sql'),
    { as_of: asOf, horizon: config.horizonDays },
    'overview.sql',
  );
  const tiers = await db.all<{ tier: string; customers: number; predictedValue: number; valueAtRisk: number }>(
    `SELECT risk_tier AS tier, count(*) AS customers, round(sum(predicted_value), 2) AS "predictedValue",
            round(sum(value_at_risk), 2) AS "valueAtRisk"
     FROM scores WHERE as_of = CAST($as_of AS DATE) GROUP BY 1
     ORDER BY CASE risk_tier WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END`,
    { as_of: asOf },
  );
  const [predicted] = await db.all<{ rate: number | null; total: number; at_risk: number }>(
    `SELECT avg(s.churn_prob) FILTER (f.frequency_90 > 0) AS rate, sum(s.predicted_value) AS total, sum(s.value_at_risk) AS at_risk
     FROM scores s JOIN features f ON f.customer_id = s.customer_id AND f.cutoff = s.as_of
     WHERE s.as_of = CAST($as_of AS DATE)`,
    { as_of: asOf },
  );
  const monthly = await db.all<{ month: string; active_customers: number; purchases: number; revenue: number }>(
    readSql(import.meta.url, 'monthly.sql'),
    { as_of: asOf },
    'monthly.sql',
  );
  const histogram = await db.all<{ tier: string; bin: number; customers: number }>(
    `SELECT risk_tier AS tier, least(floor(churn_prob * 20), 19) / 20 AS bin, count(*) AS customers
     FROM scores WHERE as_of = CAST($as_of AS DATE) GROUP BY 1, 2 ORDER BY 2, 1`,
    { as_of: asOf },
  );
  const previousActive = o.previous_active ?? 0;
  return {
    asOf,
    modelId,
    horizonDays: config.horizonDays,
    valueHorizonDays: config.valueHorizonDays,
    customers: { total: o.customers_total, active: o.customers_active },
    churn: {
      trailingRate: previousActive > 0 ? round((o.previous_lost ?? 0) / previousActive, 4) : null,
      predictedRate: round(predicted.rate, 4),
    },
    repurchaseRate: round(o.repurchase_rate, 4),
    // NPS from NPS answers only (null: none in the last 365 days); CSAT: share of 4-5 among csat and stars answers.
    nps: round(o.nps, 1),
    csat: round(o.csat, 4),
    surveys: { nps: o.nps_answers ?? 0, csat: o.csat_answers ?? 0 },
    value: {
      predictedTotal: round(predicted.total),
      atRisk: round(predicted.at_risk),
      // Their intervals (null with a model trained before intervals were saved).
      bands: await valueTotalBands(db, asOf, await modelPath(db, modelId), config.intervals.level),
    },
    tiers,
    monthly: monthly.map((m) => ({
      month: m.month,
      activeCustomers: m.active_customers,
      purchases: m.purchases,
      revenue: m.revenue,
    })),
    churnByTier: histogram.map((h) => ({ tier: h.tier, bin: round(h.bin, 2), customers: h.customers })),
  };
}

async function atRisk(db: Database, asOf: string, config: Config, attributes: ReportAttribute[]) {
  const playbook = loadPlaybook(config.plan.playbook);
  const actionLabels = new Map(playbook.actions.map((a) => [a.code, a.label.en]));
  // The plan's action where there is a plan for these scores; customers left out of it get none.
  const rows = await db.all(
    `SELECT s.customer_id, c.name, c.email, c.phone, c.region, c.plan, s.risk_tier, s.churn_prob,
            coalesce(p.value_tier, s.value_tier) AS value_tier, p.segment, p.lifecycle, p.channel, p.priority,
            coalesce(p.control, false) AS control, strftime(p.due_date, '%Y-%m-%d') AS due_date,
            s.predicted_value, s.value_at_risk, round(f.recency_days) AS days_since,
            strftime(s.next_purchase, '%Y-%m-%d') AS next_purchase, s.p_purchase_30,
            coalesce(p.action, 'none') AS action, s.reason_labels
     FROM scores s JOIN customers c USING (customer_id)
     LEFT JOIN features f ON f.customer_id = s.customer_id AND f.cutoff = s.as_of
     LEFT JOIN plan p ON p.customer_id = s.customer_id AND p.as_of = s.as_of
     WHERE s.as_of = CAST($as_of AS DATE) AND list_contains($tiers, s.risk_tier)
     ORDER BY s.value_at_risk DESC, s.customer_id
     LIMIT $limit`,
    { as_of: asOf, tiers: config.export.tiers, limit: config.report.maxRows },
    'at-risk (publish)',
  );
  const [counts] = await db.all<{ total: number; at_risk: number }>(
    `SELECT count(*) AS total, count(*) FILTER (list_contains($tiers, risk_tier)) AS at_risk
     FROM scores WHERE as_of = CAST($as_of AS DATE)`,
    { as_of: asOf, tiers: config.export.tiers },
  );
  const values = await attributeValues(
    db,
    rows.map((r) => r.customer_id as string),
    attributes,
  );
  return {
    asOf,
    total: counts.total,
    atRisk: counts.at_risk,
    shown: rows.length,
    tiers: config.export.tiers,
    contacts: config.report.showContacts ? 'full' : 'masked',
    // Tiers by share have no probability thresholds to state (config riskTiers).
    riskThresholds: config.riskTiers.by === 'probability' ? config.riskThresholds : null,
    rows: rows.map((r) => {
      const reasons = JSON.parse(r.reason_labels as string) as { code: string; en: string; 'zh-CN': string }[];
      return {
        customerId: r.customer_id,
        // Private by default: contact data leaves the pipeline masked unless config says otherwise.
        ...contactFields(r, config.report.showContacts),
        region: r.region,
        plan: r.plan,
        // Every attribute by name: categorical values, numbers, and numeric ones' quartiles (levels).
        attributes: values.get(r.customer_id as string)?.values ?? {},
        levels: values.get(r.customer_id as string)?.levels ?? {},
        riskTier: r.risk_tier,
        valueTier: r.value_tier,
        churnProb: round(r.churn_prob as number, 4),
        predictedValue: round(r.predicted_value as number),
        valueAtRisk: round(r.value_at_risk as number),
        daysSinceLastPurchase: r.days_since,
        nextPurchase: r.next_purchase,
        pPurchase30: round(r.p_purchase_30 as number | null, 4),
        segment: r.segment,
        lifecycle: r.lifecycle,
        action: r.action,
        actionLabel: r.action === 'none' ? 'No action' : (actionLabels.get(r.action as string) ?? r.action),
        channel: r.channel,
        priority: r.priority,
        control: r.control,
        dueDate: r.due_date,
        reasons: reasons.map((x) => x.code),
        reasonLabels: reasons.map((x) => x.en),
        reasonLabelsZh: reasons.map((x) => x['zh-CN']),
      };
    }),
  };
}

async function modelPath(db: Database, modelId: string): Promise<string> {
  const [m] = await db.all<{ path: string }>('SELECT path FROM models WHERE model_id = $id', { id: modelId });
  return m?.path ?? '';
}

async function modelReport(db: Database, modelId: string) {
  const [m] = await db.all<{ path: string; backend: string; as_of: string; train: string; valid: string }>(
    `SELECT path, backend, strftime(as_of, '%Y-%m-%d') AS as_of, strftime(train_cutoff, '%Y-%m-%d') AS train,
            strftime(valid_cutoff, '%Y-%m-%d') AS valid
     FROM models WHERE model_id = $id`,
    { id: modelId },
  );
  const metadata = JSON.parse(readFileSync(join(m.path, 'metadata.json'), 'utf8'));
  const evaluation = JSON.parse(readFileSync(join(m.path, 'evaluation.json'), 'utf8'));
  // Held-out numbers come only from a saved `churn evaluate` of this database, never from training.
  const { heldOut, backtest } = heldOutEvidence(db.path === ':memory:' ? [] : readEvaluations(db.path));
  return {
    modelId,
    backend: m.backend,
    asOf: m.as_of,
    trainCutoff: m.train,
    validCutoff: m.valid,
    seed: metadata.info.seed,
    rows: metadata.info.rows,
    // 'training+validation': the saved candidates were fitted again on both once chosen (older versions: absent).
    finalFit: metadata.info.finalFit ?? 'training',
    epochs: metadata.history.length,
    bestEpoch: metadata.bestEpoch,
    features: metadata.inputs,
    config: metadata.fit,
    // What ships and every candidate's selection metrics (null: an older version, the network alone).
    shipped: shippedChoice(m.path),
    // Selection metrics of the shipped model on the validation window, candidates in metrics.baselines.
    metrics: evaluation.metrics,
    roc: evaluation.roc,
    pr: evaluation.pr,
    calibration: evaluation.calibration,
    lossCurve: evaluation.lossCurve,
    valueDeciles: evaluation.valueDeciles,
    // Permutation importance on the validation window (models trained before it existed have none).
    importance: evaluation.importance ?? [],
    // Training's evaluation.json holds no lift table (only liftTopDecile): derive it from the ROC curve.
    lift: evaluation.lift ?? liftFromRoc(evaluation.roc, evaluation.metrics.baseRate),
    liftFrom: evaluation.lift ? 'scores' : 'roc',
    heldOut,
    backtest,
  };
}

/**
 * Lift and cumulative gain by decile of score (decile 1 = highest scores), as models/eval liftTable
 * reports them, from a ROC curve and the base rate: contacting the customers above a threshold reaches
 * the share baseRate·tpr + (1 − baseRate)·fpr of them and finds the share tpr of the churners, so the
 * gain at each tenth is the tpr interpolated there. Exact up to the ROC curve's thinning.
 */
export function liftFromRoc(roc: { fpr: number; tpr: number }[], baseRate: number) {
  const points = roc
    .map((p) => ({ reached: baseRate * p.tpr + (1 - baseRate) * p.fpr, gain: p.tpr }))
    .sort((a, b) => a.reached - b.reached || a.gain - b.gain);
  if (points.length < 2 || !(baseRate > 0 && baseRate < 1)) return [];
  const gainAt = (q: number) => {
    const i = points.findIndex((p) => p.reached >= q);
    if (i < 1) return 1;
    const [a, b] = [points[i - 1], points[i]];
    return b.reached === a.reached ? b.gain : a.gain + ((b.gain - a.gain) * (q - a.reached)) / (b.reached - a.reached);
  };
  let previous = 0;
  return Array.from({ length: 10 }, (_, d) => {
    const gain = gainAt((d + 1) / 10);
    const lift = (gain - previous) * 10;
    previous = gain;
    return { decile: d + 1, rate: round(lift * baseRate, 4), lift: round(lift, 4), cumulativeGain: round(gain, 4) };
  });
}

/** The stage's one-line summary. */
export function publishLine(p: PublishResult): string {
  return `${p.files.join(', ')} -> ${p.publishDir}`;
}
