// WatchEffectivePolicies: a snapshot (or a resume point), then every change in revision order.
// Changes reach watchers only through the replica, which applies the log in revision order, so every
// watcher on every instance sees the same sequence; a resumed watch first replays the changes after its
// revision (held in memory), computed against the state each change was made on.
import { resolveEffectivePolicy as resolveFrom } from '../../domain/resolve-effective-policy';
import type { ApplicationPolicy, EffectivePolicy } from '../../domain/policy';
import { requireResolver } from '../authorize';
import type { Caller } from '../caller';
import { ErrorReason, invalidArgument, PolicyError } from '../errors';
import { unwrittenOrganization, type PolicyChangeRecord, type StoredOrganization, type StoredRevocation } from '../policy-store';
import { RequestConstraint, organizationIdListViolations } from '../request-rules';
import type { ServiceContext } from '../service-context';
import { organizationState } from './resolve-and-evaluate';

export interface WatchEvent {
  readonly type: 'SNAPSHOT' | 'CHANGE';
  readonly revision: number;
  /** The effective policy of any watched organization not listed. */
  readonly defaultPolicy: EffectivePolicy;
  readonly policies: readonly { readonly organizationId: string; readonly policy: EffectivePolicy }[];
  /** Snapshot: every kept revocation of the watched organizations and the global ones; change: those recorded. */
  readonly revocations: readonly StoredRevocation[];
}

/** The watcher's own copy of what it watches, advanced change by change. */
class WatchedState {
  constructor(
    private application: ApplicationPolicy,
    private readonly organizations: Map<string, StoredOrganization>,
    private readonly explicit: ReadonlySet<string> | undefined,
  ) {}

  /** The event a change produces for this watcher, or nothing when it concerns no watched org. */
  apply(change: PolicyChangeRecord): WatchEvent | undefined {
    if (change.revocations) {
      const explicit = this.explicit;
      const watched = explicit ? change.revocations.filter((r) => r.organizationId === '' || explicit.has(r.organizationId)) : change.revocations;
      return watched.length === 0 ? undefined : { ...this.event('CHANGE', change.revision, []), revocations: watched };
    }
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
      revocations: [],
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
  ctx.replica.freshness();
  // Another instance may be ahead of this one: a resume point it gave out is reached here first.
  if (resumeAfterRevision > ctx.replica.revision) await ctx.replica.catchUp();
  if (resumeAfterRevision > ctx.replica.revision) {
    throw new PolicyError('OUT_OF_RANGE', ErrorReason.REVISION_TOO_OLD, `revision ${resumeAfterRevision} has not been reached; take a fresh snapshot`, {
      metadata: { resumeAfterRevision: String(resumeAfterRevision), revision: String(ctx.replica.revision) },
    });
  }

  // Listen before reading anything, so no change falls between the starting state and the stream.
  // Everything up to the first yield is synchronous, so the replica cannot move in between.
  const queue: PolicyChangeRecord[] = [];
  let overflowed = false;
  let wake: (() => void) | undefined;
  const unsubscribe = ctx.replica.subscribe((change) => {
    if (queue.length >= ctx.limits.maxWatchBacklog) overflowed = true;
    else queue.push(change);
    wake?.();
  });
  const onAbort = (): void => wake?.();
  signal.addEventListener('abort', onAbort);
  try {
    const explicit = organizationIds.length > 0 ? new Set(organizationIds) : undefined;
    let position = ctx.replica.revision;
    const current = explicit ? organizationIds.map((id) => ctx.replica.organization(id)) : [...ctx.replica.allOrganizations()].filter(isCustom);
    let state: WatchedState;
    if (resumeAfterRevision === 0) {
      state = new WatchedState(ctx.replica.applicationPolicy().policy, new Map(current.map((o) => [o.organizationId, o])), explicit);
      yield { ...state.snapshot(position), revocations: [...ctx.replica.revocations.of(explicit)] };
    } else {
      const backlog = ctx.replica.changesSince(resumeAfterRevision);
      if (!backlog) {
        throw new PolicyError('OUT_OF_RANGE', ErrorReason.REVISION_TOO_OLD, `revision ${resumeAfterRevision} is older than the changes this instance keeps; take a fresh snapshot`, {
          metadata: { resumeAfterRevision: String(resumeAfterRevision) },
        });
      }
      // The state at the resume point: the current one with the backlog undone, newest first.
      let application = ctx.replica.applicationPolicy().policy;
      const organizations = new Map(current.map((o) => [o.organizationId, o]));
      for (const change of [...backlog].reverse()) {
        if (change.application) application = change.application.before?.policy ?? ctx.replica.defaultApplicationPolicy;
        const org = change.organization;
        if (org && (!explicit || explicit.has(org.after.organizationId))) {
          organizations.set(org.after.organizationId, org.before ?? unwrittenOrganization(org.after.organizationId));
        }
      }
      const starting = explicit ? [...organizations.values()] : [...organizations.values()].filter(isCustom);
      state = new WatchedState(application, new Map(starting.map((o) => [o.organizationId, o])), explicit);
      position = resumeAfterRevision;
      for (const change of backlog) {
        position = change.revision;
        const event = state.apply(change);
        if (event) yield event;
        if (signal.aborted) return;
      }
    }
    while (!signal.aborted) {
      if (overflowed) {
        throw new PolicyError('RESOURCE_EXHAUSTED', ErrorReason.WATCHER_TOO_SLOW, `the watcher fell more than ${ctx.limits.maxWatchBacklog} changes behind; resume after revision ${position}`, {
          metadata: { resumeAfterRevision: String(position) },
        });
      }
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

const isCustom = (org: StoredOrganization): boolean => org.policy.source === 'CUSTOM';
