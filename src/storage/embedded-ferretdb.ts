// The embedded default store: a FerretDB (MongoDB wire protocol, SQLite backend) child process on
// 127.0.0.1 and a free port, its data kept in a directory across restarts, restarted if it dies.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { resolve } from 'node:path';

export interface EmbeddedFerretDbOptions {
  readonly binary: string;
  readonly dataDir: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Restart the process when it exits unexpectedly. */
  readonly supervise?: boolean;
  readonly onEvent?: (event: 'started' | 'exited' | 'restarting', detail: Record<string, unknown>) => void;
}

export interface EmbeddedFerretDb {
  readonly uri: string;
  readonly port: number;
  /** Stops the process (SIGTERM, then SIGKILL after 5 s) and stops supervising it. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data (after stop(), or to test outages). */
  start(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

export async function startEmbeddedFerretDb(options: EmbeddedFerretDbOptions): Promise<EmbeddedFerretDb> {
  const binary = resolve(options.binary);
  if (!existsSync(binary)) {
    throw new Error(`FerretDB not found at ${binary}; run scripts/install-tools.sh ferretdb (or set MONGODB_URI)`);
  }
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const port = options.port || (await freePort());
  let child: ChildProcess | undefined;
  let wanted = false;

  const launch = async (): Promise<void> => {
    const proc = spawn(
      binary,
      [
        '--handler=sqlite',
        `--sqlite-url=file:${dataDir}/`,
        `--listen-addr=127.0.0.1:${port}`,
        '--telemetry=disable',
        '--debug-addr=-',
        `--state-dir=${dataDir}`,
        '--log-level=error',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child = proc;
    let stderr = '';
    proc.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    proc.once('exit', (code, signal) => {
      if (child === proc) child = undefined;
      options.onEvent?.('exited', { code, signal, stderr: stderr.slice(-500) });
      if (wanted && options.supervise) {
        options.onEvent?.('restarting', { port });
        setTimeout(() => void (wanted && !child ? launch().catch(() => undefined) : undefined), 500);
      }
    });
    const deadline = Date.now() + 20_000;
    while (!(await isListening(port))) {
      if (proc.exitCode !== null) throw new Error(`FerretDB exited at start (code ${proc.exitCode}): ${stderr.slice(-1000)}`);
      if (Date.now() > deadline) throw new Error(`FerretDB did not listen on 127.0.0.1:${port} within 20 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
    options.onEvent?.('started', { port, pid: proc.pid });
  };

  wanted = true;
  await launch();
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    port,
    async start() {
      wanted = true;
      if (!child) await launch();
    },
    async stop() {
      wanted = false;
      const proc = child;
      if (!proc) return;
      await new Promise<void>((done) => {
        const kill = setTimeout(() => proc.kill('SIGKILL'), 5000);
        proc.once('exit', () => {
          clearTimeout(kill);
          done();
        });
        proc.kill('SIGTERM');
      });
    },
  };
}
