// Node's timers (setTimeout, AbortSignal.timeout) hold at most 2^31 - 1 ms (about 24.8 days): a longer
// delay fires after 1 ms with a TimeoutOverflowWarning, and AbortSignal.timeout throws beyond 2^32 - 1.
// A caller's deadline that far away (Connect allows 10 digits of milliseconds, gRPC hours) is a deadline
// no call here will reach, so it gets no timer at all.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The delay for a timer firing at `atMs` (never negative), or undefined when no timer can or need hold it. */
export function timerDelay(atMs: number, nowMs: number): number | undefined {
  const delay = Math.max(0, atMs - nowMs);
  return delay > MAX_TIMER_MS || !Number.isFinite(delay) ? undefined : delay;
}
