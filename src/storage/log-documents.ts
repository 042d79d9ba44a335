// MongoDB shapes of the change log and of snapshots, and their mapping to the store port's records.
// Every document is looked up by a string `_id`: the only query FerretDB's SQLite backend pushes down.
import type { OrganizationPolicy } from '../domain/policy';
import type { SessionRuleSet } from '../domain/session-rules';
import type { PolicyChangeRecord, StoredApplicationPolicy, StoredOrganization, StoredRevocation, StoredRuleSet } from '../app/policy-store';
import type { RevocationReason } from '../domain/revocation';
import type { RecordedRequest } from '../app/recent-requests';

/** Revisions per log segment collection: a lookup by `_id` costs at most one segment's scan on FerretDB. */
export const SEGMENT_SIZE = 1024;

export const changeKey = (revision: number): string => `r${String(revision).padStart(15, '0')}`;

export const segmentOf = (revision: number): number => Math.floor((revision - 1) / SEGMENT_SIZE);

export const segmentCollection = (segment: number): string => `change_log_${String(segment).padStart(6, '0')}`;

/**
 * A rule set as stored: its rules as one JSON string, since attribute names are the caller's and
 * MongoDB field names may not hold every string (dots, a leading `$`).
 */
interface RuleSetDocument {
  ruleSet: string;
  version: number;
  lastChangeRevision: number;
}

/**
 * One log entry: the change record as is, keyed by its revision; rule sets encoded as above, and a
 * group of revocations as one JSON string of tuples (FerretDB decodes every document of a segment on
 * each lookup, so entries stay small).
 */
export interface ChangeDocument extends Omit<PolicyChangeRecord, 'revision' | 'rules' | 'revocations'> {
  _id: string;
  revision: number;
  rules?: { before?: RuleSetDocument; after: RuleSetDocument };
  /** Written by early builds of revocations; read for compatibility. */
  revocations?: readonly StoredRevocation[];
  revocationTuples?: string;
}

const toRuleSetDocument = (stored: StoredRuleSet): RuleSetDocument => ({ ...stored, ruleSet: JSON.stringify(stored.ruleSet) });
const fromRuleSetDocument = (doc: RuleSetDocument): StoredRuleSet => ({
  ruleSet: JSON.parse(doc.ruleSet) as SessionRuleSet,
  version: doc.version,
  lastChangeRevision: doc.lastChangeRevision,
});

export function toChangeDocument(change: PolicyChangeRecord): ChangeDocument {
  const { rules, revocations, ...rest } = change;
  return {
    _id: changeKey(change.revision),
    ...rest,
    ...(rules ? { rules: { ...(rules.before ? { before: toRuleSetDocument(rules.before) } : {}), after: toRuleSetDocument(rules.after) } } : {}),
    ...(revocations ? { revocationTuples: encodeRevocations(revocations) } : {}),
  };
}

/** The entry as the app knows it: its target says which payload it holds, and a stored entry that disagrees is refused. */
export function fromChangeDocument(doc: ChangeDocument): PolicyChangeRecord {
  const base = {
    revision: doc.revision,
    commitId: doc.commitId,
    actor: doc.actor,
    time: doc.time,
    previousRevision: doc.previousRevision,
    ...(doc.requestId !== undefined ? { requestId: doc.requestId } : {}),
  };
  const mismatch = (holds: string): Error => new Error(`change ${doc.revision} has target ${doc.target} but holds ${holds}`);
  if (doc.revocationTuples !== undefined || doc.revocations) {
    if (doc.target !== 'SESSION_REVOCATION') throw mismatch('revocations');
    const revocations = doc.revocationTuples !== undefined ? decodeRevocations(doc.revocationTuples) : (doc.revocations ?? []).map(revocation);
    return { ...base, target: doc.target, ...(doc.organizationId ? { organizationId: doc.organizationId } : {}), revocations };
  }
  if (doc.rules) {
    if (doc.target !== 'SESSION_RULES') throw mismatch('a rule set');
    return {
      ...base,
      target: doc.target,
      ...(doc.organizationId !== undefined ? { organizationId: doc.organizationId } : {}),
      rules: { ...(doc.rules.before ? { before: fromRuleSetDocument(doc.rules.before) } : {}), after: fromRuleSetDocument(doc.rules.after) },
    };
  }
  if (doc.application) {
    if (doc.target !== 'APPLICATION_POLICY') throw mismatch('the application policy');
    return {
      ...base,
      target: doc.target,
      application: {
        ...(doc.application.before ? { before: application(doc.application.before) } : {}),
        after: application(doc.application.after),
      },
    };
  }
  const org = doc.organization;
  if (!org) throw new Error(`change ${doc.revision} holds no record`);
  if (doc.target !== 'ORGANIZATION_POLICY' && doc.target !== 'ORGANIZATION_SETTINGS') throw mismatch('an organization');
  return {
    ...base,
    target: doc.target,
    organizationId: org.after.organizationId,
    organization: { ...(org.before ? { before: organization(org.before) } : {}), after: organization(org.after) },
  };
}

function application(doc: StoredApplicationPolicy): StoredApplicationPolicy {
  const p = doc.policy;
  return {
    policy: { absoluteMinutes: p.absoluteMinutes, idleEnabled: p.idleEnabled, idleMinutes: p.idleMinutes, accessTokenMinutes: p.accessTokenMinutes },
    version: doc.version,
    lastChangeRevision: doc.lastChangeRevision ?? 0,
  };
}

function organization(doc: StoredOrganization): StoredOrganization {
  return {
    organizationId: doc.organizationId,
    policy: normalizePolicy(doc.policy),
    features: { session_policy: doc.features?.session_policy === true },
    recordRevision: doc.recordRevision,
    policyVersion: doc.policyVersion,
    settingsVersion: doc.settingsVersion,
    lastChangeRevision: doc.lastChangeRevision ?? 0,
  };
}

function normalizePolicy(p: OrganizationPolicy): OrganizationPolicy {
  if (p.source !== 'CUSTOM') return { source: 'APPLICATION' };
  return p.idleEnabled
    ? { source: 'CUSTOM', absoluteMinutes: p.absoluteMinutes, idleEnabled: true, idleMinutes: p.idleMinutes ?? 0 }
    : { source: 'CUSTOM', absoluteMinutes: p.absoluteMinutes, idleEnabled: false };
}

/**
 * Organizations in a snapshot chunk, as one JSON string of tuples: a million records load in seconds
 * (one string per chunk instead of a document per organization) and take a fraction of the space.
 * [id, custom 0/1, absoluteMinutes, idleEnabled 0/1, idleMinutes, session_policy 0/1,
 *  recordRevision, policyVersion, settingsVersion, lastChangeRevision]
 */
type OrganizationTuple = [string, 0 | 1, number, 0 | 1, number, 0 | 1, number, number, number, number];

export function encodeOrganizations(orgs: readonly StoredOrganization[]): string {
  return JSON.stringify(
    orgs.map((o): OrganizationTuple => {
      const p = o.policy;
      return [
        o.organizationId,
        p.source === 'CUSTOM' ? 1 : 0,
        p.source === 'CUSTOM' ? p.absoluteMinutes : 0,
        p.source === 'CUSTOM' && p.idleEnabled ? 1 : 0,
        p.source === 'CUSTOM' && p.idleEnabled ? (p.idleMinutes ?? 0) : 0,
        o.features.session_policy ? 1 : 0,
        o.recordRevision,
        o.policyVersion,
        o.settingsVersion,
        o.lastChangeRevision,
      ];
    }),
  );
}

/** Shared immutable parts: a million organizations hold only a handful of distinct policies. */
const INHERIT: OrganizationPolicy = Object.freeze({ source: 'APPLICATION' });
const FEATURES_ON = Object.freeze({ session_policy: true });
const FEATURES_OFF = Object.freeze({ session_policy: false });

export function decodeOrganizations(text: string, internPolicy: (policy: OrganizationPolicy) => OrganizationPolicy): StoredOrganization[] {
  const tuples = JSON.parse(text) as OrganizationTuple[];
  return tuples.map(([organizationId, custom, absoluteMinutes, idleOn, idleMinutes, feature, recordRevision, policyVersion, settingsVersion, lastChangeRevision]) => ({
    organizationId,
    policy:
      custom === 1
        ? internPolicy(idleOn === 1 ? { source: 'CUSTOM', absoluteMinutes, idleEnabled: true, idleMinutes } : { source: 'CUSTOM', absoluteMinutes, idleEnabled: false })
        : INHERIT,
    features: feature === 1 ? FEATURES_ON : FEATURES_OFF,
    recordRevision,
    policyVersion,
    settingsVersion,
    lastChangeRevision,
  }));
}

function revocation(doc: StoredRevocation): StoredRevocation {
  const t = doc.target;
  return {
    revision: doc.revision,
    index: doc.index ?? 0,
    organizationId: doc.organizationId,
    target: t.kind === 'SESSION' ? { kind: 'SESSION', sessionId: t.sessionId } : t.kind === 'SUBJECT' ? { kind: 'SUBJECT', subject: t.subject } : { kind: 'ORGANIZATION' },
    reason: doc.reason,
    actor: doc.actor,
    revokedAtMs: doc.revokedAtMs,
    ...(doc.requestId ? { requestId: doc.requestId } : {}),
  };
}

/**
 * Kept revocations in a snapshot chunk, as one JSON string of tuples (like organizations):
 * [revision, organizationId ('' global), target 0 session / 1 subject / 2 organization, session id or
 *  subject ('' for 2), reason, actor, revokedAtMs, index in its log entry, request id (log only)]
 */
type RevocationTuple = [number, string, 0 | 1 | 2, string, RevocationReason, string, number, number, string?];

export function encodeRevocations(revocations: readonly StoredRevocation[]): string {
  return JSON.stringify(
    revocations.map((r): RevocationTuple => {
      const t = r.target;
      const [kind, key]: [0 | 1 | 2, string] = t.kind === 'SESSION' ? [0, t.sessionId] : t.kind === 'SUBJECT' ? [1, t.subject] : [2, ''];
      const tuple: RevocationTuple = [r.revision, r.organizationId, kind, key, r.reason, r.actor, r.revokedAtMs, r.index];
      if (r.requestId) tuple.push(r.requestId);
      return tuple;
    }),
  );
}

export function decodeRevocations(text: string): StoredRevocation[] {
  return (JSON.parse(text) as RevocationTuple[]).map(([revision, organizationId, kind, key, reason, actor, revokedAtMs, index, requestId]) => ({
    ...(requestId ? { requestId } : {}),
    revision,
    index,
    organizationId,
    target: kind === 0 ? { kind: 'SESSION', sessionId: key } : kind === 1 ? { kind: 'SUBJECT', subject: key } : { kind: 'ORGANIZATION' },
    reason,
    actor,
    revokedAtMs,
  }));
}

/** A published snapshot. Manifests written before digests (`_id` the revision's key) have only the first four. */
export interface SnapshotManifest {
  /** The snapshot's collection name. */
  _id: string;
  revision: number;
  chunks: number;
  createdAt: Date;
  collection?: string;
  /** SHA-256 (hex) over the collection's documents; see snapshot-shelf.ts. */
  digest?: string;
  format?: number;
  /** The import of a first-version store: never dropped. */
  base?: boolean;
}

export interface SnapshotHeaderDocument {
  _id: 'header';
  revision: number;
  application: StoredApplicationPolicy | null;
  /** Where the first snapshots kept request ids (a day of them could pass MongoDB's 16 MiB limit); written empty. */
  recentRequests: never[];
}

/**
 * Each chunk holds one kind (JSON strings): organizations, rule sets (`rules-…`), kept revocations
 * (`revocations-…`) or remembered request ids (`requests-…`).
 */
export interface SnapshotChunkDocument {
  _id: string;
  organizations?: string;
  ruleSets?: string;
  revocations?: string;
  requests?: string;
}

/** Request ids in a snapshot chunk: a flat JSON array of [hash, revision, timeMs] triples. */
export function encodeRequests(requests: readonly RecordedRequest[]): string {
  return JSON.stringify(requests.flatMap((r) => [r.hash, r.revision, r.timeMs]));
}

export function decodeRequests(text: string): RecordedRequest[] {
  const flat = JSON.parse(text) as number[];
  const out: RecordedRequest[] = [];
  for (let i = 0; i + 2 < flat.length; i += 3) out.push({ hash: flat[i] as number, revision: flat[i + 1] as number, timeMs: flat[i + 2] as number });
  return out;
}

/** Rule sets in a snapshot chunk: [scope ('' = application), version, lastChangeRevision, rule set]. */
type RuleSetTuple = [string, number, number, SessionRuleSet];

export function encodeRuleSets(ruleSets: readonly { readonly organizationId: string; readonly stored: StoredRuleSet }[]): string {
  return JSON.stringify(ruleSets.map(({ organizationId, stored }): RuleSetTuple => [organizationId, stored.version, stored.lastChangeRevision, stored.ruleSet]));
}

export function decodeRuleSets(text: string): { organizationId: string; stored: StoredRuleSet }[] {
  return (JSON.parse(text) as RuleSetTuple[]).map(([organizationId, version, lastChangeRevision, ruleSet]) => ({ organizationId, stored: { ruleSet, version, lastChangeRevision } }));
}
