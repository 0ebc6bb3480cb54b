// Command-line options are declared once (pipeline/cli/commands.ts) with what they accept: one parser
// refuses a bad value of each kind with one line naming the option, the value and what is expected
// (exit 2) before the command runs; help shows choices, ranges and defaults from the same specs; and
// each command reads exactly the options it declares.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, GLOBAL_OPTIONS } from '../pipeline/cli/commands.ts';
import { main } from '../pipeline/cli/main.ts';
import type { OptionSpec } from '../pipeline/cli/option-spec.ts';
import { tempDir } from './helpers/temp-db.ts';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

const command = (name: string) => COMMANDS.find((c) => c.name === name)!;
const KINDS = ['string', 'path', 'date', 'int', 'number', 'enum', 'list', 'custom', 'boolean'];

describe('a bad value of each kind is refused before the command runs', () => {
  it.each([
    ['string', ['effect', '--campaign', ''], '--campaign: expected a value, got ""'],
    ['path', ['export', '--out', ' '], '--out: expected a path, got " "'],
    ['int', ['evaluate', '--backtest', '30'], '--backtest: expected a whole number from 1 to 24, got "30"'],
    [
      'int or a word',
      ['score', '--workers', 'many'],
      '--workers: expected a whole number from 1 to 64 or auto, got "many"',
    ],
    [
      'number',
      ['btyd', '--calibration-end', '1997-09-30', '--penalty=-1'],
      '--penalty: expected a number >= 0, got "-1"',
    ],
    ['date', ['train', '--as-of', '2024-02-30'], '--as-of: expected a date as YYYY-MM-DD, got "2024-02-30"'],
    ['enum', ['evaluate', '--split', 'random'], '--split: expected time or customers, got "random"'],
    [
      'list item',
      ['export', '--out', 'x.csv', '--tier', 'high,urgent'],
      '--tier: expected high, medium or low (comma-separated), got "urgent"',
    ],
    [
      'empty list',
      ['export', '--out', 'x.csv', '--segment', ','],
      '--segment: expected a comma-separated list, got ","',
    ],
    [
      'custom (shard)',
      ['score', '--shard', '3/3', '--out', 'x.parquet'],
      '--shard: expected i/n with 0 <= i < n, got "3/3"',
    ],
    ['required', ['btyd'], '--calibration-end is required'],
    ['required enum', ['ingest', 'x.csv'], '--kind is required: customers, events or actions'],
  ])('%s', async (_kind, argv, message) => {
    const db = join(dir, 'never.duckdb');
    const r = await run([...argv, '--db', db]);
    expect(r.code).toBe(2);
    const [first, usage, ...rest] = r.stderr.split('\n');
    expect(first).toBe(`churn ${argv[0]}: ${message}`);
    expect(usage).toBe(`usage: ${command(argv[0]).usage.split('\n')[0]}`);
    expect(rest.join('\n')).not.toMatch(/\bat /);
    // Refused before anything ran: no database was created.
    expect(existsSync(db)).toBe(false);
  });
});

describe('help is written from the specs', () => {
  it('shows choices, ranges, defaults and required options', async () => {
    const evaluate = (await run(['evaluate', '--help'])).stdout;
    expect(evaluate).toMatch(/^ {2}--split time\|customers +.*\(default time\)$/m);
    expect(evaluate).toMatch(/^ {2}--backtest K +.*\(1 to 24; default 1\)$/m);
    expect(evaluate).toMatch(
      /^ {2}--horizon-days N +churn horizon in days \(7 to 730; default: config horizonDays\)$/m,
    );
    const exporting = (await run(['export', '--help'])).stdout;
    expect(exporting).toMatch(
      /^ {2}--tier TIERS +.*\(comma-separated: high, medium, low; default: config export\.tiers, high,medium\)$/m,
    );
    expect(exporting).toMatch(/^ {2}--out FILE +file to write \(required\)$/m);
    expect((await run(['btyd', '--help'])).stdout).toMatch(/^ {2}--penalty L2 +.*\(>= 0; default 0\)$/m);
    expect((await run(['score', '--help'])).stdout).toMatch(/^ {2}--workers N +.*\(1 to 64 or auto; default 1\)$/m);
  });

  it.each(COMMANDS.map((c) => c.name))('%s --help names every option with what it accepts', async (name) => {
    const help = (await run([name, '--help'])).stdout;
    for (const [option, spec] of Object.entries({ ...command(name).options, ...GLOBAL_OPTIONS }) as [
      string,
      OptionSpec,
    ][]) {
      const line = help.split('\n').find((l) => l.startsWith(`  --${option} `) || l === `  --${option}`);
      expect(line, `--${option}`).toBeDefined();
      expect(KINDS, `--${option} declares its kind`).toContain(spec.kind);
      expect(line).toContain(spec.description);
      if (spec.kind === 'enum') expect(line).toContain(`--${option} ${spec.choices.join('|')}`);
      if (spec.kind === 'int') expect(line).toContain(`${spec.min} to ${spec.max}`);
      if (spec.kind === 'list' && spec.choices) expect(line).toContain(spec.choices.join(', '));
      if ('default' in spec && spec.default !== undefined) expect(line).toContain(`default ${spec.default}`);
      if (spec.kind !== 'boolean' && spec.required) expect(line).toContain('required');
    }
  });
});

describe('each command reads exactly the options it declares', () => {
  /** Option names a command's source reads: `args.options.x` and `const { x, y } = args.options`. */
  function reads(source: string): Set<string> {
    const names = [...source.matchAll(/\bargs\.options\.(\w+)/g)].map((m) => m[1]);
    for (const m of source.matchAll(/\{([^{}]*)\}\s*=\s*args\.options\b/g))
      names.push(
        ...m[1]
          .split(',')
          .map((n) => n.split(':')[0].trim())
          .filter(Boolean),
      );
    return new Set(names);
  }
  const camel = (name: string) => name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

  it.each(COMMANDS.map((c) => c.name))('%s', (name) => {
    const spec = command(name);
    const source = readFileSync(new URL(`../pipeline/cli/commands/${name}.ts`, import.meta.url), 'utf8');
    // Typed by its own spec, so that reading an undeclared option does not compile.
    expect(source).toContain(`export const run: CommandRun<typeof ${name.toUpperCase()}>`);
    const declared = Object.keys(spec.options);
    expect([...reads(source)].sort(), 'options read').toEqual(declared.map(camel).sort());
    for (const option of declared)
      expect(Object.keys(GLOBAL_OPTIONS), `--${option} shadows a global option`).not.toContain(option);
    // The usage line names only declared options, an enum with its declared choices.
    for (const [, option, value] of spec.usage.matchAll(/--([\w-]+)(?: ([^\s\]]+))?/g)) {
      const o = (spec.options[option] ?? (GLOBAL_OPTIONS as Record<string, OptionSpec>)[option]) as
        | OptionSpec
        | undefined;
      expect(o, `--${option} in the usage of ${name}`).toBeDefined();
      if (o!.kind === 'enum' && value?.includes('|')) expect(value.split('|'), `--${option}`).toEqual([...o!.choices]);
    }
  });

  it('every command has an implementation, loaded only when it runs', async () => {
    const { IMPLEMENTATIONS } = await import('../pipeline/cli/implementations.ts');
    expect(Object.keys(IMPLEMENTATIONS).sort()).toEqual(COMMANDS.map((c) => c.name).sort());
  });

  it("the CLI's choices are the stages' own", async () => {
    const { EXPORT_FORMATS } = await import('../pipeline/export/export-stage.ts');
    const { KIND_NAMES } = await import('../pipeline/ingest/canonical-schema.ts');
    const { LOCALES, RFM_SEGMENTS, RISK_TIERS } = await import('../pipeline/vocabulary.ts');
    const choices = (name: string, option: string) =>
      (command(name).options[option] as { choices?: readonly string[] }).choices;
    expect(choices('export', 'format')).toEqual(EXPORT_FORMATS);
    expect(choices('export', 'tier')).toEqual(RISK_TIERS);
    expect(choices('export', 'segment')).toEqual(RFM_SEGMENTS);
    expect(choices('export', 'locale')).toEqual(LOCALES);
    expect(choices('ingest', 'kind')).toEqual(KIND_NAMES);
  });
});
