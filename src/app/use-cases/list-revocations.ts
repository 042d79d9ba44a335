// ListRevocations: the kept revocations of one organization (or the global ones), oldest first, read
// from the replica. Page tokens are signed and bound to their organization, like ListPolicyChanges'.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FieldViolation } from '../../domain/policy';
import { requireOrganizationAdmin, requirePlatformAdmin } from '../authorize';
import type { Caller } from '../caller';
import { invalidArgument } from '../errors';
import type { StoredRevocation } from '../policy-store';
import { RequestConstraint, organizationIdViolations } from '../request-rules';
import type { ServiceContext } from '../service-context';

export interface RevocationsPage {
  readonly revocations: readonly StoredRevocation[];
  readonly nextPageToken: string;
}

const signature = (key: Buffer, payload: string): Buffer => createHmac('sha256', key).update(`revocations.${payload}`).digest().subarray(0, 16);

function encodeCursor(key: Buffer, organizationId: string, after: StoredRevocation): string {
  const payload = Buffer.from(JSON.stringify({ o: organizationId, a: after.revision, i: after.index })).toString('base64url');
  return `${payload}.${signature(key, payload).toString('base64url')}`;
}

function decodeCursor(key: Buffer, token: string): { organizationId: string; after: { revision: number; index: number } } | undefined {
  const [payload, mac, ...rest] = token.split('.');
  if (!payload || !mac || rest.length > 0 || token.length > 512) return undefined;
  const given = Buffer.from(mac, 'base64url');
  const expected = signature(key, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { o: string; a: number; i: number };
  return { organizationId: raw.o, after: { revision: raw.a, index: raw.i } };
}

export async function listRevocations(
  ctx: ServiceContext,
  caller: Caller,
  request: { readonly organizationId: string; readonly pageSize: number; readonly pageToken: string },
): Promise<RevocationsPage> {
  const { organizationId, pageSize, pageToken } = request;
  if (organizationId === '') requirePlatformAdmin(caller, 'list global revocations');
  else requireOrganizationAdmin(caller, organizationId, "list this organization's revocations");
  const violations: FieldViolation[] = organizationId === '' ? [] : organizationIdViolations(organizationId, ctx.limits);
  if (!Number.isInteger(pageSize) || pageSize < 0) {
    violations.push({
      field: 'page_size',
      constraint: RequestConstraint.PAGE_SIZE_OUT_OF_RANGE,
      description: `must be 0 (default ${ctx.limits.defaultPageSize}) or more; above ${ctx.limits.maxPageSize} is read as ${ctx.limits.maxPageSize}`,
    });
  }
  const cursor = pageToken === '' ? undefined : decodeCursor(ctx.pageTokenKey, pageToken);
  if (pageToken !== '' && (!cursor || cursor.organizationId !== organizationId)) {
    violations.push({ field: 'page_token', constraint: RequestConstraint.PAGE_TOKEN_INVALID, description: 'must be a next_page_token returned for the same organization_id' });
  }
  if (violations.length > 0) throw invalidArgument(violations);
  ctx.replica.freshness();
  ctx.replica.purgeRevocations();
  const limit = pageSize === 0 ? ctx.limits.defaultPageSize : Math.min(pageSize, ctx.limits.maxPageSize);
  const { revocations, more } = ctx.replica.revocations.page(organizationId, cursor?.after ?? { revision: 0, index: 0 }, limit);
  const last = revocations[revocations.length - 1];
  return { revocations, nextPageToken: more && last ? encodeCursor(ctx.pageTokenKey, organizationId, last) : '' };
}
