// What a CLI command is: its name, help, options and a lazily imported implementation, so that
// `churn --help` loads nothing heavy (no DuckDB, no TensorFlow.js).
import type { Config } from '../config/config-schema.ts';
import type { Logger } from '../log.ts';

export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  /** Placeholder shown in help, e.g. DATE. */
  value?: string;
  multiple?: boolean;
}

export interface CommandContext {
  dbPath: string;
  /** DuckDB's memory limit for the databases the command opens (CHURN_DUCKDB_MEMORY; undefined: the default). */
  memoryLimit: string | undefined;
  config: Config;
  configSource: string | null;
  json: boolean;
  logger: Logger;
}

export interface CommandArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** What a command returns: `json` for --json, `text` for people (both go to stdout). */
export interface CommandOutput {
  json: unknown;
  text: string;
}

export type CommandRun = (ctx: CommandContext, args: CommandArgs) => Promise<CommandOutput>;

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  /** Names of positional arguments, for help and arity checks. */
  positionals?: { name: string; required: boolean; variadic?: boolean }[];
  load(): Promise<{ run: CommandRun }>;
}
