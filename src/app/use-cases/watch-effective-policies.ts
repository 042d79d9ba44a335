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
import { unwrittenOrganization, type PolicyChangeRecord, type StoredApplicationPolicy, type StoredOrganization, type StoredRevocation, type StoredRuleSet } from '../policy-store';
import { applyChange, undoChange, type ProjectedState } from '../replica/projection';
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

/** An organization's record and rule set right after `revision` (the watcher's view may not hold it). */
type StateAsOf = (organizationId: string, revision: number) => { readonly record: StoredOrganization | undefined; readonly ruleSet: StoredRuleSet | undefined };

/**
 * The watcher's own view: the projection (applyChange, the replica's own reducer) over what it
 * watches, the application scope and the organizations it lists (or names), advanced change by change.
 * An organization it does not hold is brought in, as it was just before the change, when a change
 * concerns it.
 */
class WatchedState {
  readonly view: ProjectedState;
  /** The revocations the change being applied recorded. */
  private recorded: StoredRevocation[] = [];

  constructor(
    start: { readonly application: StoredApplicationPolicy | undefined; readonly organizations: Map<string, StoredOrganization>; readonly ruleSets: Map<string, StoredRuleSet>; readonly revision: number },
    private readonly defaults: ApplicationPolicy,
    private readonly explicit: ReadonlySet<string> | undefined,
    private readonly stateAsOf: StateAsOf,
  ) {
    this.view = { ...start, revocations: { add: (revocation) => this.recorded.push(revocation) } };
  }

  private holds(id: string): boolean {
    return this.view.organizations.has(id) || this.view.ruleSets.has(id);
  }

  private organizationOf(id: string): WatchedOrganization {
    return { record: this.view.organizations.get(id) ?? unwrittenOrganization(id), ruleSet: this.view.ruleSets.get(id)?.ruleSet ?? EMPTY_RULE_SET };
  }

  /** Brings an organization into the view as it was right after `revision`. */
  bringIn(id: string, revision: number): void {
    if (this.holds(id)) return;
    const { record, ruleSet } = this.stateAsOf(id, revision);
    if (record) this.view.organizations.set(id, record);
    if (ruleSet) this.view.ruleSets.set(id, ruleSet);
  }

  /** Drops an organization a watcher of every organization does not list, so the view stays small. */
  private dropUnlisted(id: string): boolean {
    if (this.explicit || isListed(this.organizationOf(id))) return false;
    this.view.organizations.delete(id);
    this.view.ruleSets.delete(id);
    return true;
  }

  /** After undoing to a resume point: only what the watcher names, or lists, stays. */
  settle(): void {
    const explicit = this.explicit;
    for (const id of [...this.view.organizations.keys(), ...this.view.ruleSets.keys()]) {
      if (id === '') continue;
      if (!explicit) {
        this.dropUnlisted(id);
      } else if (!explicit.has(id)) {
        this.view.organizations.delete(id);
        this.view.ruleSets.delete(id);
      }
    }
  }

  /** The event a change produces for this watcher, or nothing when it concerns no watched org. */
  apply(change: PolicyChangeRecord): WatchEvent | undefined {
    const id = change.organizationId;
    const organizationScoped = change.target === 'ORGANIZATION_POLICY' || change.target === 'ORGANIZATION_SETTINGS' || (change.target === 'SESSION_RULES' && id !== undefined);
    const held = id !== undefined && this.holds(id);
    if (organizationScoped && id !== undefined && !held && !this.explicit) this.bringIn(id, change.revision - 1);
    this.recorded = [];
    applyChange(this.view, change);
    if (change.target === 'SESSION_REVOCATION') {
      const explicit = this.explicit;
      const watched = explicit ? this.recorded.filter((r) => r.organizationId === '' || explicit.has(r.organizationId)) : this.recorded;
      return watched.length === 0 ? undefined : { ...this.event('CHANGE', change.revision, []), revocations: watched };
    }
    if (!organizationScoped || id === undefined) return this.event('CHANGE', change.revision, this.listed());
    if (this.explicit && !this.explicit.has(id)) {
      this.view.organizations.delete(id);
      this.view.ruleSets.delete(id);
      return undefined;
    }
    const next = this.organizationOf(id);
    // An org that was not listed and still is not changes nothing a watcher of "all" can see.
    if (this.dropUnlisted(id) && !held) return undefined;
    return this.event('CHANGE', change.revision, [next]);
  }

  private listed(): WatchedOrganization[] {
    const ids = new Set([...this.view.organizations.keys(), ...this.view.ruleSets.keys()]);
    ids.delete('');
    return [...ids].map((id) => this.organizationOf(id));
  }

  event(type: WatchEvent['type'], revision: number, orgs: readonly WatchedOrganization[]): WatchEvent {
    const application = this.view.application?.policy ?? this.defaults;
    const applicationRuleSet = this.view.ruleSets.get('')?.ruleSet ?? EMPTY_RULE_SET;
    return {
      type,
      revision,
      defaultPolicy: resolveFrom(application, [], { applicationRuleSet }),
      applicationRuleSet,
      policies: orgs.map(({ record, ruleSet }) => ({
        organizationId: record.organizationId,
        policy: resolveFrom(application, [organizationState(record)], { applicationRuleSet, organizationRuleSets: new Map([[record.organizationId, ruleSet]]) }),
        ruleSet: record.features.session_policy ? ruleSet : undefined,
      })),
      revocations: [],
    };
  }

  snapshot(revision: number): WatchEvent {
    return this.event('SNAPSHOT', revision, this.listed());
  }
}

/**
 * An organization's record and rule set right after `revision`: the replica's, walked back through the
 * changes it still holds when they are newer (a watcher catching up through its queue is behind the
 * replica). Past what it holds the current one is the best known.
 */
function stateAsOf(ctx: ServiceContext, id: string, revision: number): ReturnType<StateAsOf> {
  let record: StoredOrganization | undefined = ctx.replica.organization(id);
  while (record && record.lastChangeRevision > revision) {
    const change = ctx.replica.heldChange(record.lastChangeRevision);
    if (!change?.organization) break;
    record = change.organization.before;
  }
  let ruleSet: StoredRuleSet | undefined = ctx.replica.ruleSet(id);
  while (ruleSet && ruleSet.lastChangeRevision > revision) {
    const change = ctx.replica.heldChange(ruleSet.lastChangeRevision);
    if (!change?.rules) break;
    ruleSet = change.rules.before;
  }
  return { record, ruleSet };
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
    // What the view starts from: the replica now, for the organizations this watcher names or lists.
    const organizations = new Map<string, StoredOrganization>();
    const ruleSets = new Map<string, StoredRuleSet>([['', ctx.replica.ruleSet('')]]);
    const take = (id: string): void => {
      organizations.set(id, ctx.replica.organization(id));
      ruleSets.set(id, ctx.replica.ruleSet(id));
    };
    if (explicit) for (const id of explicit) take(id);
    else for (const org of ctx.replica.allOrganizations()) if (isListed({ record: org, ruleSet: ctx.replica.ruleSet(org.organizationId).ruleSet })) take(org.organizationId);
    const state = new WatchedState({ application: ctx.replica.applicationPolicy(), organizations, ruleSets, revision: position }, ctx.replica.defaultApplicationPolicy, explicit, (id, revision) => stateAsOf(ctx, id, revision));
    if (resumeAfterRevision === 0) {
      yield { ...state.snapshot(position), revocations: [...ctx.replica.revocations.of(explicit)] };
    } else {
      const backlog = ctx.replica.changesSince(resumeAfterRevision);
      if (!backlog) {
        throw new PolicyError('OUT_OF_RANGE', ErrorReason.REVISION_TOO_OLD, `revision ${resumeAfterRevision} is older than the changes this instance keeps; take a fresh snapshot`, {
          metadata: { resumeAfterRevision: String(resumeAfterRevision), revision: String(ctx.replica.revision) },
        });
      }
      // The state at the resume point: the current one with the backlog undone, newest first (every
      // organization the backlog touches brought in first, since it may have been listed then).
      if (!explicit) for (const change of backlog) if (change.organizationId !== undefined && change.target !== 'SESSION_REVOCATION') state.bringIn(change.organizationId, position);
      for (const change of [...backlog].reverse()) undoChange(state.view, change);
      state.settle();
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

