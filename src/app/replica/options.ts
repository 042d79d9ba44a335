// What a replica is configured with (service.ts builds it from the configuration).
import type { ApplicationPolicy } from '../../domain/policy';
import type { Timers } from '../clock';
import type { SnapshotCandidate } from '../policy-store';

export interface ReplicaOptions {
  readonly applicationDefaults: ApplicationPolicy;
  /** How often the log's head is polled. */
  readonly pollIntervalMs: number;
  /** After this long without the store confirming the replica, answers are marked stale. */
  readonly staleAfterMs: number;
  /** After this long, answers are refused with UNAVAILABLE rather than served stale. */
  readonly maxStaleMs: number;
  /** A snapshot is written at every revision that is a multiple of this (by the instance that made it). */
  readonly snapshotEveryChanges: number;
  /** How long a request id is remembered for retries (AIP-155). */
  readonly requestIdRetentionMs: number;
  /** Changes kept in memory for Watch resumes; an older resume point must take a snapshot. */
  readonly retainedChanges: number;
  /** The clock: epoch milliseconds now. */
  readonly now: () => number;
  /** The clock's timers (polls, waits between retries); real timers unless a test gives its own. */
  readonly timers?: Timers;
  readonly onOutage?: (error: unknown) => void;
  readonly onRecovery?: () => void;
  readonly onSnapshotError?: (error: unknown) => void;
  /** A snapshot that did not load (failed verification or decoding): the one before it is tried. */
  readonly onSnapshotRejected?: (snapshot: SnapshotCandidate, error: unknown) => void;
  /** Clock skew added to a revocation's retention (revoked_at + application absolute timeout + skew). */
  readonly revocationSkewMs?: number;
}
