// Which module runs each command, imported only when the command runs, so that `churn --help` and a
// refused option load nothing heavy (no DuckDB, no TensorFlow.js).
import type { CommandArgs, CommandContext, CommandOutput } from './command.ts';

interface Implementation {
  // Method syntax on purpose: each module's run takes its own command's typed options.
  run(ctx: CommandContext, args: CommandArgs): Promise<CommandOutput>;
}

export const IMPLEMENTATIONS: Record<string, () => Promise<Implementation>> = {
  demo: () => import('./commands/demo.ts'),
  generate: () => import('./commands/generate.ts'),
  ingest: () => import('./commands/ingest.ts'),
  features: () => import('./commands/features.ts'),
  train: () => import('./commands/train.ts'),
  evaluate: () => import('./commands/evaluate.ts'),
  models: () => import('./commands/models.ts'),
  score: () => import('./commands/score.ts'),
  plan: () => import('./commands/plan.ts'),
  playbook: () => import('./commands/playbook.ts'),
  effect: () => import('./commands/effect.ts'),
  export: () => import('./commands/export.ts'),
  btyd: () => import('./commands/btyd.ts'),
  report: () => import('./commands/report.ts'),
  preview: () => import('./commands/preview.ts'),
  retrain: () => import('./commands/retrain.ts'),
  runs: () => import('./commands/runs.ts'),
  status: () => import('./commands/status.ts'),
};
