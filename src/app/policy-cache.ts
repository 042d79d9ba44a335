// In-process copy of the policies the hot path needs. Entries are pushed by the change feed (every
// instance reads the same change log), so readers never wait for a refresh; a miss reads the store
// once however many callers ask at the same moment. Memory is bounded by an LRU of organizations.
import { ErrorReason, PolicyError } from './errors';
import type { PolicyChangeRecord, PolicyStore, StoredApplicationPolicy, StoredOrganization } from './policy-store';

export interface PolicyCacheOptions {
  /** Most organizations held; the least recently used is dropped beyond it. */
  readonly maxOrganizations: number;
  /** After this long without the store confirming the cache, answers are marked stale. */
  readonly staleAfterMs: number;
  /** After this long, cached answers are refused with UNAVAILABLE rather than served stale. */
  readonly maxStaleMs: number;
  /** Read the store on every call instead of the cache (for comparison benchmarks only). */
  readonly readThrough: boolean;
  readonly now: () => number;
}

export interface PolicyView {
  readonly application: StoredApplicationPolicy;
  readonly organizations: readonly StoredOrganization[];
  /** The store-wide revision every value here is at least as new as. */
  readonly revision: number;
  readonly stale: boolean;
}

/**
 * Most store reads cache misses may have in flight. The rest queue here, so a storm of misses (a cold
 * cache, a sweep over many organizations) never takes every store connection from the change feed,
 * whose polls keep the cache confirmed.
 */
const MAX_CONCURRENT_LOADS = 8;

interface Loading {
  readonly promise: Promise<StoredOrganization>;
  /** A change seen by the feed while the load was in flight; newer than what the load may return. */
  newest?: StoredOrganization;
}

export class PolicyCache {
  private application: StoredApplicationPolicy | undefined;
  private readonly organizations = new Map<string, StoredOrganization>();
  private readonly loading = new Map<string, Loading>();
  private appliedRevision = 0;
  private confirmedAt = Number.NEGATIVE_INFINITY;
  private changes = 0;
  private loadsRunning = 0;
  private readonly loadsWaiting: (() => void)[] = [];

  constructor(
    private readonly store: PolicyStore,
    private readonly options: PolicyCacheOptions,
  ) {}

  get revision(): number {
    return this.appliedRevision;
  }

  get size(): number {
    return this.organizations.size;
  }

  /** Grows whenever any held policy changes: results computed at one generation hold for all of it. */
  get generation(): number {
    return this.changes;
  }

  /** Loads the application policy and positions the cache at `revision` of the change log. */
  async start(revision: number): Promise<void> {
    this.appliedRevision = revision;
    this.application = await this.store.getApplication();
    this.confirm();
  }

  /** The store answered a change-feed poll: everything held is current as of `revision`. */
  confirm(): void {
    this.confirmedAt = this.options.now();
  }

  advanceTo(revision: number): void {
    if (revision > this.appliedRevision) this.appliedRevision = revision;
  }

  /** Applies a committed change, from a local write or the feed; an older copy never replaces a newer one. */
  apply(change: PolicyChangeRecord): void {
    if (change.application) {
      if (!this.application || change.application.after.version > this.application.version) {
        this.application = change.application.after;
        this.changes++;
      }
      return;
    }
    const after = change.organization?.after;
    if (!after) return;
    const held = this.organizations.get(after.organizationId);
    if (held) {
      if (after.recordRevision > held.recordRevision) {
        this.organizations.set(after.organizationId, after);
        this.changes++;
      }
      return;
    }
    const loading = this.loading.get(after.organizationId);
    if (loading && after.recordRevision > (loading.newest?.recordRevision ?? -1)) loading.newest = after;
  }

  /** The application policy and these organizations, from memory where possible. */
  async view(organizationIds: readonly string[]): Promise<PolicyView> {
    if (this.options.readThrough) return this.readThrough(organizationIds);
    const age = this.options.now() - this.confirmedAt;
    const application = this.application;
    if (!application || age > this.options.maxStaleMs) {
      throw new PolicyError('UNAVAILABLE', ErrorReason.STORE_UNAVAILABLE, 'the policy store has been unreachable for too long; no policy is served', {
        metadata: { unconfirmedForMs: String(Math.round(age)) },
      });
    }
    const revision = this.appliedRevision;
    const organizations: StoredOrganization[] = new Array(organizationIds.length);
    let misses: Promise<void>[] | undefined;
    organizationIds.forEach((id, i) => {
      const held = this.organizations.get(id);
      if (held) {
        // Re-insert to mark it most recently used (Map keeps insertion order).
        this.organizations.delete(id);
        this.organizations.set(id, held);
        organizations[i] = held;
      } else {
        (misses ??= []).push(this.load(id).then((org) => void (organizations[i] = org)));
      }
    });
    if (misses) await Promise.all(misses);
    return { application, organizations, revision, stale: age > this.options.staleAfterMs };
  }

  private load(organizationId: string): Promise<StoredOrganization> {
    const inFlight = this.loading.get(organizationId);
    if (inFlight) return inFlight.promise;
    const entry: Loading = {
      promise: this.limited(() => this.store.getOrganization(organizationId)).then(
        (loaded) => {
          this.loading.delete(organizationId);
          const newest = entry.newest && entry.newest.recordRevision > loaded.recordRevision ? entry.newest : loaded;
          this.remember(newest);
          return newest;
        },
        (error: unknown) => {
          this.loading.delete(organizationId);
          throw error;
        },
      ),
    };
    this.loading.set(organizationId, entry);
    return entry.promise;
  }

  private async limited<T>(read: () => Promise<T>): Promise<T> {
    if (this.loadsRunning >= MAX_CONCURRENT_LOADS) await new Promise<void>((resolve) => this.loadsWaiting.push(resolve));
    this.loadsRunning++;
    try {
      return await read();
    } finally {
      this.loadsRunning--;
      this.loadsWaiting.shift()?.();
    }
  }

  private remember(org: StoredOrganization): void {
    const held = this.organizations.get(org.organizationId);
    if (held && held.recordRevision >= org.recordRevision) return;
    this.organizations.set(org.organizationId, org);
    this.changes++;
    if (this.organizations.size > this.options.maxOrganizations) {
      const oldest = this.organizations.keys().next().value;
      if (oldest !== undefined) this.organizations.delete(oldest);
    }
  }

  private async readThrough(organizationIds: readonly string[]): Promise<PolicyView> {
    const [application, organizations] = await Promise.all([
      this.store.getApplication(),
      this.store.getOrganizations(organizationIds),
    ]);
    return { application, organizations, revision: this.appliedRevision, stale: false };
  }
}
