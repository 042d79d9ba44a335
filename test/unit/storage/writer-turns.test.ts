// Writers take turns on FerretDB (src/storage/writer-turns.ts): a writer that keeps losing its slot
// asks for a turn, the others hold their appends back until it is withdrawn or has been seen for
// TURN_HOLD_MS, a request nobody withdraws is waited for once only, and a caller that goes while an
// append is held back is answered DEADLINE_EXCEEDED with nothing written.
import { PolicyError } from '../../../src/app/errors';
import type { AppendOutcome } from '../../../src/app/policy-store';
import { WriterTurns, type TurnLedger, type TurnRequest } from '../../../src/storage/writer-turns';

/** The head collection's turn documents, one per writer. */
class Ledger implements TurnLedger {
  readonly turns = new Map<string, string>();
  readonly asked: string[] = [];
  readTurnRequests(): Promise<readonly TurnRequest[]> {
    return Promise.resolve([...this.turns].map(([writer, ask]) => ({ writer, ask })));
  }
  requestTurn(turn: TurnRequest): Promise<void> {
    this.asked.push(turn.writer);
    this.turns.set(turn.writer, turn.ask);
    return Promise.resolve();
  }
  withdrawTurn(turn: TurnRequest): Promise<void> {
    if (this.turns.get(turn.writer) === turn.ask) this.turns.delete(turn.writer);
    return Promise.resolve();
  }
}

const answer = (outcome: AppendOutcome) => (): Promise<AppendOutcome> => Promise.resolve(outcome);
const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('when a writer loses its slot twice in a row', () => {
  it('then it asks for a turn once, asks afresh after a further loss, and withdraws once it commits', async () => {
    const ledger = new Ledger();
    const slow = new WriterTurns(ledger);
    expect(await slow.append(answer('taken'))).toBe('taken');
    expect(ledger.asked).toHaveLength(0);
    expect(await slow.append(answer('taken'))).toBe('taken');
    expect(ledger.asked).toHaveLength(1);
    const firstAsk = [...ledger.turns.values()][0];
    expect(await slow.append(answer('taken'))).toBe('taken');
    expect(ledger.asked).toHaveLength(2);
    expect([...ledger.turns.values()][0]).not.toBe(firstAsk);
    expect(new Set(ledger.asked).size).toBe(1);
    expect(await slow.append(answer('committed'))).toBe('committed');
    await settle();
    expect(ledger.turns.size).toBe(0);
  });
});

describe('when another writer has asked for a turn', () => {
  it('then an append waits until the request is withdrawn, then goes ahead', async () => {
    const ledger = new Ledger();
    const busy = new WriterTurns(ledger);
    ledger.turns.set('the-slow-writer', 'ask-1');
    busy.noteRequests(await ledger.readTurnRequests());
    let appended = false;
    const held = busy.append(async () => ((appended = true), 'committed'));
    await new Promise((r) => setTimeout(r, 100));
    expect(appended).toBe(false);
    ledger.turns.delete('the-slow-writer');
    expect(await held).toBe('committed');
    expect(appended).toBe(true);
  });

  it('then a request that is never withdrawn (its writer died) holds an append back at most TURN_HOLD_MS, and only once', async () => {
    const ledger = new Ledger();
    const writer = new WriterTurns(ledger);
    ledger.turns.set('a-writer-that-died', 'its-last-ask');
    writer.noteRequests(await ledger.readTurnRequests());
    const started = performance.now();
    expect(await writer.append(answer('committed'))).toBe('committed');
    const firstMs = performance.now() - started;
    expect(firstMs).toBeGreaterThanOrEqual(1400);
    expect(firstMs).toBeLessThan(4000);
    writer.noteRequests(await ledger.readTurnRequests());
    const again = performance.now();
    expect(await writer.append(answer('committed'))).toBe('committed');
    expect(performance.now() - again).toBeLessThan(500);
  });

  it('then a caller whose deadline passes while held back is answered DEADLINE_EXCEEDED and nothing is appended', async () => {
    const ledger = new Ledger();
    const writer = new WriterTurns(ledger);
    ledger.turns.set('the-slow-writer', 'ask-1');
    writer.noteRequests(await ledger.readTurnRequests());
    let appended = false;
    const refused = await writer.append(async () => ((appended = true), 'committed'), { deadlineMs: Date.now() + 100 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(PolicyError);
    expect((refused as PolicyError).status).toBe('DEADLINE_EXCEEDED');
    expect((refused as PolicyError).details.outcome).toBe('not-applied');
    expect(appended).toBe(false);
  });
});

describe('when a writer\'s own request is among those read', () => {
  it('then it never waits for itself', async () => {
    const ledger = new Ledger();
    const writer = new WriterTurns(ledger);
    await writer.append(answer('taken'));
    await writer.append(answer('taken'));
    writer.noteRequests(await ledger.readTurnRequests());
    const started = performance.now();
    expect(await writer.append(answer('committed'))).toBe('committed');
    expect(performance.now() - started).toBeLessThan(500);
  });
});
