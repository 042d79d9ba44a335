// Composes the running service from its config: store (external MongoDB or embedded FerretDB),
// cache and change feed, gRPC server, metrics. main.ts and the contract tests both start it here.
import type { MongoClient } from 'mongodb';
import type { Logger } from 'pino';
import { DEFAULT_APPLICATION_POLICY } from './app/application-defaults';
import { ChangeFeed } from './app/change-feed';
import { PolicyCache } from './app/policy-cache';
import type { ServiceContext } from './app/service-context';
import type { Config } from './config';
import { startEmbeddedFerretDb, type EmbeddedFerretDb } from './storage/embedded-ferretdb';
import { MongoPolicyStore } from './storage/mongo-policy-store';
import { createAuthenticator } from './transport/authenticate';
import { Metrics } from './transport/metrics';
import { SERVICE_NAMES, startServer } from './transport/server';
import { startHttpServer } from './transport/http/http-server'; // HTTP face (issue 15)

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
    const connected = await MongoPolicyStore.connect(mongodbUri, config.mongodbDatabase, {
      applicationDefaults: DEFAULT_APPLICATION_POLICY,
      revisionGapGraceMs: config.revisionGapGraceMs,
    });
    client = connected.client;
    const store = connected.store;
    const now = (): number => Date.now();
    const cache = new PolicyCache(store, { ...config.cache, now });
    const feed = new ChangeFeed(store, cache, {
      pollIntervalMs: config.cache.pollIntervalMs,
      batchSize: 500,
      onOutage: (error) => logger.error({ err: error }, 'policy store unreachable; serving last-known-good policies, marked stale'),
      onRecovery: () => logger.info('policy store reachable again'),
    });
    await feed.start();
    const context: ServiceContext = {
      store,
      cache,
      feed,
      now,
      limits: {
        organizationIdPattern: config.organizationIdPattern,
        maxOrganizationIds: config.maxOrganizationIds,
        maxClockSkewMs: config.maxClockSkewMs,
        defaultPageSize: 50,
        maxPageSize: 500,
      },
    };
    const metrics = new Metrics({ cachedOrganizations: () => cache.size, revision: () => cache.revision, storeHealthy: () => feed.healthy });
    const authenticator = createAuthenticator(config);
    const server = await startServer({ ctx: context, config, logger, authenticator, metrics });
    const httpServer = config.httpListen ? await startHttpServer({ ctx: context, config, logger, authenticator, metrics }) : undefined; // HTTP face (issue 15)
    const metricsServer = config.metricsListen ? await metrics.serve(config.metricsListen.host, config.metricsListen.port) : undefined;
    const metricsAddress = metricsServer?.address();

    // Health follows the store: NOT_SERVING while the change feed cannot reach it.
    const healthTimer = setInterval(() => {
      const state = feed.healthy ? 'SERVING' : 'NOT_SERVING';
      for (const name of ['', ...SERVICE_NAMES]) server.health.setStatus(name, state);
    }, 500);
    healthTimer.unref();
    for (const name of ['', ...SERVICE_NAMES]) server.health.setStatus(name, 'SERVING');
    logger.info({ port: server.port, tls: config.tls !== undefined, mtls: config.tls?.clientCaFile !== undefined }, 'session policy service listening');

    const openClient = client;
    return {
      port: server.port,
      httpPort: httpServer?.port, // HTTP face (issue 15)
      metricsPort: typeof metricsAddress === 'object' && metricsAddress ? metricsAddress.port : undefined,
      mongodbUri,
      context,
      async stop() {
        clearInterval(healthTimer);
        await Promise.all([server.shutdown(config.shutdownGraceMs), httpServer?.close(config.shutdownGraceMs)]); // HTTP face (issue 15)
        await feed.stop();
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
