// HTTP credentials: the gRPC face's service tokens and org-admin JWTs, plus widget tokens, which are
// accepted here and nowhere else (the shared authenticator refuses them, WIDGET_TOKEN_NOT_ACCEPTED_HERE).
import { ErrorReason, PolicyError } from '../../app/errors';
import { WIDGET_TOKEN_PREFIX, type WidgetTokens } from '../../app/widget-tokens';
import { bearerTokenOf, type Authenticator } from '../authenticate';

export function httpAuthenticator(base: Authenticator, widgetTokens: WidgetTokens | undefined): Authenticator {
  return {
    async authenticate(authorization) {
      const token = bearerTokenOf(authorization);
      if (!token.startsWith(WIDGET_TOKEN_PREFIX)) return base.authenticate(authorization);
      if (!widgetTokens) throw new PolicyError('UNAUTHENTICATED', ErrorReason.WIDGET_TOKENS_DISABLED, 'widget sessions are not configured on this deployment');
      return widgetTokens.verify(token);
    },
  };
}
