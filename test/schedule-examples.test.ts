// The scheduling examples in deploy/ (crontab, systemd service + timer, GitHub Actions) run command
// lines the CLI accepts, on schedules that parse, with the settings docs/operations.md promises.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from '../pipeline/cli/main.ts';
import { COMMANDS } from '../pipeline/cli/commands.ts';

const read = (path: string) => readFileSync(fileURLToPath(new URL(`../deploy/${path}`, import.meta.url)), 'utf8');

/** The churn arguments of a line running `node bin/churn.mjs ...`, up to a shell redirection. */
function churnArgs(line: string): string[] {
  const match = /node bin\/churn\.mjs (.*?)(?:\s+>>?\s.*)?$/.exec(line.trim());
  if (!match) throw new Error(`no churn command in: ${line}`);
  return match[1].split(/\s+/);
}

function checkCommand(args: string[]): void {
  const [name, ...rest] = args;
  const command = COMMANDS.find((c) => c.name === name);
  expect(command, name).toBeDefined();
  expect(() => parse(command!, rest)).not.toThrow();
}

describe('scheduling examples', () => {
  it('crontab: five valid schedule fields and a retrain command the CLI accepts', () => {
    const lines = read('cron/churn-retrain.crontab')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'));
    expect(lines).toHaveLength(1);
    const fields = lines[0].split(/\s+/);
    const ranges = [
      [0, 59],
      [0, 23],
      [1, 31],
      [1, 12],
      [0, 7],
    ];
    fields.slice(0, 5).forEach((f, i) => {
      if (f === '*') return;
      expect(Number(f), f).toBeGreaterThanOrEqual(ranges[i][0]);
      expect(Number(f), f).toBeLessThanOrEqual(ranges[i][1]);
    });
    const args = churnArgs(lines[0]);
    expect(args[0]).toBe('retrain');
    checkCommand(args);
    expect(lines[0]).toMatch(/2>&1$/);
  });

  it('systemd: a oneshot service running retrain, stopped with SIGTERM and time to reach a stage boundary; a persistent timer', () => {
    const service = read('systemd/churn-retrain.service');
    const exec = /^ExecStart=\/usr\/bin\/node (bin\/churn\.mjs .*)$/m.exec(service);
    expect(exec).not.toBeNull();
    checkCommand(churnArgs(`node ${exec![1]}`));
    expect(service).toMatch(/^Type=oneshot$/m);
    expect(service).toMatch(/^TimeoutStopSec=\d+$/m);
    expect(service).toMatch(/^SuccessExitStatus=4$/m);
    const timer = read('systemd/churn-retrain.timer');
    expect(timer).toMatch(/^Persistent=true$/m);
    expect(timer).toMatch(/^WantedBy=timers\.target$/m);
    const calendar = /^OnCalendar=(.*)$/m.exec(timer)![1];
    // systemd's own parser where it is installed (Debian has it; minimal containers may not).
    if (existsSync('/usr/bin/systemd-analyze')) {
      const r = spawnSync('/usr/bin/systemd-analyze', ['calendar', calendar], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('Next elapse');
    } else {
      expect(calendar).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \*-\*-\* \d\d:\d\d:\d\d$/);
    }
  });

  it('GitHub Actions: a scheduled, non-overlapping job running retrain with --json', () => {
    const workflow = read('github/retrain.yml');
    expect(workflow).toMatch(/^\s+- cron: '(\S+ ){4}\S+'$/m);
    expect(workflow).toMatch(/^concurrency:\n\s+group: churn-retrain\n\s+cancel-in-progress: false$/m);
    const run = workflow.split('\n').find((l) => l.includes('bin/churn.mjs retrain'))!;
    const args = churnArgs(run.replace(/^\s+run:\s*/, ''));
    checkCommand(args);
    expect(args).toContain('--json');
  });
});
