// Every instance can write while another saturates the log. On FerretDB an instance that lost a slot
// reads the entries it missed with a segment scan that takes hundreds of milliseconds under load,
// while a busy instance that keeps winning commits dozens more meanwhile: without turns, the quieter
// instance lost every race until its caller gave up. Here three clients write to instance A as fast
// as it answers, and instance B's writes must still be acknowledged, each within its 5 s deadline.
import { randomUUID } from 'node:crypto';
import { SessionPolicyType } from '../../gen/ts/sessionpolicy/v1/session_policy';
import { call } from './support/calls';
import { startServiceProcess, type ServiceProcess } from './support/process-service';
import { asAdmin } from './support/service';
import { startTestStore, uniqueDatabase, type TestStore } from './support/store';

jest.setTimeout(180_000);

const BUSY_ORGS = ['org-busy-0', 'org-busy-1', 'org-busy-2'];
const QUIET_ORG = 'org-quiet';
const QUIET_WRITES = 12;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let store: TestStore;
let busy: ServiceProcess;
let quiet: ServiceProcess;

beforeAll(async () => {
  store = await startTestStore();
  const database = uniqueDatabase('fairness');
  [busy, quiet] = await Promise.all([startServiceProcess(store.uri, database), startServiceProcess(store.uri, database)]);
  for (const organizationId of [...BUSY_ORGS, QUIET_ORG]) {
    await call(busy.admin.updateOrganizationSettings.bind(busy.admin), { organizationId, settings: { features: [{ name: 'session_policy', enabled: true }] }, etag: '', requestId: '' }, asAdmin());
  }
});

afterAll(async () => {
  await Promise.all([busy?.stop(), quiet?.stop()]);
  await store?.close();
});

function update(instance: ServiceProcess, organizationId: string, absolute: number, deadlineMs: number) {
  return call(
    instance.admin.updateOrganizationSessionPolicy.bind(instance.admin),
    { organizationId, policySource: SessionPolicyType.CUSTOM, absoluteSessionTimeout: absolute, idleSessionTimeoutEnabled: undefined, idleSessionTimeout: undefined, etag: '', requestId: randomUUID() },
    asAdmin(),
    { deadline: Date.now() + deadlineMs },
  );
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

it('when one instance\'s clients saturate the log, then another instance\'s writes are still acknowledged, each within its deadline', async () => {
  let running = true;
  let busyAcks = 0;
  let value = 100;
  const writers = BUSY_ORGS.map(async (organizationId) => {
    while (running) {
      // No pause between writes: this instance wins every race it is left to.
      await update(busy, organizationId, value++, 3000).then(() => busyAcks++, () => sleep(10));
    }
  });
  const latencies: number[] = [];
  const failures: string[] = [];
  try {
    await sleep(1500);
    const busyBefore = busyAcks;
    const started = Date.now();
    for (let i = 0; i < QUIET_WRITES; i++) {
      const t0 = Date.now();
      try {
        await update(quiet, QUIET_ORG, 1000 + i, 5000);
        latencies.push(Date.now() - t0);
      } catch (error) {
        failures.push(`write ${i}: ${String(error).slice(0, 200)} after ${Date.now() - t0} ms`);
      }
    }
    const seconds = (Date.now() - started) / 1000;
    const sorted = [...latencies].sort((a, b) => a - b);
    process.stdout.write(
      `write fairness: busy instance ${((busyAcks - busyBefore) / seconds).toFixed(0)} acks/s meanwhile; quiet instance ${latencies.length}/${QUIET_WRITES} acknowledged, ` +
        `p50 ${percentile(sorted, 50)} ms, max ${sorted.at(-1) ?? NaN} ms${failures.length ? `; failed: ${failures.join('; ')}` : ''}\n`,
    );
    expect(busyAcks - busyBefore).toBeGreaterThan(QUIET_WRITES);
  } finally {
    running = false;
    await Promise.all(writers);
  }
  expect(failures).toEqual([]);
});
