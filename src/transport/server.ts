// The gRPC server: both policy services (the method table), health and reflection on one port,
// TLS/mTLS when configured. The call boundary is grpc-js's own: server interceptors (interceptors.ts)
// and server options.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Server, ServerCredentials, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { loadFileDescriptorSetFromBuffer, type PackageDefinition } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import type { Logger } from 'pino';
import type { ServiceContext } from '../app/service-context';
import type { Config } from '../config';
import type { Authenticator } from './authenticate';
import { CallRegistry } from './call-state';
import { CallTracing } from './call-tracing';
import { routeGrpcLogging } from './grpc-logging';
import { descriptorDir } from './descriptors';
import { authenticateCalls, mapErrors, observeCalls, rejectUndecodable } from './interceptors';
import { methodTable } from './method-table';
import type { CallContext, MethodTable } from './methods';
import type { Metrics } from './metrics';
import { withTolerantDecoding } from './request-decoding';
import { shapeGrpcJsAnswers } from './grpc-js-answers';
import { Rpc } from './rpc';
import { WatchMemory, WatchStreams } from './watch-streams';

export const ADMIN_SERVICE = 'sessionpolicy.v1.SessionPolicyAdminService';
export const RESOLVER_SERVICE = 'sessionpolicy.v1.SessionPolicyResolverService';
export const SERVICE_NAMES = [ADMIN_SERVICE, RESOLVER_SERVICE] as const;

/** A Watch stream over its buffer budget (or without room in the server's) for this long is ended. */
const WATCH_STALL_MS = 5000;

/**
 * Reflection over buf's descriptor sets (ours and grpc.health.v1), loaded by proto-loader. proto-loader
 * re-derives each file's descriptor through protobufjs, which drops `dependency` (imports), and grpcurl
 * then cannot resolve imported types; so every definition carries buf's exact file descriptors.
 */
function reflectionService(services: readonly string[]): ReflectionService {
  const sets = ['sessionpolicy.binpb', 'health.binpb'].map((name) => readFileSync(resolve(descriptorDir(), name)));
  const exact = sets.flatMap((bytes) => fromBinary(FileDescriptorSetSchema, bytes).file.map((file) => toBinary(FileDescriptorProtoSchema, file)));
  const loaded: PackageDefinition = Object.assign({}, ...sets.map((bytes) => loadFileDescriptorSetFromBuffer(bytes)));
  const definition = Object.fromEntries(Object.entries(loaded).map(([name, entry]) => [name, 'fileDescriptorProtos' in entry ? { ...entry, fileDescriptorProtos: exact } : entry]));
  return new ReflectionService(definition as PackageDefinition, { services: [...services] });
}

/** Which halves of the service can answer: reads come from memory, writes need the store. */
export interface Availability {
  readonly reads: boolean;
  readonly writes: boolean;
}

export interface RunningServer {
  readonly port: number;
  readonly health: HealthImplementation;
  /**
   * Per-service health: '' and the resolver service follow `reads`, the admin service `writes`, so
   * a load balancer keeps sending reads to an instance whose store is down but whose replica, in
   * memory, still answers them.
   */
  setAvailability(availability: Availability): void;
  /** Health says NOT_SERVING from now on (whatever the store does), while calls are still served. */
  announceShutdown(): void;
  /** Stops accepting calls, ends watch streams, drains in-flight calls (forcing after `graceMs`). */
  shutdown(graceMs: number): Promise<void>;
}

function credentials(config: Pick<Config, 'tls'>): ServerCredentials {
  if (!config.tls) return ServerCredentials.createInsecure();
  const { certFile, keyFile, clientCaFile } = config.tls;
  return ServerCredentials.createSsl(
    clientCaFile ? readFileSync(clientCaFile) : null,
    [{ cert_chain: readFileSync(certFile), private_key: readFileSync(keyFile) }],
    clientCaFile !== undefined,
  );
}

export async function startServer(options: {
  readonly ctx: ServiceContext;
  readonly config: Pick<Config, 'listen' | 'tls' | 'maxMessageBytes' | 'maxWatchStreamsPerPrincipal' | 'maxWatchBufferedEvents' | 'maxWatchBufferedBytes' | 'watchMemoryBytes' | 'tracing'>;
  readonly logger: Logger;
  readonly authenticator: Authenticator;
  readonly metrics: Metrics;
  /** The methods served (service.ts shares one table with the HTTP face); built from `ctx` when absent. */
  readonly methods?: MethodTable;
}): Promise<RunningServer> {
  const { ctx, config, logger } = options;
  routeGrpcLogging(logger);
  const calls = new CallRegistry();
  const server = new Server({
    // grpc-js refuses a larger body from its length prefix, before buffering it (RESOURCE_EXHAUSTED).
    'grpc.max_receive_message_length': config.maxMessageBytes,
    'grpc.max_send_message_length': 64 * 1024 * 1024,
    'grpc.keepalive_time_ms': 60_000,
    'grpc.keepalive_permit_without_calls': 1,
    // Innermost first: see interceptors.ts for why this order.
    interceptors: [observeCalls(calls, logger, options.metrics, new CallTracing(config.tracing !== undefined)), rejectUndecodable(calls), authenticateCalls(calls, options.authenticator), mapErrors(calls)],
  });
  const methods = options.methods ?? methodTable(ctx);
  const streamingPaths = new Set(methods.flatMap((service) => Object.values(service.definition).filter((m) => m.responseStream).map((m) => m.path)));
  shapeGrpcJsAnswers(server, streamingPaths);
  const rpc = new Rpc(calls);
  // The only stream is Watch: its streams are admitted per principal and share one memory budget.
  const streams = new WatchStreams(config.maxWatchStreamsPerPrincipal);
  const memory = new WatchMemory(config.watchMemoryBytes);
  const budget = {
    admit: (_request: unknown, { caller }: CallContext) => streams.admit(caller),
    maxBuffered: config.maxWatchBufferedEvents,
    maxBufferedBytes: config.maxWatchBufferedBytes,
    memory,
    stallMs: WATCH_STALL_MS,
  };
  options.metrics.gauge('session_policy_grpc_calls_in_flight', 'gRPC calls begun and not yet answered (Watch streams included)', () => calls.inFlightCalls);
  options.metrics.gauge('session_policy_watch_streams', 'WatchEffectivePolicies streams open', () => streams.openStreams);
  options.metrics.gauge('session_policy_watch_unsent_bytes', 'Bytes written to Watch streams and not yet sent to their clients, all streams together (at most WATCH_MEMORY_BYTES)', () => memory.inUse);
  for (const service of methods) server.addService(withTolerantDecoding(service.definition), rpc.serve(service, budget));
  const health = new HealthImplementation({ '': 'NOT_SERVING', ...Object.fromEntries(SERVICE_NAMES.map((s) => [s, 'NOT_SERVING'])) });
  // Their bodies, too, must never reach grpc-js's bare INTERNAL for an undecodable request.
  const tolerant = Object.assign(Object.create(server) as Server, {
    addService: (definition: ServiceDefinition, implementation: UntypedServiceImplementation) => server.addService(withTolerantDecoding(definition), implementation),
  });
  health.addToServer(tolerant);
  reflectionService([...SERVICE_NAMES, 'grpc.health.v1.Health']).addToServer(tolerant);

  const port = await new Promise<number>((resolvePort, reject) =>
    server.bindAsync(`${config.listen.host}:${config.listen.port}`, credentials(config), (error, bound) => (error ? reject(error) : resolvePort(bound))),
  );

  let stopping = false;
  const announceShutdown = (): void => {
    stopping = true;
    for (const name of ['', ...SERVICE_NAMES]) health.setStatus(name, 'NOT_SERVING');
  };
  return {
    port,
    health,
    setAvailability({ reads, writes }) {
      if (stopping) return;
      for (const name of ['', RESOLVER_SERVICE]) health.setStatus(name, reads ? 'SERVING' : 'NOT_SERVING');
      health.setStatus(ADMIN_SERVICE, writes ? 'SERVING' : 'NOT_SERVING');
    },
    announceShutdown,
    async shutdown(graceMs) {
      announceShutdown();
      const drained = calls.drain();
      await new Promise<void>((done) => {
        const force = setTimeout(() => {
          logger.warn({ graceMs }, 'shutdown grace period over; cancelling the calls still running');
          calls.force();
          server.forceShutdown();
          done();
        }, graceMs);
        server.tryShutdown(() => {
          clearTimeout(force);
          done();
        });
      });
      await Promise.race([drained, new Promise((r) => setTimeout(r, 100))]);
    },
  };
}
