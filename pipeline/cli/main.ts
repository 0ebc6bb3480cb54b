// The CLI entry point: parses arguments, loads the command, prints its result, and is the only place
// that turns errors into exit codes. User errors print one line; internal errors print the stack.
import { parseArgs } from 'node:util';
import { ExitCode, UsageError, UserError } from '../errors.ts';
import { loadConfig } from '../config/config.ts';
import { createLogger } from '../log.ts';
import { DEFAULT_DB } from '../paths.ts';
import type { CommandSpec } from './command.ts';
import type { OptionSpecs } from './option-spec.ts';
import { COMMANDS, GLOBAL_OPTIONS } from './commands.ts';
import { commandHelp, globalHelp } from './help.ts';
import { IMPLEMENTATIONS } from './implementations.ts';
import { memoryLimitFromEnv, parseOptions, type RawValues } from './options.ts';

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
    if (args === 'help') {
      io.stdout.write(commandHelp(command));
      return ExitCode.ok;
    }
    const { json, quiet, db, config: configPath } = args.global;
    const logger = createLogger({ stream: io.stderr as never, quiet });
    const { config, source } = loadConfig(configPath, db ?? DEFAULT_DB);
    const { run } = await IMPLEMENTATIONS[command.name]();
    const output = await run(
      {
        dbPath: db ?? DEFAULT_DB,
        memoryLimit: memoryLimitFromEnv(process.env),
        config,
        configSource: source,
        json,
        logger,
      },
      args,
    );
    io.stdout.write(
      json
        ? JSON.stringify(output.json, null, 2) + '\n'
        : output.text.endsWith('\n')
          ? output.text
          : output.text + '\n',
    );
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
    io.stderr.write(
      `churn ${name}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return ExitCode.internal;
  }
}

/**
 * A file system refusal the user can fix (no permission, read-only file system, disk full, a file
 * where a folder is needed) that got past the checks of check-paths.ts: one line naming the path.
 */
function environmentError(error: unknown): string | null {
  const e = error as NodeJS.ErrnoException | undefined;
  if (e?.code && ENVIRONMENT_CODES.has(e.code) && e.path)
    return `cannot ${e.syscall ?? 'write'} ${e.path}: ${e.message.split(',')[0].replace(/^\w+: /, '')}`;
  const message = error instanceof Error ? error.message : '';
  return /Permission denied|Read-only file system|No space left on device/i.test(message)
    ? message.split('\n')[0]
    : null;
}

const ENVIRONMENT_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOTDIR', 'EISDIR']);

/**
 * Parses a command's arguments as the CLI would (exported for checks of documented command lines):
 * every option checked against its spec before the command runs, or 'help' for --help.
 */
export function parse(command: CommandSpec, argv: string[]) {
  const specs: OptionSpecs = { ...GLOBAL_OPTIONS, ...command.options };
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: Object.fromEntries(
        Object.entries(specs).map(([k, o]) => [
          k,
          { type: o.kind === 'boolean' ? 'boolean' : 'string', multiple: o.kind === 'custom' && o.multiple === true },
        ]),
      ),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    // parseArgs' messages are long-winded, some over several lines; keep the first sentence, and the
    // way to give a value that starts with a dash (--penalty=-1) when that was the trouble.
    const message = String((error as Error).message);
    const dash = /starting with a dash use '([^']+)'/.exec(message);
    throw new UsageError(message.split(/\.(?: |\n|$)/)[0] + (dash ? `: write it as ${dash[1]}` : ''));
  }
  const { values, positionals } = parsed as { values: RawValues; positionals: string[] };
  if (values.help) return 'help';
  const arity = command.positionals ?? [];
  const required = arity.filter((p) => p.required).length;
  if (positionals.length < required) throw new UsageError(`missing ${arity[positionals.length].name}`);
  if (!arity.some((p) => p.variadic) && positionals.length > arity.length)
    throw new UsageError(`unexpected argument "${positionals[arity.length]}"`);
  const global = parseOptions(GLOBAL_OPTIONS, values);
  const options = parseOptions(command.options, values);
  return { global, options, positionals };
}
