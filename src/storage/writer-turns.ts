// Writers take turns, on FerretDB only. There a writer that lost its commit slot reads what it missed
// with a segment scan that takes hundreds of milliseconds under load, while an instance that keeps
// winning commits dozens more meanwhile: the quieter instance lost every race until its callers gave
// up. So after LOSSES_BEFORE_ASKING lost slots in a row a writer asks for a turn (one small document
// beside the head hint), and asks afresh after each further loss; every other writer holds its
// appends back until the request is withdrawn, at most TURN_HOLD_MS from first seeing each ask (a
// writer that died never withdraws). On MongoDB catching up is an index read and none of this runs.
// It lives here, behind the store port, because it is a cure for one store's costs: the commit
// protocol in src/app neither knows nor waits for it.
import { randomUUID } from 'node:crypto';
import { realTimers, sleep } from '../app/clock';
import { ErrorReason, PolicyError } from '../app/errors';
import type { AppendOutcome, WriteOptions } from '../app/policy-store';

/** A writer's request for a turn; `ask` is new for every request, so one never withdrawn is recognised as old. */
export interface TurnRequest {
  readonly writer: string;
  readonly ask: string;
}

/** Where turn requests are kept (the head collection's `turn:<writer>` documents). */
export interface TurnLedger {
  readTurnRequests(): Promise<readonly TurnRequest[]>;
  requestTurn(turn: TurnRequest): Promise<void>;
  withdrawTurn(turn: TurnRequest): Promise<void>;
}

const LOSSES_BEFORE_ASKING = 2;
const TURN_HOLD_MS = 1500;
/** While holding back, how often the requests are read again to see the turn taken. */
const TURN_CHECK_MS = 25;
/** A request seen for this long belongs to a writer that died: it is deleted. */
const TURN_ABANDONED_MS = 10 * TURN_HOLD_MS;

export class WriterTurns {
  /** This process as a writer, in turn requests. */
  private readonly writer = randomUUID();
  /** Other writers' requests, by ask, with when this writer first saw each (monotonic ms). */
  private seen = new Map<string, { readonly turn: TurnRequest; readonly seenAt: number }>();
  private losses = 0;
  private mine: TurnRequest | undefined;

  constructor(private readonly ledger: TurnLedger) {}

  /**
   * One append, after giving way to a writer that asked for a turn; a lost slot counts towards asking
   * for one, a won slot withdraws this writer's request. Throws DEADLINE_EXCEEDED (nothing appended)
   * when the caller goes while it waits.
   */
  async append(insert: () => Promise<AppendOutcome>, options: WriteOptions = {}): Promise<AppendOutcome> {
    if (!this.mine) await this.giveWay(options);
    let outcome: AppendOutcome;
    try {
      outcome = await insert();
    } catch (error) {
      this.settled();
      throw error;
    }
    if (outcome === 'committed') {
      this.settled();
    } else if (++this.losses >= LOSSES_BEFORE_ASKING) {
      this.mine = (await this.ask()) ?? this.mine;
    }
    return outcome;
  }

  /** Notes the requests a poll of the head read (one read for both). */
  noteRequests(requests: readonly TurnRequest[]): void {
    const now = performance.now();
    const seen = new Map<string, { readonly turn: TurnRequest; readonly seenAt: number }>();
    for (const turn of requests) {
      if (turn.writer === this.writer) continue;
      const seenAt = this.seen.get(turn.ask)?.seenAt ?? now;
      if (now - seenAt > TURN_ABANDONED_MS) void this.ledger.withdrawTurn(turn).catch(() => undefined);
      else seen.set(turn.ask, { turn, seenAt });
    }
    this.seen = seen;
  }

  /** A commit ended (won, or failed): the count starts again and this writer's request, if any, goes. */
  private settled(): void {
    this.losses = 0;
    const mine = this.mine;
    this.mine = undefined;
    if (mine) void this.ledger.withdrawTurn(mine).catch(() => undefined);
  }

  private async giveWay(options: WriteOptions): Promise<void> {
    while (this.owesTurn()) {
      if (options.signal?.aborted || (options.deadlineMs !== undefined && Date.now() >= options.deadlineMs)) {
        throw new PolicyError('DEADLINE_EXCEEDED', ErrorReason.DEADLINE_EXCEEDED, 'the caller cancelled or its deadline passed; nothing was changed', { outcome: 'not-applied' });
      }
      await sleep(realTimers, TURN_CHECK_MS);
      try {
        this.noteRequests(await this.ledger.readTurnRequests());
      } catch {
        return; // the append itself meets the failing store and answers for it
      }
    }
  }

  private owesTurn(): boolean {
    const now = performance.now();
    for (const { seenAt } of this.seen.values()) if (now - seenAt < TURN_HOLD_MS) return true;
    return false;
  }

  /** Asks the others to hold back (replacing this writer's earlier ask); one that cannot be stored only means no turn. */
  private async ask(): Promise<TurnRequest | undefined> {
    const turn = { writer: this.writer, ask: randomUUID() };
    return this.ledger.requestTurn(turn).then(
      () => turn,
      () => undefined,
    );
  }
}
