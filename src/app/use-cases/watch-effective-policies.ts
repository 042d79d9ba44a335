// WatchEffectivePolicies: a snapshot (or a resume point), then every change in revision order.
// Changes reach this instance only through the change feed, so every watcher on every instance sees
// the same sequence; a resumed watch first replays the log after its revision, computed against the
// state each change was made on.
import { resolveEffectivePolicy as resolveFrom } from '../../domain/resolve-effective-policy';
import type { ApplicationPolicy, EffectivePolicy } from '../../domain/policy';
import { requireResolver } from '../authorize';
import type { Caller } from '../caller';
import { ErrorReason, invalidArgument, PolicyError } from '../errors';
import type { PolicyChangeRecord, StoredOrganization } from '../policy-store';
import { RequestConstraint, organizationIdListViolations } from '../request-rules';
import type { ServiceContext } from '../service-context';
import { organizationState } from './resolve-and-evaluate';

export interface WatchEvent {
  readonly type: 'SNAPSHOT' | 'CHANGE';
  readonly revision: number;
  /** The effective policy of any watched organization not listed. */
  readonly defaultPolicy: EffectivePolicy;
  readonly policies: readonly { readonly organizationId: string; readonly policy: EffectivePolicy }[];
}

const BACKLOG_BATCH = 500;

/** The watcher's own copy of what it watches, advanced change by change. */
class WatchedState {
  constructor(
    private application: ApplicationPolicy,
    private readonly organizations: Map<string, StoredOrganization>,
    private readonly explicit: ReadonlySet<string> | undefined,
  ) {}

  /** The event a change produces for this watcher, or nothing when it concerns no watched org. */
  apply(change: PolicyChangeRecord): WatchEvent | undefined {
    if (change.application) {
      this.application = change.application.after.policy;
      return this.event('CHANGE', change.revision, [...this.organizations.values()]);
    }
    const after = change.organization?.after;
    if (!after || (this.explicit && !this.explicit.has(after.organizationId))) return undefined;
    const had = this.organizations.has(after.organizationId);
    if (this.explicit || after.policy.source === 'CUSTOM') this.organizations.set(after.organizationId, after);
    else this.organizations.delete(after.organizationId);
    // An org that was never listed and still inherits changes nothing a watcher of "all" can see.
    if (!this.explicit && !had && after.policy.source !== 'CUSTOM') return undefined;
    return this.event('CHANGE', change.revision, [after]);
  }

  event(type: WatchEvent['type'], revision: number, orgs: readonly StoredOrganization[]): WatchEvent {
    return {
      type,
      revision,
      defaultPolicy: resolveFrom(this.application, []),
      policies: orgs.map((org) => ({ organizationId: org.organizationId, policy: resolveFrom(this.application, [organizationState(org)]) })),
    };
  }

  snapshot(revision: number): WatchEvent {
    return this.event('SNAPSHOT', revision, [...this.organizations.values()]);
  }
}

export async function* watchEffectivePolicies(
  ctx: ServiceContext,
  caller: Caller,
  request: { readonly organizationIds: readonly string[]; readonly resumeAfterRevision: number },
  signal: AbortSignal,
): AsyncGenerator<WatchEvent> {
  const { organizationIds, resumeAfterRevision } = request;
  if (organizationIds.length > 0 || caller.kind === 'organization-admin') {
    requireResolver(caller, organizationIds, 'watch the policies of these organizations');
  } else {
    requireResolver(caller, [], 'watch the policies of every organization');
  }
  const violations = organizationIdListViolations(organizationIds, ctx.limits);
  if (!Number.isSafeInteger(resumeAfterRevision) || resumeAfterRevision < 0) {
    violations.push({ field: 'resume_after_revision', constraint: RequestConstraint.REVISION_NEGATIVE, description: 'must be 0 or a revision received before' });
  }
  if (violations.length > 0) throw invalidArgument(violations);

  // Listen before reading anything, so no change falls between the starting state and the stream.
  const queue: PolicyChangeRecord[] = [];
  let wake: (() => void) | undefined;
  const unsubscribe = ctx.feed.subscribe((change) => {
    queue.push(change);
    wake?.();
  });
  const onAbort = (): void => wake?.();
  signal.addEventListener('abort', onAbort);
  try {
    const explicit = organizationIds.length > 0 ? new Set(organizationIds) : undefined;
    let state: WatchedState;
    let position: number;
    if (resumeAfterRevision === 0) {
      position = ctx.cache.revision;
      const view = await ctx.cache.view(organizationIds);
      const orgs = explicit ? view.organizations : await ctx.store.listCustomOrganizations();
      state = new WatchedState(view.application.policy, new Map(orgs.map((o) => [o.organizationId, o])), explicit);
      yield state.snapshot(position);
    } else {
      if (resumeAfterRevision > ctx.cache.revision + 1 && resumeAfterRevision > (await ctx.store.latestRevision())) {
        throw new PolicyError('OUT_OF_RANGE', ErrorReason.REVISION_TOO_OLD, `revision ${resumeAfterRevision} has not been reached; take a fresh snapshot`, {
          metadata: { resumeAfterRevision: String(resumeAfterRevision) },
        });
      }
      position = resumeAfterRevision;
      const ids = explicit ? [...explicit] : (await ctx.store.listCustomOrganizations()).map((o) => o.organizationId);
      const backlog: PolicyChangeRecord[] = [];
      for (let batch = await ctx.store.changesAfter(position, BACKLOG_BATCH); batch.length > 0; ) {
        backlog.push(...batch);
        const last = batch[batch.length - 1];
        if (!last || batch.length < BACKLOG_BATCH) break;
        batch = await ctx.store.changesAfter(last.revision, BACKLOG_BATCH);
      }
      // Orgs that became APPLICATION since are not listed as CUSTOM now but were at the resume point.
      const touched = backlog.flatMap((c) => (c.organization ? [c.organization.after.organizationId] : []));
      const watchedIds = explicit ? ids : [...new Set([...ids, ...touched])];
      const then = await ctx.store.stateAt(watchedIds, position);
      const startingOrgs = explicit ? then.organizations : then.organizations.filter((o) => o.policy.source === 'CUSTOM');
      state = new WatchedState(then.application.policy, new Map(startingOrgs.map((o) => [o.organizationId, o])), explicit);
      for (const change of backlog) {
        const event = state.apply(change);
        position = change.revision;
        if (event) yield event;
      }
    }
    while (!signal.aborted) {
      const change = queue.shift();
      if (!change) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      if (change.revision <= position) continue;
      position = change.revision;
      const event = state.apply(change);
      if (event) yield event;
    }
  } finally {
    unsubscribe();
    signal.removeEventListener('abort', onAbort);
  }
}
