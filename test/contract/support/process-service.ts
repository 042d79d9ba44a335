// Runs the service as its own OS process (node dist/src/main.js, built once when the sources changed),
// as production does, so tests can run several instances on one store and kill them independently.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { credentials } from '@grpc/grpc-js';
import { SessionPolicyAdminServiceClient } from '../../../gen/ts/sessionpolicy/v1/admin_service';
import { SessionPolicyResolverServiceClient } from '../../../gen/ts/sessionpolicy/v1/resolver_service';
import { runLogStream } from './run-log';
import { TEST_SERVICE_TOKENS } from './service';

const ROOT = resolve(__dirname, '../../..');

export interface ServiceProcess {
  readonly port: number;
  /** The HTTP face's port, when HTTP_LISTEN was given. */
  readonly httpPort: number | undefined;
  readonly pid: number;
  readonly admin: SessionPolicyAdminServiceClient;
  readonly resolver: SessionPolicyResolverServiceClient;
  readonly logs: string[];
  /** SIGTERM and wait; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL (a crash: nothing is drained or closed) and wait for the exit. */
  kill(): Promise<void>;
}

let built = false;

/** Compiles dist/ once per test file (skipped when nothing changed): a restart then takes a second, not a compile. */
function ensureBuilt(): void {
  if (built) return;
  execFileSync('bash', ['scripts/build-if-changed.sh'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  built = true;
}

export async function startServiceProcess(mongodbUri: string, database: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
  ensureBuilt();
  const child: ChildProcess = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      SESSION_POLICY_LISTEN: '127.0.0.1:0',
      MONGODB_URI: mongodbUri,
      MONGODB_DATABASE: database,
      SERVICE_TOKENS: TEST_SERVICE_TOKENS,
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_MS: '2000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  let httpPort: number | undefined;
  const runLog = runLogStream('service-process');
  child.once('exit', () => runLog.end());
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start:\n${logs.join('\n')}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`service exited (${code}):\n${logs.join('\n')}`)));
    createInterface({ input: child.stderr! }).on('line', (line) => (logs.push(line), runLog.write(`${line}\n`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      logs.push(line);
      runLog.write(`${line}\n`);
      if (line.includes('HTTP face listening')) httpPort = (JSON.parse(line) as { port: number }).port;
      if (line.includes('session policy service listening')) {
        clearTimeout(timer);
        resolvePort((JSON.parse(line) as { port: number }).port);
      }
    });
  });
  const address = `127.0.0.1:${port}`;
  const admin = new SessionPolicyAdminServiceClient(address, credentials.createInsecure());
  const resolver = new SessionPolicyResolverServiceClient(address, credentials.createInsecure());
  return {
    port,
    httpPort,
    pid: child.pid as number,
    admin,
    resolver,
    logs,
    async stop() {
      admin.close();
      resolver.close();
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
      admin.close();
      resolver.close();
    },
  };
}
