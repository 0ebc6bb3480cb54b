// The one place option values are checked: each option's text is turned into the value its spec
// (option-spec.ts) declares, or refused with one line naming the option, what was given and what is
// expected (a UsageError, exit 2), before the command runs.
import { parseDate } from '../dates.ts';
import { UsageError, UserError } from '../errors.ts';
import { camel, type OptionSpec, type OptionSpecs, type OptionValues } from './option-spec.ts';

/** The values parseArgs read, by option name (strings, or true for a flag given). */
export type RawValues = Record<string, string | string[] | boolean | undefined>;

export function parseOptions<Os extends OptionSpecs>(specs: Os, raw: RawValues): OptionValues<Os> {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) values[camel(name)] = optionValue(`--${name}`, spec, raw[name]);
  return values as OptionValues<Os>;
}

function optionValue(option: string, spec: OptionSpec, raw: RawValues[string]): unknown {
  if (spec.kind === 'boolean') return raw === true;
  // An option given several times (spec.multiple): each value checked on its own.
  if (Array.isArray(raw)) return raw.map((one) => optionValue(option, spec, one));
  if (raw === undefined) {
    if (spec.required)
      throw new UsageError(`${option} is required${spec.kind === 'enum' ? `: ${oneOf(spec.choices)}` : ''}`);
    return 'default' in spec ? spec.default : undefined;
  }
  const text = String(raw);
  const refuse = (expected: string, got = text) => new UsageError(`${option}: expected ${expected}, got "${got}"`);
  switch (spec.kind) {
    case 'string':
    case 'path':
      if (text.trim() === '') throw refuse(spec.kind === 'path' ? 'a path' : 'a value');
      return text;
    case 'date':
      if (!isDate(text)) throw refuse('a date as YYYY-MM-DD');
      return text;
    case 'int': {
      if (spec.words?.includes(text)) return text;
      const n = Number(text);
      if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < spec.min || n > spec.max) {
        throw refuse(
          `a whole number from ${spec.min} to ${spec.max}${spec.words ? ` or ${spec.words.join(' or ')}` : ''}`,
        );
      }
      return n;
    }
    case 'number': {
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n) || n < (spec.min ?? -Infinity) || n > (spec.max ?? Infinity))
        throw refuse(numberRange(spec));
      return n;
    }
    case 'enum':
      if (!spec.choices.includes(text)) throw refuse(oneOf(spec.choices));
      return text;
    case 'list': {
      const items = text
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      if (items.length === 0) throw refuse('a comma-separated list');
      if (spec.choices) checkChoices(items, option, spec.choices);
      return items;
    }
    case 'custom': {
      const value = spec.parse(text);
      if (value === undefined) throw refuse(spec.expected);
      return value;
    }
  }
}

/** Refuses the first item not among `allowed` (for lists whose choices are known only at run time). */
export function checkChoices(items: readonly string[] | undefined, option: string, allowed: readonly string[]): void {
  const bad = items?.find((item) => !allowed.includes(item));
  if (bad !== undefined) throw new UsageError(`${option}: expected ${oneOf(allowed)} (comma-separated), got "${bad}"`);
}

/** "a, b or c" */
export function oneOf(choices: readonly string[]): string {
  return choices.length < 2 ? choices.join('') : `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
}

/** "a number >= 0", "a number from 0 to 1" */
export function numberRange(spec: { min?: number; max?: number }): string {
  if (spec.min !== undefined && spec.max !== undefined) return `a number from ${spec.min} to ${spec.max}`;
  if (spec.min !== undefined) return `a number >= ${spec.min}`;
  return spec.max !== undefined ? `a number <= ${spec.max}` : 'a number';
}

function isDate(text: string): boolean {
  try {
    parseDate(text);
    return true;
  } catch {
    return false;
  }
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
