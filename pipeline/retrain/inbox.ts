// The inbox: new export files dropped in a folder are ingested with the mapping configured for their
// name pattern, then moved to processed/ (with the ingest summary beside them) or failed/ (with the
// error). Customers files go first so that events can refer to new customers. A file is moved only
// after its load committed; a run killed in between loads it again next time, which ingest counts as
// "already present" rather than duplicating it.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Clock } from '../clock.ts';
import type { Config } from '../config/config-schema.ts';
import type { Database } from '../db/database.ts';
import { UserError } from '../errors.ts';
import { ingestStage } from '../ingest/ingest-stage.ts';
import { loadMapping } from '../ingest/mapping.ts';
import type { Logger } from '../log.ts';
import type { InboxRule } from '../config/retrain-config.ts';
import type { InboxRecord } from './run-report.ts';

const KIND_ORDER = { customers: 0, events: 1, actions: 2 } as const;

export interface InboxFile {
  path: string;
  rule: InboxRule;
}

/** Files in the inbox (not its subfolders) with the first rule whose pattern matches; unmatched ones apart. */
function scanInbox(inbox: string, rules: readonly InboxRule[]): { files: InboxFile[]; unmatched: string[] } {
  if (!existsSync(inbox) || !statSync(inbox).isDirectory()) throw new UserError(`inbox ${inbox} is not a folder`);
  if (rules.length === 0)
    throw new UserError('--inbox needs file patterns: set retrain.inbox in the config ([{"pattern", "kind", "map"}])');
  const files: InboxFile[] = [];
  const unmatched: string[] = [];
  for (const name of readdirSync(inbox).sort()) {
    const path = join(inbox, name);
    if (name.startsWith('.') || !statSync(path).isFile()) continue;
    const rule = rules.find((r) => globToRegExp(r.pattern).test(name));
    if (rule) files.push({ path, rule });
    else unmatched.push(name);
  }
  files.sort((a, b) => KIND_ORDER[a.rule.kind] - KIND_ORDER[b.rule.kind] || a.path.localeCompare(b.path));
  return { files, unmatched };
}

export async function processInbox(
  db: Database,
  inbox: string,
  config: Config,
  options: { configDir: string; logger: Logger; stamp: string; now?: Clock; onLoaded?: (file: string) => void },
): Promise<InboxRecord[]> {
  const { files, unmatched } = scanInbox(inbox, config.retrain.inbox);
  for (const name of unmatched) options.logger.warn(`inbox: ${name} matches no retrain.inbox pattern; left in place`);
  // Mappings are loaded before any file moves: a broken mapping is a config error, not a bad file.
  const mappings = new Map(
    files.map(({ rule }) => [
      rule,
      rule.map === undefined ? null : loadMapping(resolve(options.configDir, rule.map), rule.kind),
    ]),
  );
  const records: InboxRecord[] = [];
  for (const { path, rule } of files) {
    const name = basename(path);
    try {
      const mapping = mappings.get(rule) ?? null;
      const result = await ingestStage(db, path, {
        kind: rule.kind,
        mapping,
        format: rule.format,
        encoding: rule.encoding,
        missingCustomers: mapping?.missingCustomers ?? config.ingest.missingCustomers,
        futureToleranceHours: config.ingest.futureToleranceHours,
        logger: options.logger,
        now: options.now,
      });
      options.onLoaded?.(path);
      const movedTo = move(path, join(inbox, 'processed'), options.stamp);
      writeFileSync(`${movedTo}.summary.json`, JSON.stringify(result, null, 2) + '\n');
      options.logger.info(
        `inbox: ${name}: ${result.rowsRead} read, ${result.inserted} inserted, ${result.alreadyPresent} present, ${result.rejected} rejected -> processed/`,
      );
      records.push({
        file: name,
        kind: rule.kind,
        movedTo,
        ok: true,
        rowsRead: result.rowsRead,
        inserted: result.inserted,
        alreadyPresent: result.alreadyPresent,
        rejected: result.rejected,
      });
    } catch (error) {
      // A file we cannot read at all goes to failed/ with the reason; anything else is our bug.
      if (!(error instanceof UserError)) throw error;
      const movedTo = move(path, join(inbox, 'failed'), options.stamp);
      writeFileSync(`${movedTo}.error.txt`, error.message + '\n');
      options.logger.warn(`inbox: ${name} failed: ${error.message} -> failed/`);
      records.push({ file: name, kind: rule.kind, movedTo, ok: false, error: error.message });
    }
  }
  return records;
}

/** Moves a file into a folder, prefixed with the run's stamp so repeated names never collide. */
function move(path: string, folder: string, stamp: string): string {
  mkdirSync(folder, { recursive: true });
  const target = join(folder, `${stamp}-${basename(path)}`);
  renameSync(path, target);
  return target;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

export function configDirOf(configSource: string | null): string {
  return configSource === null ? process.cwd() : dirname(resolve(configSource));
}
