// Configuration from the environment, declared per key with its variable, default and validation.
// Start-up fails listing every bad key at once, never just the first.
export interface ServiceTokenConfig {
  readonly id: string;
  readonly scopes: readonly ('policy:read' | 'policy:admin')[];
  /** Hex SHA-256 of the token; the token itself is never configured. */
  readonly sha256: string;
}

export interface Config {
  readonly listen: { readonly host: string; readonly port: number };
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
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly metricsListen: { readonly host: string; readonly port: number } | undefined;
  readonly organizationIdPattern: RegExp;
  readonly maxOrganizationIds: number;
  readonly maxClockSkewMs: number;
  readonly maxMessageBytes: number;
  readonly cache: {
    readonly maxOrganizations: number;
    readonly pollIntervalMs: number;
    readonly staleAfterMs: number;
    readonly maxStaleMs: number;
    readonly readThrough: boolean;
  };
  readonly revisionGapGraceMs: number;
  readonly shutdownGraceMs: number;
  /** Most WatchEffectivePolicies streams one principal (token or user) may hold open at once. */
  readonly maxWatchStreamsPerPrincipal: number;
  /** Events buffered for a watcher that does not read before its stream is ended (it resumes). */
  readonly maxWatchBufferedEvents: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  raw(key: string): string | undefined {
    const v = this.env[key];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  }

  string(key: string, fallback: string): string {
    return this.raw(key) ?? fallback;
  }

  integer(key: string, fallback: number, min: number, max: number): number {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!/^-?\d+$/.test(v) || n < min || n > max) {
      this.problems.push(`${key}=${v}: must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  }

  boolean(key: string, fallback: boolean): boolean {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    if (['true', '1', 'yes'].includes(v.toLowerCase())) return true;
    if (['false', '0', 'no'].includes(v.toLowerCase())) return false;
    this.problems.push(`${key}=${v}: must be true or false`);
    return fallback;
  }

  address(key: string, fallback: string | undefined): { host: string; port: number } | undefined {
    const v = this.raw(key) ?? fallback;
    if (v === undefined) return undefined;
    const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(v);
    const port = m ? Number(m[2]) : NaN;
    if (!m || port > 65535) {
      this.problems.push(`${key}=${v}: must be host:port (port 0 picks a free one)`);
      return undefined;
    }
    return { host: m[1] as string, port };
  }

  oneOf<T extends string>(key: string, fallback: T, allowed: readonly T[]): T {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    this.problems.push(`${key}=${v}: must be one of ${allowed.join(', ')}`);
    return fallback;
  }
}

function parseServiceTokens(r: Reader): ServiceTokenConfig[] {
  const v = r.raw('SERVICE_TOKENS');
  if (v === undefined) return [];
  const tokens: ServiceTokenConfig[] = [];
  for (const entry of v.split(',').map((e) => e.trim()).filter(Boolean)) {
    // Written id:read+admin:<sha256>, since the scope names themselves contain ':'.
    const [id, scopeList, sha256, ...rest] = entry.split(':');
    const scopes = (scopeList ?? '').split('+').map((s) => `policy:${s}`);
    const scopesOk = scopes.every((s) => s === 'policy:read' || s === 'policy:admin');
    if (!id || !/^[A-Za-z0-9_.-]{1,64}$/.test(id) || !sha256 || !/^[0-9a-f]{64}$/.test(sha256) || rest.length > 0 || !scopesOk) {
      r.problems.push(`SERVICE_TOKENS entry for "${(id ?? '').slice(0, 24)}": must be id:read+admin:<64 hex sha256 of the token>`);
      continue;
    }
    tokens.push({ id, scopes: scopes as ServiceTokenConfig['scopes'], sha256 });
  }
  return tokens;
}

export function loadConfig(env: Env = process.env): Config {
  const r = new Reader(env);
  const listen = r.address('SESSION_POLICY_LISTEN', '127.0.0.1:50051') ?? { host: '127.0.0.1', port: 50051 };
  let organizationIdPattern = /^[A-Za-z0-9_.:-]+$/;
  const pattern = r.raw('ORGANIZATION_ID_PATTERN');
  if (pattern !== undefined) {
    try {
      organizationIdPattern = new RegExp(pattern);
    } catch {
      r.problems.push(`ORGANIZATION_ID_PATTERN=${pattern}: not a valid regular expression`);
    }
  }
  const issuer = r.raw('JWT_ISSUER');
  const audience = r.raw('JWT_AUDIENCE');
  const publicKeyFile = r.raw('JWT_PUBLIC_KEY_FILE');
  const jwksFile = r.raw('JWT_JWKS_FILE');
  const jwtAny = issuer ?? audience ?? publicKeyFile ?? jwksFile;
  if (jwtAny !== undefined && (!issuer || !audience || (!publicKeyFile === !jwksFile))) {
    r.problems.push('JWT_*: set JWT_ISSUER, JWT_AUDIENCE and exactly one of JWT_PUBLIC_KEY_FILE or JWT_JWKS_FILE');
  }
  const certFile = r.raw('TLS_CERT_FILE');
  const keyFile = r.raw('TLS_KEY_FILE');
  const clientCaFile = r.raw('TLS_CLIENT_CA_FILE');
  if ((certFile === undefined) !== (keyFile === undefined) || (clientCaFile !== undefined && certFile === undefined)) {
    r.problems.push('TLS_*: set TLS_CERT_FILE and TLS_KEY_FILE together (TLS_CLIENT_CA_FILE only with them, for mTLS)');
  }
  const devMode = r.boolean('SESSION_POLICY_DEV_MODE', false);
  const serviceTokens = parseServiceTokens(r);
  const config: Config = {
    listen,
    devMode,
    mongodbUri: r.raw('MONGODB_URI'),
    mongodbDatabase: r.string('MONGODB_DATABASE', 'session_policy'),
    dataDir: r.string('SESSION_POLICY_DATA_DIR', 'data'),
    ferretdbBin: r.string('FERRETDB_BIN', '.tools/bin/ferretdb'),
    serviceTokens,
    jwt:
      issuer && audience && (publicKeyFile || jwksFile)
        ? {
            issuer,
            audience,
            publicKeyFile,
            jwksFile,
            organizationClaim: r.string('JWT_ORGANIZATION_CLAIM', 'org_id'),
            roleClaim: r.string('JWT_ROLE_CLAIM', 'role'),
            adminRole: r.string('JWT_ADMIN_ROLE', 'org_admin'),
          }
        : undefined,
    tls: certFile && keyFile ? { certFile, keyFile, clientCaFile } : undefined,
    logLevel: r.oneOf('LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    metricsListen: r.address('METRICS_LISTEN', undefined),
    organizationIdPattern,
    maxOrganizationIds: r.integer('MAX_ORGANIZATION_IDS', 100, 1, 10000),
    maxClockSkewMs: r.integer('MAX_CLOCK_SKEW_MS', 60000, 0, 3600000),
    maxMessageBytes: r.integer('MAX_MESSAGE_BYTES', 64 * 1024, 1024, 16 * 1024 * 1024),
    cache: {
      maxOrganizations: r.integer('CACHE_MAX_ORGANIZATIONS', 100000, 1, 100000000),
      pollIntervalMs: r.integer('CACHE_POLL_INTERVAL_MS', 200, 10, 60000),
      staleAfterMs: r.integer('CACHE_STALE_AFTER_MS', 2000, 100, 3600000),
      maxStaleMs: r.integer('CACHE_MAX_STALE_MS', 300000, 100, 86400000),
      readThrough: r.boolean('CACHE_READ_THROUGH', false),
    },
    revisionGapGraceMs: r.integer('REVISION_GAP_GRACE_MS', 2000, 100, 600000),
    shutdownGraceMs: r.integer('SHUTDOWN_GRACE_MS', 10000, 0, 600000),
    maxWatchStreamsPerPrincipal: r.integer('WATCH_MAX_STREAMS_PER_PRINCIPAL', 16, 1, 100000),
    maxWatchBufferedEvents: r.integer('WATCH_MAX_BUFFERED_EVENTS', 64, 1, 100000),
  };
  if (!devMode && serviceTokens.length === 0 && config.jwt === undefined) {
    r.problems.push('SERVICE_TOKENS or JWT_*: no credentials are configured; set them, or SESSION_POLICY_DEV_MODE=true for a local dev setup');
  }
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}
