// Prometheus metrics: per-method call counts by status and latency, plus the replica's gauges.
import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  private readonly calls = new Counter({
    name: 'session_policy_calls_total',
    help: 'Calls handled, by face (grpc or http), method and status code (gRPC code names on both faces)',
    labelNames: ['face', 'method', 'code'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'session_policy_call_duration_seconds',
    help: 'Call handling time, by face and method',
    labelNames: ['face', 'method'] as const,
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25, 1],
    registers: [this.registry],
  });

  constructor(gauges: { replicatedOrganizations: () => number; revision: () => number; storeHealthy: () => boolean; unconfirmedForMs: () => number }) {
    collectDefaultMetrics({ register: this.registry });
    this.gauge('session_policy_replicated_organizations', 'Organizations held in the replica', gauges.replicatedOrganizations);
    this.gauge('session_policy_applied_revision', 'Newest change-log revision applied to the replica', gauges.revision);
    this.gauge('session_policy_store_up', '1 while the store confirms the replica within REPLICA_STALE_AFTER_MS (0 exactly when answers are marked stale)', () => (gauges.storeHealthy() ? 1 : 0));
    this.gauge('session_policy_replica_unconfirmed_seconds', 'Seconds since the store last confirmed the replica (answers are stale past REPLICA_STALE_AFTER_MS, refused past REPLICA_MAX_STALE_MS; -1 before the first load)', () => {
      const ms = gauges.unconfirmedForMs();
      return ms < 0 ? -1 : ms / 1000;
    });
  }

  /** A gauge read at each scrape. */
  gauge(name: string, help: string, read: () => number): void {
    new Gauge({ name, help, registers: [this.registry], collect() { this.set(read()); } });
  }

  /**
   * Label values come from closed sets so no caller can grow the series: `method` a served method's
   * "package.Service/Method" or a page's route ('unknown' otherwise, which the faces pass), `code` a
   * gRPC code name.
   */
  observeCall(face: 'grpc' | 'http', method: string, code: string, latencyMs: number): void {
    this.calls.inc({ face, method, code });
    this.latency.observe({ face, method }, latencyMs / 1000);
  }

  /** Serves GET /metrics on host:port; resolves with the bound server. */
  serve(host: string, port: number): Promise<Server> {
    const server = createServer((req, res) => {
      if (req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      this.registry.metrics().then(
        (body) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(body),
        () => res.writeHead(500).end(),
      );
    });
    return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
  }
}
