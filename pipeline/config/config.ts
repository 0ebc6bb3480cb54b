// Loads and validates churn.config.json. Errors come back as `path: message` lines.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.ts';
import { configSchema, type Config } from './config-schema.ts';

export const DEFAULT_CONFIG_FILE = 'churn.config.json';

/** Validates a parsed config object; throws a UserError listing every problem as `path: message`. */
export function parseConfig(value: unknown, source = 'config'): Config {
  const result = configSchema.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new UserError(`${source} is invalid:\n${lines.join('\n')}`);
}

/**
 * Reads the config file: the one given, else churn.config.json when present, else the one beside the
 * database (`dbPath`; `churn demo --business subscription` writes one there), else defaults.
 */
export function loadConfig(file?: string, dbPath?: string): { config: Config; source: string | null } {
  const besideDb = dbPath === undefined ? null : join(dirname(resolve(dbPath)), DEFAULT_CONFIG_FILE);
  const path =
    file ??
    (existsSync(DEFAULT_CONFIG_FILE)
      ? DEFAULT_CONFIG_FILE
      : besideDb !== null && existsSync(besideDb)
        ? besideDb
        : null);
  if (path === null) return { config: parseConfig({}), source: null };
  if (!existsSync(path)) throw new UserError(`config file ${path} does not exist`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UserError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  return { config: parseConfig(raw, path), source: path };
}
