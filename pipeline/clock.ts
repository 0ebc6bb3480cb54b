// The current time, passed in rather than read: every function or stage that stamps a time takes a
// `now: Clock` (default `systemClock`), so a test pins it with `fixedClock(...)` and two calls of one
// run can be made to agree.
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A clock that always says `at` (an ISO time, epoch milliseconds or a Date): for tests and reproducible runs. */
export function fixedClock(at: string | number | Date): Clock {
  const ms = new Date(at).getTime();
  return () => new Date(ms);
}

/** The system clock set to `at`: it runs on from there, so two loads a moment apart still differ. */
export function clockSetTo(at: string | number | Date): Clock {
  const offset = new Date(at).getTime() - Date.now();
  return () => new Date(Date.now() + offset);
}
