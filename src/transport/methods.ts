// The method table: each RPC bound once (proto request to use case, result to proto response), read
// by both faces. The gRPC server serves every binding (rpc.ts); the HTTP face serves as Connect
// unary JSON those marked `http` (http/connect-methods.ts). Both hand a binding the same
// CallContext (caller, request id, signal, deadline), so a use case cannot tell the faces apart.
import type { Attributes } from '@opentelemetry/api';
import type { ServiceDefinition } from '@grpc/grpc-js';
import type { Caller } from '../app/caller';
import type { WriteCall } from '../app/commit-change';
import type { PolicyError } from '../app/errors';
import { clip } from './bounded-text';
import { deadlineExceeded } from './error-status';
import type { SizedMessage } from './watch-parts';

export interface CallContext {
  readonly caller: Caller;
  /** The call's own id (x-request-id on either face). */
  readonly requestId: string;
  /** Aborted when the client cancels, the deadline passes, or shutdown forces the call to end. */
  readonly signal: AbortSignal;
  /** Epoch ms of the caller's deadline (grpc-timeout, connect-timeout-ms); undefined when it set none. */
  readonly deadlineMs: number | undefined;
}

/** What a write takes from its call besides the payload: nothing is committed once the caller has gone. */
export const writeCall = ({ signal, deadlineMs, requestId }: CallContext): WriteCall => ({ signal, callId: requestId, ...(deadlineMs !== undefined ? { deadlineMs } : {}) });

/**
 * Nothing runs for a caller already gone: cancelled (`aborted`), or its deadline passed before the
 * binding starts (grpc-timeout 0 on gRPC, where grpc-js's own timer has not fired yet, or a slow
 * Connect body). Both faces call this right before a binding.
 */
export function requireCallerWaiting(aborted: boolean, deadlineMs: number | undefined): void {
  if (aborted || (deadlineMs !== undefined && Date.now() >= deadlineMs)) throw deadlineExceeded();
}

// Method syntax (not arrow properties) below: a table erased to `unknown` messages still takes them.

export interface UnaryBinding<Req, Res> {
  readonly kind: 'unary';
  handle(request: Req, call: CallContext): Promise<Res>;
  /** Served on the HTTP face too; `admit` refuses what that face does not take (before the use case). */
  readonly http?: { admit?(request: Req): void };
}

/** How a server stream's messages are told apart (the gRPC server adds its buffer budgets: rpc.ts). */
export interface StreamMessages<Res> {
  /** Whether a client holding every message up to this one has a whole state to resume from. */
  completes(message: Res): boolean;
  /** Where a client resumes whose last whole state ended with `last` (none: from the start). */
  resumePoint(last: Res | undefined): string;
  /** The status ending a stream whose client stopped reading. */
  tooSlow(resumeFrom: string): PolicyError;
  /** What a batch's span says about it, from its last message (e.g. the event's type and revision). */
  describe(last: Res): Attributes;
}

export interface StreamBinding<Req, Res> {
  readonly kind: 'stream';
  stream(request: Req, call: CallContext): AsyncIterable<SizedMessage<Res>>;
  readonly messages: StreamMessages<Res>;
}

type RequestOf<D> = D extends { requestDeserialize(bytes: Buffer): infer R } ? R : never;
type ResponseOf<D> = D extends { responseDeserialize(bytes: Buffer): infer R } ? R : never;

/** A binding for every method of a generated service definition, typed by its messages. */
export type Bindings<S> = {
  readonly [K in keyof S]: S[K] extends { readonly responseStream: true } ? StreamBinding<RequestOf<S[K]>, ResponseOf<S[K]>> : UnaryBinding<RequestOf<S[K]>, ResponseOf<S[K]>>;
};

export type AnyBinding = UnaryBinding<unknown, unknown> | StreamBinding<unknown, unknown>;

export interface BoundService {
  readonly definition: ServiceDefinition;
  readonly methods: Readonly<Record<string, AnyBinding>>;
}

/** Every service both faces serve. */
export type MethodTable = readonly BoundService[];

/** One service's bindings, checked against its definition (every method, the right messages). */
export function bindService<S extends ServiceDefinition>(definition: S, methods: Bindings<S>): BoundService {
  return { definition, methods: methods as unknown as Readonly<Record<string, AnyBinding>> };
}

export function unary<Req, Res>(handle: (request: Req, call: CallContext) => Promise<Res>, http?: true | { admit(request: Req): void }): UnaryBinding<Req, Res> {
  return { kind: 'unary', handle, ...(http === undefined ? {} : { http: http === true ? {} : http }) };
}

/** The organization(s) a request names, cut, for the call's log line and span (either face). */
export function organizationOf(message: unknown): string {
  if (typeof message !== 'object' || message === null) return '';
  const { organizationId, organizationIds } = message as { organizationId?: unknown; organizationIds?: unknown };
  if (typeof organizationId === 'string') return clip(organizationId);
  if (Array.isArray(organizationIds)) return clip(organizationIds.slice(0, 8).join(','));
  return '';
}
