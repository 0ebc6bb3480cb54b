// TEST-ONLY hook for test/ingest-kill.test.ts, which kills a load at named points to prove it is
// atomic. With CHURN_TEST_PAUSE_AT set, each point a load passes prints `churn-test-point NAME` to
// stderr, and the point it names stops the process there until it is killed. Unset (always, outside
// that test) a point costs one environment lookup and does nothing.
import { writeSync } from 'node:fs';

export type TestPoint = 'staging' | 'staged' | 'insert' | 'event-links' | 'commit' | 'committed';

export function testPoint(name: TestPoint): void {
  const at = process.env.CHURN_TEST_PAUSE_AT;
  if (at === undefined) return;
  writeSync(2, `churn-test-point ${name}\n`); // synchronous: the line is out before the wait
  if (at === name) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // blocks for good
}
