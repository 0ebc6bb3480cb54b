// Where run artifacts live: beside the database file, so `--db /tmp/x/churn.duckdb` keeps a whole run
// in /tmp/x. The default database is data/churn.duckdb (git-ignored).
import { dirname, join, resolve } from 'node:path';

export const DEFAULT_DB = 'data/churn.duckdb';

export interface ArtifactPaths {
  db: string;
  dir: string;
  models: string;
  exports: string;
  publish: string;
}

export function artifactPaths(db: string): ArtifactPaths {
  const dir = dirname(resolve(db));
  return {
    db,
    dir,
    models: join(dir, 'models'),
    exports: join(dir, 'exports'),
    publish: join(dir, 'publish'),
  };
}
