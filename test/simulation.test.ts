// `churn demo --campaigns N` (issue 22 item 4): campaigns with known true effects in two worlds grown from one
// history. Checked here on a small run: the history holds exactly what the simulator says happened, the true
// effects are the table's, both worlds are the same until they learn, the record is written, and the
// simulation's actions count as the demo's own. The targets (6 campaigns, larger population) are measured by
// `npm run simulation-card` into docs/simulation.md: too slow for the suite.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../pipeline/db/database.ts';
import { foreignData } from '../pipeline/generate/provenance.ts';
import { campaignDates, type SimulationResult } from '../pipeline/simulate/simulate.ts';
import { TRUE_EFFECTS, trueFlip } from '../pipeline/simulate/true-effects.ts';
import {
  learningSpec,
  netBenefitSpec,
  renderSimulationRun,
  renderSummary,
} from '../pipeline/simulate/simulation-card.ts';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { churn } from './helpers/cli.ts';
import { tempDir } from './helpers/temp-db.ts';

let dir: string;
let cleanup: () => void;
let db: string;
let result: SimulationResult;

const OUTCOMES = readFileSync(new URL('../pipeline/plan/action-outcomes.sql', import.meta.url), 'utf8');

type Row = {
  action_id: string;
  customer_id: string;
  action: string;
  value_tier: string;
  is_control: boolean;
  y0: boolean;
  p1: number;
  y1: boolean;
  retained: boolean;
  sim_purchases: number;
};

async function rows(): Promise<Row[]> {
  const d = await openDatabase(db, { readOnly: true });
  try {
    // What the pipeline reads as the outcome of each action (action-outcomes.sql), beside the simulator's record.
    return await d.all<Row>(
      `WITH o AS (${OUTCOMES})
       SELECT s.action_id, s.customer_id, s.action, s.value_tier, s.is_control, s.y0, s.p1, s.y1, o.retained,
              (SELECT count(*) FROM events e WHERE e.event_id = 'sim-' || s.action_id) AS sim_purchases
       FROM simulation_outcomes s JOIN o USING (action_id) ORDER BY s.action_id`,
      { horizon: 90, observed_until: '2026-07-01', campaign: null },
    );
  } finally {
    await d.close();
  }
}

beforeAll(() => {
  ({ dir, cleanup } = tempDir('simulation-'));
  db = join(dir, 'churn.duckdb');
  const run = churn(['demo', '--customers', '2000', '--campaigns', '2', '--no-report', '--db', db, '--json']);
  expect(run.code, run.stderr).toBe(0);
  result = JSON.parse(run.stdout).simulation;
}, 300_000);

afterAll(() => cleanup?.());

describe('churn demo --campaigns', () => {
  it('runs one campaign per horizon, the last follow-up ending with the history, and says so', () => {
    expect(result.dates).toEqual(campaignDates('2026-06-30', 2, 90));
    expect(result.dates).toEqual(['2025-12-31', '2026-04-01']);
    expect(result.worlds.static).toHaveLength(2);
    expect(result.worlds.learning).toHaveLength(2);
    expect(existsSync(join(dir, 'simulation.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'simulation.json'), 'utf8')).total).toEqual(result.total);
    // The static world's copy is removed after.
    expect(existsSync(join(dir, 'simulation-static'))).toBe(false);
  });

  it('is the same in both worlds until there is something to learn from', () => {
    // Same history, seed and model, no evidence yet: the same plan and, by common random numbers, the same outcome.
    expect(result.worlds.learning[0]).toEqual(result.worlds.static[0]);
    expect(result.worlds.learning[0].contacted).toBeGreaterThan(100);
  });

  it('writes into the history exactly the outcome it records, by the true effects', async () => {
    const all = await rows();
    expect(all.length).toBe(result.worlds.learning.reduce((s, c) => s + c.contacted + c.control, 0));
    for (const r of all) {
      const flip = trueFlip('mostly-right', r.action, r.value_tier);
      expect(r.p1, r.action_id).toBeCloseTo(r.y0 ? 1 - flip.harm : flip.help, 12);
      // The pipeline's outcome (bought in the window after the action) is what the simulator says happened.
      expect(r.retained, r.action_id).toBe(r.y1);
      if (r.is_control) expect(r.y1).toBe(r.y0);
      expect(r.sim_purchases, r.action_id).toBe(r.y1 && !r.y0 ? 1 : 0);
    }
    const contacted = all.filter((r) => !r.is_control);
    const won = contacted.filter((r) => r.y1 && !r.y0).length;
    const lost = contacted.filter((r) => !r.y1 && r.y0).length;
    expect(won).toBe(result.worlds.learning.reduce((s, c) => s + c.won, 0));
    expect(lost).toBe(result.worlds.learning.reduce((s, c) => s + c.lost, 0));
    expect(won).toBeGreaterThan(0);
    // Actions that do nothing never change an outcome.
    for (const r of contacted.filter((r) => Object.keys(TRUE_EFFECTS['mostly-right'][r.action] ?? {}).length === 0)) {
      expect(r.y1).toBe(r.y0);
    }
  });

  it('compares what was learned with the truth, per action and segment', () => {
    const email = result.segments.find((s) => s.dimension === 'action' && s.action === 'retention_email');
    expect(email?.truth).toBe(0);
    for (const s of result.segments) {
      expect(s.control + s.treated).toBeGreaterThan(0);
      if (s.learned !== null) expect(s.error).toBeCloseTo(Math.abs(s.learned - s.truth), 12);
    }
    const t = result.worlds.learning[1].truth;
    expect(t.minTreated).toBe(500);
    expect(t.tolerance).toBe(0.03);
  });

  it("scores each campaign's ranking out of sample (Qini over that campaign's customers)", async () => {
    const d = await openDatabase(db, { readOnly: true });
    try {
      const counts = await d.all<{ cycle: number; action: string; treated: number; control: number }>(
        `SELECT cycle, action, count(*) FILTER (NOT is_control) AS treated, count(*) FILTER (is_control) AS control
         FROM simulation_outcomes GROUP BY ALL HAVING count(*) FILTER (NOT is_control) > 0 AND count(*) FILTER (is_control) > 0`,
      );
      for (const [i, cycle] of result.worlds.learning.entries()) {
        const expected = counts.filter((c) => c.cycle === i + 1);
        expect(cycle.qini.map((q) => q.action).sort()).toEqual(expected.map((c) => c.action).sort());
        for (const q of cycle.qini) {
          const c = expected.find((x) => x.action === q.action)!;
          expect([q.treated, q.control]).toEqual([c.treated, c.control]);
          expect(Number.isFinite(q.coefficient)).toBe(true);
        }
      }
    } finally {
      await d.close();
    }
  });

  it('renders its card: the summary, the tables and both curves as valid Vega-Lite', async () => {
    const run = { title: 'small', command: 'churn demo', result, charts: { netBenefit: 'a.svg', learning: 'b.svg' } };
    const summary = renderSummary([run]);
    const pct = `${result.total.gain! >= 0 ? '+' : ''}${(result.total.gain! * 100).toFixed(1)}%`;
    expect(summary).toContain(`**${pct}**`);
    const page = renderSimulationRun(run);
    expect(page).toContain(`learning plan **${Math.round(result.total.learning).toLocaleString('en')}**`);
    for (const spec of [netBenefitSpec(result), learningSpec(result)]) {
      const svg = await new vega.View(vega.parse(vl.compile(spec as vl.TopLevelSpec).spec), {
        renderer: 'none',
      }).toSVG();
      expect(svg).toMatch(/^<svg/);
    }
  });

  it("counts the simulation's actions and purchases as the demo's own", async () => {
    const d = await openDatabase(db, { readOnly: true });
    try {
      expect(await foreignData(d)).toBeNull();
    } finally {
      await d.close();
    }
  });
});
