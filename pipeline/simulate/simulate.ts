// `churn demo --campaigns N` (docs/simulation.md): N campaigns, one per follow-up horizon, each after a
// scheduled retrain, in two worlds grown from the same generated history: one plans with the playbook's
// numbers only (static), the other learns from its own past campaigns (learning). What the actions truly do
// (true-effects.ts) is the same in both, and so are the random draws: the worlds differ only by their plans.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/config-schema.ts';
import { addDays } from '../dates.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { featuresStage } from '../features/features-stage.ts';
import { silentLogger, type Logger } from '../log.ts';
import { artifactPaths } from '../paths.ts';
import { learnedEffects } from '../plan/learned-effects.ts';
import { planEffectsOf, planOptionsOf, planStage } from '../plan/plan-stage.ts';
import type { Playbook } from '../plan/playbook-schema.ts';
import { scoreStage } from '../score/score-stage.ts';
import { trainStage } from '../train/train-stage.ts';
import { runCampaignCycle, type CycleOutcome } from './campaign-cycle.ts';
import { campaignQini, type CampaignQini } from './campaign-qini.ts';
import type { Truth } from './true-effects.ts';
import { compareWithTruth, summariseTruth, type SegmentTruth, type TruthSummary } from './compare-truth.ts';

export type World = 'static' | 'learning';

export interface SimulationOptions {
  config: Config;
  playbook: Playbook;
  campaigns: number;
  seed: number;
  /** Last day of the generated history: the last campaign's follow-up ends on it. */
  end: string;
  /** What the actions truly do (true-effects.ts). */
  truth: Truth;
  logger?: Logger;
}

export interface WorldCycle extends CycleOutcome {
  /** What the plan expected of its contacts (assign.ts), and the contacts chosen by exploration. */
  expectedNetBenefit: number;
  explorationContacts: number;
  /** Learned against true effects after this cycle's outcomes (segments with >= 500 treated). */
  truth: TruthSummary;
  /** Every segment's error after this cycle, to follow a fixed set of segments over the cycles. */
  segments: Pick<SegmentTruth, 'action' | 'dimension' | 'level' | 'error'>[];
  /** Per action: the campaign's Qini, its customers ranked by the uplift planned before it (out of sample). */
  qini: CampaignQini[];
}

export interface SimulationResult {
  campaigns: number;
  truth: Truth;
  horizonDays: number;
  dates: string[];
  worlds: Record<World, WorldCycle[]>;
  /** Realised net benefit over all campaigns, per world, and learning / static − 1. */
  total: { static: number; learning: number; gain: number | null };
  /** Per action and segment after the last campaign, in the learning world. */
  segments: SegmentTruth[];
}

/**
 * The scoring dates of the campaigns. A campaign's contacts go out at 09:00 on its scoring date (the first day
 * its scores know nothing of) and its follow-up window closes a horizon later, before the next scoring date
 * (dates a horizon and a day apart); the last window closes on `end`, the history's last day.
 */
export function campaignDates(end: string, campaigns: number, horizonDays: number): string[] {
  const last = addDays(end, -horizonDays);
  return Array.from({ length: campaigns }, (_, i) => addDays(last, -(campaigns - 1 - i) * (horizonDays + 1)));
}

/**
 * The first day of a history long enough to train before the first campaign (train-stage.ts needs the
 * validation window, a label window and some history before it), with half a year of history to spare.
 */
export function simulationStart(
  end: string,
  campaigns: number,
  config: Pick<Config, 'horizonDays' | 'valueHorizonDays'>,
): string {
  const { horizonDays, valueHorizonDays } = config;
  const first = campaignDates(end, campaigns, horizonDays)[0];
  return addDays(first, -(Math.max(horizonDays, valueHorizonDays) + horizonDays + 180));
}

async function runCycle(db: Database, world: World, cycle: number, asOf: string, o: SimulationOptions) {
  const { config } = o;
  const modelsDir = artifactPaths(db.path).models;
  await featuresStage(db, { asOf, config });
  const train = await trainStage(db, { asOf, config, modelsDir });
  await scoreStage(db, { asOf, config, modelId: train.modelId, explanations: false });
  const playbook = { ...o.playbook, campaign: `sim-${cycle}` };
  const { learn, ...fixed } = planOptionsOf(config, playbook, asOf);
  const planOptions = world === 'learning' ? { ...fixed, learn } : fixed;
  const effects = await planEffectsOf(db, planOptions);
  const plan = await planStage(db, planOptions);
  const outcome = await runCampaignCycle(db, {
    cycle,
    asOf,
    horizonDays: config.horizonDays,
    playbook,
    seed: o.seed,
    truth: o.truth,
  });
  const qini = await campaignQini(db, effects, cycle);
  const learned = await learnedEffects(db, o.playbook, {
    horizonDays: config.horizonDays,
    valueHorizonDays: config.valueHorizonDays,
  });
  const segments = await compareWithTruth(db, learned, cycle);
  const truth = summariseTruth(segments);
  return {
    ...outcome,
    expectedNetBenefit: plan.outcome.netBenefit.estimate,
    explorationContacts: plan.exploration.contacts,
    truth,
    segments: segments.map((x) => ({ action: x.action, dimension: x.dimension, level: x.level, error: x.error })),
    qini,
  };
}

async function runWorld(db: Database, world: World, dates: string[], o: SimulationOptions): Promise<WorldCycle[]> {
  const logger = o.logger ?? silentLogger;
  const cycles: WorldCycle[] = [];
  for (const [i, asOf] of dates.entries()) {
    const started = Date.now();
    const c = await runCycle(db, world, i + 1, asOf, o);
    cycles.push(c);
    logger.stage(
      `campaign ${i + 1}/${dates.length}`,
      `${world}, ${asOf}: ${c.contacted.toLocaleString('en')} contacted (${c.control.toLocaleString('en')} control), won ${c.won}, lost ${c.lost}, realised net benefit ${Math.round(c.realisedNetBenefit).toLocaleString('en')}`,
      (Date.now() - started) / 1000,
    );
  }
  return cycles;
}

/**
 * Runs the campaigns in `db` (the learning world; it keeps the campaigns' actions and their effects) and
 * in a copy of it made first (the static world, removed after). `db` holds a generated history ending on `end`.
 */
export async function simulateCampaigns(db: Database, o: SimulationOptions): Promise<SimulationResult> {
  const { horizonDays } = o.config;
  const dates = campaignDates(o.end, o.campaigns, horizonDays);
  const dir = join(artifactPaths(db.path).dir, 'simulation-static');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const staticPath = join(dir, 'churn.duckdb');
  // The checkpoint leaves the whole database in its file, so a plain copy is a consistent one.
  await db.run('CHECKPOINT', {}, 'simulation: checkpoint');
  copyFileSync(db.path, staticPath);
  let staticCycles: WorldCycle[];
  try {
    const staticDb = await openDatabase(staticPath);
    try {
      staticCycles = await runWorld(staticDb, 'static', dates, o);
    } finally {
      await staticDb.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const learningCycles = await runWorld(db, 'learning', dates, o);
  const learned = await learnedEffects(db, o.playbook, { horizonDays, valueHorizonDays: o.config.valueHorizonDays });
  const segments = await compareWithTruth(db, learned, o.campaigns);
  const sum = (cs: WorldCycle[]) => cs.reduce((s, c) => s + c.realisedNetBenefit, 0);
  const total = { static: sum(staticCycles), learning: sum(learningCycles) };
  return {
    campaigns: o.campaigns,
    truth: o.truth,
    horizonDays,
    dates,
    worlds: { static: staticCycles, learning: learningCycles },
    total: { ...total, gain: total.static > 0 ? total.learning / total.static - 1 : null },
    segments,
  };
}
