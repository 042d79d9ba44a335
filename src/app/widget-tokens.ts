// Widget tokens: stateless, HMAC-signed claims (organization, subject, expiry), so that any instance
// sharing the deployment's secret accepts a token another instance minted, with nothing stored.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Caller } from './caller';
import { ErrorReason, PolicyError } from './errors';

/** Distinguishes widget tokens from service tokens and JWTs at a glance (and in the gRPC authenticator). */
export const WIDGET_TOKEN_PREFIX = 'spw1_';
export const MAX_WIDGET_TOKEN_TTL_MS = 15 * 60 * 1000;

interface Claims {
  readonly o: string;
  readonly s: string;
  /** Expiry, epoch milliseconds. */
  readonly e: number;
}

const unauthenticated = (reason: ErrorReason, message: string): PolicyError => new PolicyError('UNAUTHENTICATED', reason, message);

export class WidgetTokens {
  private readonly key: Buffer;

  constructor(secret: string, private readonly now: () => number = Date.now) {
    // Domain-separated so the configured secret is never used as an HMAC key for anything else.
    this.key = createHmac('sha256', secret).update('session-policy widget token v1').digest();
  }

  mint(organizationId: string, subject: string, ttlMs: number): { token: string; expireTimeMs: number } {
    const expireTimeMs = this.now() + ttlMs;
    const claims: Claims = { o: organizationId, s: subject, e: expireTimeMs };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return { token: `${WIDGET_TOKEN_PREFIX}${payload}.${this.sign(payload)}`, expireTimeMs };
  }

  /** The widget caller a token stands for; UNAUTHENTICATED if it is forged, malformed or expired. */
  verify(token: string): Caller {
    const body = token.startsWith(WIDGET_TOKEN_PREFIX) ? token.slice(WIDGET_TOKEN_PREFIX.length) : '';
    const [payload = '', signature = '', ...rest] = body.split('.');
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (rest.length > 0 || payload === '' || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw unauthenticated(ErrorReason.INVALID_CREDENTIALS, 'the widget token is not valid for this deployment');
    }
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
    if (!(this.now() < claims.e)) {
      throw new PolicyError('UNAUTHENTICATED', ErrorReason.WIDGET_TOKEN_EXPIRED, 'the widget session has expired; reload the page to start a new one', {
        metadata: { expireTime: new Date(claims.e).toISOString() },
      });
    }
    return { kind: 'widget', actor: `widget:${claims.s}`, organizationId: claims.o, subject: claims.s };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
