// Configuration from the environment: one declaration per key (`configKeys`: variable, default, parser,
// doc), from which the README's table is generated. Start-up fails listing every bad key at once.
import { randomBytes } from 'node:crypto';

export interface ServiceTokenConfig {
  readonly id: string;
  readonly scopes: readonly ('policy:read' | 'policy:admin')[];
  /** Hex SHA-256 of the token; the token itself is never configured. */
  readonly sha256: string;
}

export interface Config {
  readonly listen: Address;
  readonly devMode: boolean;
  readonly mongodbUri: string | undefined;
  readonly mongodbDatabase: string;
  readonly dataDir: string;
  readonly ferretdbBin: string;
  readonly serviceTokens: readonly ServiceTokenConfig[];
  readonly jwt:
    | {
        readonly issuer: string;
        readonly audience: string;
        readonly publicKeyFile: string | undefined;
        readonly jwksFile: string | undefined;
        readonly organizationClaim: string;
        readonly roleClaim: string;
        readonly adminRole: string;
      }
    | undefined;
  readonly tls: { readonly certFile: string; readonly keyFile: string; readonly clientCaFile: string | undefined } | undefined;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly metricsListen: Address | undefined;
  readonly organizationIdPattern: RegExp;
  readonly maxOrganizationIds: number;
  readonly maxClockSkewMs: number;
  readonly maxMessageBytes: number;
  readonly replica: {
    readonly pollIntervalMs: number;
    readonly staleAfterMs: number;
    readonly maxStaleMs: number;
    readonly snapshotEveryChanges: number;
    readonly requestIdRetentionMs: number;
    readonly retainedChanges: number;
  };
  readonly shutdownGraceMs: number;
  /** After SIGTERM: health says NOT_SERVING while calls are still served, this long, before draining. */
  readonly shutdownDelayMs: number;
  /** How far (percent) V8 may grow the heap past the live data before a full collection; 0 = V8's default. */
  readonly heapGrowthPercent: number;
  /** The HTTP face (widget + Connect JSON): on in dev mode at 127.0.0.1:8080, off unless set otherwise. */
  readonly httpListen: { readonly host: string; readonly port: number } | undefined;
  /** Signs widget tokens; shared by every instance of a deployment. Dev mode makes one per start. */
  readonly widgetTokenSecret: string | undefined;
  /** Origins allowed to embed the widget (CORS and CSP frame-ancestors); never a wildcard. */
  readonly widgetAllowedOrigins: readonly string[];
  /** Most WatchEffectivePolicies streams one principal (token or user) may hold open at once. */
  readonly maxWatchStreamsPerPrincipal: number;
  /** Events buffered for a watcher that does not read before its stream is ended (it resumes). */
  readonly maxWatchBufferedEvents: number;
  /** Unsent bytes one Watch stream may hold, and all of them together. */
  readonly maxWatchBufferedBytes: number;
  readonly watchMemoryBytes: number;
  /** Kept session-id (and, separately, subject) revocations per organization or the global scope. */
  readonly maxRevocationsPerOrganization: number;
  /** RevokeSessions calls per second per organization admin, and per service token, on one instance. */
  readonly revokeRatePerPrincipal: number;
  readonly revokeRatePerServiceToken: number;
  /**
   * OpenTelemetry tracing (OTLP), on only when an exporter or endpoint is configured with the standard
   * OTEL_* variables; the SDK reads those variables itself, these are the ones checked at start-up.
   */
  readonly tracing: { readonly serviceName: string } | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** A value that did not parse: the problems, each naming its key, to list at start-up. */
class Invalid {
  constructor(readonly problems: readonly string[]) {}
}

/**
 * One configuration key: its environment variable, the value used when it is unset (or blank), how
 * its text is parsed and checked, and the one line the README's configuration table shows for it.
 * The table in the README is generated from these declarations (`npm run docs:config`) and a unit
 * test fails when the two disagree, so a new key is declared here and nowhere else.
 */
export interface ConfigKey<T> {
  readonly env: string;
  readonly default: T;
  /** The README's default column when the value itself does not say it (e.g. "embedded FerretDB"). */
  readonly shownDefault?: string;
  readonly parse: (raw: string, env: string) => T | Invalid;
  readonly doc: string;
}

const key = <T>(declaration: ConfigKey<T>): ConfigKey<T> => declaration;
const must = (env: string, raw: string, rule: string): Invalid => new Invalid([`${env}=${raw}: ${rule}`]);

const text = (raw: string): string => raw;

const integer =
  (min: number, max: number) =>
  (raw: string, env: string): number | Invalid => {
    const n = Number(raw);
    return /^-?\d+$/.test(raw) && n >= min && n <= max ? n : must(env, raw, `must be a whole number from ${min} to ${max}`);
  };

const boolean = (raw: string, env: string): boolean | Invalid => {
  if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
  return must(env, raw, 'must be true or false');
};

export interface Address {
  readonly host: string;
  readonly port: number;
}

const address = (raw: string, env: string): Address | Invalid => {
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(raw);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) return must(env, raw, 'must be host:port (port 0 picks a free one)');
  return { host: m[1] as string, port };
};

const oneOf =
  <T extends string>(allowed: readonly T[]) =>
  (raw: string, env: string): T | Invalid =>
    (allowed as readonly string[]).includes(raw) ? (raw as T) : must(env, raw, `must be one of ${allowed.join(', ')}`);

const regularExpression = (raw: string, env: string): RegExp | Invalid => {
  try {
    return new RegExp(raw);
  } catch {
    return must(env, raw, 'not a valid regular expression');
  }
};

/** `off`, or an address. */
const addressOrOff = (raw: string, env: string): Address | 'off' | Invalid => (raw === 'off' ? 'off' : address(raw, env));

/** Origins exactly as browsers send them: scheme, host, optional port; no path, never a wildcard. */
const originList = (raw: string, env: string): string[] | Invalid => {
  const origins: string[] = [];
  const problems: string[] = [];
  for (const entry of raw.split(',').map((e) => e.trim()).filter(Boolean)) {
    if (/^https?:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(entry)) origins.push(entry.toLowerCase());
    else problems.push(`${env} entry "${entry.slice(0, 64)}": must be an origin such as https://app.example.com (no wildcard, no path)`);
  }
  return problems.length > 0 ? new Invalid(problems) : origins;
};

const secret = (raw: string, env: string): string | Invalid => (raw.length >= 32 ? raw : new Invalid([`${env}: must be at least 32 characters (e.g. openssl rand -base64 32)`]));

const serviceTokenList = (raw: string, env: string): ServiceTokenConfig[] | Invalid => {
  const tokens: ServiceTokenConfig[] = [];
  const problems: string[] = [];
  for (const entry of raw.split(',').map((e) => e.trim()).filter(Boolean)) {
    // Written id:read+admin:<sha256>, since the scope names themselves contain ':'.
    const [id, scopeList, sha256, ...rest] = entry.split(':');
    const scopes = (scopeList ?? '').split('+').map((s) => `policy:${s}`);
    const scopesOk = scopes.every((s) => s === 'policy:read' || s === 'policy:admin');
    if (!id || !/^[A-Za-z0-9_.-]{1,64}$/.test(id) || !sha256 || !/^[0-9a-f]{64}$/.test(sha256) || rest.length > 0 || !scopesOk) {
      problems.push(`${env} entry for "${(id ?? '').slice(0, 24)}": must be id:read+admin:<64 hex sha256 of the token>`);
      continue;
    }
    tokens.push({ id, scopes: scopes as ServiceTokenConfig['scopes'], sha256 });
  }
  return problems.length > 0 ? new Invalid(problems) : tokens;
};

/** An absolute http(s) URL, as the OTLP exporters take their endpoints. */
const httpUrl = (raw: string, env: string): string | Invalid => {
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return raw;
  } catch {
    // reported below
  }
  return must(env, raw, 'must be an http:// or https:// URL');
};

const probability = (raw: string, env: string): number | Invalid => {
  const n = Number(raw);
  return /^(0|1|0?\.\d+|1\.0*)$/.test(raw) && n >= 0 && n <= 1 ? n : must(env, raw, 'must be a number from 0 to 1');
};

const OTLP_PROTOCOLS = ['grpc', 'http/protobuf', 'http/json'] as const;
// The OpenTelemetry SDK's own sampler names (OTEL_TRACES_SAMPLER).
const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'] as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Every configuration key, in the order the README's table lists them. */
export const configKeys = {
  listen: key<Address>({
    env: 'SESSION_POLICY_LISTEN',
    default: { host: '127.0.0.1', port: 50051 },
    shownDefault: '`127.0.0.1:50051`',
    parse: address,
    doc: 'gRPC address (port 0 picks a free one)',
  }),
  devMode: key({
    env: 'SESSION_POLICY_DEV_MODE',
    default: false,
    shownDefault: '`false` (`npm start` sets `true`)',
    parse: boolean,
    doc: 'generate an admin token at start; never for production',
  }),
  mongodbUri: key<string | undefined>({
    env: 'MONGODB_URI',
    default: undefined,
    shownDefault: 'embedded FerretDB',
    parse: text,
    doc: 'the MongoDB store; unset, an embedded FerretDB is started',
  }),
  mongodbDatabase: key({ env: 'MONGODB_DATABASE', default: 'session_policy', parse: text, doc: 'database name in the store' }),
  dataDir: key({
    env: 'SESSION_POLICY_DATA_DIR',
    default: 'data',
    parse: text,
    doc: 'embedded FerretDB data (kept across restarts), the dev admin token and the instance lock',
  }),
  ferretdbBin: key({ env: 'FERRETDB_BIN', default: '.tools/bin/ferretdb', parse: text, doc: 'the embedded FerretDB binary' }),
  serviceTokens: key<readonly ServiceTokenConfig[]>({
    env: 'SERVICE_TOKENS',
    default: [],
    shownDefault: '—',
    parse: serviceTokenList,
    doc: '`id:read+admin:<sha256 hex of the token>`, comma-separated; `read` grants the scope the protos call `policy:read`, `admin` grants `policy:admin` (written short: `:` separates the parts)',
  }),
  jwtIssuer: key<string | undefined>({ env: 'JWT_ISSUER', default: undefined, parse: text, doc: 'org-admin JWTs: expected `iss`' }),
  jwtAudience: key<string | undefined>({ env: 'JWT_AUDIENCE', default: undefined, parse: text, doc: 'org-admin JWTs: expected `aud`' }),
  jwtPublicKeyFile: key<string | undefined>({
    env: 'JWT_PUBLIC_KEY_FILE',
    default: undefined,
    parse: text,
    doc: 'org-admin JWTs: PEM public key (or `JWT_JWKS_FILE`, exactly one)',
  }),
  jwtJwksFile: key<string | undefined>({ env: 'JWT_JWKS_FILE', default: undefined, parse: text, doc: 'org-admin JWTs: a JWKS file' }),
  jwtOrganizationClaim: key({ env: 'JWT_ORGANIZATION_CLAIM', default: 'org_id', parse: text, doc: 'claim naming the organization' }),
  jwtRoleClaim: key({ env: 'JWT_ROLE_CLAIM', default: 'role', parse: text, doc: 'claim naming the role' }),
  jwtAdminRole: key({ env: 'JWT_ADMIN_ROLE', default: 'org_admin', parse: text, doc: 'role that may administer its organization' }),
  tlsCertFile: key<string | undefined>({ env: 'TLS_CERT_FILE', default: undefined, shownDefault: 'plaintext', parse: text, doc: 'TLS certificate (with `TLS_KEY_FILE`)' }),
  tlsKeyFile: key<string | undefined>({ env: 'TLS_KEY_FILE', default: undefined, parse: text, doc: 'TLS private key' }),
  tlsClientCaFile: key<string | undefined>({ env: 'TLS_CLIENT_CA_FILE', default: undefined, parse: text, doc: 'client CA: with it, mTLS' }),
  logLevel: key<Config['logLevel']>({ env: 'LOG_LEVEL', default: 'info', parse: oneOf(LOG_LEVELS), doc: 'pino level; one JSON line per call' }),
  metricsListen: key<Address | undefined>({
    env: 'METRICS_LISTEN',
    default: undefined,
    shownDefault: 'off',
    parse: address,
    doc: '`host:port` for Prometheus `GET /metrics`',
  }),
  organizationIdPattern: key({
    env: 'ORGANIZATION_ID_PATTERN',
    default: /^[A-Za-z0-9_.:-]+$/,
    parse: regularExpression,
    doc: 'allowed organization ids (at most 64 characters)',
  }),
  maxOrganizationIds: key({ env: 'MAX_ORGANIZATION_IDS', default: 100, parse: integer(1, 10000), doc: 'organization ids per Resolve/Evaluate/Watch call' }),
  maxClockSkewMs: key({
    env: 'MAX_CLOCK_SKEW_MS',
    default: 60000,
    parse: integer(0, 3600000),
    doc: 'how far after the evaluation time a session instant may be; also how far past its revoke time a session-id revocation reaches, and what revocation retention adds',
  }),
  maxMessageBytes: key({ env: 'MAX_MESSAGE_BYTES', default: 64 * 1024, parse: integer(1024, 16 * 1024 * 1024), doc: 'largest request accepted' }),
  replicaPollIntervalMs: key({ env: 'REPLICA_POLL_INTERVAL_MS', default: 100, parse: integer(10, 60000), doc: 'how often each instance polls the change log head (one small read)' }),
  replicaStaleAfterMs: key({
    env: 'REPLICA_STALE_AFTER_MS',
    default: 2000,
    parse: integer(100, 3600000),
    doc: 'store unreachable this long: answers from the replica are marked stale',
  }),
  replicaMaxStaleMs: key({ env: 'REPLICA_MAX_STALE_MS', default: 300000, parse: integer(100, 86400000), doc: 'store unreachable this long: answers are refused' }),
  snapshotEveryChanges: key({
    env: 'SNAPSHOT_EVERY_CHANGES',
    default: 5000,
    parse: integer(10, 10000000),
    doc: 'a snapshot of the whole state is written at every revision that is a multiple of this',
  }),
  requestIdRetentionMs: key({
    env: 'REQUEST_ID_RETENTION_MS',
    default: 86400000,
    parse: integer(60000, 30 * 86400000),
    doc: 'how long a request_id is remembered, so a retry returns the first result (AIP-155)',
  }),
  heapGrowthPercent: key({
    env: 'HEAP_GROWTH_PERCENT',
    default: 50,
    parse: integer(0, 400),
    doc: 'V8 lets the heap grow this far past the live data before a full collection (0: V8\'s own, up to 4×); the replica is most of the live data',
  }),
  watchResumeChanges: key({
    env: 'WATCH_RESUME_CHANGES',
    default: 10000,
    parse: integer(100, 1000000),
    doc: 'changes kept in memory for Watch resumes (one of k revocations counts k); an older resume point is OUT_OF_RANGE',
  }),
  httpListen: key<Address | 'off' | undefined>({
    env: 'HTTP_LISTEN',
    default: undefined,
    shownDefault: 'dev mode: `127.0.0.1:8080`; else off',
    parse: addressOrOff,
    doc: 'HTTP face (org-admin widget, Connect JSON): `host:port`, or `off`',
  }),
  widgetTokenSecret: key<string | undefined>({
    env: 'WIDGET_TOKEN_SECRET',
    default: undefined,
    shownDefault: 'dev mode: random per start',
    parse: secret,
    doc: 'signs widget tokens (at least 32 characters); the same on every instance',
  }),
  widgetAllowedOrigins: key<string[]>({
    env: 'WIDGET_ALLOWED_ORIGINS',
    default: [],
    shownDefault: 'none',
    parse: originList,
    doc: 'comma-separated origins that may embed the widget (CORS and CSP frame-ancestors); no wildcard',
  }),
  watchMaxStreamsPerPrincipal: key({
    env: 'WATCH_MAX_STREAMS_PER_PRINCIPAL',
    default: 16,
    parse: integer(1, 100000),
    doc: 'WatchEffectivePolicies streams one principal (token or user) may hold open at once',
  }),
  watchMaxBufferedEvents: key({
    env: 'WATCH_MAX_BUFFERED_EVENTS',
    default: 64,
    parse: integer(1, 100000),
    doc: 'events buffered for a watcher that does not read before its stream is ended (it resumes)',
  }),
  watchMaxBufferedBytes: key({
    env: 'WATCH_MAX_BUFFERED_BYTES',
    default: 4 * 1024 * 1024,
    parse: integer(1024 * 1024, 1024 * 1024 * 1024),
    doc: 'bytes written to one Watch stream and not yet sent to its client; a stream that stays over it for 5 s is ended (it resumes)',
  }),
  watchMemoryBytes: key({
    env: 'WATCH_MEMORY_BYTES',
    default: 256 * 1024 * 1024,
    parse: integer(1024 * 1024, 64 * 1024 * 1024 * 1024),
    doc: 'bytes all Watch streams together may hold unsent; a stream that cannot get room within 5 s is ended (RESOURCE_EXHAUSTED, it resumes)',
  }),
  maxRevocationsPerOrganization: key({
    env: 'MAX_REVOCATIONS_PER_ORGANIZATION',
    default: 10000,
    parse: integer(1, 10000000),
    doc: 'kept session-id revocations one organization (and, separately, the global scope) may hold, and as many subject ones (plus 100 organization-wide); one more is RESOURCE_EXHAUSTED `REVOCATION_LIMIT_REACHED` naming the broader target to revoke instead; size it for an organization\'s logouts within the application absolute timeout',
  }),
  revokeRatePerPrincipal: key({
    env: 'REVOKE_SESSIONS_RATE_PER_PRINCIPAL',
    default: 20,
    parse: integer(1, 1000000),
    doc: 'RevokeSessions calls per second one organization admin may make, counted by each instance on its own (bursts of 5 s worth); beyond it RESOURCE_EXHAUSTED `RATE_LIMITED`',
  }),
  revokeRatePerServiceToken: key({
    env: 'REVOKE_SESSIONS_RATE_PER_SERVICE_TOKEN',
    default: 5000,
    parse: integer(1, 1000000),
    doc: 'the same for one service token revoking in organizations (a backend carrying every tenant\'s logouts); its global revocations are not rate-limited, only capped',
  }),
  shutdownGraceMs: key({ env: 'SHUTDOWN_GRACE_MS', default: 10000, parse: integer(0, 600000), doc: 'SIGTERM drain time before in-flight calls are cancelled' }),
  shutdownDelayMs: key({
    env: 'SHUTDOWN_DELAY_MS',
    default: 0,
    parse: integer(0, 600000),
    doc: 'after SIGTERM, health reports NOT_SERVING and calls are still served this long before the drain begins, so load balancers stop routing here first (0 when a preStop hook already waits)',
  }),
  // OpenTelemetry: the standard variables (read by the SDK itself; checked here so a typo stops the start).
  otelSdkDisabled: key({ env: 'OTEL_SDK_DISABLED', default: false, parse: boolean, doc: 'true turns tracing off whatever else is set' }),
  otelTracesExporter: key<'otlp' | 'none' | undefined>({
    env: 'OTEL_TRACES_EXPORTER',
    default: undefined,
    shownDefault: 'unset (tracing off)',
    parse: oneOf(['otlp', 'none'] as const),
    doc: '`otlp` turns tracing on (so does an OTLP endpoint below); `console` is not offered, since every line the process writes is JSON',
  }),
  otelEndpoint: key<string | undefined>({
    env: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    default: undefined,
    parse: httpUrl,
    doc: 'where spans are sent (a collector), e.g. `http://127.0.0.1:4318`; setting it turns tracing on; `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (the full URL) too',
  }),
  otelTracesEndpoint: key<string | undefined>({ env: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', default: undefined, parse: httpUrl, doc: 'the traces endpoint itself, overriding the one above' }),
  otelProtocol: key<(typeof OTLP_PROTOCOLS)[number] | undefined>({
    env: 'OTEL_EXPORTER_OTLP_PROTOCOL',
    default: undefined,
    shownDefault: '`http/protobuf`',
    parse: oneOf(OTLP_PROTOCOLS),
    doc: 'OTLP transport (`OTEL_EXPORTER_OTLP_TRACES_PROTOCOL` too); headers, timeouts and batching follow the other standard `OTEL_*` variables',
  }),
  otelTracesProtocol: key<(typeof OTLP_PROTOCOLS)[number] | undefined>({ env: 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', default: undefined, parse: oneOf(OTLP_PROTOCOLS), doc: 'the same, for traces only' }),
  otelSampler: key<(typeof SAMPLERS)[number] | undefined>({
    env: 'OTEL_TRACES_SAMPLER',
    default: undefined,
    shownDefault: '`parentbased_always_on`',
    parse: oneOf(SAMPLERS),
    doc: 'which calls are traced; in production e.g. `parentbased_traceidratio` with `OTEL_TRACES_SAMPLER_ARG=0.1` (a caller\'s sampled `traceparent` is followed)',
  }),
  otelSamplerArg: key<number | undefined>({ env: 'OTEL_TRACES_SAMPLER_ARG', default: undefined, parse: probability, doc: 'the ratio for the `traceidratio` samplers' }),
  otelServiceName: key({ env: 'OTEL_SERVICE_NAME', default: 'session-policy', parse: text, doc: 'the `service.name` of every span (`OTEL_RESOURCE_ATTRIBUTES` adds more)' }),
} as const;

type ConfigValues = { -readonly [K in keyof typeof configKeys]: (typeof configKeys)[K] extends ConfigKey<infer T> ? T : never };

/** Reads every declared key; a blank value counts as unset. Collects problems instead of stopping at one. */
function readKeys(env: Env, problems: string[]): ConfigValues {
  const values: Record<string, unknown> = {};
  for (const [name, declaration] of Object.entries(configKeys) as [string, ConfigKey<unknown>][]) {
    const raw = env[declaration.env]?.trim();
    if (raw === undefined || raw === '') {
      values[name] = declaration.default;
      continue;
    }
    const parsed = declaration.parse(raw, declaration.env);
    if (parsed instanceof Invalid) {
      problems.push(...parsed.problems);
      values[name] = declaration.default;
    } else {
      values[name] = parsed;
    }
  }
  return values as ConfigValues;
}



/**
 * Off unless configured: the SDK's own default would be to export to localhost:4318, which on a
 * machine without a collector means an export error every few seconds for a feature nobody asked for.
 */
function tracingOn(v: ConfigValues): boolean {
  if (v.otelSdkDisabled || v.otelTracesExporter === 'none') return false;
  return v.otelTracesExporter === 'otlp' || v.otelEndpoint !== undefined || v.otelTracesEndpoint !== undefined;
}

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const v = readKeys(env, problems);
  // Keys that only make sense together are checked together, after each has been read on its own.
  const jwtAny = v.jwtIssuer ?? v.jwtAudience ?? v.jwtPublicKeyFile ?? v.jwtJwksFile;
  if (jwtAny !== undefined && (!v.jwtIssuer || !v.jwtAudience || !v.jwtPublicKeyFile === !v.jwtJwksFile)) {
    problems.push('JWT_*: set JWT_ISSUER, JWT_AUDIENCE and exactly one of JWT_PUBLIC_KEY_FILE or JWT_JWKS_FILE');
  }
  if ((v.tlsCertFile === undefined) !== (v.tlsKeyFile === undefined) || (v.tlsClientCaFile !== undefined && v.tlsCertFile === undefined)) {
    problems.push('TLS_*: set TLS_CERT_FILE and TLS_KEY_FILE together (TLS_CLIENT_CA_FILE only with them, for mTLS)');
  }
  const config: Config = {
    listen: v.listen,
    devMode: v.devMode,
    mongodbUri: v.mongodbUri,
    mongodbDatabase: v.mongodbDatabase,
    dataDir: v.dataDir,
    ferretdbBin: v.ferretdbBin,
    serviceTokens: v.serviceTokens,
    jwt:
      v.jwtIssuer && v.jwtAudience && (v.jwtPublicKeyFile || v.jwtJwksFile)
        ? {
            issuer: v.jwtIssuer,
            audience: v.jwtAudience,
            publicKeyFile: v.jwtPublicKeyFile,
            jwksFile: v.jwtJwksFile,
            organizationClaim: v.jwtOrganizationClaim,
            roleClaim: v.jwtRoleClaim,
            adminRole: v.jwtAdminRole,
          }
        : undefined,
    tls: v.tlsCertFile && v.tlsKeyFile ? { certFile: v.tlsCertFile, keyFile: v.tlsKeyFile, clientCaFile: v.tlsClientCaFile } : undefined,
    logLevel: v.logLevel,
    metricsListen: v.metricsListen,
    organizationIdPattern: v.organizationIdPattern,
    maxOrganizationIds: v.maxOrganizationIds,
    maxClockSkewMs: v.maxClockSkewMs,
    maxMessageBytes: v.maxMessageBytes,
    replica: {
      pollIntervalMs: v.replicaPollIntervalMs,
      staleAfterMs: v.replicaStaleAfterMs,
      maxStaleMs: v.replicaMaxStaleMs,
      snapshotEveryChanges: v.snapshotEveryChanges,
      requestIdRetentionMs: v.requestIdRetentionMs,
      retainedChanges: v.watchResumeChanges,
    },
    shutdownGraceMs: v.shutdownGraceMs,
    shutdownDelayMs: v.shutdownDelayMs,
    heapGrowthPercent: v.heapGrowthPercent,
    httpListen: v.httpListen === 'off' ? undefined : (v.httpListen ?? (v.devMode ? { host: '127.0.0.1', port: 8080 } : undefined)),
    widgetTokenSecret: v.widgetTokenSecret ?? (v.devMode ? randomBytes(32).toString('base64url') : undefined),
    widgetAllowedOrigins: v.widgetAllowedOrigins,
    maxWatchStreamsPerPrincipal: v.watchMaxStreamsPerPrincipal,
    maxWatchBufferedEvents: v.watchMaxBufferedEvents,
    maxWatchBufferedBytes: v.watchMaxBufferedBytes,
    watchMemoryBytes: v.watchMemoryBytes,
    maxRevocationsPerOrganization: v.maxRevocationsPerOrganization,
    revokeRatePerPrincipal: v.revokeRatePerPrincipal,
    revokeRatePerServiceToken: v.revokeRatePerServiceToken,
    tracing: tracingOn(v) ? { serviceName: v.otelServiceName } : undefined,
  };
  // Service tokens that were given but did not parse are already listed; "none configured" would mislead.
  const tokensGiven = (env[configKeys.serviceTokens.env]?.trim() ?? '') !== '';
  if (!config.devMode && !tokensGiven && config.jwt === undefined && jwtAny === undefined) {
    problems.push('SERVICE_TOKENS or JWT_*: no credentials are configured; set them, or SESSION_POLICY_DEV_MODE=true for a local dev setup');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
