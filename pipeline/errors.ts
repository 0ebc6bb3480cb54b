// Typed errors. Library code throws these; only the CLI entry point turns them into a
// one-line message and an exit code (see pipeline/cli/main.ts).

export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  badInput: 3,
  locked: 4,
  qualityGate: 5,
  /** Stopped by SIGINT (128 + 2) or SIGTERM (128 + 15), as shells report it. */
  interrupted: 130,
  terminated: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the user can fix: printed as one line, no stack trace. */
export class UserError extends Error {
  readonly exitCode: ExitCode;
  constructor(message: string, options: { exitCode?: ExitCode; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'UserError';
    this.exitCode = options.exitCode ?? ExitCode.badInput;
  }
}

/** Wrong command-line usage (unknown option, missing argument). */
export class UsageError extends UserError {
  constructor(message: string) {
    super(message, { exitCode: ExitCode.usage });
    this.name = 'UsageError';
  }
}

/** A file the user gave us is malformed; names the file and, where known, the line and field. */
export class InputError extends UserError {
  readonly file: string;
  readonly line?: number;
  constructor(file: string, detail: string, line?: number) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${detail}`);
    this.name = 'InputError';
    this.file = file;
    this.line = line;
  }
}

/** A query failed: carries the name of the SQL file (or a label) so the message says which query. */
export class QueryError extends Error {
  readonly query: string;
  constructor(query: string, cause: unknown) {
    super(`query ${query} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'QueryError';
    this.query = query;
  }
}
