// Handlers stay small async functions (or async generators) of (request, context); these adapters
// give them the context the interceptors established and hand what they throw to mapErrors.
import { status, type handleServerStreamingCall, type handleUnaryCall, type Metadata, type ServerWritableStream } from '@grpc/grpc-js';
import type { Caller } from '../app/caller';
import { ErrorReason, PolicyError } from '../app/errors';
import type { CallRegistry, CallState } from './call-state';
import { deadlineExceeded } from './error-status';

export interface CallContext {
  readonly caller: Caller;
  readonly requestId: string;
  /** Aborted when the client cancels, the deadline passes, or shutdown forces the call to end. */
  readonly signal: AbortSignal;
  /** Epoch ms of the caller's deadline; undefined when it set none. */
  readonly deadlineMs: number | undefined;
}

export interface StreamOptions<Req, Res> {
  /** Admits the stream (or throws) and returns what releases its slot when it ends. */
  readonly admit?: (request: Req, ctx: CallContext) => () => void;
  /** Most messages waiting for a client that does not read before `tooSlow` may end the stream. */
  readonly maxBuffered: number;
  /** How long a full buffer may wait for the client to read. */
  readonly stallMs: number;
  /** The status ending a stream whose client stopped reading; `last` is the last message written. */
  readonly tooSlow: (last: Res | undefined) => PolicyError;
}

/** grpc-js maps a thrown value itself unless it looks like a status; mapErrors replaces this one. */
const PLACEHOLDER = { code: status.UNKNOWN, details: 'mapped by the mapErrors interceptor' };

export class Rpc {
  constructor(private readonly registry: CallRegistry) {}

  unary<Req, Res>(handler: (request: Req, ctx: CallContext) => Promise<Res>): handleUnaryCall<Req, Res> {
    return (call, callback) => {
      const state = this.stateOf(call.metadata);
      const run = async (): Promise<Res> => {
        const ctx = contextOf(state);
        if (state.abort.aborted) throw deadlineExceeded();
        return handler(call.request, ctx);
      };
      run().then(
        (response) => callback(null, response),
        (error: unknown) => {
          state.failure = error;
          callback(PLACEHOLDER);
        },
      );
    };
  }

  serverStream<Req, Res>(handler: (request: Req, ctx: CallContext) => AsyncIterable<Res>, options: StreamOptions<Req, Res>): handleServerStreamingCall<Req, Res> {
    return (call) => {
      const state = this.stateOf(call.metadata);
      const closing = (): boolean => this.registry.isClosing;
      pump(call, state, handler, options, closing).then(
        () => {
          if (!call.cancelled) call.end();
        },
        (error: unknown) => {
          state.failure = error;
          if (!call.cancelled) call.emit('error', PLACEHOLDER);
        },
      );
    };
  }

  private stateOf(metadata: Metadata): CallState {
    const state = this.registry.of(metadata);
    // Only reachable if the observeCalls interceptor were not installed.
    if (!state) throw new Error('call state missing: observeCalls interceptor not installed');
    return state;
  }
}

function contextOf(state: CallState): CallContext {
  if (!state.caller) throw new PolicyError('UNAUTHENTICATED', ErrorReason.MISSING_CREDENTIALS, 'the call was not authenticated');
  const { caller, requestId, deadlineMs, abort } = state;
  return {
    caller,
    requestId,
    deadlineMs,
    // A getter: the signal is made only for a handler that reads it (see CallAbort).
    get signal() {
      return abort.signal;
    },
  };
}

/** Resolves true once the client read what was buffered, false after `ms` or when the call ends. */
function drained(call: ServerWritableStream<unknown, unknown>, signal: AbortSignal, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (result: boolean): void => {
      clearTimeout(timer);
      call.off('drain', onDrain);
      signal.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const onDrain = (): void => done(true);
    const onAbort = (): void => done(false);
    const timer = setTimeout(() => done(false), ms);
    call.once('drain', onDrain);
    signal.addEventListener('abort', onAbort);
  });
}

async function pump<Req, Res>(
  call: ServerWritableStream<Req, Res>,
  state: CallState,
  handler: (request: Req, ctx: CallContext) => AsyncIterable<Res>,
  options: StreamOptions<Req, Res>,
  closing: () => boolean,
): Promise<void> {
  const ctx = contextOf(state);
  const release = options.admit?.(call.request, ctx);
  let last: Res | undefined;
  try {
    for await (const message of handler(call.request, ctx)) {
      if (ctx.signal.aborted) break;
      call.write(message);
      last = message;
      // Bursts wait for the client to read; a client that stops reading is told to resume instead
      // of having events buffered for it without bound.
      if (call.writableLength >= options.maxBuffered && !(await drained(call as ServerWritableStream<unknown, unknown>, ctx.signal, options.stallMs))) {
        if (ctx.signal.aborted) break;
        throw options.tooSlow(last);
      }
    }
  } finally {
    release?.();
  }
  if (closing()) throw new PolicyError('UNAVAILABLE', ErrorReason.SHUTTING_DOWN, 'the server is shutting down; resume on another instance');
  if (ctx.signal.aborted && !call.cancelled) throw deadlineExceeded();
}
