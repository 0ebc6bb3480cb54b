// What the pipeline needs to know about a generated subscription business, and where it is kept: the
// churn definition "cancellation" and a horizon of 60 days (two billing months) apply unless the
// user's config sets them, and are written to churn.config.json beside the database (when none is
// there), which later commands on that database read (pipeline/config/config.ts).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../atomic-write.ts';
import type { Config } from '../config/config-schema.ts';
import { artifactPaths } from '../paths.ts';

/** The settings a subscription history needs, as a config file holds them. */
export const SUBSCRIPTION_SETTINGS = { churn: { definition: 'cancellation' }, horizonDays: 60 } as const;

/** The config file beside a database. */
export const databaseConfigPath = (dbPath: string) => join(artifactPaths(dbPath).dir, 'churn.config.json');

/**
 * The subscription demo's config: `config` with the subscription settings where the user's config file
 * (`source`, as loaded; null when none) does not set them itself.
 */
export function subscriptionConfig(config: Config, source: string | null): Config {
  const raw = source === null ? {} : (JSON.parse(readFileSync(source, 'utf8')) as Record<string, unknown>);
  return {
    ...config,
    churn: 'churn' in raw ? config.churn : { ...SUBSCRIPTION_SETTINGS.churn },
    horizonDays: 'horizonDays' in raw ? config.horizonDays : SUBSCRIPTION_SETTINGS.horizonDays,
  };
}

/** The file the demo writes: the settings it ran with, so that later commands agree with it. */
function fileText(config: Config): string {
  return JSON.stringify({ churn: config.churn, horizonDays: config.horizonDays }, null, 2) + '\n';
}

/** Writes the settings beside the database unless a config file is there already; returns whether it wrote. */
export function writeDatabaseConfig(dbPath: string, config: Config): boolean {
  const path = databaseConfigPath(dbPath);
  if (existsSync(path)) return false;
  writeFileAtomicSync(path, fileText(config));
  return true;
}

/**
 * Removes the file a subscription demo wrote beside the database (only when it is exactly that, with
 * the default settings), before a retail history replaces the subscription one; returns whether it did.
 */
export function forgetDatabaseConfig(dbPath: string): boolean {
  const path = databaseConfigPath(dbPath);
  const ours = JSON.stringify(SUBSCRIPTION_SETTINGS, null, 2) + '\n';
  if (!existsSync(path) || readFileSync(path, 'utf8') !== ours) return false;
  rmSync(path);
  return true;
}
