// ListPolicyChanges: the audit history (the change log itself), newest first, with page tokens that
// are signed, bound to their filter and checked in O(1): a forged or edited token costs nothing.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { requireOrganizationAdmin, requirePlatformAdmin } from '../authorize';
import type { Caller } from '../caller';
import { ErrorReason, invalidArgument, PolicyError } from '../errors';
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
  /** The newest revision the next page starts at (inclusive). */
  readonly startAtRevision: number;
}

function signature(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest().subarray(0, 16);
}

function encodeCursor(key: Buffer, cursor: PageCursor): string {
  const payload = Buffer.from(JSON.stringify({ o: cursor.organizationId, s: cursor.startAtRevision })).toString('base64url');
  return `${payload}.${signature(key, payload).toString('base64url')}`;
}

function decodeCursor(key: Buffer, token: string): PageCursor | undefined {
  const [payload, mac, ...rest] = token.split('.');
  if (!payload || !mac || rest.length > 0 || token.length > 512) return undefined;
  const given = Buffer.from(mac, 'base64url');
  const expected = signature(key, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { o: string; s: number };
  return { organizationId: raw.o, startAtRevision: raw.s };
}

export async function listPolicyChanges(
  ctx: ServiceContext,
  caller: Caller,
  request: { readonly organizationId: string; readonly pageSize: number; readonly pageToken: string },
  signal?: AbortSignal,
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
  const cursor = pageToken === '' ? undefined : decodeCursor(ctx.pageTokenKey, pageToken);
  // Signed by us, so its revision existed when it was issued; a store that was reset is the only way
  // it can be ahead of the head.
  if (pageToken !== '' && (!cursor || cursor.organizationId !== organizationId || cursor.startAtRevision > ctx.replica.revision)) {
    violations.push({
      field: 'page_token',
      constraint: RequestConstraint.PAGE_TOKEN_INVALID,
      description: 'must be a next_page_token returned for the same organization_id',
    });
  }
  if (violations.length > 0) throw invalidArgument(violations);

  const limit = pageSize === 0 ? ctx.limits.defaultPageSize : Math.min(pageSize, ctx.limits.maxPageSize);
  const page: PolicyChangeRecord[] = [];
  let next: number | undefined;
  if (organizationId !== '') {
    // The organization's own history chain, newest first.
    let revision = cursor?.startAtRevision ?? ctx.replica.historyHead(organizationId);
    while (revision > 0) {
      stopIfGone(signal);
      if (page.length === limit) {
        next = revision;
        break;
      }
      const change = await ctx.store.readChange(revision);
      if (!change) break;
      page.push(change);
      revision = change.previousRevision;
    }
  } else {
    // Every change: revisions are dense, so a page is one range read.
    const newest = cursor?.startAtRevision ?? ctx.replica.revision;
    const oldest = Math.max(1, newest - limit + 1);
    if (newest > 0) page.push(...(await ctx.store.readChanges(oldest, newest)).reverse());
    if (oldest > 1) next = oldest - 1;
  }
  return {
    // Revocations are listed by ListRevocations while kept; a page may come out shorter (AIP-158).
    changes: page.filter((change) => change.target !== 'SESSION_REVOCATION'),
    nextPageToken: next === undefined ? '' : encodeCursor(ctx.pageTokenKey, { organizationId, startAtRevision: next }),
  };
}

function stopIfGone(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new PolicyError('DEADLINE_EXCEEDED', ErrorReason.DEADLINE_EXCEEDED, 'the caller cancelled or its deadline passed');
}
