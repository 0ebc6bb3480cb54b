// Where a stage's wall time goes: `mark(name)` charges the time since the previous mark to `name`
// (repeated names add up), so a stage reports its phases without nesting timers around every call.
export interface PhaseTimer {
  mark(name: string): void;
  /** Seconds per phase, rounded to milliseconds, in the order first marked. */
  seconds(): Record<string, number>;
}

export function phaseTimer(): PhaseTimer {
  const totals = new Map<string, number>();
  let last = performance.now();
  return {
    mark(name) {
      const now = performance.now();
      totals.set(name, (totals.get(name) ?? 0) + (now - last) / 1000);
      last = now;
    },
    seconds: () => Object.fromEntries([...totals].map(([name, s]) => [name, Math.round(s * 1000) / 1000])),
  };
}
