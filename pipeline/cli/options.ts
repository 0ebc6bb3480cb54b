// Small normalisers for option values: each throws a UsageError naming the option and the value.
import { parseDate } from '../dates.ts';
import { UsageError, UserError } from '../errors.ts';
import type { CommandArgs } from './command.ts';

export function stringOption(args: CommandArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function requiredString(args: CommandArgs, name: string): string {
  const v = stringOption(args, name);
  if (v === undefined || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

export function intOption(args: CommandArgs, name: string, min: number, max: number): number | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name}: expected a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

export function dateOption(args: CommandArgs, name: string): string | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  try {
    return parseDate(raw, `--${name}`);
  } catch (error) {
    throw new UsageError((error as UserError).message);
  }
}

export function flag(args: CommandArgs, name: string): boolean {
  return args.values[name] === true;
}

/** DuckDB's memory limit for every database a command opens: CHURN_DUCKDB_MEMORY (e.g. "4GB"), else undefined (the default). */
export function memoryLimitFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.CHURN_DUCKDB_MEMORY?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(raw)) {
    throw new UserError(`CHURN_DUCKDB_MEMORY must be a size such as 512MB or 4GB; got "${raw}"`);
  }
  return raw;
}
