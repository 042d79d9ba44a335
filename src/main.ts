// Composition root: config, logger, service, signals. Nothing else lives here.
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { destination } from 'pino';
import { ConfigError, loadConfig, type Config } from './config';
import { DEV_TOKEN_FILE, StartRefused, ensurePortFree, lockDataDir, writeFreshPrivateFile } from './local-instance';
import { createLogger } from './logger';
import { startService } from './service';
import { startTracing } from './tracing';
import { sha256Hex } from './transport/authenticate';

/**
 * Dev mode: a fresh admin token per start, written where the README's grpcurl commands read it: a new
 * file of mode 0600, never written through a symlink or into a file left by someone else.
 */
function withDevToken(config: Config): { config: Config; token?: string; tokenFile?: string } {
  if (!config.devMode) return { config };
  const token = `dev_${randomBytes(24).toString('base64url')}`;
  const tokenFile = resolve(config.dataDir, DEV_TOKEN_FILE);
  writeFreshPrivateFile(tokenFile, `${token}\n`);
  return {
    config: { ...config, serviceTokens: [...config.serviceTokens, { id: 'dev-admin', scopes: ['policy:admin'], sha256: sha256Hex(token) }] },
    token,
    tokenFile,
  };
}

/**
 * What the process says before (or instead of) serving, one JSON line each like every other line it
 * writes, on stderr (written synchronously: several are followed by process.exit).
 */
const startup = createLogger('info', destination({ fd: 2, sync: true }));

async function main(): Promise<void> {
  let loaded: Config;
  try {
    loaded = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      startup.fatal({ problems: error.problems }, `invalid configuration: ${error.problems.join('; ')}`);
      process.exit(2);
    }
    throw error;
  }
  // Checked before anything is written, so a second start leaves the running instance's files alone.
  try {
    if (loaded.devMode || loaded.mongodbUri === undefined) {
      const lock = lockDataDir(loaded.dataDir);
      process.on('exit', () => lock.release());
    }
    await ensurePortFree(loaded.listen.host, loaded.listen.port);
  } catch (error) {
    if (error instanceof StartRefused) {
      startup.fatal(`not started: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  // The replica is most of the live heap (~160 MB at 10^6 organizations). Left to V8, request garbage
  // promoted under load piles up to about 4× the live data before a full collection (RSS 600–700 MB
  // after a Resolve load in `npm run bench`); growing at most 50% past it kept RSS near 370 MB for the
  // same load. V8 reads this flag at every full collection, so setting it now takes effect.
  if (loaded.heapGrowthPercent > 0) setFlagsFromString(`--heap-growing-percent=${loaded.heapGrowthPercent}`);
  const { config, token, tokenFile } = withDevToken(loaded);
  const logger = createLogger(config.logLevel, undefined, { traced: config.tracing !== undefined });
  // Before the service, so its first calls (and the replica's load) are traced.
  const tracing = config.tracing ? await startTracing(config.tracing, logger) : undefined;
  if (token) {
    // The token itself is never written: stderr is a log like any other (collected, shared, pasted).
    startup.warn(
      { devMode: true, adminTokenFile: tokenFile, use: `-H "authorization: Bearer $(cat ${shellQuoted(tokenFile ?? '')})"` },
      `DEV MODE: local development setup, not for production. A fresh admin token for this run is in ${tokenFile} (mode 0600); use it as -H "authorization: Bearer $(cat ${shellQuoted(tokenFile ?? '')})"`,
    );
  }
  const service = await startService(config, logger);
  if (token && service.httpPort !== undefined && config.httpListen) {
    const demo = `http://${config.httpListen.host}:${service.httpPort}/demo`;
    startup.info({ devMode: true, demo }, `widget demo (a host page that mints a widget token and embeds the widget): ${demo}`);
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining in-flight calls');
    service.stop().then(
      async () => {
        // Last: the spans of the drained calls are in the batch; bounded, so the exit stays prompt.
        await tracing?.shutdown(2000);
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'unclean shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** The path as a shell word, so the printed command can be pasted as is. */
function shellQuoted(path: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;
}

process.on('unhandledRejection', (reason) => {
  startup.error({ err: reason }, 'unhandled rejection');
});

main().catch((error: unknown) => {
  startup.fatal({ err: error }, `failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
