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
