// The run lock: one retraining run at a time per database directory. A file created with O_EXCL
// holds the holder's pid, host and start time; a lock whose process is gone (same host) is stale and
// taken over, which the caller logs. DuckDB's own file lock is not enough: it is released between a
// run's stages that do not hold the database, and it says nothing about who holds it.
import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { ExitCode, UserError } from '../errors.ts';

export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  runId: string;
}

export interface RunLock {
  holder: LockHolder;
  /** The stale lock this one replaced, if any. */
  tookOver: LockHolder | null;
  release(): void;
}

/** The lock is held by another run: exit code `locked`. */
export class LockedError extends UserError {
  readonly holder: LockHolder | null;
  constructor(path: string, holder: LockHolder | null) {
    super(
      holder
        ? `another run holds ${path}: ${holder.runId} (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}); ` +
            'wait for it to finish, or remove the file if that process is gone'
        : `${path} exists but cannot be read; remove it if no run is in progress`,
      { exitCode: ExitCode.locked },
    );
    this.name = 'LockedError';
    this.holder = holder;
  }
}

export function acquireLock(path: string, runId: string, now = new Date()): RunLock {
  const holder: LockHolder = { pid: process.pid, host: hostname(), startedAt: now.toISOString(), runId };
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
    if (current === null || !isStale(current)) throw new LockedError(path, current);
    // Move the stale lock aside atomically: of two runs taking over at once, only one rename succeeds
    // and the other then finds the new lock (EEXIST) and gives up.
    try {
      renameSync(path, `${path}.stale-${process.pid}`);
      unlinkSync(`${path}.stale-${process.pid}`);
    } catch {
      throw new LockedError(path, readHolder(path));
    }
    tookOver = current;
  }
  throw new LockedError(path, readHolder(path));
}

export function readHolder(path: string): LockHolder | null {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || typeof value.host !== 'string') return null;
    return { pid: value.pid, host: value.host, startedAt: String(value.startedAt ?? ''), runId: String(value.runId ?? '') };
  } catch {
    return null;
  }
}

/** A lock is stale when its process is gone; one from another host cannot be checked, so it is not. */
export function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  return !isAlive(holder.pid);
}

export function isAlive(pid: number): boolean {
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
