// HTTP credentials: the gRPC face's service tokens and org-admin JWTs, plus widget tokens, which are
// accepted here and nowhere else.
import { Metadata } from '@grpc/grpc-js';
import type { Caller } from '../../app/caller';
import { ErrorReason, PolicyError } from '../../app/errors';
import { WIDGET_TOKEN_PREFIX, type WidgetTokens } from '../../app/widget-tokens';
import type { Authenticator } from '../authenticate';

export function httpAuthenticator(base: Authenticator, widgetTokens: WidgetTokens | undefined): (authorization: string | undefined) => Promise<Caller> {
  return async (authorization) => {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (token?.startsWith(WIDGET_TOKEN_PREFIX)) {
      if (!widgetTokens) throw new PolicyError('UNAUTHENTICATED', ErrorReason.WIDGET_TOKENS_DISABLED, 'widget sessions are not configured on this deployment');
      return widgetTokens.verify(token);
    }
    const metadata = new Metadata();
    if (authorization !== undefined) metadata.set('authorization', authorization);
    return base.authenticate(metadata);
  };
}
