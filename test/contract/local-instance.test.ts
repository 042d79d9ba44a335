// Starting the real entry point (src/main.ts) as `npm start` does, in dev mode with the embedded
// FerretDB: a second start on the same data dir or port says so in one line and touches nothing of
// the running instance; a FerretDB left behind by a server killed with -9 is stopped at the next start.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FERRETDB_PID_FILE } from '../../src/storage/embedded-ferretdb';
import { LOCK_FILE } from '../../src/local-instance';

const ROOT = resolve(__dirname, '..', '..');

interface Started {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

function startMain(env: Record<string, string>): Started {
  // One process (node --import tsx), so that kill -9 hits the server itself, as it would in production.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, SESSION_POLICY_DEV_MODE: 'true', SESSION_POLICY_LISTEN: '127.0.0.1:0', LOG_LEVEL: 'info', MONGODB_URI: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function listeningPort(started: Started): Promise<number> {
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    const line = started.stdout().split('\n').find((l) => l.includes('session policy service listening'));
    if (line) return (JSON.parse(line) as { port: number }).port;
    if (started.child.exitCode !== null) throw new Error(`exited: ${started.stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not listening within 45 s: ${started.stderr()}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return !isAlive(pid);
}

const dataDir = mkdtempSync(join(tmpdir(), 'spsvc-instance-'));
const otherDir = mkdtempSync(join(tmpdir(), 'spsvc-instance-other-'));
const running: Started[] = [];

afterAll(async () => {
  for (const s of running) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  for (const dir of [dataDir, otherDir]) {
    const pidFile = join(dir, FERRETDB_PID_FILE);
    if (existsSync(pidFile)) {
      const { pid } = JSON.parse(readFileSync(pidFile, 'utf8')) as { pid: number };
      if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('when an instance is running', () => {
  let first: Started;
  let port: number;
  let token: string;

  beforeAll(async () => {
    first = startMain({ SESSION_POLICY_DATA_DIR: dataDir });
    running.push(first);
    port = await listeningPort(first);
    token = readFileSync(join(dataDir, 'dev-admin-token'), 'utf8');
  });

  it('then its banner names the real token file', () => {
    expect(first.stderr()).toContain(`cat ${join(dataDir, 'dev-admin-token')}`);
    expect(first.stderr()).not.toContain('data/dev-admin-token');
  });

  it('then a second start on the same data dir is refused in one line, touching nothing', async () => {
    const second = startMain({ SESSION_POLICY_DATA_DIR: dataDir });
    running.push(second);
    expect(await second.exited).not.toBe(0);
    expect(second.stderr().trim().split('\n')).toEqual([expect.stringContaining(`data dir ${dataDir} is in use by a running instance (pid ${first.child.pid})`)]);
    expect(readFileSync(join(dataDir, 'dev-admin-token'), 'utf8')).toBe(token);
    expect(readFileSync(join(dataDir, LOCK_FILE), 'utf8').trim()).toBe(String(first.child.pid));
    expect(first.child.exitCode).toBeNull();
  });

  it('then a second start on the same port is refused in one line, before writing a token', async () => {
    const second = startMain({ SESSION_POLICY_DATA_DIR: otherDir, SESSION_POLICY_LISTEN: `127.0.0.1:${port}` });
    running.push(second);
    expect(await second.exited).not.toBe(0);
    expect(second.stderr().trim().split('\n')).toEqual([expect.stringContaining(`127.0.0.1:${port} is already in use`)]);
    expect(existsSync(join(otherDir, 'dev-admin-token'))).toBe(false);
    expect(existsSync(join(otherDir, LOCK_FILE))).toBe(false); // released on exit
  });

  it('then after kill -9 the next start stops the FerretDB left behind and takes the data dir over', async () => {
    const leftover = (JSON.parse(readFileSync(join(dataDir, FERRETDB_PID_FILE), 'utf8')) as { pid: number }).pid;
    first.child.kill('SIGKILL');
    await first.exited;
    expect(isAlive(leftover)).toBe(true); // nobody stopped it: that is the problem being fixed

    const next = startMain({ SESSION_POLICY_DATA_DIR: dataDir });
    running.push(next);
    await listeningPort(next);
    expect(await gone(leftover, 10_000)).toBe(true);
    expect(next.stdout()).toContain('embedded FerretDB leftover stopped');
    const own = (JSON.parse(readFileSync(join(dataDir, FERRETDB_PID_FILE), 'utf8')) as { pid: number }).pid;
    expect(own).not.toBe(leftover);

    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
    expect(await gone(own, 10_000)).toBe(true);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  });
});
