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
      WATCH_MAX_BACKLOG: 'maybe',
      TLS_CERT_FILE: '/tmp/cert.pem',
      JWT_ISSUER: 'https://issuer.test',
      ORGANIZATION_ID_PATTERN: '([',
    });
    expect(problems.map((p) => p.split(/[=: ]/)[0])).toEqual([
      'SESSION_POLICY_LISTEN',
      'ORGANIZATION_ID_PATTERN',
      'JWT_*',
      'TLS_*',
      'SERVICE_TOKENS',
      'LOG_LEVEL',
      'MAX_ORGANIZATION_IDS',
      'WATCH_MAX_BACKLOG',
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
