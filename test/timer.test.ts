// The one timer (pipeline/timer.ts) behind stage summaries and stage phases, on a fake tick source:
// no wall-clock time is asserted.
import { describe, expect, it } from 'vitest';
import { phaseTimer, stopwatch, timed } from '../pipeline/timer.ts';

/** A tick source that returns the given milliseconds in turn. */
const ticksOf = (...ms: number[]) => {
  let i = 0;
  return () => ms[Math.min(i++, ms.length - 1)];
};

describe('timer', () => {
  it('a stopwatch gives the seconds since it started', () => {
    const elapsed = stopwatch(ticksOf(1000, 3500, 4000));
    expect(elapsed()).toBe(2.5);
    expect(elapsed()).toBe(3);
  });

  it('charges each phase the time since the previous mark, adds repeated phases, rounds to milliseconds', () => {
    // start 0; read 1.2344 s; network 0.5 s; read again 0.1 s
    const phases = phaseTimer(ticksOf(0, 1234.4, 1234.4, 1734.4, 1734.4, 1834.4, 1834.4));
    phases.mark('read');
    phases.mark('network');
    phases.mark('read');
    expect(phases.seconds()).toEqual({ read: 1.334, network: 0.5 });
    expect(Object.keys(phases.seconds())).toEqual(['read', 'network']);
  });

  it('timed returns the value with the seconds it took', async () => {
    const { value, seconds } = await timed(async () => 42);
    expect(value).toBe(42);
    expect(seconds).toBeGreaterThanOrEqual(0);
  });
});
