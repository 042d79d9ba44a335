// Reading a Watch stream in app-layer tests.
import type { WatchEvent } from '../../../../src/app/use-cases/watch-effective-policies';

/** The next `n` events of a watch (fewer if it ends first). */
export async function take(iterator: AsyncGenerator<WatchEvent>, n: number): Promise<WatchEvent[]> {
  const out: WatchEvent[] = [];
  while (out.length < n) {
    const next = await iterator.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}
