// The one lock (pipeline/lock.ts), used by retraining runs and site builds: a second holder is refused
// (or waits), a dead holder's lock is taken over, and release removes only one's own lock.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../pipeline/clock.ts';
import { acquireLock, LockedError, waitForLock } from '../pipeline/lock.ts';
import { ExitCode } from '../pipeline/errors.ts';
import { tempDir } from './helpers/temp-db.ts';

let dir: string;
let cleanup: () => void;
let path: string;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  path = join(dir, 'retrain.lock');
});
afterEach(() => cleanup());

/** The pid of a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('lock', () => {
  it('refuses a second holder with the first one named, and is free again once released', () => {
    const first = acquireLock(path, 'r-first', { now: fixedClock('2026-11-01T00:00:00Z') });
    expect(first.holder).toMatchObject({ pid: process.pid, runId: 'r-first', startedAt: '2026-11-01T00:00:00.000Z' });
    let refused: unknown;
    try {
      acquireLock(path, 'r-second', { what: 'site build' });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(LockedError);
    expect((refused as LockedError).exitCode).toBe(ExitCode.locked);
    expect((refused as LockedError).message).toMatch(
      /^another site build holds .*retrain\.lock: r-first \(pid \d+ on .*, started 2026-11-01T00:00:00\.000Z\)/,
    );
    first.release();
    expect(existsSync(path)).toBe(false);
    acquireLock(path, 'r-second').release();
  });

  it('takes over the lock of a process that is gone and says whose it was', () => {
    const dead = { pid: deadPid(), host: hostname(), startedAt: '2026-11-01T00:00:00.000Z', runId: 'r-dead' };
    writeFileSync(path, JSON.stringify(dead));
    const lock = acquireLock(path, 'r-new');
    expect(lock.tookOver).toEqual(dead);
    expect(JSON.parse(readFileSync(path, 'utf8')).runId).toBe('r-new');
    lock.release();
  });

  it('reads a lock of the older site-build format (a bare pid) and takes it over once its process is gone', () => {
    writeFileSync(path, String(deadPid()));
    expect(acquireLock(path, 'build-new').tookOver).toMatchObject({ host: hostname() });
    writeFileSync(path, String(process.pid));
    expect(() => acquireLock(path, 'build-other')).toThrow(LockedError);
  });

  it('does not remove a lock another holder took over', () => {
    const lock = acquireLock(path, 'r-mine');
    writeFileSync(path, JSON.stringify({ pid: process.pid, host: hostname(), startedAt: '', runId: 'r-theirs' }));
    lock.release();
    expect(JSON.parse(readFileSync(path, 'utf8')).runId).toBe('r-theirs');
  });

  it('waits for a live holder, and gives up after the timeout', async () => {
    const first = acquireLock(path, 'build-1');
    const waits: (string | undefined)[] = [];
    setTimeout(() => first.release(), 300);
    const second = await waitForLock(path, 'build-2', { timeoutMs: 10_000, onWait: (h) => waits.push(h?.runId) });
    expect(waits).toEqual(['build-1']);
    expect(second.holder.runId).toBe('build-2');
    await expect(waitForLock(path, 'build-3', { timeoutMs: 100 })).rejects.toBeInstanceOf(LockedError);
    second.release();
  });
});
