// Opens the database for one command and always closes it, so the file lock is released. The path is
// checked first (check-paths.ts): a command that only reads never creates an empty database file.
import { openDatabase, type Database } from '../db/database.ts';
import { checkDatabase, type DatabaseAccess } from './check-paths.ts';

/**
 * `access`: true opens read-only (the file must exist); false opens read-write and creates the file
 * if missing; 'write' opens read-write a database that must exist already.
 */
export async function withDatabase<T>(path: string, fn: (db: Database) => Promise<T>, access: boolean | 'write' = false): Promise<T> {
  const mode: DatabaseAccess = access === true ? 'read' : access === false ? 'create' : access;
  checkDatabase(path, mode);
  const db = await openDatabase(path, { readOnly: mode === 'read' });
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}
