// One campaign of the simulator (docs/simulation.md): everyone the plan chose at a date is contacted that
// morning (or held out as control), and what the action truly does (true-effects.ts) is written into
// the history the next cycle learns from. Draws are a hash of seed, cycle and customer: common random
// numbers, so the same customer given the same action in two simulated worlds has the same outcome.
import { createHash } from 'node:crypto';
import type { DuckDBAppender } from '@duckdb/node-api';
import type { Database } from '../db/database.ts';
import { readNamedSql } from '../db/named-sql.ts';
import { rebuildEventLinks } from '../features/event-links.ts';
import { appendNumber, appendText, closeAppenders } from '../generate/append-values.ts';
import type { Playbook } from '../plan/playbook-schema.ts';
import { treatedChance, trueFlip, type Truth } from './true-effects.ts';

export interface CycleOptions {
  cycle: number;
  asOf: string;
  horizonDays: number;
  playbook: Playbook;
  seed: number;
  /** Which table of true effects the actions follow (true-effects.ts). */
  truth: Truth;
}

/** What one campaign did, in the simulator's knowledge of both potential outcomes. */
export interface CycleOutcome {
  cycle: number;
  asOf: string;
  contacted: number;
  control: number;
  cost: number;
  /** Customers the actions won (bought only because contacted) and lost (did not buy only because contacted). */
  won: number;
  lost: number;
  /** Σ (y1 − y0) x predicted value − cost over the contacted: the realised net benefit. */
  realisedNetBenefit: number;
  /** The same with the true chance instead of the draw: Σ (p1 − y0) x predicted value − cost. */
  trueNetBenefit: number;
  /** The same per action, contacts and control group apart. */
  byAction: Record<string, ActionTally>;
}

export interface ActionTally {
  contacted: number;
  control: number;
  won: number;
  lost: number;
  cost: number;
  realisedNetBenefit: number;
  trueNetBenefit: number;
}

const emptyTally = (): ActionTally => ({
  contacted: 0,
  control: 0,
  won: 0,
  lost: 0,
  cost: 0,
  realisedNetBenefit: 0,
  trueNetBenefit: 0,
});

type InputRow = {
  customer_id: string;
  action: string;
  channel: string;
  control: boolean;
  campaign: string;
  lifecycle: string;
  value_tier: string;
  risk_tier: string | null;
  churn_prob: number | null;
  predicted_value: number | null;
  y0: boolean;
  mean_amount: number | null;
};

const sql = () => readNamedSql(import.meta.url, 'campaign.sql');
const DAY_MS = 86_400_000;

/** A uniform draw in [0, 1) from the hash of its parts. */
export function unitDraw(...parts: (string | number)[]): number {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  return (digest.readUInt32BE(0) * 2 ** 21 + (digest.readUInt32BE(4) >>> 11)) / 2 ** 53;
}

/** One chosen customer's outcome: both potential outcomes, what happened, and the row to stage. */
interface Decided {
  row: InputRow;
  cost: number;
  p1: number;
  y1: boolean;
  buyTs: number;
  amount: number;
}

function decide(r: InputRow, o: CycleOptions, t0: number, cost: number, typicalAmount: number): Decided {
  const p1 = treatedChance(trueFlip(o.truth, r.action, r.value_tier), r.y0);
  const y1 = r.control ? r.y0 : unitDraw(o.seed, o.cycle, r.customer_id, 'outcome') < p1;
  // A won customer buys on a day of the window drawn from the same hash, his usual amount.
  const day = Math.floor(unitDraw(o.seed, o.cycle, r.customer_id, 'day') * (o.horizonDays - 1));
  return { row: r, cost, p1, y1, buyTs: t0 + day * DAY_MS + 3 * 3_600_000, amount: r.mean_amount ?? typicalAmount };
}

function tally(t: ActionTally, d: Decided): void {
  if (d.row.control) {
    t.control++;
    return;
  }
  const value = d.row.predicted_value ?? 0;
  const y0 = Number(d.row.y0);
  t.contacted++;
  t.cost += d.cost;
  if (d.y1 && !d.row.y0) t.won++;
  if (!d.y1 && d.row.y0) t.lost++;
  t.realisedNetBenefit += (Number(d.y1) - y0) * value - d.cost;
  t.trueNetBenefit += (d.p1 - y0) * value - d.cost;
}

function count(out: CycleOutcome, d: Decided): void {
  tally(out, d);
  out.byAction[d.row.action] ??= emptyTally();
  tally(out.byAction[d.row.action], d);
}

function stage(appender: DuckDBAppender, o: CycleOptions, t0: number, d: Decided): void {
  const r = d.row;
  appender.appendInteger(o.cycle);
  appender.appendVarchar(o.asOf);
  appender.appendVarchar(`sim-${o.cycle}-${r.customer_id}`);
  appender.appendVarchar(r.customer_id);
  appender.appendDouble(t0);
  appender.appendVarchar(r.action);
  appender.appendVarchar(r.channel);
  appender.appendDouble(d.cost);
  appender.appendVarchar(r.campaign);
  appender.appendBoolean(r.control);
  appender.appendVarchar(r.lifecycle);
  appender.appendVarchar(r.value_tier);
  appendText(appender, r.risk_tier);
  appendNumber(appender, r.churn_prob);
  appendNumber(appender, r.predicted_value);
  appender.appendBoolean(r.y0);
  appender.appendDouble(d.p1);
  appender.appendBoolean(d.y1);
  appender.appendDouble(d.buyTs);
  appender.appendDouble(d.amount);
  appender.endRow();
}

export async function runCampaignCycle(db: Database, o: CycleOptions): Promise<CycleOutcome> {
  const q = sql();
  await db.run(q.tables, {}, 'campaign.sql tables');
  // Contacts go out at 09:00 on the scoring date (its scores know the history before it); the follow-up
  // window is the horizon from then.
  const t0 = Date.parse(`${o.asOf}T09:00:00Z`);
  const t0Text = new Date(t0).toISOString().replace('T', ' ').slice(0, 19);
  const rows = await db.all<InputRow>(
    q.cycle_inputs,
    { as_of: o.asOf, horizon: o.horizonDays, t0: t0Text },
    'campaign.sql cycle_inputs',
  );
  const [typical] = await db.all<{ amount: number | null }>(q.typical_amount, { as_of: o.asOf }, 'typical amount');
  const costOf = new Map(o.playbook.actions.map((a) => [a.code, a.cost]));
  const out: CycleOutcome = { cycle: o.cycle, asOf: o.asOf, ...emptyTally(), byAction: {} };
  await db.run(q.staging, {}, 'campaign.sql staging');
  const appender = await db.appender('simulation_staged');
  let completed = false;
  try {
    for (const r of rows) {
      const d = decide(r, o, t0, costOf.get(r.action) ?? 0, typical?.amount ?? 0);
      count(out, d);
      stage(appender, o, t0, d);
    }
    completed = true;
  } finally {
    closeAppenders([appender], completed);
  }
  await db.transaction(() => db.run(q.apply, { horizon: o.horizonDays }, 'campaign.sql apply'));
  // The history changed under event_links by more than appends: rebuild it whole.
  await rebuildEventLinks(db);
  return out;
}
