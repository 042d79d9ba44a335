// ListPolicyChanges: the audit history, newest first, with opaque page tokens bound to their filter.
import { requireOrganizationAdmin, requirePlatformAdmin } from '../authorize';
import type { Caller } from '../caller';
import { invalidArgument } from '../errors';
import type { PolicyChangeRecord } from '../policy-store';
import { RequestConstraint, organizationIdViolations } from '../request-rules';
import type { ServiceContext } from '../service-context';
import type { FieldViolation } from '../../domain/policy';

export interface PolicyChangesPage {
  readonly changes: readonly PolicyChangeRecord[];
  readonly nextPageToken: string;
}

interface PageCursor {
  readonly organizationId: string;
  readonly startAtRevision: number;
}

function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify({ o: cursor.organizationId, s: cursor.startAtRevision })).toString('base64url');
}

function decodeCursor(token: string): PageCursor | undefined {
  try {
    const raw: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof raw !== 'object' || raw === null) return undefined;
    const { o, s } = raw as { o?: unknown; s?: unknown };
    if (typeof o !== 'string' || typeof s !== 'number' || !Number.isSafeInteger(s) || s < 1) return undefined;
    return { organizationId: o, startAtRevision: s };
  } catch {
    return undefined;
  }
}

export async function listPolicyChanges(
  ctx: ServiceContext,
  caller: Caller,
  request: { readonly organizationId: string; readonly pageSize: number; readonly pageToken: string },
): Promise<PolicyChangesPage> {
  const { organizationId, pageSize, pageToken } = request;
  if (organizationId === '') requirePlatformAdmin(caller, 'list the history of every organization');
  else requireOrganizationAdmin(caller, organizationId, "list this organization's history");

  const violations: FieldViolation[] = organizationId === '' ? [] : organizationIdViolations(organizationId, ctx.limits);
  // Above the maximum is read as the maximum (AIP-158); only a negative size is a caller's mistake.
  if (!Number.isInteger(pageSize) || pageSize < 0) {
    violations.push({
      field: 'page_size',
      constraint: RequestConstraint.PAGE_SIZE_OUT_OF_RANGE,
      description: `must be 0 (default ${ctx.limits.defaultPageSize}) or more; above ${ctx.limits.maxPageSize} is read as ${ctx.limits.maxPageSize}`,
    });
  }
  const cursor = pageToken === '' ? undefined : decodeCursor(pageToken);
  if (pageToken !== '' && (!cursor || cursor.organizationId !== organizationId)) {
    violations.push({
      field: 'page_token',
      constraint: RequestConstraint.PAGE_TOKEN_INVALID,
      description: 'must be a next_page_token returned for the same organization_id',
    });
  }
  if (violations.length > 0) throw invalidArgument(violations);

  const page = await ctx.store.listChanges({
    ...(organizationId !== '' ? { organizationId } : {}),
    ...(cursor ? { startAtRevision: cursor.startAtRevision } : {}),
    limit: pageSize === 0 ? ctx.limits.defaultPageSize : Math.min(pageSize, ctx.limits.maxPageSize),
  });
  return {
    changes: page.changes,
    nextPageToken: page.nextStartAtRevision === undefined ? '' : encodeCursor({ organizationId, startAtRevision: page.nextStartAtRevision }),
  };
}
