// CreateWidgetSession: a host application's backend mints a short-lived token for its org-admin page.
import type { FieldViolation } from '../../domain/policy';
import { requirePlatformAdmin } from '../authorize';
import type { Caller } from '../caller';
import { ErrorReason, invalidArgument, PolicyError } from '../errors';
import { RequestConstraint, organizationIdViolations } from '../request-rules';
import type { ServiceContext } from '../service-context';
import { MAX_WIDGET_TOKEN_TTL_MS } from '../widget-tokens';

const SUBJECT_PATTERN = /^[A-Za-z0-9_.:@+-]{1,128}$/;

export interface WidgetSession {
  readonly token: string;
  readonly expireTimeMs: number;
}

export function createWidgetSession(
  ctx: ServiceContext,
  caller: Caller,
  request: { readonly organizationId: string; readonly subject: string; readonly ttlMs: number | undefined },
): WidgetSession {
  requirePlatformAdmin(caller, 'create widget sessions');
  const violations: FieldViolation[] = organizationIdViolations(request.organizationId, ctx.limits);
  if (!SUBJECT_PATTERN.test(request.subject)) {
    violations.push({
      field: 'subject',
      constraint: request.subject === '' ? RequestConstraint.FIELD_REQUIRED : 'SUBJECT_MALFORMED',
      description: 'is required: at most 128 characters of letters, digits and _.:@+-',
    });
  }
  const { ttlMs } = request;
  if (ttlMs === undefined) {
    violations.push({ field: 'ttl', constraint: RequestConstraint.FIELD_REQUIRED, description: 'is required: more than 0 and at most 15 minutes' });
  } else if (!(ttlMs > 0) || ttlMs > MAX_WIDGET_TOKEN_TTL_MS) {
    violations.push({ field: 'ttl', constraint: 'TTL_OUT_OF_RANGE', description: `must be more than 0 and at most 15 minutes (900s), was ${String(ttlMs / 1000)}s` });
  }
  if (violations.length > 0) throw invalidArgument(violations, { organizationId: request.organizationId.slice(0, 64) });
  const tokens = ctx.widgetTokens;
  if (!tokens) {
    throw new PolicyError('FAILED_PRECONDITION', ErrorReason.WIDGET_TOKENS_DISABLED, 'widget sessions are not configured on this deployment (set WIDGET_TOKEN_SECRET)');
  }
  return tokens.mint(request.organizationId, request.subject, ttlMs as number);
}
