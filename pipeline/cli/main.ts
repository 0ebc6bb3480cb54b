// The CLI entry point: parses arguments, loads the command, prints its result, and is the only place
// that turns errors into exit codes. User errors print one line; internal errors print the stack.
import { parseArgs } from 'node:util';
import { ExitCode, UsageError, UserError } from '../errors.ts';
import { loadConfig } from '../config/config.ts';
import { createLogger } from '../log.ts';
import { DEFAULT_DB } from '../paths.ts';
import type { CommandArgs, CommandSpec, OptionSpec } from './command.ts';
import { COMMANDS, GLOBAL_OPTIONS } from './commands.ts';
import { memoryLimitFromEnv } from './options.ts';

export interface Io {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
}

export async function main(argv: string[], io: Io = process): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(globalHelp());
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (name === '--version') {
    io.stdout.write('churn 0.1.0\n');
    return ExitCode.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`churn: unknown command "${name}"; run \`churn --help\` for the list\n`);
    return ExitCode.usage;
  }
  try {
    const args = parse(command, rest);
    if (args.values.help) {
      io.stdout.write(commandHelp(command));
      return ExitCode.ok;
    }
    const json = args.values.json === true;
    const logger = createLogger({ stream: io.stderr as never, quiet: args.values.quiet === true });
    const { config, source } = loadConfig(args.values.config as string | undefined);
    const { run } = await command.load();
    const output = await run(
      { dbPath: (args.values.db as string | undefined) ?? DEFAULT_DB, memoryLimit: memoryLimitFromEnv(process.env), config, configSource: source, json, logger },
      args as CommandArgs,
    );
    io.stdout.write(json ? JSON.stringify(output.json, null, 2) + '\n' : output.text.endsWith('\n') ? output.text : output.text + '\n');
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof UserError) {
      io.stderr.write(`churn ${name}: ${error.message}\n`);
      if (error instanceof UsageError) io.stderr.write(`usage: ${command.usage}\n`);
      return error.exitCode;
    }
    const environment = environmentError(error);
    if (environment !== null) {
      io.stderr.write(`churn ${name}: ${environment}\n`);
      return ExitCode.badInput;
    }
    io.stderr.write(`churn ${name}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return ExitCode.internal;
  }
}

/**
 * A file system refusal the user can fix (no permission, read-only file system, disk full, a file
 * where a folder is needed) that got past the checks of check-paths.ts: one line naming the path.
 */
function environmentError(error: unknown): string | null {
  const e = error as NodeJS.ErrnoException | undefined;
  if (e?.code && ENVIRONMENT_CODES.has(e.code) && e.path) return `cannot ${e.syscall ?? 'write'} ${e.path}: ${e.message.split(',')[0].replace(/^\w+: /, '')}`;
  const message = error instanceof Error ? error.message : '';
  return /Permission denied|Read-only file system|No space left on device/i.test(message) ? message.split('\n')[0] : null;
}

const ENVIRONMENT_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOTDIR', 'EISDIR']);

/** Parses a command's arguments as the CLI would (exported for checks of documented command lines). */
export function parse(command: CommandSpec, argv: string[]) {
  const options = { ...GLOBAL_OPTIONS, ...command.options } as Record<string, OptionSpec>;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: Object.fromEntries(Object.entries(options).map(([k, o]) => [k, { type: o.type, multiple: o.multiple ?? false }])),
      allowPositionals: true,
      strict: true,
    });
    if (values.help) return { values, positionals };
    const specs = command.positionals ?? [];
    const required = specs.filter((p) => p.required).length;
    const variadic = specs.some((p) => p.variadic);
    if (positionals.length < required) throw new UsageError(`missing ${specs[positionals.length].name}`);
    if (!variadic && positionals.length > specs.length) throw new UsageError(`unexpected argument "${positionals[specs.length]}"`);
    return { values, positionals };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // parseArgs' messages are long-winded; keep the first sentence.
    throw new UsageError(String((error as Error).message).split('. ')[0]);
  }
}

function formatOptions(options: Record<string, OptionSpec>): string {
  const rows = Object.entries(options).map(([k, o]) => [`--${k}${o.value ? ` ${o.value}` : ''}`, o.description]);
  const width = Math.max(...rows.map(([l]) => l.length));
  return rows.map(([l, d]) => `  ${l.padEnd(width)}  ${d}`).join('\n');
}

function globalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'churn: churn prediction and customer lifetime value, from interaction history to a retention report',
    '',
    'usage: churn <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'global options:',
    formatOptions(GLOBAL_OPTIONS),
    '',
    'Run `churn <command> --help` for the options of one command.',
    '',
  ].join('\n');
}

function commandHelp(command: CommandSpec): string {
  const own = Object.keys(command.options).length ? ['', 'options:', formatOptions(command.options)] : [];
  return [`usage: ${command.usage}`, '', command.summary, ...own, '', 'global options:', formatOptions(GLOBAL_OPTIONS), ''].join('\n');
}
