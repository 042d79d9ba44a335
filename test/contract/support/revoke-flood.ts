// A RevokeSessions flood from one caller, run as a process of its own (tsx) so that the test process,
// which reads the services' logs and takes the measurements, is not the one saturated by the load:
// distinct session ids, at a fixed rate, alternating the given instances, bounded in calls, time and
// calls in flight. The bearer token comes in SPOL_FLOOD_TOKEN, never in argv.
//   tsx revoke-flood.ts <organizationId> <perSecond> <maxCalls> <maxMs> <maxInFlight> <markAfter> <port> [<port>...]
// Prints `MARK <answered>` once `markAfter` calls were answered, then one JSON line: the outcome.
import { credentials, Metadata } from '@grpc/grpc-js';
import { SessionPolicyAdminServiceClient } from '../../../gen/ts/sessionpolicy/v1/admin_service';
import { RevocationReason } from '../../../gen/ts/sessionpolicy/v1/session_revocation';
import { call, decodeError, type DecodedError } from './calls';

export interface FloodOutcome {
  readonly sent: number;
  readonly ok: number;
  readonly seconds: number;
  /** Refusals by "CODE REASON": how many, and the first one. */
  readonly counts: Record<string, number>;
  readonly first: Record<string, DecodedError>;
}

async function main(): Promise<void> {
  const [organizationId = '', perSecond, maxCalls, maxMs, maxInFlight, markAfter, ...ports] = process.argv.slice(2);
  const clients = ports.map((port) => new SessionPolicyAdminServiceClient(`127.0.0.1:${port}`, credentials.createInsecure()));
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${process.env['SPOL_FLOOD_TOKEN'] ?? ''}`);
  const counts: Record<string, number> = {};
  const first: Record<string, DecodedError> = {};
  let sent = 0;
  let ok = 0;
  let answered = 0;
  let inFlight = 0;
  let marked = false;
  const calls: Promise<void>[] = [];
  const started = performance.now();
  while (sent < Number(maxCalls) && performance.now() - started < Number(maxMs)) {
    const due = Math.min(Number(maxCalls), Math.floor(((performance.now() - started) / 1000) * Number(perSecond)));
    while (sent < due && inFlight < Number(maxInFlight)) {
      const i = sent++;
      const client = clients[i % clients.length] as SessionPolicyAdminServiceClient;
      inFlight += 1;
      const request = { organizationId, target: { $case: 'sessionId' as const, value: `flood-${i}` }, reason: RevocationReason.REVOCATION_REASON_LOGOUT, requestId: '' };
      calls.push(
        call(client.revokeSessions.bind(client), request, metadata)
          .then(
            () => void (ok += 1),
            (error: unknown) => {
              const decoded = decodeError(error);
              const key = `${decoded.codeName} ${decoded.reason}`;
              first[key] ??= decoded;
              counts[key] = (counts[key] ?? 0) + 1;
            },
          )
          .finally(() => {
            inFlight -= 1;
            answered += 1;
          }),
      );
    }
    if (!marked && answered >= Number(markAfter)) {
      marked = true;
      process.stdout.write(`MARK ${answered}\n`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await Promise.all(calls);
  for (const client of clients) client.close();
  const outcome: FloodOutcome = { sent, ok, seconds: (performance.now() - started) / 1000, counts, first };
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
