// A tenant's Resolve latency, measured from its own process: one ResolveEffectivePolicy after another,
// alternating the given instances, for a fixed time. A load generator in the test's own process would
// otherwise delay the probe's callbacks and count its own event-loop time as the server's latency.
// Plain JavaScript on grpc-js alone (the request is one repeated string field, encoded by hand), so it
// starts in a fraction of a second. Usage (the bearer token in SPOL_PROBE_TOKEN, never in argv):
//   node resolve-probe.js <durationMs> <organizationId> <port> [<port>...]
// Prints one JSON line: the latencies in ms, in call order.
'use strict';
const { performance } = require('node:perf_hooks');
const { credentials, Client, Metadata } = require('@grpc/grpc-js');

const [durationMs, organizationId, ...ports] = process.argv.slice(2);
const token = process.env.SPOL_PROBE_TOKEN ?? '';
const id = Buffer.from(organizationId ?? '', 'utf8');
// ResolveEffectivePolicyRequest { repeated string organization_ids = 1; }: tag 0x0a, length, bytes.
const request = Buffer.concat([Buffer.from([0x0a, id.length]), id]);
const clients = ports.map((port) => new Client(`127.0.0.1:${port}`, credentials.createInsecure()));

function resolveOnce(client) {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return new Promise((resolve, reject) =>
    client.makeUnaryRequest('/sessionpolicy.v1.SessionPolicyResolverService/ResolveEffectivePolicy', (b) => b, (b) => b, request, metadata, {}, (error) => (error ? reject(error) : resolve())),
  );
}

async function main() {
  const latencies = [];
  const end = performance.now() + Number(durationMs);
  for (let i = 0; performance.now() < end; i++) {
    const started = performance.now();
    await resolveOnce(clients[i % clients.length]);
    latencies.push(Math.round((performance.now() - started) * 1000) / 1000);
  }
  for (const client of clients) client.close();
  process.stdout.write(`${JSON.stringify(latencies)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
