// A real OpenTelemetry Collector (built by scripts/install-tools.sh otelcol from the Collector's own
// modules) with an OTLP receiver on free loopback ports and a file exporter; spans are read back from
// its file, one JSON line (OTLP JSON) per exported batch.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../../src/storage/embedded-ferretdb';

const BINARY = resolve(__dirname, '../../../.tools/bin/otelcol');

export interface ReceivedSpan {
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly kind: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
  readonly status: { readonly code?: number; readonly message?: string };
  readonly events: readonly { readonly name: string }[];
  readonly links: readonly { readonly traceId: string; readonly spanId: string }[];
  readonly serviceName: string;
}

export interface Collector {
  /** OTLP/HTTP base URL (the SDK appends /v1/traces). */
  readonly httpEndpoint: string;
  /** OTLP/gRPC endpoint. */
  readonly grpcEndpoint: string;
  /** The file the exporter writes: one JSON line (OTLP JSON) per batch. */
  readonly spanFile: string;
  /** Every span received so far. */
  spans(): ReceivedSpan[];
  /** Waits (bounded) until `found` holds for the spans received, and answers them. */
  waitFor(found: (spans: ReceivedSpan[]) => boolean, ms?: number): Promise<ReceivedSpan[]>;
  stop(): Promise<void>;
}

type OtlpValue = { stringValue?: string; intValue?: string; boolValue?: boolean; doubleValue?: number };
const valueOf = (v: OtlpValue): string | number | boolean => v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : (v.boolValue ?? v.doubleValue ?? ''));
const attributesOf = (list: { key: string; value: OtlpValue }[] | undefined): Record<string, string | number | boolean> => Object.fromEntries((list ?? []).map((a) => [a.key, valueOf(a.value)]));

interface OtlpSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: { key: string; value: OtlpValue }[];
  status?: { code?: number; message?: string };
  events?: { name: string }[];
  links?: { traceId: string; spanId: string }[];
}

function parseSpans(text: string): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const batch = JSON.parse(line) as { resourceSpans: { resource: { attributes: { key: string; value: OtlpValue }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[] };
    for (const resourceSpans of batch.resourceSpans) {
      const serviceName = String(attributesOf(resourceSpans.resource.attributes)['service.name'] ?? '');
      for (const scope of resourceSpans.scopeSpans) {
        for (const span of scope.spans) {
          spans.push({
            name: span.name,
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId ?? '',
            kind: span.kind,
            startMs: Number(BigInt(span.startTimeUnixNano) / 1_000_000n),
            endMs: Number(BigInt(span.endTimeUnixNano) / 1_000_000n),
            attributes: attributesOf(span.attributes),
            status: span.status ?? {},
            events: span.events ?? [],
            links: span.links ?? [],
            serviceName,
          });
        }
      }
    }
  }
  return spans;
}

export async function startCollector(): Promise<Collector> {
  if (!existsSync(BINARY)) throw new Error('.tools/bin/otelcol missing: run bash scripts/install-tools.sh otelcol');
  const dir = mkdtempSync(join(tmpdir(), 'spol-otelcol-'));
  const file = join(dir, 'spans.jsonl');
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      'receivers:',
      '  otlp:',
      '    protocols:',
      `      http: { endpoint: "127.0.0.1:${httpPort}" }`,
      `      grpc: { endpoint: "127.0.0.1:${grpcPort}" }`,
      'exporters:',
      `  file: { path: "${file}", flush_interval: 100ms }`,
      'service:',
      // No metrics endpoint of its own (it would bind :8888, shared by every collector on the machine).
      '  telemetry: { metrics: { level: none }, logs: { encoding: json } }',
      '  pipelines:',
      '    traces: { receivers: [otlp], exporters: [file] }',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(BINARY, ['--config', join(dir, 'config.yaml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  const log: string[] = [];
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`the collector did not start:\n${log.join('')}`)), 30_000);
    child.once('exit', (code) => fail(new Error(`the collector exited (${code}):\n${log.join('')}`)));
    child.stderr?.on('data', (chunk: Buffer) => {
      log.push(chunk.toString());
      if (log.join('').includes('Everything is ready')) {
        clearTimeout(timer);
        ready();
      }
    });
  });
  const spans = (): ReceivedSpan[] => (existsSync(file) ? parseSpans(readFileSync(file, 'utf8')) : []);
  return {
    httpEndpoint: `http://127.0.0.1:${httpPort}`,
    grpcEndpoint: `http://127.0.0.1:${grpcPort}`,
    spanFile: file,
    spans,
    async waitFor(found, ms = 15_000) {
      const until = Date.now() + ms;
      for (;;) {
        const now = spans();
        if (found(now)) return now;
        if (Date.now() > until) throw new Error(`the spans expected did not arrive within ${ms} ms; received:\n${now.map((s) => `${s.traceId} ${s.name}`).join('\n')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
