// The generated part of docs/simulation.md: per simulated run, the realised net benefit of both plans per
// campaign, learned effects against the truth per campaign, per action and per segment, and the curves as
// Vega-Lite specs rendered to SVG by write-simulation-card.ts.
import type { SimulationResult, WorldCycle } from './simulate.ts';

export interface SimulationRun {
  /** What the run was: customers, playbook, control share. */
  title: string;
  command: string;
  result: SimulationResult;
  /** The SVG files of its curves, relative to docs/. */
  charts: { netBenefit: string; learning: string };
}

const money = (v: number) => Math.round(v).toLocaleString('en');
const int = (v: number) => v.toLocaleString('en');
const pct = (v: number | null) => (v === null ? '–' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%`);
const f3 = (v: number | null) => (v === null ? '–' : v.toFixed(3));

function cycleTable(r: SimulationResult): string {
  const rows = r.dates.map((date, i) => {
    const s = r.worlds.static[i];
    const l = r.worlds.learning[i];
    const t = l.truth;
    return `| ${i + 1} | ${date} | ${int(s.contacted)} / ${int(s.control)} | ${s.won} / ${s.lost} | ${money(s.realisedNetBenefit)} | ${int(l.contacted)} / ${int(l.control)} | ${l.won} / ${l.lost} | ${money(l.realisedNetBenefit)} | ${t.within} of ${t.segments} | ${f3(t.maxError)} | ${f3(t.meanError)} |`;
  });
  return [
    '| campaign | scoring date | static: contacted / control | won / lost | realised net benefit | learning: contacted / control | won / lost | realised net benefit | learned within 0.03 (segments >= 500 treated) | largest error | mean error |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

function actionTable(r: SimulationResult): string {
  const sum = (cycles: WorldCycle[], action: string) =>
    cycles.reduce(
      (acc, c) => {
        const a = c.byAction[action];
        if (a) {
          acc.contacted += a.contacted;
          acc.won += a.won;
          acc.lost += a.lost;
          acc.trueNetBenefit += a.trueNetBenefit;
        }
        return acc;
      },
      { contacted: 0, won: 0, lost: 0, trueNetBenefit: 0 },
    );
  const actions = [...new Set([...r.worlds.static, ...r.worlds.learning].flatMap((c) => Object.keys(c.byAction)))];
  const rows = actions
    .map((action) => ({ action, s: sum(r.worlds.static, action), l: sum(r.worlds.learning, action) }))
    .sort((a, b) => b.s.contacted - a.s.contacted || a.action.localeCompare(b.action))
    .map(
      ({ action, s, l }) =>
        `| ${action} | ${int(s.contacted)} | ${s.won} / ${s.lost} | ${money(s.trueNetBenefit)} | ${int(l.contacted)} | ${l.won} / ${l.lost} | ${money(l.trueNetBenefit)} |`,
    );
  return [
    '| action | static: contacted | won / lost | true net benefit | learning: contacted | won / lost | true net benefit |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

function segmentTable(r: SimulationResult): string {
  const rows = r.segments
    .filter((s) => s.dimension !== 'action' && s.treated >= 500)
    .map(
      (s) =>
        `| ${s.action} | ${s.dimension} = ${s.level} | ${int(s.treated)} | ${int(s.control)} | ${f3(s.truth)} | ${f3(s.learned)} (${f3(s.low)} to ${f3(s.high)}) | ${f3(s.error)} | ${s.error !== null && s.error <= 0.03 ? 'yes' : 'no'} |`,
    );
  return [
    '| action | segment | treated | control | true effect | learned (95% interval) | error | within 0.03 |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows,
  ].join('\n');
}

/** Out-of-sample Qini coefficients per action and campaign (learning world), where the control group has 30+. */
function qiniTable(r: SimulationResult): string {
  const cycles = r.worlds.learning;
  const actions = [
    ...new Set(cycles.flatMap((c) => c.qini.filter((q) => q.control >= 30).map((q) => q.action))),
  ].sort();
  const rows = actions.map((action) => {
    const cells = cycles.map((c) => {
      const q = c.qini.find((x) => x.action === action && x.control >= 30);
      return q ? `${q.coefficient.toFixed(4)} (${int(q.treated)} / ${int(q.control)})` : '–';
    });
    return `| ${action} | ${cells.join(' | ')} |`;
  });
  return [
    `| action | ${cycles.map((_, i) => `campaign ${i + 1}`).join(' | ')} |`,
    `| --- | ${cycles.map(() => '---:').join(' | ')} |`,
    ...rows,
  ].join('\n');
}

/** One line per run: the two plans' realised and true net benefit and the learned effects' errors. */
export function renderSummary(runs: readonly SimulationRun[]): string {
  const rows = runs.map(({ title, result: r }) => {
    const sum = (cs: WorldCycle[]) => cs.reduce((s, c) => s + c.trueNetBenefit, 0);
    const ts = sum(r.worlds.static);
    const tl = sum(r.worlds.learning);
    const t = r.worlds.learning.at(-1)?.truth;
    return `| ${title} | ${money(r.total.static)} | ${money(r.total.learning)} | **${pct(r.total.gain)}** | ${pct(ts > 0 ? tl / ts - 1 : null)} | ${t ? `${t.within} of ${t.segments}` : '–'} | ${f3(t?.maxError ?? null)} | ${f3(t?.meanError ?? null)} |`;
  });
  return [
    '| run | static playbook: realised net benefit | learning plan | learning vs static | with true chances | learned within 0.03 (segments >= 500 treated) | largest error | mean error |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

export function renderSimulationRun(run: SimulationRun): string {
  const r = run.result;
  const trueTotal = (cycles: WorldCycle[]) => cycles.reduce((s, c) => s + c.trueNetBenefit, 0);
  const ts = trueTotal(r.worlds.static);
  const tl = trueTotal(r.worlds.learning);
  const last = r.worlds.learning.at(-1)?.truth;
  return [
    `### ${run.title}`,
    '',
    `\`${run.command}\``,
    '',
    `- Realised net benefit over the ${r.campaigns} campaigns: learning plan **${money(r.total.learning)}**, static playbook **${money(r.total.static)}** (**${pct(r.total.gain)}**).`,
    `- With the true chances instead of the draws (Σ (p1 − y0) × value − cost): learning ${money(tl)}, static ${money(ts)} (${pct(ts > 0 ? tl / ts - 1 : null)}).`,
    last
      ? `- After the last campaign, ${last.within} of ${last.segments} segments with >= ${last.minTreated} treated customers are learned within ${last.tolerance} of their true effect; largest error ${f3(last.maxError)}, mean ${f3(last.meanError)}.`
      : '',
    '',
    `![Cumulative realised net benefit per campaign, both plans](${run.charts.netBenefit})`,
    `![Learned against true effects per campaign](${run.charts.learning})`,
    '',
    '#### Per campaign',
    '',
    cycleTable(r),
    '',
    '#### Per action, all campaigns',
    '',
    actionTable(r),
    '',
    '#### Out-of-sample Qini coefficient per action and campaign (learning world: treated / control)',
    '',
    "Each campaign's customers ranked by the uplift the plan predicted before it (from earlier campaigns only; the first by the playbook's numbers x churn probability), scored on what happened. Above 0: the ranking beats random targeting within the action. Actions with at least 30 controls.",
    '',
    qiniTable(r),
    '',
    '#### Learned against true effects after the last campaign (learning world, segments with >= 500 treated)',
    '',
    segmentTable(r),
    '',
  ].join('\n');
}

/** Vega-Lite: cumulative realised net benefit per campaign, one line per plan. */
export function netBenefitSpec(r: SimulationResult): object {
  const values = (['static', 'learning'] as const).flatMap((world) => {
    let total = 0;
    return r.worlds[world].map((c, i) => ({
      campaign: i + 1,
      plan: world === 'static' ? 'static playbook' : 'learning plan',
      total: Math.round((total += c.realisedNetBenefit)),
    }));
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Cumulative realised net benefit',
    width: 420,
    height: 220,
    background: 'white',
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'campaign', type: 'ordinal', title: 'after campaign', axis: { labelAngle: 0 } },
      y: { field: 'total', type: 'quantitative', title: 'net benefit' },
      color: { field: 'plan', type: 'nominal', title: null, legend: { orient: 'bottom' } },
    },
  };
}

/**
 * Vega-Lite: the error of the learned effects against the truth per campaign (learning world), over the
 * segments that have >= 500 treated after the last campaign (a fixed set, so the curve shows convergence),
 * largest and mean.
 */
export function learningSpec(r: SimulationResult): object {
  const key = (s: { action: string; dimension: string; level: string }) => `${s.action}|${s.dimension}|${s.level}`;
  const fixed = new Set(r.segments.filter((s) => s.dimension !== 'action' && s.treated >= 500).map(key));
  const values = r.worlds.learning.flatMap((c, i) => {
    const errors = c.segments.filter((s) => fixed.has(key(s)) && s.error !== null).map((s) => s.error as number);
    if (errors.length === 0) return [];
    return [
      { campaign: i + 1, measure: 'largest error', error: Math.max(...errors) },
      { campaign: i + 1, measure: 'mean error', error: errors.reduce((a, b) => a + b, 0) / errors.length },
    ];
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Learned vs true effect: the ${fixed.size} segments with >= 500 treated at the end`,
    width: 420,
    height: 220,
    background: 'white',
    data: { values },
    layer: [
      {
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'campaign', type: 'ordinal', title: 'after campaign', axis: { labelAngle: 0 } },
          y: { field: 'error', type: 'quantitative', title: 'absolute error (retention)' },
          color: { field: 'measure', type: 'nominal', title: null, legend: { orient: 'bottom' } },
        },
      },
      { mark: { type: 'rule', strokeDash: [4, 4] }, encoding: { y: { datum: 0.03 } } },
    ],
  };
}
