// Checks of the paths given on the command line (--db, --out, --rejects), made before any work: a
// mistake (a folder where a file is expected, a read-only place, a database that does not exist)
// becomes one line naming the path and what is wrong (exit 3), not a stack trace halfway through.
// Policy (README "Where things are written"): missing folders on the way to an output or a new
// database are created; a database that a command only reads must exist.
import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.ts';

/** read: must exist; write: must exist and be writable; create: may be created (with its folders). */
export type DatabaseAccess = 'read' | 'write' | 'create';

export function checkDatabase(path: string, access: DatabaseAccess): void {
  if (path === ':memory:') return;
  const info = stat(path);
  if (info?.isDirectory()) {
    throw new UserError(
      `database ${path} is a folder, not a database file: give the file with --db, e.g. --db ${join(path, 'churn.duckdb')}`,
    );
  }
  if (!info) {
    if (access !== 'create')
      throw new UserError(
        `database ${path} does not exist: run \`churn demo\` or \`churn ingest\` first, or name another with --db`,
      );
    creatable(path, `cannot create database ${path}`);
    return;
  }
  if (!can(path, constants.R_OK))
    throw new UserError(`database ${path} cannot be read by this user (check its permissions)`);
  if (access === 'read') return;
  if (!can(path, constants.W_OK))
    throw new UserError(`database ${path} is read-only: this command writes to it (check its permissions)`);
  const dir = dirname(resolve(path));
  if (!can(dir, constants.W_OK)) {
    throw new UserError(
      `database ${path} is in a read-only folder (${dir}): DuckDB writes ${basename(path)}.wal beside it`,
    );
  }
}

/** A file an option names (export --out, score --out, ingest --rejects): written beside, then renamed. */
export function checkOutputFile(path: string, option: string): void {
  const info = stat(path);
  if (info?.isDirectory()) throw new UserError(`${option} ${path} is a folder: give a file name`);
  if (info && !can(path, constants.W_OK)) throw new UserError(`${option} ${path} is read-only: it would be replaced`);
  creatable(path, `${option} ${path}`);
}

/**
 * A folder an option names (generate --out, demo/report --out). `replaced`: the folder is replaced
 * as a whole (built beside it, then renamed), so its parent must be writable too.
 */
export function checkOutputFolder(path: string, option: string, { replaced = false } = {}): void {
  const info = stat(path);
  if (info && !info.isDirectory()) throw new UserError(`${option} ${path} is a file, not a folder`);
  if (info && !can(path, constants.W_OK)) throw new UserError(`${option} ${path}: the folder is read-only`);
  if (!info || replaced) creatable(path, `${option} ${path}`);
}

/** `path` can be created: its nearest existing ancestor is a writable folder (missing ones are made). */
function creatable(path: string, what: string): void {
  let dir = dirname(resolve(path));
  let info = stat(dir);
  while (!info && dirname(dir) !== dir) {
    dir = dirname(dir);
    info = stat(dir);
  }
  if (!info?.isDirectory()) throw new UserError(`${what}: ${dir} is a file, not a folder`);
  if (!can(dir, constants.W_OK)) throw new UserError(`${what}: cannot write in ${dir} (permission denied)`);
}

function stat(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function can(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}
