// One holder at a time for a lock file (one retraining run per database directory; one site build per
// checkout, as builds share Framework's cache). The file is created with O_EXCL and holds the holder's
// pid, host, start time and id; a lock whose process is gone (same host) is stale and taken over, which
// the caller may log. DuckDB's own file lock is not enough: it is released between a run's stages that
// do not hold the database, and it says nothing about who holds it.
import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { systemClock, type Clock } from './clock.ts';
import { ExitCode, UserError } from './errors.ts';
import { stopwatch } from './timer.ts';

export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  /** Who holds it: a run id, or what the holder is doing. */
  runId: string;
}

export interface Lock {
  holder: LockHolder;
  /** The stale lock this one replaced, if any. */
  tookOver: LockHolder | null;
  /** Removes the lock file if it is still ours. */
  release(): void;
}

export interface LockOptions {
  /** What holds such a lock, for the message to someone refused: 'run' (default), 'site build'. */
  what?: string;
  now?: Clock;
}

/** The lock is held by someone else: exit code `locked`. */
export class LockedError extends UserError {
  readonly holder: LockHolder | null;
  constructor(path: string, holder: LockHolder | null, what = 'run') {
    super(
      holder
        ? `another ${what} holds ${path}: ${holder.runId} (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}); ` +
            'wait for it to finish, or remove the file if that process is gone'
        : `${path} exists but cannot be read; remove it if no ${what} is in progress`,
      { exitCode: ExitCode.locked },
    );
    this.name = 'LockedError';
    this.holder = holder;
  }
}

/** Takes the lock at `path` for `runId` or throws `LockedError` at once. */
export function acquireLock(path: string, runId: string, options: LockOptions = {}): Lock {
  const now = options.now ?? systemClock;
  const holder: LockHolder = { pid: process.pid, host: hostname(), startedAt: now().toISOString(), runId };
  let tookOver: LockHolder | null = null;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, JSON.stringify(holder) + '\n');
      } finally {
        closeSync(fd);
      }
      return { holder, tookOver, release: () => releaseLock(path, holder) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const current = readHolder(path);
    if (current === null || !isStale(current)) throw new LockedError(path, current, options.what);
    // Move the stale lock aside atomically: of two takers-over at once, only one rename succeeds and
    // the other then finds the new lock (EEXIST) and gives up.
    try {
      renameSync(path, `${path}.stale-${process.pid}`);
      unlinkSync(`${path}.stale-${process.pid}`);
    } catch {
      throw new LockedError(path, readHolder(path), options.what);
    }
    tookOver = current;
  }
  throw new LockedError(path, readHolder(path), options.what);
}

/**
 * Takes the lock, waiting while another live holder has it: `onWait` is called once when it has to
 * wait; after `timeoutMs` the `LockedError` is thrown.
 */
export async function waitForLock(
  path: string,
  runId: string,
  options: LockOptions & { timeoutMs: number; onWait?: (holder: LockHolder | null) => void },
): Promise<Lock> {
  const elapsed = stopwatch();
  let waited = false;
  for (;;) {
    try {
      return acquireLock(path, runId, options);
    } catch (error) {
      if (!(error instanceof LockedError) || elapsed() * 1000 > options.timeoutMs) throw error;
      if (!waited) options.onWait?.(error.holder);
      waited = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export function readHolder(path: string): LockHolder | null {
  try {
    const text = readFileSync(path, 'utf8');
    // A bare pid: a site-build lock written before this module, always on this host.
    if (/^\d+$/.test(text.trim())) return { pid: Number(text.trim()), host: hostname(), startedAt: '', runId: '' };
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || typeof value.host !== 'string') return null;
    return {
      pid: value.pid,
      host: value.host,
      startedAt: String(value.startedAt ?? ''),
      runId: String(value.runId ?? ''),
    };
  } catch {
    return null;
  }
}

/** A lock is stale when its process is gone; one from another host cannot be checked, so it is not. */
export function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  return !isAlive(holder.pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseLock(path: string, holder: LockHolder): void {
  // Only remove our own lock (a stale-lock takeover by someone else must not be undone).
  const current = readHolder(path);
  if (current && current.pid === holder.pid && current.runId === holder.runId) unlinkSync(path);
}
