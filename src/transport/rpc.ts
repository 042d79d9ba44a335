// The gRPC face of the method table: each binding becomes a grpc-js handler that runs it with the
// context the interceptors established, and answers what it throws through grpc-js's own callback
// (or the stream's error), mapped here once (error-status.ts).
import { type handleServerStreamingCall, type handleUnaryCall, type Metadata, type ServerWritableStream, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { ErrorReason, PolicyError } from '../app/errors';
import type { CallRegistry, CallState } from './call-state';
import { BatchSpans, inCallTrace } from './call-tracing';
import { deadlineExceeded, mapError } from './error-status';
import { streamingStream } from './grpc-js-answers';
import { requireCallerWaiting, type BoundService, type CallContext, type StreamMessages } from './methods';
import type { SizedMessage } from './watch-parts';
import type { WatchMemory } from './watch-streams';

/** What the server allows a stream: how much it may hold for a client that does not read. */
export interface StreamBudget<Req> {
  /** Admits the stream (or throws) and returns what releases its slot when it ends. */
  readonly admit?: (request: Req, ctx: CallContext) => () => void;
  /** Most messages, and bytes, waiting for a client that does not read before `tooSlow` may end the stream. */
  readonly maxBuffered: number;
  readonly maxBufferedBytes: number;
  /** Unsent bytes of every stream together. */
  readonly memory: WatchMemory;
  /** How long a full buffer may wait for the client to read. */
  readonly stallMs: number;
}

export type StreamOptions<Req, Res> = StreamBudget<Req> & StreamMessages<Res>;

export class Rpc {
  constructor(private readonly registry: CallRegistry) {}

  /** A grpc-js implementation of every method of `service`; its streams get `budget`. */
  serve(service: BoundService, budget: StreamBudget<unknown>): UntypedServiceImplementation {
    return Object.fromEntries(
      Object.entries(service.methods).map(([name, binding]) => [
        name,
        binding.kind === 'unary'
          ? this.unary((request, ctx) => binding.handle(request, ctx))
          : this.serverStream((request, ctx) => binding.stream(request, ctx), { ...budget, ...binding.messages }),
      ]),
    );
  }

  unary<Req, Res>(handler: (request: Req, ctx: CallContext) => Promise<Res>): handleUnaryCall<Req, Res> {
    return (call, callback) => {
      const state = this.stateOf(call.metadata);
      const run = async (): Promise<Res> => {
        const ctx = contextOf(state);
        requireCallerWaiting(state.abort.aborted, state.deadlineMs);
        return handler(call.request, ctx);
      };
      inCallTrace(state.trace, run).then(
        (response) => callback(null, response),
        (error: unknown) => {
          if (state.finished) return; // answered already (its deadline), and logged
          state.mapped = mapError(error);
          callback(state.mapped.error);
        },
      );
    };
  }

  serverStream<Req, Res>(handler: (request: Req, ctx: CallContext) => AsyncIterable<SizedMessage<Res>>, options: StreamOptions<Req, Res>): handleServerStreamingCall<Req, Res> {
    return (call) => {
      const state = this.stateOf(call.metadata);
      const closing = (): boolean => this.registry.isClosing;
      inCallTrace(state.trace, () => pump(call, state, handler, options, closing)).then(
        () => {
          if (!call.cancelled) call.end();
        },
        (error: unknown) => {
          if (state.finished || call.cancelled) return;
          state.mapped = mapError(error);
          call.emit('error', state.mapped.error);
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

/**
 * Writes the handler's messages while the stream's unsent bytes and messages stay within its budget
 * and the server's Watch memory has room. A message counts as unsent until grpc-js has handed it to
 * HTTP/2, which holds it back while the client's flow-control window is closed, so a client that
 * stops reading shows as unsent bytes that do not move. Such a stream is ended (the client resumes)
 * once nothing of it was sent for `stallMs`, whether or not more events come: a quiet stream holding
 * unsent bytes would otherwise keep them, and its share of the server's Watch memory, for ever.
 */
async function pump<Req, Res>(
  call: ServerWritableStream<Req, Res>,
  state: CallState,
  handler: (request: Req, ctx: CallContext) => AsyncIterable<SizedMessage<Res>>,
  options: StreamOptions<Req, Res>,
  closing: () => boolean,
): Promise<void> {
  const outer = contextOf(state);
  const stall = new AbortController();
  const ctx: CallContext = { caller: outer.caller, requestId: outer.requestId, deadlineMs: outer.deadlineMs, signal: AbortSignal.any([outer.signal, stall.signal]) };
  const release = options.admit?.(call.request, ctx);
  let lastComplete: Res | undefined;
  let unsentBytes = 0;
  let unsent = 0;
  let ended = false;
  let progress: (() => void) | undefined;
  let watchdog: NodeJS.Timeout | undefined;
  const watchStall = (): void => {
    clearTimeout(watchdog);
    watchdog = unsent > 0 && !ended ? setTimeout(() => stall.abort(), options.stallMs) : undefined;
  };
  // Whatever is still unsent when the call goes is given back once, whether or not grpc-js ever calls back.
  const giveBackAll = (): void => {
    if (ended) return;
    ended = true;
    clearTimeout(watchdog);
    options.memory.give(unsentBytes);
    progress?.();
  };
  // What is unsent stays in the http2 stream until it closes; grpc-js's call ends before that.
  const stream = streamingStream(state.stream);
  if (stream) stream.whenClosed(giveBackAll);
  else call.once('close', giveBackAll);
  const sent = (bytes: number) => (): void => {
    if (ended) return;
    unsentBytes -= bytes;
    unsent -= 1;
    options.memory.give(bytes);
    watchStall();
    progress?.();
  };
  // Resolves once something more was sent, or the stream ended or stalled.
  const someSent = (): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        progress = undefined;
        ctx.signal.removeEventListener('abort', done);
        resolve();
      };
      progress = done;
      ctx.signal.addEventListener('abort', done);
    });
  const tooSlow = (): PolicyError => options.tooSlow(options.resumePoint(lastComplete));
  // One span per delivered batch (call-tracing.ts); a no-op when tracing is off.
  const batches = new BatchSpans(state.trace, state.method);
  try {
    for await (const { message, bytes } of handler(call.request, ctx)) {
      while (!ctx.signal.aborted && !ended && unsent > 0 && (unsent >= options.maxBuffered || unsentBytes + bytes > options.maxBufferedBytes)) await someSent();
      if (ctx.signal.aborted || ended) break;
      while (!options.memory.take(bytes)) {
        if (!(await options.memory.released(ctx.signal, options.stallMs))) {
          if (ctx.signal.aborted || ended) break;
          throw unsent > 0 ? tooSlow() : watchMemoryFull(options.resumePoint(lastComplete), options.memory);
        }
      }
      if (ctx.signal.aborted || ended) break;
      unsentBytes += bytes;
      unsent += 1;
      batches.wrote(bytes);
      const completes = options.completes(message);
      const delivered = sent(bytes);
      const batchDelivered = completes ? batches.complete(() => options.describe(message)) : undefined;
      call.write(message, batchDelivered ? () => (delivered(), batchDelivered()) : delivered);
      if (watchdog === undefined) watchStall();
      if (completes) lastComplete = message;
    }
  } finally {
    clearTimeout(watchdog);
    batches.abandoned();
    release?.();
    // The status goes out behind the unsent messages: a client that does not read them within the
    // stall allowance never will, and its stream is reset so that what it holds is dropped.
    if (unsent > 0 && !ended && stream) {
      const reset = setTimeout(() => stream.reset(), options.stallMs);
      stream.whenClosed(() => clearTimeout(reset));
    }
  }
  if (ended && call.cancelled) return;
  if (closing()) {
    const resumeFrom = options.resumePoint(lastComplete);
    throw new PolicyError('UNAVAILABLE', ErrorReason.SHUTTING_DOWN, `the server is shutting down; resume on another instance with resume_after_revision ${resumeFrom}`, {
      metadata: { lastRevision: resumeFrom },
    });
  }
  if (outer.signal.aborted && !call.cancelled) throw deadlineExceeded();
  if (stall.signal.aborted) throw tooSlow();
}

function watchMemoryFull(resumeFrom: string, memory: WatchMemory): PolicyError {
  return new PolicyError('RESOURCE_EXHAUSTED', ErrorReason.WATCH_MEMORY_FULL, `the server holds as much unsent Watch data as it allows; resume shortly with resume_after_revision ${resumeFrom}`, {
    metadata: { lastRevision: resumeFrom, limitBytes: String(memory.limit) },
  });
}
