// churn effect: retention and revenue after each action, treated vs control, with 95% intervals; then the
// effects learned per action and segment, starting at the playbook's priors (docs/playbook.md).
import type { ActionEffects, Learned } from '../../../models/effects/learn-effects.ts';
import { effectReport, type EffectReport } from '../../plan/effect.ts';
import { learnedEffects, type LearnedEffects } from '../../plan/learned-effects.ts';
import { loadPlaybook } from '../../plan/playbook.ts';
import type { CommandRun } from '../command.ts';
import type { EFFECT } from '../commands.ts';
import { withDatabase } from '../with-database.ts';

export const run: CommandRun<typeof EFFECT> = (ctx, args) => {
  const playbook = loadPlaybook(args.options.playbook ?? ctx.config.plan.playbook);
  return withDatabase(
    ctx,
    async (db) => {
      const horizonDays = args.options.horizonDays ?? ctx.config.horizonDays;
      const report = await effectReport(db, { horizonDays, campaign: args.options.campaign });
      const learned = await learnedEffects(db, playbook, {
        horizonDays,
        valueHorizonDays: ctx.config.valueHorizonDays,
        campaign: args.options.campaign,
        priorStrength: args.options.priorStrength,
        minControls: args.options.minControls,
      });
      return { json: { ...report, learned }, text: [...measured(report), ...learnedLines(learned)].join('\n') };
    },
    true,
  );
};

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const signed = (v: number) => `${v >= 0 ? '+' : ''}${pct(v)}`;

function measured(report: EffectReport): string[] {
  const lines = [
    `effect of retention actions, ${report.horizonDays}-day follow-up (history to ${report.observedUntil ?? 'none'}):`,
  ];
  if (report.actions.length === 0)
    lines.push('  no actions with a complete follow-up window: ingest actions with `churn ingest --kind actions`');
  for (const a of report.actions) {
    const r = a.retentionLift;
    lines.push(
      `  ${a.action.padEnd(24)} treated ${a.treated.n} retained ${pct(a.treated.retention)}, control ${a.control.n} retained ${pct(a.control.retention)}` +
        (r ? `; lift ${pct(r.estimate)} [${pct(r.low)}, ${pct(r.high)}]` : '; no control group') +
        (a.revenueLift
          ? `; revenue lift ${a.revenueLift.estimate.toFixed(2)} [${a.revenueLift.low.toFixed(2)}, ${a.revenueLift.high.toFixed(2)}]`
          : '') +
        (a.treated.contactRate !== null ? `; reached ${pct(a.treated.contactRate)}` : '') +
        (a.treated.acceptRate !== null ? `, accepted ${pct(a.treated.acceptRate)}` : '') +
        (a.inconclusive ? '  (not distinguishable from zero)' : ''),
    );
  }
  if (report.pending) lines.push(`  ${report.pending} actions still inside their follow-up window (not counted yet)`);
  return lines;
}

const DIMENSIONS: Record<string, string> = { lifecycle: 'lifecycle', valueTier: 'value tier', riskTier: 'risk tier' };
const dimensionLabel = (d: string) => DIMENSIONS[d] ?? d.replace(/^attribute:/, '');

function flags(l: Learned): string {
  const f = [
    l.posterior.includesZero ? 'not distinguishable from zero' : '',
    l.tooSmall ? 'control group too small to tell' : '',
  ];
  const said = f.filter(Boolean).join('; ');
  return said ? `  (${said})` : '';
}

const learnedText = (l: Learned) =>
  `learned ${signed(l.posterior.mean)} [${signed(l.posterior.low)}, ${signed(l.posterior.high)}]`;

function actionLines(a: ActionEffects, minControls: number): string[] {
  if (!a.retention) return [`  ${a.action.padEnd(24)} no outcomes and no scores to scale the prior by`];
  const r = a.retention;
  const head =
    `  ${a.action.padEnd(24)} treated ${a.treated}, control ${a.control}: ` +
    `prior ${a.expectedReduction} x churn ${pct(a.baselineChurn ?? 0)} = ${signed(r.prior.mean)}` +
    (r.observed ? `; observed ${signed(r.observed.mean)}` : '') +
    `; ${learnedText(r)}` +
    (a.value ? `; value ${a.value.prior.mean.toFixed(2)} -> ${a.value.posterior.mean.toFixed(2)}` : '') +
    flags(r);
  const segments = a.segments
    .filter((s) => s.treated + s.control > 0)
    .map(
      (s) =>
        `      ${`${dimensionLabel(s.dimension)} ${s.level}`.padEnd(28)} treated ${s.treated}, control ${s.control}: ` +
        `prior ${signed(s.retention.prior.mean)}, ${learnedText(s.retention)}` +
        (s.value ? `; value ${s.value.posterior.mean.toFixed(2)}` : '') +
        flags(s.retention),
    );
  const small = a.control < minControls ? [`      fewer than ${minControls} controls: hold more customers out`] : [];
  return [head, ...small, ...segments];
}

function learnedLines(l: LearnedEffects): string[] {
  return [
    '',
    `learned retention effects (prior = playbook expectedReduction x churn probability, worth ${l.priorStrength} customers per arm; ` +
      `segments pooled towards their action; too small to tell: under ${l.minControls} controls or evidence weaker than the prior):`,
    ...l.actions.filter((a) => a.treated + a.control > 0).flatMap((a) => actionLines(a, l.minControls)),
    ...withoutOutcomes(l.actions),
    ...(l.notInPlaybook.length ? [`  not in the playbook (no prior): ${l.notInPlaybook.join(', ')}`] : []),
  ];
}

/** Actions nothing was measured for yet: one line, their priors (all they have). */
function withoutOutcomes(actions: ActionEffects[]): string[] {
  const none = actions.filter((a) => a.treated + a.control === 0);
  if (none.length === 0) return [];
  const prior = (a: ActionEffects) => (a.retention ? ` ${signed(a.retention.prior.mean)}` : '');
  return [`  no outcomes yet, learned = prior: ${none.map((a) => `${a.action}${prior(a)}`).join(', ')}`];
}
