// Runs this checkout's CLI in a child process for the scripts that write docs from real runs
// (`npm run model-card`, `npm run simulation-card`): the command is echoed on stderr, its progress goes
// there too, and its stdout (the --json result) is returned; a failed run throws.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

export function runChurnCli(args: string[]): string {
  process.stderr.write(`$ churn ${args.join(' ')}\n`);
  const run = spawnSync(process.execPath, [fileURLToPath(new URL('../bin/churn.mjs', import.meta.url)), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, CHURN_TF_BACKEND: process.env.CHURN_TF_BACKEND ?? 'wasm' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`churn ${args.join(' ')} exited ${run.status}`);
  return run.stdout;
}
