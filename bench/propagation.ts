// Change propagation: N changes written one after another on instance A; for each, the time from A's
// acknowledgement until instance B's Resolve shows it, and until each of the open Watch streams on B
// delivers it. Each change sets org-i's absolute timeout to a value no other scenario writes.
import type { ClientReadableStream } from '@grpc/grpc-js';
import type { WatchEffectivePoliciesResponse } from '../gen/ts/sessionpolicy/v1/resolver_service';
import { absoluteMinutesOf, clientsFor, resolve, setAbsoluteMinutes, type Clients } from './clients';
import { log, type BenchProcess } from './processes';

export interface Latencies {
  readonly samples: number;
  readonly missing: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface PropagationResult {
  readonly changes: number;
  readonly watchers: number;
  readonly writeAck: Latencies;
  readonly resolveOnB: Latencies;
  readonly watchOnB: Latencies;
}

const WAIT_MS = 10_000;

export function summarize(values: number[], expected: number): Latencies {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
  return { samples: sorted.length, missing: expected - sorted.length, p50Ms: at(50), p99Ms: at(99), maxMs: sorted[sorted.length - 1] ?? NaN };
}

export async function measurePropagation(a: BenchProcess, b: BenchProcess, token: string, changes: number, watchers: number): Promise<PropagationResult> {
  const writer = clientsFor(a, token);
  const reader = clientsFor(b, token);
  // Ten streams per channel, as a fleet of enforcers sharing connections would hold them.
  const channels: Clients[] = Array.from({ length: Math.ceil(watchers / 10) }, () => clientsFor(b, token));
  const ids = Array.from({ length: changes }, (_, i) => `org-${i}`);
  const valueOf = (i: number): number => 1000 + i;
  /** seen[w] maps "org:value" to the receive time on watcher w. */
  const seen: Map<string, number>[] = [];
  const streams: ClientReadableStream<WatchEffectivePoliciesResponse>[] = [];
  const initial: Promise<void>[] = [];
  try {
    for (let w = 0; w < watchers; w++) {
      const received = new Map<string, number>();
      seen.push(received);
      const stream = (channels[Math.floor(w / 10)] as Clients).resolver.watchEffectivePolicies({ organizationIds: ids.slice(0, 100), resumeAfterRevision: 0n }, (channels[0] as Clients).metadata);
      let first: () => void = () => undefined;
      initial.push(new Promise<void>((done) => (first = done)));
      stream.on('data', (event: WatchEffectivePoliciesResponse) => {
        const now = performance.now();
        for (const p of event.policies) {
          const key = `${p.organizationId}:${absoluteMinutesOf(p.effectivePolicy)}`;
          if (!received.has(key)) received.set(key, now);
        }
        first();
      });
      stream.on('error', () => undefined);
      streams.push(stream);
    }
    await Promise.race([Promise.all(initial), new Promise((r) => setTimeout(r, 30_000))]);
    log(`${watchers} Watch streams open on ${b.name}`);

    const ack: number[] = [];
    const onB: number[] = [];
    const onWatch: number[] = [];
    for (let i = 0; i < changes; i++) {
      const id = ids[i] as string;
      const key = `${id}:${valueOf(i)}`;
      const sent = performance.now();
      await setAbsoluteMinutes(writer, id, valueOf(i));
      const acked = performance.now();
      ack.push(acked - sent);
      const until = acked + WAIT_MS;
      // B's Resolve, polled every 2 ms.
      for (;;) {
        const policy = await resolve(reader, id);
        if (absoluteMinutesOf(policy) === valueOf(i)) {
          onB.push(performance.now() - acked);
          break;
        }
        if (performance.now() > until) break;
        await new Promise((r) => setTimeout(r, 2));
      }
      while (performance.now() < until && seen.some((m) => !m.has(key))) await new Promise((r) => setTimeout(r, 5));
      for (const m of seen) {
        const at = m.get(key);
        if (at !== undefined) onWatch.push(Math.max(0, at - acked));
      }
    }
    const result: PropagationResult = {
      changes,
      watchers,
      writeAck: summarize(ack, changes),
      resolveOnB: summarize(onB, changes),
      watchOnB: summarize(onWatch, changes * watchers),
    };
    log(`propagation: B's Resolve p50 ${result.resolveOnB.p50Ms.toFixed(1)} ms p99 ${result.resolveOnB.p99Ms.toFixed(1)} ms; Watch p50 ${result.watchOnB.p50Ms.toFixed(1)} ms p99 ${result.watchOnB.p99Ms.toFixed(1)} ms (${result.watchOnB.missing} missing)`);
    return result;
  } finally {
    for (const s of streams) s.cancel();
    for (const c of channels) c.close();
    writer.close();
    reader.close();
  }
}
