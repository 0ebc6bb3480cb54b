// What a CLI command is: its name, help and options (commands.ts), and an implementation imported
// only when it runs (implementations.ts), so that `churn --help` loads nothing heavy (no DuckDB, no
// TensorFlow.js).
import type { Config } from '../config/config-schema.ts';
import type { Logger } from '../log.ts';
import type { OptionSpecs, OptionValues } from './option-spec.ts';

export interface CommandContext {
  dbPath: string;
  /** DuckDB's memory limit for the databases the command opens (CHURN_DUCKDB_MEMORY; undefined: the default). */
  memoryLimit: string | undefined;
  config: Config;
  configSource: string | null;
  json: boolean;
  logger: Logger;
}

/** The command's own options, checked and typed by their specs, and its positional arguments. */
export interface CommandArgs<Os extends OptionSpecs = OptionSpecs> {
  options: OptionValues<Os>;
  positionals: string[];
}

/** What a command returns: `json` for --json, `text` for people (both go to stdout). */
export interface CommandOutput {
  json: unknown;
  text: string;
}

export type CommandRun<S extends CommandSpec = CommandSpec> = (
  ctx: CommandContext,
  args: CommandArgs<S['options']>,
) => Promise<CommandOutput>;

export interface CommandSpec<Os extends OptionSpecs = OptionSpecs> {
  name: string;
  summary: string;
  usage: string;
  options: Os;
  /** Names of positional arguments, for help and arity checks. */
  positionals?: { name: string; required: boolean; variadic?: boolean }[];
}

/** Declares a command, keeping its options' literal types (choices, defaults) for CommandRun. */
export function defineCommand<const Os extends OptionSpecs>(spec: CommandSpec<Os>): CommandSpec<Os> {
  return spec;
}
