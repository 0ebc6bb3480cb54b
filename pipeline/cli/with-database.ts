// Opens the database for one command and always closes it, so the file lock is released. The path is
// checked first (check-paths.ts): a command that only reads never creates an empty database file.
import { openDatabase, type Database } from '../db/database.ts';
import { checkDatabase, type DatabaseAccess } from './check-paths.ts';

/** Which database a command opens, and how (the command's context has both). */
export interface DatabaseTarget {
  dbPath: string;
  /** DuckDB's memory limit; undefined: openDatabase's default. */
  memoryLimit: string | undefined;
}

/**
 * `access`: true opens read-only (the file must exist); false opens read-write and creates the file
 * if missing; 'write' opens read-write a database that must exist already.
 */
export async function withDatabase<T>(
  target: DatabaseTarget,
  fn: (db: Database) => Promise<T>,
  access: boolean | 'write' = false,
): Promise<T> {
  const mode: DatabaseAccess = access === true ? 'read' : access === false ? 'create' : access;
  checkDatabase(target.dbPath, mode);
  const db = await openDatabase(target.dbPath, { readOnly: mode === 'read', memoryLimit: target.memoryLimit });
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}
