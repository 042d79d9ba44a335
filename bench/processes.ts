// Processes the benchmark starts: the built service, the echo baseline and the store-read server, each
// on 127.0.0.1 and a free port, each stopped by the run (even on failure), with its stdout (the JSON log)
// kept in a file so the run can read the server's own "replica loaded" line.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { credentials, Client, type ServiceError } from '@grpc/grpc-js';
import { freePort } from '../src/storage/embedded-ferretdb';
import { sha256Hex } from '../src/transport/authenticate';

export interface BenchProcess {
  readonly name: string;
  readonly port: number;
  readonly pid: number;
  readonly logFile: string;
  /** Milliseconds from spawn to health SERVING (or to listening, for servers without health). */
  readonly readyMs: number;
  /** The service's Prometheus endpoint (service processes only). */
  readonly metricsPort?: number;
  stop(): Promise<void>;
}

export interface ProcessOptions {
  readonly root: string;
  readonly logDir: string;
  readonly token: string;
  readonly nodeArgs?: readonly string[];
  /** What node runs for a service (default: the built dist/src/main.js), from `root`. */
  readonly entry?: readonly string[];
}

const running = new Set<BenchProcess>();

/** Stops everything still running: the run's `finally`. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop().catch(() => undefined)));
}

/** User + system CPU a process has used so far, in ms (from /proc: clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export const log = (message: string): void => void process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

export async function startService(name: string, options: ProcessOptions, uri: string, database: string, env: Record<string, string> = {}): Promise<BenchProcess> {
  const metricsPort = await freePort();
  const proc = await start(name, options, [...(options.nodeArgs ?? []), ...(options.entry ?? ['dist/src/main.js'])], (port) => ({
    SESSION_POLICY_LISTEN: `127.0.0.1:${port}`,
    METRICS_LISTEN: `127.0.0.1:${metricsPort}`,
    MONGODB_URI: uri,
    MONGODB_DATABASE: database,
    ...env,
  }));
  return Object.assign(proc, { metricsPort });
}

/** V8 heap used and total (MB) from the service's own default Prometheus metrics: what RSS is made of. */
export async function heapMb(proc: BenchProcess): Promise<{ usedMb: number; totalMb: number } | undefined> {
  if (proc.metricsPort === undefined) return undefined;
  try {
    const text = await (await fetch(`http://127.0.0.1:${proc.metricsPort}/metrics`)).text();
    const value = (name: string): number => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN) / 2 ** 20;
    return { usedMb: Math.round(value('nodejs_heap_size_used_bytes')), totalMb: Math.round(value('nodejs_heap_size_total_bytes')) };
  } catch {
    return undefined;
  }
}

/** The echo baseline (bench/echo-server.ts), through tsx: it is not part of the built service. */
export function startEcho(options: ProcessOptions): Promise<BenchProcess> {
  return start('echo', options, ['--import', 'tsx', 'bench/echo-server.ts'], (port) => ({ ECHO_LISTEN: `127.0.0.1:${port}` }), false);
}

export function startStoreRead(options: ProcessOptions, uri: string, database: string): Promise<BenchProcess> {
  return start('store-read', options, ['--import', 'tsx', 'bench/store-read-server.ts'], (port) => ({ STORE_READ_LISTEN: `127.0.0.1:${port}`, MONGODB_URI: uri, MONGODB_DATABASE: database }), false);
}

async function start(name: string, options: ProcessOptions, args: string[], envFor: (port: number) => Record<string, string>, health = true): Promise<BenchProcess> {
  const port = await freePort();
  const logFile = join(options.logDir, `${name}.log`);
  const out = openSync(logFile, 'w');
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: options.root,
    env: {
      PATH: process.env['PATH'] ?? '',
      SERVICE_TOKENS: `bench:read+admin:${sha256Hex(options.token)}`,
      LOG_LEVEL: 'info',
      ...envFor(port),
    },
    stdio: ['ignore', out, 'inherit'],
  });
  closeSync(out);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const deadline = Date.now() + 300_000;
  const probe = health ? (): Promise<boolean> => serving(port) : (): Promise<boolean> => listening(port);
  while (!(await probe())) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before serving; see ${logFile}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} not serving after 300 s`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const readyMs = Math.round(performance.now() - started);
  const proc: { -readonly [K in keyof BenchProcess]: BenchProcess[K] } = {
    name,
    port,
    pid: child.pid as number,
    logFile,
    readyMs,
    async stop() {
      running.delete(proc);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    },
  };
  running.add(proc);
  log(`${name} serving on 127.0.0.1:${port} after ${readyMs} ms (pid ${proc.pid})`);
  return proc;
}

/** grpc.health.v1 Check for the overall service (""): the request is empty, the response `status` field 1. */
function serving(port: number): Promise<boolean> {
  const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
  return new Promise<boolean>((done) => {
    client.makeUnaryRequest(
      '/grpc.health.v1.Health/Check',
      () => Buffer.alloc(0),
      (bytes: Buffer) => (bytes.length >= 2 && bytes[0] === 0x08 ? bytes[1] : 0),
      {},
      { deadline: Date.now() + 1000 },
      (error: ServiceError | null, status?: number) => {
        client.close();
        done(!error && status === 1);
      },
    );
  });
}

function listening(port: number): Promise<boolean> {
  const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
  return new Promise<boolean>((done) =>
    client.waitForReady(Date.now() + 500, (error) => {
      client.close();
      done(!error);
    }),
  );
}

export function rssMb(pid: number): number {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return NaN;
  }
}

/** The server's own "replica loaded" log line: organizations, revision and loadMs. */
export function replicaLoaded(proc: BenchProcess): { organizations: number; revision: number; loadMs: number } | undefined {
  for (const line of readFileSync(proc.logFile, 'utf8').split('\n')) {
    if (!line.includes('replica loaded')) continue;
    try {
      const entry = JSON.parse(line) as { organizations: number; revision: number; loadMs: number };
      return { organizations: entry.organizations, revision: entry.revision, loadMs: entry.loadMs };
    } catch {
      return undefined;
    }
  }
  return undefined;
}
