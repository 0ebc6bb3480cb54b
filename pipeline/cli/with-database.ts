// Opens the database for one command and always closes it, so the file lock is released.
import { openDatabase, type Database } from '../db/database.ts';

export async function withDatabase<T>(path: string, fn: (db: Database) => Promise<T>, readOnly = false): Promise<T> {
  const db = await openDatabase(path, { readOnly });
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}
