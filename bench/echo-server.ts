// The benchmark's echo baseline: a separate grpc-js server with the service's own call boundary
// (the same interceptors: request id, authentication, one log line, metrics, error mapping; the same
// hook beneath grpc-js) and no policy work, so `npm run bench` can tell transport overhead from
// resolution cost. Not in src/:
// production never serves EchoService.
// Env: ECHO_LISTEN (host:port), SERVICE_TOKENS, LOG_LEVEL.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { loadFileDescriptorSetFromBuffer } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { requireResolver } from '../src/app/authorize';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { createAuthenticator } from '../src/transport/authenticate';
import { CallRegistry } from '../src/transport/call-state';
import { CallTracing } from '../src/transport/call-tracing';
import { shapeGrpcJsAnswers } from '../src/transport/grpc-js-answers';
import { authenticateCalls, mapErrors, observeCalls, rejectUndecodable } from '../src/transport/interceptors';
import { Metrics } from '../src/transport/metrics';
import { withTolerantDecoding } from '../src/transport/request-decoding';
import { Rpc } from '../src/transport/rpc';
import { EchoServiceService, type EchoServiceServer } from '../gen/ts/sessionpolicy/bench/v1/echo_service';

const ECHO = 'sessionpolicy.bench.v1.EchoService';

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, SESSION_POLICY_LISTEN: process.env['ECHO_LISTEN'] ?? '127.0.0.1:0' });
  const logger = createLogger(config.logLevel);
  const metrics = new Metrics({ replicatedOrganizations: () => 0, revision: () => 0, storeHealthy: () => true, unconfirmedForMs: () => 0 });
  const calls = new CallRegistry();
  const server = new Server({
    'grpc.max_receive_message_length': config.maxMessageBytes,
    interceptors: [observeCalls(calls, logger, metrics, new CallTracing(config.tracing !== undefined)), rejectUndecodable(calls), authenticateCalls(calls, createAuthenticator(config)), mapErrors(calls)],
  });
  shapeGrpcJsAnswers(server, new Set());
  const rpc = new Rpc(calls);
  const echo: EchoServiceServer = {
    echo: rpc.unary(async (request, { caller }) => {
      requireResolver(caller, request.organizationIds, 'echo');
      return { organizationIds: request.organizationIds };
    }),
  };
  server.addService(withTolerantDecoding(EchoServiceService), echo);
  const descriptors = loadFileDescriptorSetFromBuffer(readFileSync(resolve(__dirname, '../gen/descriptor/sessionpolicy.binpb')));
  new ReflectionService(descriptors, { services: [ECHO] }).addToServer(server);
  const port = await new Promise<number>((done, fail) =>
    server.bindAsync(`${config.listen.host}:${config.listen.port}`, ServerCredentials.createInsecure(), (error, bound) => (error ? fail(error) : done(bound))),
  );
  logger.info({ port }, 'echo baseline listening');
  const stop = (): void => server.tryShutdown(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`echo server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
