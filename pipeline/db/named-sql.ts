// Reads a .sql file holding several named statements, each introduced by a `-- name: <name>` line,
// so one stage keeps its related queries together and still runnable in the DuckDB CLI.
import { readSql } from './database.ts';

export function readNamedSql(moduleUrl: string, file: string): Record<string, string> {
  const out: Record<string, string> = {};
  let name: string | null = null;
  let body: string[] = [];
  const flush = () => {
    if (name !== null) out[name] = body.join('\n').trim().replace(/;\s*$/, '');
  };
  for (const line of readSql(moduleUrl, file).split('\n')) {
    const m = /^--\s*name:\s*(\S+)/.exec(line);
    if (m) {
      flush();
      name = m[1];
      body = [];
    } else if (name !== null) {
      body.push(line);
    }
  }
  flush();
  return out;
}
