// The store-read baseline: what a team without this service would do. A grpc-js server with the
// service's own call boundary (bench/echo-server.ts's interceptors) answering ResolveEffectivePolicy
// for one organization by reading that organization's document from MongoDB on every call (no cache),
// then merging it with the application policy (held in memory, as it rarely changes).
// Env: STORE_READ_LISTEN (host:port), MONGODB_URI, MONGODB_DATABASE, SERVICE_TOKENS, LOG_LEVEL.
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { MongoClient } from 'mongodb';
import { requireResolver } from '../src/app/authorize';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { createAuthenticator } from '../src/transport/authenticate';
import { CallRegistry } from '../src/transport/call-state';
import { CallTracing } from '../src/transport/call-tracing';
import { authenticateCalls, mapErrors, observeCalls, rejectUndecodable } from '../src/transport/interceptors';
import { Metrics } from '../src/transport/metrics';
import { withTolerantDecoding } from '../src/transport/request-decoding';
import { Rpc } from '../src/transport/rpc';
import {
  PolicyLayer,
  SessionPolicyResolverServiceService,
  type ResolveEffectivePolicyRequest,
  type ResolveEffectivePolicyResponse,
} from '../gen/ts/sessionpolicy/v1/resolver_service';
import { BENCH_APPLICATION, STORE_READ_COLLECTION } from './seed';

interface OrganizationDocument {
  _id: string;
  absoluteMinutes: number;
  idleEnabled: boolean;
  idleMinutes: number;
  enabled: boolean;
}

const minutes = (m: number): { seconds: bigint; nanos: number } => ({ seconds: BigInt(m * 60), nanos: 0 });

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, SESSION_POLICY_LISTEN: process.env['STORE_READ_LISTEN'] ?? '127.0.0.1:0' });
  const logger = createLogger(config.logLevel);
  const client = await MongoClient.connect(process.env['MONGODB_URI'] ?? '', { maxPoolSize: 32 });
  const organizations = client.db(process.env['MONGODB_DATABASE'] ?? 'store_read').collection<OrganizationDocument>(STORE_READ_COLLECTION);
  const metrics = new Metrics({ replicatedOrganizations: () => 0, revision: () => 0, storeHealthy: () => true, unconfirmedForMs: () => 0 });
  const calls = new CallRegistry();
  const server = new Server({
    'grpc.max_receive_message_length': config.maxMessageBytes,
    interceptors: [observeCalls(calls, logger, metrics, new CallTracing(config.tracing !== undefined)), rejectUndecodable(calls), authenticateCalls(calls, createAuthenticator(config)), mapErrors(calls)],
  });
  const rpc = new Rpc(calls);
  const app = BENCH_APPLICATION.policy;
  const resolve = rpc.unary<ResolveEffectivePolicyRequest, ResolveEffectivePolicyResponse>(async (request, { caller }) => {
    requireResolver(caller, request.organizationIds, 'resolve');
    const id = request.organizationIds[0] ?? '';
    const doc = id ? await organizations.findOne({ _id: id }) : null;
    const custom = doc?.enabled === true;
    const absolute = custom ? Math.min(app.absoluteMinutes, doc.absoluteMinutes) : app.absoluteMinutes;
    const idleEnabled = custom ? app.idleEnabled || doc.idleEnabled : app.idleEnabled;
    const idle = custom && doc.idleEnabled ? Math.min(app.idleMinutes, doc.idleMinutes) : app.idleMinutes;
    const source = (org: boolean): { layer: PolicyLayer; organizationId: string; ruleId: string; complianceProfile: number } => ({
      layer: org ? PolicyLayer.POLICY_LAYER_ORGANIZATION : PolicyLayer.POLICY_LAYER_APPLICATION,
      organizationId: org ? id : '',
      ruleId: '',
      complianceProfile: 0,
    });
    return {
      effectivePolicy: {
        absoluteSessionTimeout: { value: minutes(absolute), source: source(custom) },
        idleSessionTimeoutEnabled: { value: idleEnabled, source: source(custom && doc.idleEnabled) },
        idleSessionTimeout: { value: minutes(idle), source: source(custom && doc.idleEnabled) },
        accessTokenLifetime: { value: minutes(app.accessTokenMinutes), source: source(false) },
        revision: 0n,
        stale: false,
        matchedRules: [],
        strictestAuthenticationLevelAssumed: false,
      },
    };
  });
  // Only the one method; the others are not part of this baseline.
  const definition = { resolveEffectivePolicy: SessionPolicyResolverServiceService.resolveEffectivePolicy };
  server.addService(withTolerantDecoding(definition), { resolveEffectivePolicy: resolve });
  const port = await new Promise<number>((done, fail) =>
    server.bindAsync(`${config.listen.host}:${config.listen.port}`, ServerCredentials.createInsecure(), (error, bound) => (error ? fail(error) : done(bound))),
  );
  logger.info({ port }, 'store-read baseline listening');
  const stop = (): void => server.tryShutdown(() => void client.close().finally(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`store-read server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
