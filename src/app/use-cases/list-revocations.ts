// ListRevocations: the kept revocations of one organization (or the global ones), oldest first, read
// from the replica. Page tokens are signed and bound to their organization, like ListPolicyChanges'.
import type { FieldViolation } from '../../domain/policy';
import { requireOrganizationAdmin, requirePlatformAdmin } from '../authorize';
import type { Caller } from '../caller';
import { invalidArgument } from '../errors';
import { pageLimit, pageSizeViolations, pageTokenViolation, signPageToken, verifyPageToken } from '../paging';
import { organizationIdViolations } from '../request-rules';
import type { ServiceContext } from '../service-context';
import type { KeptRevocation } from './revoke-sessions';

export interface RevocationsPage {
  readonly revocations: readonly KeptRevocation[];
  readonly nextPageToken: string;
}

const PURPOSE = 'revocations';

interface RevocationCursor {
  readonly o: string;
  readonly a: number;
  readonly i: number;
}

export async function listRevocations(
  ctx: ServiceContext,
  caller: Caller,
  request: { readonly organizationId: string; readonly pageSize: number; readonly pageToken: string },
): Promise<RevocationsPage> {
  const { organizationId, pageSize, pageToken } = request;
  if (organizationId === '') requirePlatformAdmin(caller, 'list global revocations');
  else requireOrganizationAdmin(caller, organizationId, "list this organization's revocations");
  const violations: FieldViolation[] = [...(organizationId === '' ? [] : organizationIdViolations(organizationId, ctx.limits)), ...pageSizeViolations(pageSize, ctx.limits)];
  const cursor = pageToken === '' ? undefined : verifyPageToken<RevocationCursor>(ctx.pageTokenKey, PURPOSE, pageToken);
  if (pageToken !== '' && (!cursor || cursor.o !== organizationId)) violations.push(pageTokenViolation());
  if (violations.length > 0) throw invalidArgument(violations);
  ctx.replica.freshness();
  ctx.replica.purgeRevocations();
  const { revocations, more } = ctx.replica.revocations.page(organizationId, cursor ? { revision: cursor.a, index: cursor.i } : { revision: 0, index: 0 }, pageLimit(pageSize, ctx.limits));
  const last = revocations[revocations.length - 1];
  const next: RevocationCursor | undefined = more && last ? { o: organizationId, a: last.revision, i: last.index } : undefined;
  return {
    revocations: revocations.map((revocation) => ({ revocation, expireTimeMs: ctx.replica.revocationExpiresAt(revocation) })),
    nextPageToken: next ? signPageToken(ctx.pageTokenKey, PURPOSE, next) : '',
  };
}
