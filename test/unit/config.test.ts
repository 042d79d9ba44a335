// Configuration is validated at start-up: every bad key at once; no credentials means no production start.
import { ConfigError, loadConfig } from '../../src/config';

const TOKEN_HASH = 'a'.repeat(64);

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('when no credentials are configured', () => {
  it('then a production start is refused, naming how to fix it', () => {
    expect(problemsOf({})).toEqual([expect.stringContaining('no credentials are configured')]);
  });

  it('then dev mode starts (it generates its own admin token)', () => {
    expect(loadConfig({ SESSION_POLICY_DEV_MODE: 'true' }).devMode).toBe(true);
  });
});

describe('when several keys are wrong', () => {
  it('then every one of them is listed', () => {
    const problems = problemsOf({
      SERVICE_TOKENS: `ok:read:${TOKEN_HASH},bad:write:${TOKEN_HASH}`,
      SESSION_POLICY_LISTEN: 'nowhere',
      MAX_ORGANIZATION_IDS: '0',
      LOG_LEVEL: 'loud',
      WATCH_MAX_BUFFERED_EVENTS: 'maybe',
      TLS_CERT_FILE: '/tmp/cert.pem',
      JWT_ISSUER: 'https://issuer.test',
      ORGANIZATION_ID_PATTERN: '([',
    });
    expect(problems.map((p) => p.split(/[=: ]/)[0])).toEqual([
      'SESSION_POLICY_LISTEN',
      'SERVICE_TOKENS',
      'LOG_LEVEL',
      'ORGANIZATION_ID_PATTERN',
      'MAX_ORGANIZATION_IDS',
      'WATCH_MAX_BUFFERED_EVENTS',
      'JWT_*',
      'TLS_*',
    ]);
  });
});

describe('when service tokens are configured', () => {
  it('then scopes are read from read+admin and only hashes are kept', () => {
    const config = loadConfig({ SERVICE_TOKENS: `gateway:read:${TOKEN_HASH}, ops:read+admin:${'b'.repeat(64)}` });
    expect(config.serviceTokens).toEqual([
      { id: 'gateway', scopes: ['policy:read'], sha256: TOKEN_HASH },
      { id: 'ops', scopes: ['policy:read', 'policy:admin'], sha256: 'b'.repeat(64) },
    ]);
  });
});

describe('when the HTTP face and widget keys are configured', () => {
  const base = { SERVICE_TOKENS: `ci:read:${'a'.repeat(64)}` };

  it('then HTTP is off in production unless HTTP_LISTEN is set, and on at 127.0.0.1:8080 in dev mode', () => {
    expect(loadConfig(base).httpListen).toBeUndefined();
    expect(loadConfig({ ...base, HTTP_LISTEN: '0.0.0.0:9090' }).httpListen).toEqual({ host: '0.0.0.0', port: 9090 });
    expect(loadConfig({ SESSION_POLICY_DEV_MODE: 'true' }).httpListen).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(loadConfig({ SESSION_POLICY_DEV_MODE: 'true', HTTP_LISTEN: 'off' }).httpListen).toBeUndefined();
  });

  it('then a wildcard or a path in WIDGET_ALLOWED_ORIGINS and a short WIDGET_TOKEN_SECRET are each listed', () => {
    const error = (() => {
      try {
        loadConfig({ ...base, WIDGET_ALLOWED_ORIGINS: 'https://ok.example, *, https://x.example/path', WIDGET_TOKEN_SECRET: 'short' });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error.problems).toEqual([
      expect.stringContaining('WIDGET_TOKEN_SECRET'),
      expect.stringContaining('WIDGET_ALLOWED_ORIGINS entry "*"'),
      expect.stringContaining('WIDGET_ALLOWED_ORIGINS entry "https://x.example/path"'),
    ]);
    expect(loadConfig({ ...base, WIDGET_ALLOWED_ORIGINS: 'https://App.example.com:8443' }).widgetAllowedOrigins).toEqual(['https://app.example.com:8443']);
  });

  it('then dev mode makes a fresh widget token secret per start, and production has none unless set', () => {
    const a = loadConfig({ SESSION_POLICY_DEV_MODE: 'true' }).widgetTokenSecret;
    const b = loadConfig({ SESSION_POLICY_DEV_MODE: 'true' }).widgetTokenSecret;
    expect(a).toHaveLength(43);
    expect(a).not.toBe(b);
    expect(loadConfig(base).widgetTokenSecret).toBeUndefined();
  });
});

describe('when OpenTelemetry variables are set', () => {
  const prod = { SERVICE_TOKENS: `t:read:${'a'.repeat(64)}` };
  it('then tracing is off unless an exporter or an OTLP endpoint is configured, and OTEL_SDK_DISABLED or none turns it off', () => {
    expect(loadConfig(prod).tracing).toBeUndefined();
    expect(loadConfig({ ...prod, OTEL_SERVICE_NAME: 'x', OTEL_TRACES_SAMPLER: 'always_on' }).tracing).toBeUndefined();
    expect(loadConfig({ ...prod, OTEL_TRACES_EXPORTER: 'otlp' }).tracing).toEqual({ serviceName: 'session-policy' });
    expect(loadConfig({ ...prod, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SERVICE_NAME: 'policy-eu' }).tracing).toEqual({ serviceName: 'policy-eu' });
    expect(loadConfig({ ...prod, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector/v1/traces' }).tracing).toBeDefined();
    expect(loadConfig({ ...prod, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }).tracing).toBeUndefined();
    expect(loadConfig({ ...prod, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' }).tracing).toBeUndefined();
  });
  it('then a value the SDK would ignore or print to the console is refused at start, each listed', () => {
    const problems = problemsOf({ ...prod, OTEL_TRACES_EXPORTER: 'console', OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'thrift', OTEL_TRACES_SAMPLER: 'sometimes', OTEL_TRACES_SAMPLER_ARG: '10%' }).join('\n');
    for (const name of ['OTEL_TRACES_EXPORTER', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_TRACES_SAMPLER=', 'OTEL_TRACES_SAMPLER_ARG']) expect(problems).toContain(name);
    expect(loadConfig({ ...prod, OTEL_TRACES_EXPORTER: 'otlp', OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }).tracing).toBeDefined();
  });
});
