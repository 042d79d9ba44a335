// The embedded default store: a FerretDB (MongoDB wire protocol, SQLite backend) child process on
// 127.0.0.1 and a free port, its data kept in a directory across restarts, restarted if it dies.
// Its pid (and ours) is kept in <dataDir>/ferretdb.pid: a server killed with -9 cannot stop its
// FerretDB, so the next start finds the leftover there and stops it before starting its own.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join, resolve } from 'node:path';
import { isProcessAlive } from '../process-alive';

export const FERRETDB_PID_FILE = 'ferretdb.pid';

export interface EmbeddedFerretDbOptions {
  readonly binary: string;
  readonly dataDir: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Restart the process when it exits unexpectedly. */
  readonly supervise?: boolean;
  readonly onEvent?: (event: 'started' | 'exited' | 'restarting' | 'leftover stopped', detail: Record<string, unknown>) => void;
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

interface PidFile {
  readonly pid: number;
  /** The server process that started it; while that one lives, the FerretDB is not a leftover. */
  readonly owner: number;
}


/** The command line of a process, to be sure a pid from the file still is our FerretDB (pids get reused). */
function commandLineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    try {
      return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      return undefined;
    }
  }
}

function readPidFile(path: string): PidFile | undefined {
  try {
    const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
    const { pid, owner } = (raw ?? {}) as { pid?: unknown; owner?: unknown };
    return typeof pid === 'number' && typeof owner === 'number' ? { pid, owner } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stops a FerretDB that a dead server left running on this data dir: the pid file names it, its owner
 * is gone, and its command line is this binary on this data dir. Returns the pid it stopped.
 */
export async function stopLeftoverFerretDb(binary: string, dataDir: string): Promise<number | undefined> {
  const pidFile = join(dataDir, FERRETDB_PID_FILE);
  const recorded = readPidFile(pidFile);
  if (!recorded) return undefined;
  if (recorded.owner !== process.pid && isProcessAlive(recorded.owner)) return undefined; // a live server's own
  const command = isProcessAlive(recorded.pid) ? commandLineOf(recorded.pid) : undefined;
  let stopped: number | undefined;
  if (command !== undefined && command.includes(binary) && command.includes(`--state-dir=${dataDir}`)) {
    process.kill(recorded.pid, 'SIGTERM');
    const deadline = Date.now() + 5000;
    while (isProcessAlive(recorded.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (isProcessAlive(recorded.pid)) process.kill(recorded.pid, 'SIGKILL');
    while (isProcessAlive(recorded.pid) && Date.now() < deadline + 2000) await new Promise((r) => setTimeout(r, 50));
    stopped = recorded.pid;
  }
  try {
    unlinkSync(pidFile);
  } catch {
    // already gone
  }
  return stopped;
}

export async function startEmbeddedFerretDb(options: EmbeddedFerretDbOptions): Promise<EmbeddedFerretDb> {
  const binary = resolve(options.binary);
  if (!existsSync(binary)) {
    throw new Error(`FerretDB not found at ${binary}; run scripts/install-tools.sh ferretdb (or set MONGODB_URI)`);
  }
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const pidFile = join(dataDir, FERRETDB_PID_FILE);
  const leftover = await stopLeftoverFerretDb(binary, dataDir);
  if (leftover !== undefined) options.onEvent?.('leftover stopped', { pid: leftover, dataDir });
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
    if (proc.pid !== undefined) writeFileSync(pidFile, `${JSON.stringify({ pid: proc.pid, owner: process.pid })}\n`);
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
      if (readPidFile(pidFile)?.pid === proc.pid) {
        try {
          unlinkSync(pidFile);
        } catch {
          // already gone
        }
      }
    },
  };
}
