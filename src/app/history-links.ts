// The history chains of every scope, as far as this instance has seen them: for each log entry on a
// chain, the revision of the scope's change before it. With these in memory a page of
// ListPolicyChanges knows every revision it lists before reading any, and reads them together
// (a read per entry, one after another, was a scan each on FerretDB and outlived its callers).
//
// Filled by the replica for every entry it applies, and by the listing for entries it reads (an
// entry older than the snapshot an instance loaded is learnt the first time it is listed). Log
// entries never change once written, so a link once known stays true.
//
// 4 bytes per revision in blocks of BLOCK revisions, a block allocated only when an entry in it is on
// a chain: a log of revocations only costs nothing, 10^6 policy changes cost 4 MB.

const BLOCK = 4096;
/** Int32Array holds previous + 1 (0 = not known); revisions past this are simply not kept. */
const LARGEST = 2 ** 31 - 2;

export class HistoryLinks {
  private readonly blocks = new Map<number, Int32Array>();

  /** Records that `revision` is on a chain and `previousRevision` (0: none) comes before it. */
  link(revision: number, previousRevision: number): void {
    if (!Number.isSafeInteger(revision) || revision < 1 || revision > LARGEST || previousRevision < 0 || previousRevision >= revision) return;
    const index = Math.floor(revision / BLOCK);
    let block = this.blocks.get(index);
    if (!block) this.blocks.set(index, (block = new Int32Array(BLOCK)));
    block[revision % BLOCK] = previousRevision + 1;
  }

  /** The chain's entry before `revision` (0: it is the first), or undefined when not known here. */
  previous(revision: number): number | undefined {
    if (!Number.isSafeInteger(revision) || revision < 1 || revision > LARGEST) return undefined;
    const stored = this.blocks.get(Math.floor(revision / BLOCK))?.[revision % BLOCK] ?? 0;
    return stored === 0 ? undefined : stored - 1;
  }
}
