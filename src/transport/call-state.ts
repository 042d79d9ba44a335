// What the interceptors learn about one call (request id, caller, how it ended), shared with its
// handler. grpc-js hands the handler the very Metadata object the interceptors passed on, so the
// state is keyed by it. The registry also tracks calls in flight so shutdown can drain them.
import type { Metadata } from '@grpc/grpc-js';
import type { Caller } from '../app/caller';
import type { CallTrace } from './call-tracing';
import type { MappedError } from './error-status';

export interface CallState {
  readonly method: string;
  readonly requestId: string;
  readonly startedAt: number;
  /** Epoch ms of the caller's deadline, undefined when it set none. */
  readonly deadlineMs: number | undefined;
  readonly streaming: boolean;
  /** Aborted when the client cancels, the deadline passes, the call ends, or shutdown forces it. */
  readonly abort: CallAbort;
  caller?: Caller;
  /** The http2 stream the call came on (STREAM_KEY in grpc-js-answers.ts); '' when unknown. */
  readonly stream: string;
  /** The organization(s) the request names, cut for the log line. */
  organization: string;
  /** The error status the call ended with, once mapped. */
  mapped?: MappedError;
  /** Its span and trace ids, when tracing is on. */
  trace?: CallTrace;
  finished: boolean;
}

/**
 * A call's abort signal, made only when a handler asks for it: most unary handlers (Resolve,
 * Evaluate) never do, and an AbortController per call was a measurable share of their cost.
 */
export class CallAbort {
  private controller: AbortController | undefined;
  private done = false;
  private reason: unknown;

  get aborted(): boolean {
    return this.done;
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.done) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason?: unknown): void {
    if (this.done) return;
    this.done = true;
    this.reason = reason;
    this.controller?.abort(reason);
  }
}

/**
 * The reason a finished call's signal is aborted with: one shared object, because abort() without a
 * reason builds a DOMException with a stack trace on every call of the hot path.
 */
const CALL_ENDED = Object.freeze(new Error('the call has ended'));

export class CallRegistry {
  private readonly byMetadata = new WeakMap<Metadata, CallState>();
  private readonly inFlight = new Set<CallState>();
  private drained: (() => void) | undefined;
  private closing = false;

  get isClosing(): boolean {
    return this.closing;
  }

  /** Calls (unary and streams) begun and not yet answered. */
  get inFlightCalls(): number {
    return this.inFlight.size;
  }

  open(metadata: Metadata, state: CallState): void {
    this.byMetadata.set(metadata, state);
    this.inFlight.add(state);
    // A stream opened while draining ends at once (the shutdown already aborted the others).
    if (this.closing && state.streaming) state.abort.abort();
  }

  of(metadata: Metadata): CallState | undefined {
    return this.byMetadata.get(metadata);
  }

  close(state: CallState): void {
    state.finished = true;
    state.abort.abort(CALL_ENDED);
    this.inFlight.delete(state);
    if (this.inFlight.size === 0) this.drained?.();
  }

  /**
   * Ends every stream now (watchers resume on another instance) and resolves once no call is in
   * flight. Unary calls run to completion; `force()` aborts them when the grace period is over.
   */
  drain(): Promise<void> {
    this.closing = true;
    for (const state of this.inFlight) if (state.streaming) state.abort.abort();
    if (this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => (this.drained = resolve));
  }

  force(): void {
    for (const state of this.inFlight) state.abort.abort();
  }
}
