// The meaning of a change, written once: what a use case's draft becomes as a log entry, and what a
// log entry does to the state. The replica, Watch, snapshot loading and the local-evaluation SDK hold
// their state with these two functions and nothing else. No Node built-ins and no I/O here: the SDK
// compiles this file in as it is.
import { EMPTY_RULE_SET } from '../../domain/session-rules';
import { unwrittenOrganization, type PolicyChangeRecord, type StoredApplicationPolicy, type StoredOrganization, type StoredRevocation, type StoredRuleSet } from '../policy-store';

/** The state a sequence of changes produces: the application scope, organizations, rule sets, revocations. */
export interface ProjectedState {
  application: StoredApplicationPolicy | undefined;
  readonly organizations: Map<string, StoredOrganization>;
  /** Rule sets by scope: '' is the application, else an organization id. */
  readonly ruleSets: Map<string, StoredRuleSet>;
  /** Where a change's revocations go (the replica keeps them; a watcher only forwards them). */
  readonly revocations: { add(revocation: StoredRevocation): void };
  /** The revision of the last change applied. */
  revision: number;
}

export function emptyState(revocations: ProjectedState['revocations']): ProjectedState {
  return { application: undefined, organizations: new Map(), ruleSets: new Map(), revocations, revision: 0 };
}

/** What a use case decides a commit should change, computed on the state at the log's head. */
export type ChangeDraft =
  | { readonly target: 'APPLICATION_POLICY'; readonly application: Omit<StoredApplicationPolicy, 'lastChangeRevision'> }
  | { readonly target: 'ORGANIZATION_POLICY' | 'ORGANIZATION_SETTINGS'; readonly organization: Omit<StoredOrganization, 'lastChangeRevision'> }
  /** organizationId '' is the application scope. */
  | { readonly target: 'SESSION_RULES'; readonly organizationId: string; readonly rules: Omit<StoredRuleSet, 'lastChangeRevision'> }
  /** Revocations committed together (group commit); revision, index and time come from the commit. */
  | { readonly target: 'SESSION_REVOCATION'; readonly revocations: readonly Omit<StoredRevocation, 'revision' | 'index' | 'revokedAtMs'>[] };

/** What the committer gives every entry: its slot, its identity, who and when. */
export interface ChangeHeader {
  readonly revision: number;
  readonly commitId: string;
  readonly actor: string;
  readonly time: Date;
  readonly requestId?: string;
}

/**
 * The newest change concerning a scope ('' is the application), whatever its target: the head of that
 * scope's history chain.
 */
export function historyHead(state: ProjectedState, organizationId: string): number {
  const record = organizationId === '' ? state.application?.lastChangeRevision : state.organizations.get(organizationId)?.lastChangeRevision;
  return Math.max(record ?? 0, state.ruleSets.get(organizationId)?.lastChangeRevision ?? 0);
}

/** The log entry a draft becomes at `header.revision`, on `state` (the log's head): one case per target. */
export function draftChange(state: ProjectedState, draft: ChangeDraft, header: ChangeHeader): PolicyChangeRecord {
  const { revision } = header;
  switch (draft.target) {
    case 'APPLICATION_POLICY': {
      const before = state.application;
      return { ...header, target: draft.target, previousRevision: historyHead(state, ''), application: { ...(before ? { before } : {}), after: { ...draft.application, lastChangeRevision: revision } } };
    }
    case 'ORGANIZATION_POLICY':
    case 'ORGANIZATION_SETTINGS': {
      const id = draft.organization.organizationId;
      const before = state.organizations.get(id);
      return {
        ...header,
        target: draft.target,
        organizationId: id,
        previousRevision: historyHead(state, id),
        organization: { ...(before ? { before } : {}), after: { ...draft.organization, lastChangeRevision: revision } },
      };
    }
    case 'SESSION_RULES': {
      const id = draft.organizationId;
      const before = state.ruleSets.get(id);
      return {
        ...header,
        target: draft.target,
        ...(id !== '' ? { organizationId: id } : {}),
        previousRevision: historyHead(state, id),
        rules: { ...(before ? { before } : {}), after: { ...draft.rules, lastChangeRevision: revision } },
      };
    }
    case 'SESSION_REVOCATION': {
      const organizationId = draft.revocations[0]?.organizationId ?? '';
      const oneOrganization = organizationId !== '' && draft.revocations.every((r) => r.organizationId === organizationId);
      return {
        ...header,
        target: draft.target,
        ...(oneOrganization ? { organizationId } : {}),
        // Revocations are on no history chain: nothing points at them.
        previousRevision: 0,
        revocations: draft.revocations.map((r, index) => ({ ...r, revision, index, revokedAtMs: header.time.getTime() })),
      };
    }
  }
}

/**
 * Applies the next change of the log to `state`. The log is dense: a change that is not the next one
 * is refused (a gap means the caller read the log wrongly, and applying past it would serve a state
 * no writer ever made).
 */
export function applyChange(state: ProjectedState, change: PolicyChangeRecord): void {
  if (change.revision !== state.revision + 1) throw new Error(`change log gap: at ${state.revision}, got ${change.revision}`);
  switch (change.target) {
    case 'APPLICATION_POLICY':
      state.application = change.application.after;
      break;
    case 'ORGANIZATION_POLICY':
    case 'ORGANIZATION_SETTINGS':
      state.organizations.set(change.organizationId, change.organization.after);
      break;
    case 'SESSION_RULES':
      state.ruleSets.set(change.organizationId ?? '', change.rules.after);
      break;
    case 'SESSION_REVOCATION':
      for (const revocation of change.revocations) state.revocations.add(revocation);
      break;
  }
  state.revision = change.revision;
}

/**
 * Takes the newest applied change back out of `state`: a resumed Watch rebuilds the state it resumes
 * from by undoing, newest first, the changes after it. Revocations are not taken back (nothing keeps
 * them in a watcher's state; it forwards them).
 */
export function undoChange(state: ProjectedState, change: PolicyChangeRecord): void {
  if (change.revision !== state.revision) throw new Error(`undo out of order: at ${state.revision}, asked to undo ${change.revision}`);
  const restore = <T>(map: Map<string, T>, id: string, before: T | undefined): void => void (before ? map.set(id, before) : map.delete(id));
  switch (change.target) {
    case 'APPLICATION_POLICY':
      state.application = change.application.before;
      break;
    case 'ORGANIZATION_POLICY':
    case 'ORGANIZATION_SETTINGS':
      restore(state.organizations, change.organizationId, change.organization.before);
      break;
    case 'SESSION_RULES':
      restore(state.ruleSets, change.organizationId ?? '', change.rules.before);
      break;
    case 'SESSION_REVOCATION':
      break;
  }
  state.revision = change.revision - 1;
}

/** An organization as the state holds it, or as an organization never written reads. */
export function organizationIn(state: ProjectedState, organizationId: string): StoredOrganization {
  return state.organizations.get(organizationId) ?? unwrittenOrganization(organizationId);
}

/** A scope's rule set, or the empty set when never written. */
export function ruleSetIn(state: ProjectedState, organizationId: string): StoredRuleSet {
  return state.ruleSets.get(organizationId) ?? { ruleSet: EMPTY_RULE_SET, version: 0, lastChangeRevision: 0 };
}
