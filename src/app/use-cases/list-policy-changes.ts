// ListPolicyChanges: the audit history (the change log itself), newest first, paged with signed tokens
// bound to their filter (paging.ts).
//
// A page is bounded twice (issue 19). It costs at most MAX_STORE_READS store reads: an organization's
// page knows every revision it lists from the history links in memory (Replica.previousInHistory),
// takes the entries still held in memory from there and reads the others together, one read per read
// unit (a log segment: one scan on FerretDB however many entries it returns); a page that would need
// a third read ends where it stands, with a next_page_token (AIP-158: a page may be shorter than
// page_size). And it answers DEADLINE_EXCEEDED itself, ahead of the caller's deadline. Walking the
// chain one store read per entry, a page of 500 took seconds on a loaded FerretDB and kept reading
// after its caller had given up.
import { timerDelay } from '../timer-delay';
import { requireOrganizationAdmin, requirePlatformAdmin } from '../authorize';
import type { Caller } from '../caller';
import { ErrorReason, invalidArgument, PolicyError } from '../errors';
import type { PolicyChangeRecord, ReadOptions } from '../policy-store';
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

/** Store reads one page may cost; entries held in memory cost none. */
const MAX_STORE_READS = 2;
/**
 * Listing reads in flight at once per instance; the others wait their turn while their time lasts.
 * A read that misses memory decodes a whole log segment on FerretDB (~0.2 s of its CPU). With two at
 * a time, 40 such pages a second took both cores of the test machine: writes timed out and the
 * server's own timers ran so late that callers had no answer by their deadline (BENCHMARKS.md). One at
 * a time leaves FerretDB a core for everything else; on MongoDB a read takes milliseconds.
 */
const CONCURRENT_STORE_READS = 1;
/**
 * How long before the caller's deadline a listing that has not finished gives up: a share of the time
 * it was given, within bounds. Its answer must cross the network, and a loaded server's late timers,
 * before the caller's own clock says the deadline passed; answered at the deadline itself, 76 of
 * 9,100 callers under load had no answer in time.
 */
const MARGIN_SHARE = 0.1;
const MIN_MARGIN_MS = 20;
const MAX_MARGIN_MS = 500;

export async function listPolicyChanges(
  ctx: ServiceContext,
  caller: Caller,
  request: { readonly organizationId: string; readonly pageSize: number; readonly pageToken: string },
  signal?: AbortSignal,
  /** Epoch ms of the caller's deadline, when it set one. */
  deadlineMs?: number,
): Promise<PolicyChangesPage> {
  const bound = new CallBound(ctx.now, signal, deadlineMs, gateOf(ctx));
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
  let page: readonly PolicyChangeRecord[];
  let next: number;
  if (organizationId !== '') {
    ({ page, next } = await organizationPage(ctx, organizationId, cursor?.s ?? ctx.replica.historyHead(organizationId), limit, bound));
  } else {
    // Every change: revisions are dense, so a page is one range read (at most two segments), or none
    // when the replica still holds it.
    const newest = cursor?.s ?? ctx.replica.revision;
    const oldest = Math.max(1, newest - limit + 1);
    const held = ctx.replica.heldChange(oldest) && ctx.replica.heldChange(newest) ? heldRange(ctx, oldest, newest) : undefined;
    page = newest > 0 ? (held ?? (await bound.read((options) => ctx.store.readChanges(oldest, newest, options)))).reverse() : [];
    next = oldest > 1 ? oldest - 1 : 0;
  }
  return {
    // Revocations are listed by ListRevocations while kept; a page may come out shorter (AIP-158).
    changes: page.filter((change) => change.target !== 'SESSION_REVOCATION'),
    nextPageToken: next === 0 ? '' : signPageToken(ctx.pageTokenKey, PURPOSE, { o: organizationId, s: next }),
  };
}

/**
 * One page of an organization's history chain from `start` (a revision on it) down: the entries and
 * the revision the next page starts at (0: the chain ends).
 */
async function organizationPage(ctx: ServiceContext, organizationId: string, start: number, limit: number, bound: CallBound): Promise<{ page: PolicyChangeRecord[]; next: number }> {
  const { replica, store } = ctx;
  const page: PolicyChangeRecord[] = [];
  let next = start;
  let reads = 0;
  while (next > 0 && page.length < limit) {
    bound.check();
    // The revisions still to list, as far as the links in memory reach; past the last one (`open`)
    // this instance has not seen the chain.
    const members: number[] = [];
    let open = false;
    for (let revision = next; revision > 0 && members.length < limit - page.length; ) {
      members.push(revision);
      const previous = replica.previousInHistory(revision);
      if (previous === undefined) {
        open = true;
        break;
      }
      revision = previous;
    }
    // What memory does not hold is read by unit, in chain order, while reads are left.
    const units = new Map<number, { readonly revisions: number[]; readonly above: number }>();
    for (const [i, revision] of members.entries()) {
      if (replica.heldChange(revision)) continue;
      const unit = store.readUnitOf(revision);
      const wanted = units.get(unit);
      if (wanted) wanted.revisions.push(revision);
      else if (units.size < MAX_STORE_READS - reads) units.set(unit, { revisions: [revision], above: i });
      else {
        open = false; // the page ends before the open end
        break;
      }
    }
    const openUnit = open ? store.readUnitOf(members[members.length - 1] as number) : undefined;
    reads += units.size;
    const fetched = new Map<number, PolicyChangeRecord>();
    await Promise.all(
      [...units].map(async ([unit, { revisions, above }]) => {
        const entries = await bound.read((options) =>
          unit === openUnit
            ? // Below what memory knows: the organization's entries of that unit from the newest one wanted down.
              store.readHistory(organizationId, revisions[0] as number, limit - page.length - above, options)
            : store.readChangesAt(revisions, options),
        );
        for (const entry of entries) fetched.set(entry.revision, entry);
      }),
    );
    replica.learnHistory(fetched.values());

    const listed = page.length;
    let revision = next;
    while (revision > 0 && page.length < limit) {
      const entry = replica.heldChange(revision) ?? fetched.get(revision);
      if (!entry) break; // not read yet: the next round (or page) starts here
      page.push(entry);
      revision = entry.previousRevision;
    }
    if (page.length === listed) {
      // No read was left for it: the next page starts there. Or it was read and the store does not
      // hold it (a store reset under a running instance): the history ends there, as it always has.
      return { page, next: units.size === 0 ? next : 0 };
    }
    next = revision;
  }
  return { page, next };
}

/** Entries `oldest`..`newest` from memory (the caller checked both ends are held, and held entries are consecutive). */
function heldRange(ctx: ServiceContext, oldest: number, newest: number): PolicyChangeRecord[] {
  const out: PolicyChangeRecord[] = [];
  for (let revision = oldest; revision <= newest; revision++) {
    const change = ctx.replica.heldChange(revision);
    if (!change) return out;
    out.push(change);
  }
  return out;
}

/** Store reads of history listings, CONCURRENT_STORE_READS at a time per instance, in turn. */
class ReadGate {
  private active = 0;
  /** Waiting reads in arrival order. */
  private readonly waiting = new Set<() => void>();

  /** Calls `start` once a slot is free, with what frees it; answers what withdraws a read still waiting. */
  enter(start: (release: () => void) => void): () => void {
    const run = (): void => {
      this.active += 1;
      let released = false;
      start(() => {
        if (released) return;
        released = true;
        this.active -= 1;
        const next = this.waiting.values().next();
        if (!next.done) {
          this.waiting.delete(next.value);
          next.value();
        }
      });
    };
    if (this.active < CONCURRENT_STORE_READS) {
      run();
      return () => undefined;
    }
    this.waiting.add(run);
    return () => this.waiting.delete(run);
  }
}

/** One gate per instance (its store), whatever number of contexts share it. */
const gates = new WeakMap<object, ReadGate>();
function gateOf(ctx: ServiceContext): ReadGate {
  let gate = gates.get(ctx.store);
  if (!gate) gates.set(ctx.store, (gate = new ReadGate()));
  return gate;
}

/** The caller's deadline and cancellation, as one bound on a listing and on each of its reads. */
class CallBound {
  private readonly stopAtMs: number | undefined;

  constructor(
    private readonly now: () => number,
    private readonly signal: AbortSignal | undefined,
    deadlineMs: number | undefined,
    private readonly gate: ReadGate,
  ) {
    if (deadlineMs !== undefined) {
      const left = deadlineMs - now();
      this.stopAtMs = deadlineMs - Math.min(MAX_MARGIN_MS, Math.max(MIN_MARGIN_MS, left * MARGIN_SHARE));
    }
  }

  /** Throws DEADLINE_EXCEEDED once the caller has gone or the listing's time is up. */
  check(): void {
    if (this.signal?.aborted || (this.stopAtMs !== undefined && this.now() >= this.stopAtMs)) throw deadlineExceeded();
  }

  /**
   * A store read, once the gate lets it through, that answers DEADLINE_EXCEEDED when the listing's
   * time is up or the caller goes, whether the read is still waiting, under way or not. The store is
   * told the same limit, so it stops too; the read keeps its slot until the store has let it go.
   */
  read<T>(work: (options: ReadOptions) => Promise<T>): Promise<T> {
    this.check();
    const { signal, stopAtMs } = this;
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', stop);
        withdraw();
        return true;
      };
      const stop = (): void => {
        if (settle()) reject(deadlineExceeded());
      };
      const delay = stopAtMs === undefined ? undefined : timerDelay(stopAtMs, this.now());
      if (delay !== undefined) timer = setTimeout(stop, delay);
      signal?.addEventListener('abort', stop, { once: true });
      const withdraw = this.gate.enter((release) => {
        if (settled) return release();
        work(stopAtMs === undefined ? {} : { deadlineMs: stopAtMs }).then(
          (value) => {
            release();
            if (settle()) resolve(value);
          },
          (error: unknown) => {
            release();
            // A store that failed as the time ran out failed because it did.
            if (settle()) reject(stopAtMs !== undefined && this.now() >= stopAtMs ? deadlineExceeded(error) : error);
          },
        );
      });
    });
  }
}

function deadlineExceeded(cause?: unknown): PolicyError {
  return new PolicyError('DEADLINE_EXCEEDED', ErrorReason.DEADLINE_EXCEEDED, 'the caller cancelled or its deadline passed', cause === undefined ? {} : { cause });
}
