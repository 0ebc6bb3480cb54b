// Logging and progress. Everything here writes to stderr: stdout is reserved for results
// (and for --json output). Progress redraws only on a terminal and is silent in CI.

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  /** A stage finished: prints `name  summary  (1.23 s)`. */
  stage(name: string, summary: string, seconds: number): void;
  progress(label: string, total: number): Progress;
}

export interface Progress {
  tick(done: number): void;
  done(): void;
}

export interface LoggerOptions {
  stream?: NodeJS.WriteStream | { write(chunk: string): unknown; isTTY?: boolean };
  quiet?: boolean;
}

const silentProgress: Progress = { tick() {}, done() {} };

export function createLogger(options: LoggerOptions = {}): Logger {
  const stream = options.stream ?? process.stderr;
  const quiet = options.quiet ?? false;
  const interactive = Boolean(stream.isTTY) && !process.env.CI;
  const write = (line: string) => {
    if (!quiet) stream.write(line + '\n');
  };
  return {
    info: (message) => write(message),
    warn: (message) => write(`warning: ${message}`),
    stage: (name, summary, seconds) => write(`${name.padEnd(10)} ${summary}  (${seconds.toFixed(2)} s)`),
    progress(label, total) {
      if (quiet || !interactive || total <= 0) return silentProgress;
      let last = -1;
      return {
        tick(done) {
          const pct = Math.min(100, Math.floor((done / total) * 100));
          if (pct === last) return;
          last = pct;
          const width = 24;
          const filled = Math.round((pct / 100) * width);
          stream.write(`\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${pct}%`);
        },
        done() {
          stream.write('\r\x1b[2K');
        },
      };
    },
  };
}

/** A logger that prints nothing: for tests and library callers that want silence. */
export const silentLogger: Logger = createLogger({ quiet: true });
