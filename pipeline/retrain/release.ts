// Published releases: everything readers use (exports, the scores snapshot, the report data and the
// built site) is written into a new folder releases/<runId>/ and made current by one rename of a
// symbolic link, `current` -> releases/<runId>. A reader resolves `current` once and sees either the
// old release or the new one, never a half-written one; a run killed before the switch leaves the
// previous release current and its own folder to be cleaned up by the next run.
import { existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { isDatabaseLocked } from '../db/database.ts';
import { artifactPaths } from '../paths.ts';

export interface ReleasePaths {
  root: string;
  exports: string;
  publish: string;
  site: string;
  snapshot: string;
}

function releasesDir(dir: string): string {
  return join(dir, 'releases');
}

function currentLink(dir: string): string {
  return join(dir, 'current');
}

function releasePaths(root: string): ReleasePaths {
  return {
    root,
    exports: join(root, 'exports'),
    publish: join(root, 'publish'),
    site: join(root, 'site'),
    snapshot: join(root, 'snapshot'),
  };
}

/** A new, empty release folder for a run (a leftover from a killed attempt with the same id is removed). */
export function createRelease(dir: string, runId: string): ReleasePaths {
  const root = join(releasesDir(dir), runId);
  rmSync(root, { recursive: true, force: true });
  const paths = releasePaths(root);
  for (const d of [paths.exports, paths.publish, paths.snapshot]) mkdirSync(d, { recursive: true });
  return paths;
}

/** The current release's folder, or null before the first release. */
export function currentRelease(dir: string): ReleasePaths | null {
  const link = currentLink(dir);
  try {
    if (!lstatSync(link).isSymbolicLink()) return null;
  } catch {
    return null;
  }
  const target = resolve(dir, readlinkSync(link));
  return existsSync(target) ? releasePaths(target) : null;
}

/** Makes a release current in one atomic step (rename(2) of a symlink over the old one). */
export function switchCurrent(dir: string, release: ReleasePaths, beforeRename?: () => void): void {
  const tmp = join(dir, `.current.${process.pid}`);
  rmSync(tmp, { force: true });
  // Relative target, so the whole directory can be moved or mounted elsewhere.
  symlinkSync(join('releases', basename(release.root)), tmp);
  beforeRename?.();
  renameSync(tmp, currentLink(dir));
}

/**
 * Removes old releases, keeping the current one and the newest `keep` others (a reader that resolved
 * the previous link a moment ago can finish), and folders of runs that never became current.
 */
export function pruneReleases(dir: string, keep: number, activeRunIds: ReadonlySet<string> = new Set()): string[] {
  const root = releasesDir(dir);
  if (!existsSync(root)) return [];
  const current = currentRelease(dir);
  const names = readdirSync(root).sort().reverse();
  const removed: string[] = [];
  let kept = 0;
  for (const name of names) {
    const path = join(root, name);
    if (current && resolve(path) === resolve(current.root)) continue;
    if (activeRunIds.has(name)) continue;
    if (kept < keep && existsSync(join(path, 'COMPLETE'))) {
      kept++;
      continue;
    }
    rmSync(path, { recursive: true, force: true });
    removed.push(name);
  }
  // Leftover temporary links of killed runs.
  for (const name of readdirSync(dir)) if (name.startsWith('.current.')) rmSync(join(dir, name), { force: true });
  return removed;
}

/** The current release to read instead of the database, when the error is the database being held. */
export function releaseWhenLocked(error: unknown, dbPath: string): ReleasePaths | null {
  return isDatabaseLocked(error) ? currentRelease(artifactPaths(dbPath).dir) : null;
}
