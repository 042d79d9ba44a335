// ListPolicyChanges: the audit history (the change log itself), newest first, paged with signed tokens
// bound to their filter (paging.ts).
import { requireOrganizationAdmin, requirePlatformAdmin } from '../authorize';
import type { Caller } from '../caller';
import { ErrorReason, invalidArgument, PolicyError } from '../errors';
import type { PolicyChangeRecord } from '../policy-store';
import { pageLimit, pageSizeViolations, pageTokenViolation, signPageToken, verifyPageToken } from '../paging';
import { organizationIdViolations } from '../request-rules';
import type { ServiceContext } from '../service-context';
import type { FieldViolation } from '../../domain/policy';

export interface PolicyChangesPage {
  readonly changes: readonly PolicyChangeRecord[];
  readonly nextPageToken: string;
}

const PURPOSE = 'policy-changes';

/** o: the organization filter; s: the newest revision the next page starts at (inclusive). */
interface PageCursor {
  readonly o: string;
  readonly s: number;
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

  const violations: FieldViolation[] = [...(organizationId === '' ? [] : organizationIdViolations(organizationId, ctx.limits)), ...pageSizeViolations(pageSize, ctx.limits)];
  const cursor = pageToken === '' ? undefined : verifyPageToken<PageCursor>(ctx.pageTokenKey, PURPOSE, pageToken);
  // Signed by us, so its revision existed when it was issued; a store that was reset is the only way
  // it can be ahead of the head.
  if (pageToken !== '' && (!cursor || cursor.o !== organizationId || cursor.s > ctx.replica.revision)) violations.push(pageTokenViolation());
  if (violations.length > 0) throw invalidArgument(violations);

  const limit = pageLimit(pageSize, ctx.limits);
  const page: PolicyChangeRecord[] = [];
  let next: number | undefined;
  if (organizationId !== '') {
    // The organization's own history chain, newest first.
    let revision = cursor?.s ?? ctx.replica.historyHead(organizationId);
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
    const newest = cursor?.s ?? ctx.replica.revision;
    const oldest = Math.max(1, newest - limit + 1);
    if (newest > 0) page.push(...(await ctx.store.readChanges(oldest, newest)).reverse());
    if (oldest > 1) next = oldest - 1;
  }
  return {
    // Revocations are listed by ListRevocations while kept; a page may come out shorter (AIP-158).
    changes: page.filter((change) => change.target !== 'SESSION_REVOCATION'),
    nextPageToken: next === undefined ? '' : signPageToken(ctx.pageTokenKey, PURPOSE, { o: organizationId, s: next }),
  };
}

function stopIfGone(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new PolicyError('DEADLINE_EXCEEDED', ErrorReason.DEADLINE_EXCEEDED, 'the caller cancelled or its deadline passed');
}
