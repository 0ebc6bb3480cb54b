// Runs this checkout's CLI in a child process for the scripts that write docs from real runs
// (`npm run model-card`, `npm run simulation-card`): the command is echoed on stderr, its progress goes
// there too, and its stdout (the --json result) is returned; a failed run throws.
import { spawn, spawnSync } from 'node:child_process';
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

/** The same, without blocking: several runs can go side by side (each is mostly one core). */
export function runChurnCliAsync(args: string[]): Promise<string> {
  process.stderr.write(`$ churn ${args.join(' ')}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(new URL('../bin/churn.mjs', import.meta.url)), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, CHURN_TF_BACKEND: process.env.CHURN_TF_BACKEND ?? 'wasm' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(Buffer.concat(chunks).toString('utf8'))
        : reject(new Error(`churn ${args.join(' ')} exited ${code}`)),
    );
  });
}
