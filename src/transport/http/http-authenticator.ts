// HTTP credentials: the gRPC face's service tokens and org-admin JWTs, plus widget tokens, which are
// accepted here and nowhere else.
import { Metadata } from '@grpc/grpc-js';
import type { Caller } from '../../app/caller';
import { ErrorReason, PolicyError } from '../../app/errors';
import { WIDGET_TOKEN_PREFIX, type WidgetTokens } from '../../app/widget-tokens';
import { bearerToken, type Authenticator } from '../authenticate';

/** `authorization`: every value the request carried (Node keeps only the first in `req.headers`). */
export function httpAuthenticator(base: Authenticator, widgetTokens: WidgetTokens | undefined): (authorization: readonly string[] | undefined) => Promise<Caller> {
  return async (authorization) => {
    if (authorization !== undefined && authorization.length > 1) {
      throw new PolicyError('UNAUTHENTICATED', ErrorReason.INVALID_CREDENTIALS, 'send one authorization value, "Bearer <token>"');
    }
    // Parsed before anything else touches it: grpc-js Metadata refuses (and quotes) non-ASCII values.
    const token = bearerToken(authorization?.[0]);
    if (token.startsWith(WIDGET_TOKEN_PREFIX)) {
      if (!widgetTokens) throw new PolicyError('UNAUTHENTICATED', ErrorReason.WIDGET_TOKENS_DISABLED, 'widget sessions are not configured on this deployment');
      return widgetTokens.verify(token);
    }
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${token}`);
    return base.authenticate(metadata);
  };
}
