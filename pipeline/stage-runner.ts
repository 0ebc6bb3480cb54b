// Runs the stages of a pipeline one after another (`churn run`, `churn demo`, `churn retrain`): each
// stage is timed and logged with its one-line summary (exported by the stage itself); an observer
// hears when a stage starts, ends or fails (retrain records every stage in its run report).
import type { Logger } from './log.ts';
import { stopwatch } from './timer.ts';

export interface StageEnd {
  summary: string;
  seconds: number;
  /** The rows the stage worked on, when it says. */
  rows?: number;
}

export interface StageObserver {
  start?(name: string): void;
  end?(name: string, end: StageEnd): void;
  fail?(name: string): void;
}

export type RunStage = <T>(
  name: string,
  run: () => Promise<T>,
  summary: (value: T) => string,
  rows?: (value: T) => number,
) => Promise<T>;

export function stageRunner(logger: Logger, observer: StageObserver = {}): RunStage {
  return async (name, run, summary, rows) => {
    observer.start?.(name);
    const elapsed = stopwatch();
    let value;
    try {
      value = await run();
    } catch (error) {
      observer.fail?.(name);
      throw error;
    }
    const end: StageEnd = { summary: summary(value), seconds: elapsed(), ...(rows ? { rows: rows(value) } : {}) };
    observer.end?.(name, end);
    logger.stage(name, end.summary, end.seconds);
    return value;
  };
}
