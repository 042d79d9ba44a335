// Timers as a port: every wait in the app layer (the replica's polls, a commit's retries) goes through
// one, so a test drives time instead of sleeping, and the service passes the real ones.
export interface Timers {
  /** Calls `fn` once after `ms`; answers what cancels it. The timer never keeps the process alive. */
  after(ms: number, fn: () => void): () => void;
}

/** The real timers (setTimeout, unref'd). */
export const realTimers: Timers = {
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** Resolves after `ms` on `timers`. */
export function sleep(timers: Timers, ms: number): Promise<void> {
  return new Promise((resolve) => timers.after(ms, resolve));
}
