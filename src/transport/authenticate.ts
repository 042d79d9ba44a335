// Turns the `authorization: Bearer …` values a call carried, on either face, into a Caller. Service
// tokens are matched by their SHA-256 (the configuration never holds a token); anything shaped like a
// JWT is verified with jose.
import { createHash, createPublicKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Caller, Scope } from '../app/caller';
import { ErrorReason, PolicyError } from '../app/errors';
import type { Config, ServiceTokenConfig } from '../config';
import { WIDGET_TOKEN_PREFIX } from '../app/widget-tokens';

export interface Authenticator {
  /** `authorization`: every value the call carried (gRPC metadata, or HTTP headers), none when absent. */
  authenticate(authorization: readonly string[]): Promise<Caller>;
}

const unauthenticated = (reason: 'MISSING_CREDENTIALS' | 'INVALID_CREDENTIALS', message: string): PolicyError =>
  new PolicyError('UNAUTHENTICATED', ErrorReason[reason], message);

const RECENT_TOKENS = 1024;

/**
 * `Bearer <token>` (RFC 6750 §2.1): the token is visible ASCII. Anything else (a pasted no-break space,
 * a control character, two values) is refused here, before the value can reach a library that would
 * quote it in an error, and the answer never echoes it.
 */
const BEARER = /^Bearer +([\x21-\x7e]+)$/i;

/** The one bearer token of a call's authorization values. */
export function bearerTokenOf(authorization: readonly string[]): string {
  if (authorization.length > 1) throw unauthenticated('INVALID_CREDENTIALS', 'send one authorization value, "Bearer <token>"');
  return bearerToken(authorization[0]);
}

export function bearerToken(header: string | undefined): string {
  if (header === undefined || header === '') throw unauthenticated('MISSING_CREDENTIALS', 'send "authorization: Bearer <token>"');
  const match = BEARER.exec(header);
  if (!match) throw unauthenticated('INVALID_CREDENTIALS', 'the authorization value must be "Bearer <token>", the token in visible ASCII');
  return match[1] as string;
}

export function sha256Hex(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function createAuthenticator(config: Pick<Config, 'serviceTokens' | 'jwt'>): Authenticator {
  const tokens = new Map<string, ServiceTokenConfig>(config.serviceTokens.map((t) => [t.sha256, t]));
  const callers = new Map<string, Caller>(
    config.serviceTokens.map((t) => [t.sha256, { kind: 'service', actor: `service:${t.id}`, scopes: new Set<Scope>(t.scopes) }]),
  );
  // Tokens already matched, so the hot path does not hash the same token on every call. Only valid
  // service tokens land here (bounded; cleared when full), never JWTs, whose expiry must be checked.
  const recentServiceTokens = new Map<string, Caller>();
  const jwt = config.jwt;
  let key: KeyObject | JWTVerifyGetKey | undefined;
  if (jwt?.publicKeyFile) key = createPublicKey(readFileSync(jwt.publicKeyFile));
  else if (jwt?.jwksFile) key = createLocalJWKSet(JSON.parse(readFileSync(jwt.jwksFile, 'utf8')));

  async function verifyJwt(token: string): Promise<Caller> {
    if (!jwt || !key) throw unauthenticated('INVALID_CREDENTIALS', 'organization-admin tokens are not accepted by this deployment');
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, key as KeyObject, { issuer: jwt.issuer, audience: jwt.audience, clockTolerance: 5 }));
    } catch (error) {
      const why = error instanceof Error && 'code' in error ? String((error as { code: unknown }).code) : 'invalid';
      throw unauthenticated('INVALID_CREDENTIALS', `the bearer token was rejected (${why})`);
    }
    const organizationId = payload[jwt.organizationClaim];
    const role = payload[jwt.roleClaim];
    const subject = payload['sub'];
    if (typeof organizationId !== 'string' || organizationId === '' || typeof subject !== 'string' || subject === '') {
      throw unauthenticated('INVALID_CREDENTIALS', `the token must carry "sub" and "${jwt.organizationClaim}"`);
    }
    if (role !== jwt.adminRole && !(Array.isArray(role) && role.includes(jwt.adminRole))) {
      throw new PolicyError('PERMISSION_DENIED', ErrorReason.INSUFFICIENT_SCOPE, `the token's ${jwt.roleClaim} is not ${jwt.adminRole}`, {
        metadata: { actor: `user:${subject}` },
      });
    }
    return { kind: 'organization-admin', actor: `user:${subject}`, organizationId };
  }

  return {
    async authenticate(authorization) {
      const token = bearerTokenOf(authorization);
      const remembered = recentServiceTokens.get(token);
      if (remembered) return remembered;
      const digest = sha256Hex(token);
      const known = tokens.get(digest);
      if (known && timingSafeEqual(Buffer.from(known.sha256, 'hex'), Buffer.from(digest, 'hex'))) {
        const caller = callers.get(digest) as Caller;
        if (recentServiceTokens.size >= RECENT_TOKENS) recentServiceTokens.clear();
        recentServiceTokens.set(token, caller);
        return caller;
      }
      if (token.startsWith(WIDGET_TOKEN_PREFIX)) {
        // Widget tokens live in browsers; they are good only for the HTTP face's org-admin methods.
        throw new PolicyError('UNAUTHENTICATED', ErrorReason.WIDGET_TOKEN_NOT_ACCEPTED_HERE, 'widget tokens are accepted only by the HTTP widget API');
      }
      if (token.split('.').length === 3) return verifyJwt(token);
      throw unauthenticated('INVALID_CREDENTIALS', 'unknown bearer token');
    },
  };
}
