// How long things take, for stage summaries and the phases a stage reports (never for outputs): one
// monotonic stopwatch under `timed` and `phaseTimer`.

/** Milliseconds from a monotonic origin; tests pass their own. */
export type Ticks = () => number;
const monotonic: Ticks = () => performance.now();

/** Starts a stopwatch: the returned function gives the seconds since. */
export function stopwatch(ticks: Ticks = monotonic): () => number {
  const start = ticks();
  return () => (ticks() - start) / 1000;
}

/** Times an async step. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const elapsed = stopwatch();
  const value = await fn();
  return { value, seconds: elapsed() };
}

// Where a stage's wall time goes: `mark(name)` charges the time since the previous mark to `name`
// (repeated names add up), so a stage reports its phases without nesting timers around every call.
export interface PhaseTimer {
  mark(name: string): void;
  /** Seconds per phase, rounded to milliseconds, in the order first marked. */
  seconds(): Record<string, number>;
}

export function phaseTimer(ticks: Ticks = monotonic): PhaseTimer {
  const totals = new Map<string, number>();
  let sinceLast = stopwatch(ticks);
  return {
    mark(name) {
      totals.set(name, (totals.get(name) ?? 0) + sinceLast());
      sinceLast = stopwatch(ticks);
    },
    seconds: () => Object.fromEntries([...totals].map(([name, s]) => [name, Math.round(s * 1000) / 1000])),
  };
}
