// WatchEffectivePolicies: a snapshot (or a resume point), then every change in revision order.
// Changes reach watchers only through the replica, which applies the log in revision order, so every
// watcher on every instance sees the same sequence; a resumed watch first replays the changes after its
// revision (held in memory), computed against the state each change was made on.
import { resolveEffectivePolicy as resolveFrom } from '../../domain/resolve-effective-policy';
import type { ApplicationPolicy, EffectivePolicy } from '../../domain/policy';
import { EMPTY_RULE_SET, type SessionRuleSet } from '../../domain/session-rules';
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
  /** The effective policy of any watched organization not listed (no context). */
  readonly defaultPolicy: EffectivePolicy;
  /** The application's rules and profiles, so an enforcer can evaluate contexts locally. */
  readonly applicationRuleSet: SessionRuleSet;
  readonly policies: readonly {
    readonly organizationId: string;
    readonly policy: EffectivePolicy;
    /** The organization's rules and profiles while its session_policy feature is on. */
    readonly ruleSet: SessionRuleSet | undefined;
  }[];
  /** Snapshot: every kept revocation of the watched organizations and the global ones; change: those recorded. */
  readonly revocations: readonly StoredRevocation[];
}

/** What a watcher holds of one organization: its record and its rule set. */
interface WatchedOrganization {
  readonly record: StoredOrganization;
  readonly ruleSet: SessionRuleSet;
}

/** An organization a watcher of "every organization" lists: its policy or its rules can differ from the default. */
const isListed = (org: WatchedOrganization): boolean => org.record.policy.source === 'CUSTOM' || org.ruleSet.rules.length + org.ruleSet.complianceProfiles.length > 0;

/** The watcher's own copy of what it watches, advanced change by change. */
class WatchedState {
  constructor(
    private application: ApplicationPolicy,
    private applicationRuleSet: SessionRuleSet,
    private readonly organizations: Map<string, WatchedOrganization>,
    private readonly explicit: ReadonlySet<string> | undefined,
  ) {}

  /** The event a change produces for this watcher, or nothing when it concerns no watched org. */
  apply(change: PolicyChangeRecord): WatchEvent | undefined {
    if (change.revocations) {
      const explicit = this.explicit;
      const watched = explicit ? change.revocations.filter((r) => r.organizationId === '' || explicit.has(r.organizationId)) : change.revocations;
      return watched.length === 0 ? undefined : { ...this.event('CHANGE', change.revision, []), revocations: watched };
    }
    if (change.application || (change.rules && change.organizationId === undefined)) {
      if (change.application) this.application = change.application.after.policy;
      if (change.rules) this.applicationRuleSet = change.rules.after.ruleSet;
      return this.event('CHANGE', change.revision, [...this.organizations.values()]);
    }
    const id = change.organizationId;
    if (id === undefined || (this.explicit && !this.explicit.has(id))) return undefined;
    const held = this.organizations.get(id);
    const next: WatchedOrganization = {
      record: change.organization?.after ?? held?.record ?? unwrittenOrganization(id),
      ruleSet: change.rules?.after.ruleSet ?? held?.ruleSet ?? EMPTY_RULE_SET,
    };
    if (this.explicit || isListed(next)) this.organizations.set(id, next);
    else this.organizations.delete(id);
    // An org that was never listed and still is not changes nothing a watcher of "all" can see.
    if (!this.explicit && !held && !isListed(next)) return undefined;
    return this.event('CHANGE', change.revision, [next]);
  }

  event(type: WatchEvent['type'], revision: number, orgs: readonly WatchedOrganization[]): WatchEvent {
    const applicationRuleSet = this.applicationRuleSet;
    return {
      type,
      revision,
      defaultPolicy: resolveFrom(this.application, [], { applicationRuleSet }),
      applicationRuleSet,
      policies: orgs.map(({ record, ruleSet }) => ({
        organizationId: record.organizationId,
        policy: resolveFrom(this.application, [organizationState(record)], { applicationRuleSet, organizationRuleSets: new Map([[record.organizationId, ruleSet]]) }),
        ruleSet: record.features.session_policy ? ruleSet : undefined,
      })),
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
    const watched = (id: string): WatchedOrganization => ({ record: ctx.replica.organization(id), ruleSet: ctx.replica.ruleSet(id).ruleSet });
    const current = explicit
      ? organizationIds.map(watched)
      : [...ctx.replica.allOrganizations()].map((o) => watched(o.organizationId)).filter(isListed);
    let state: WatchedState;
    if (resumeAfterRevision === 0) {
      state = new WatchedState(ctx.replica.applicationPolicy().policy, ctx.replica.ruleSet('').ruleSet, new Map(current.map((o) => [o.record.organizationId, o])), explicit);
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
      let applicationRuleSet = ctx.replica.ruleSet('').ruleSet;
      const organizations = new Map(current.map((o) => [o.record.organizationId, o]));
      for (const change of [...backlog].reverse()) {
        if (change.application) application = change.application.before?.policy ?? ctx.replica.defaultApplicationPolicy;
        const id = change.organizationId;
        if (change.rules && id === undefined) applicationRuleSet = change.rules.before?.ruleSet ?? EMPTY_RULE_SET;
        if (id === undefined || (explicit && !explicit.has(id))) continue;
        const held = organizations.get(id) ?? watched(id);
        organizations.set(id, {
          record: change.organization ? (change.organization.before ?? unwrittenOrganization(id)) : held.record,
          ruleSet: change.rules ? (change.rules.before?.ruleSet ?? EMPTY_RULE_SET) : held.ruleSet,
        });
      }
      const starting = explicit ? [...organizations.values()] : [...organizations.values()].filter(isListed);
      state = new WatchedState(application, applicationRuleSet, new Map(starting.map((o) => [o.record.organizationId, o])), explicit);
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
        throw new PolicyError('ABORTED', ErrorReason.WATCHER_TOO_SLOW, `the watcher fell more than ${ctx.limits.maxWatchBacklog} changes behind; resume after revision ${position}`, {
          metadata: { lastRevision: String(position) },
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

