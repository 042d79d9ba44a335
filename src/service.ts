// Composes the running service from its config: store (external MongoDB or embedded FerretDB), the
// replica that follows its change log, what the use cases keep between calls, the method table both
// faces serve (gRPC, and the HTTP face when HTTP_LISTEN is on), metrics. main.ts and the tests start
// it here.
import type { MongoClient } from 'mongodb';
import type { Logger } from 'pino';
import { DEFAULT_APPLICATION_POLICY } from './app/application-defaults';
import { AUDIT_MESSAGES } from './app/audit';
import { RateLimiter } from './app/rate-limiter';
import { Replica } from './app/replica';
import { RevocationCommits } from './app/revocation-commits';
import type { ServiceContext } from './app/service-context';
import { WidgetTokens } from './app/widget-tokens';
import type { Config } from './config';
import { startEmbeddedFerretDb, type EmbeddedFerretDb } from './storage/embedded-ferretdb';
import { migrateLegacyStore } from './storage/legacy-migration';
import { MongoPolicyStore } from './storage/mongo-policy-store';
import { createAuthenticator } from './transport/authenticate';
import { startHttpServer } from './transport/http/http-server';
import { methodTable } from './transport/method-table';
import { Metrics } from './transport/metrics';
import { startServer } from './transport/server';

export interface RunningService {
  readonly port: number;
  readonly metricsPort: number | undefined;
  /** The HTTP face (widget + Connect JSON), when HTTP_LISTEN is on. */
  readonly httpPort: number | undefined;
  readonly mongodbUri: string;
  readonly context: ServiceContext;
  /** Graceful: stop accepting, drain, close the store (and the embedded FerretDB). */
  stop(): Promise<void>;
}

export async function startService(config: Config, logger: Logger): Promise<RunningService> {
  let embedded: EmbeddedFerretDb | undefined;
  let mongodbUri = config.mongodbUri;
  if (!mongodbUri) {
    embedded = await startEmbeddedFerretDb({
      binary: config.ferretdbBin,
      dataDir: config.dataDir,
      supervise: true,
      onEvent: (event, detail) => logger[event === 'started' ? 'info' : 'warn']({ ...detail, event }, `embedded FerretDB ${event}`),
    });
    mongodbUri = embedded.uri;
    logger.info({ dataDir: config.dataDir, port: embedded.port }, 'using the embedded FerretDB store');
  }

  let client: MongoClient | undefined;
  try {
    const connected = await MongoPolicyStore.connect(mongodbUri, config.mongodbDatabase);
    client = connected.client;
    const store = connected.store;
    const migrated = await migrateLegacyStore(connected.db, store);
    if (migrated) logger.info(migrated, 'imported a first-version store into the change log');
    const now = (): number => Date.now();
    const replica = new Replica(store, {
      ...config.replica,
      applicationDefaults: DEFAULT_APPLICATION_POLICY,
      now,
      onOutage: (error) => logger.error({ err: error }, 'policy store unreachable; serving the replica, marked stale'),
      onRecovery: () => logger.info('policy store reachable again'),
      onSnapshotError: (error) => logger.warn({ err: error }, 'snapshot not written; the next one will be'),
      onSnapshotRejected: (snapshot, error) =>
        logger.error({ err: error, snapshot: snapshot.id, revision: snapshot.revision }, 'snapshot rejected: it does not verify; loading the one before it, or the log'),
      // A revocation is kept until revoked_at + application absolute timeout + this skew (docs/design.md §2.7).
      revocationSkewMs: config.maxClockSkewMs,
    });
    const context: ServiceContext = {
      replica,
      store,
      now,
      pageTokenKey: await store.deploymentSecret('page-token'),
      limits: {
        organizationIdPattern: config.organizationIdPattern,
        maxOrganizationIds: config.maxOrganizationIds,
        maxClockSkewMs: config.maxClockSkewMs,
        defaultPageSize: 50,
        maxPageSize: 500,
        maxWatchBacklog: config.maxWatchBufferedEvents,
        maxRevocationsPerOrganization: config.maxRevocationsPerOrganization,
      },
      revocationCommits: new RevocationCommits(replica, { maxPerScope: config.maxRevocationsPerOrganization, now }),
      revokeRates: { organizationAdmin: new RateLimiter(config.revokeRatePerPrincipal), serviceToken: new RateLimiter(config.revokeRatePerServiceToken) },
      // One JSON line per record in the service log, beside the call's own line.
      audit: (record) => logger.info(record, AUDIT_MESSAGES[record.audit]),
      widgetTokens: config.widgetTokenSecret ? new WidgetTokens(config.widgetTokenSecret) : undefined,
    };
    const methods = methodTable(context);
    const metrics = new Metrics({ replicatedOrganizations: () => replica.size, revision: () => replica.revision, storeHealthy: () => replica.fresh, unconfirmedForMs: () => replica.unconfirmedForMs });
    const authenticator = createAuthenticator(config);
    // Listening (NOT_SERVING) while the replica loads, so probes see a starting instance, not a dead one.
    const server = await startServer({ ctx: context, config, logger, authenticator, metrics, methods });
    const loadStarted = performance.now();
    await replica.start();
    logger.info({ organizations: replica.size, revision: replica.revision, loadMs: Math.round(performance.now() - loadStarted) }, 'replica loaded');
    const httpServer = config.httpListen ? await startHttpServer({ ctx: context, config, logger, authenticator, metrics, methods }) : undefined;
    const metricsServer = config.metricsListen ? await metrics.serve(config.metricsListen.host, config.metricsListen.port) : undefined;
    const metricsAddress = metricsServer?.address();

    // Per-service health: reads (overall and resolver) are served from the replica, stale-marked, while
    // the store is down, up to its maximum age; writes (admin) need the store.
    const availability = (): { reads: boolean; writes: boolean } => ({ reads: replica.readable, writes: replica.healthy });
    const healthTimer = setInterval(() => server.setAvailability(availability()), 500);
    healthTimer.unref();
    server.setAvailability(availability());
    logger.info({ port: server.port, tls: config.tls !== undefined, mtls: config.tls?.clientCaFile !== undefined }, 'session policy service listening');

    const openClient = client;
    return {
      port: server.port,
      httpPort: httpServer?.port,
      metricsPort: typeof metricsAddress === 'object' && metricsAddress ? metricsAddress.port : undefined,
      mongodbUri,
      context,
      async stop() {
        clearInterval(healthTimer);
        server.announceShutdown();
        if (config.shutdownDelayMs > 0) {
          logger.info({ delayMs: config.shutdownDelayMs }, 'health NOT_SERVING; still serving until load balancers have moved away');
          await new Promise((resolve) => setTimeout(resolve, config.shutdownDelayMs));
        }
        await Promise.all([server.shutdown(config.shutdownGraceMs), httpServer?.close(config.shutdownGraceMs)]);
        await replica.stop();
        metricsServer?.close();
        await openClient.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await client?.close().catch(() => undefined);
    await embedded?.stop();
    throw error;
  }
}
