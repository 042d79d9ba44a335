// The gRPC server: both policy services, health and reflection on one port, TLS/mTLS when configured.
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Server, ServerCredentials, type ServiceDefinition } from '@grpc/grpc-js';
import type { PackageDefinition } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import type { Logger } from 'pino';
import type { ServiceContext } from '../app/service-context';
import type { Config } from '../config';
import { SessionPolicyAdminServiceService } from '../../gen/ts/sessionpolicy/v1/admin_service';
import { SessionPolicyResolverServiceService } from '../../gen/ts/sessionpolicy/v1/resolver_service';
import { adminHandlers } from './admin-handlers';
import { WidgetTokens } from '../app/widget-tokens';
import type { Authenticator } from './authenticate';
import { CallBoundary, oversizeRequest } from './call-boundary';
import type { Metrics } from './metrics';
import { resolverHandlers } from './resolver-handlers';
import { echoHandlers } from './echo-handlers';
import { EchoServiceService } from '../../gen/ts/sessionpolicy/bench/v1/echo_service';

export const SERVICE_NAMES = ['sessionpolicy.v1.SessionPolicyAdminService', 'sessionpolicy.v1.SessionPolicyResolverService'] as const;

/** Finds gen/descriptor whether running from src/ (tsx, ts-jest) or from the compiled dist/src/. */
function descriptorDir(): string {
  for (const up of ['../..', '../../..']) {
    const candidate = resolve(__dirname, up, 'gen/descriptor');
    if (existsSync(resolve(candidate, 'sessionpolicy.binpb'))) return candidate;
  }
  throw new Error('gen/descriptor/sessionpolicy.binpb not found; run npm run generate');
}

/** The raw FileDescriptorProto bytes of a FileDescriptorSet (field 1, repeated). */
function fileDescriptorProtos(set: Uint8Array): Uint8Array[] {
  const reader = new BinaryReader(set);
  const files: Uint8Array[] = [];
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === 1 && wireType === WireType.LengthDelimited) files.push(reader.bytes());
    else reader.skip(wireType);
  }
  return files;
}

/**
 * Reflection over buf's own descriptors (exact file names, imports and comments). proto-loader's
 * re-derived descriptors drop imports and break map fields, which grpcurl then cannot link.
 */
function reflectionService(services: readonly string[]): ReflectionService {
  const files = ['sessionpolicy.binpb', 'health.binpb'].flatMap((name) => fileDescriptorProtos(readFileSync(resolve(descriptorDir(), name))));
  const definition = { 'buf.descriptors': { fileDescriptorProtos: files } } as unknown as PackageDefinition;
  // Only what this server really serves (the bench EchoService is in the descriptors but usually off).
  return new ReflectionService(definition, { services: [...services] });
}

/**
 * Requests over the configured size are not decoded: the handler receives a marker instead, so the
 * call boundary can answer INVALID_ARGUMENT naming the limit (grpc-js alone says RESOURCE_EXHAUSTED).
 */
function withRequestSizeLimit<T extends ServiceDefinition>(definition: T, maxBytes: number): T {
  const limited = Object.fromEntries(
    Object.entries(definition).map(([name, method]) => [
      name,
      { ...method, requestDeserialize: (bytes: Buffer) => (bytes.length > maxBytes ? oversizeRequest(bytes.length, maxBytes) : method.requestDeserialize(bytes)) },
    ]),
  );
  return limited as T;
}

/**
 * Hot-path responses are memoized objects (same policy, same revision: same object), so their bytes
 * are encoded once and reused; messages are never mutated after they are built.
 */
function withEncodingReuse<T extends ServiceDefinition>(definition: T, method: keyof T & string): T {
  const original = definition[method];
  if (!original) throw new Error(`no method ${method}`);
  const encoded = new WeakMap<object, Buffer>();
  const responseSerialize = (value: object): Buffer => {
    let bytes = encoded.get(value);
    if (!bytes) encoded.set(value, (bytes = original.responseSerialize(value)));
    return bytes;
  };
  return { ...definition, [method]: { ...original, responseSerialize } };
}

export interface RunningServer {
  readonly port: number;
  readonly health: HealthImplementation;
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
  readonly config: Pick<Config, 'listen' | 'tls' | 'maxMessageBytes' | 'benchEcho' | 'widgetTokenSecret'>;
  readonly logger: Logger;
  readonly authenticator: Authenticator;
  readonly metrics: Metrics;
}): Promise<RunningServer> {
  const { ctx, config, logger } = options;
  const server = new Server({
    // Up to this, oversize requests are answered INVALID_ARGUMENT by CallBoundary; beyond, grpc-js refuses them.
    'grpc.max_receive_message_length': Math.max(4 * 1024 * 1024, config.maxMessageBytes),
    'grpc.max_send_message_length': 64 * 1024 * 1024,
    'grpc.keepalive_time_ms': 60_000,
    'grpc.keepalive_permit_without_calls': 1,
  });
  const boundary = new CallBoundary(logger, options.authenticator, options.metrics);
  server.addService(withRequestSizeLimit(SessionPolicyAdminServiceService, config.maxMessageBytes), adminHandlers(ctx, boundary, config.widgetTokenSecret ? new WidgetTokens(config.widgetTokenSecret) : undefined));
  server.addService(
    withEncodingReuse(withRequestSizeLimit(SessionPolicyResolverServiceService, config.maxMessageBytes), 'resolveEffectivePolicy'),
    resolverHandlers(ctx, boundary),
  );
  if (config.benchEcho) server.addService(withRequestSizeLimit(EchoServiceService, config.maxMessageBytes), echoHandlers(boundary));
  const health = new HealthImplementation({ '': 'NOT_SERVING', ...Object.fromEntries(SERVICE_NAMES.map((s) => [s, 'NOT_SERVING'])) });
  health.addToServer(server);
  const served = [...SERVICE_NAMES, 'grpc.health.v1.Health', ...(config.benchEcho ? ['sessionpolicy.bench.v1.EchoService'] : [])];
  reflectionService(served).addToServer(server);

  const port = await new Promise<number>((resolvePort, reject) =>
    server.bindAsync(`${config.listen.host}:${config.listen.port}`, credentials(config), (error, bound) => (error ? reject(error) : resolvePort(bound))),
  );

  return {
    port,
    health,
    async shutdown(graceMs) {
      for (const name of ['', ...SERVICE_NAMES]) health.setStatus(name, 'NOT_SERVING');
      const drained = boundary.drain();
      await new Promise<void>((done) => {
        const force = setTimeout(() => {
          logger.warn({ graceMs }, 'shutdown grace period over; cancelling the calls still running');
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
