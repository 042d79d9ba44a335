// Dev-mode files: the admin token is created fresh with mode 0600 and never written through a symlink;
// a data dir held by a live process is refused, one left by a dead one is taken over.
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE, StartRefused, lockDataDir, writeFreshPrivateFile } from '../../src/local-instance';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'local-instance-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A pid that certainly belonged to a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('the dev admin token file', () => {
  it('is created with mode 0600, whatever the umask', () => {
    const previous = process.umask(0o000);
    try {
      writeFreshPrivateFile(join(dir, 'dev-admin-token'), 'tok\n');
    } finally {
      process.umask(previous);
    }
    expect(statSync(join(dir, 'dev-admin-token')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'dev-admin-token'), 'utf8')).toBe('tok\n');
  });

  it('replaces a pre-existing 0644 file by a new 0600 one', () => {
    const path = join(dir, 'dev-admin-token');
    writeFileSync(path, 'old token that was much longer\n');
    chmodSync(path, 0o644);
    writeFreshPrivateFile(path, 'new\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe('new\n');
  });

  it('is never written through a symlink: the link is replaced and its target left alone', () => {
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'precious\n');
    chmodSync(victim, 0o644);
    const path = join(dir, 'dev-admin-token');
    symlinkSync(victim, path);
    writeFreshPrivateFile(path, 'tok\n');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(statSync(victim).mode & 0o777).toBe(0o644);
    expect(lstatSync(path).isSymbolicLink()).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe('tok\n');
  });
});

describe('the data dir lock', () => {
  it('refuses a second holder while the first one runs, in one line, leaving the lock as it was', () => {
    const first = lockDataDir(dir);
    const before = readFileSync(join(dir, LOCK_FILE), 'utf8');
    let refusal: unknown;
    try {
      lockDataDir(dir, process.pid + 1);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(StartRefused);
    expect((refusal as Error).message).toContain(`in use by a running instance (pid ${process.pid})`);
    expect((refusal as Error).message).not.toContain('\n');
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(before);
    first.release();
  });

  it('takes over a lock left by a process that is gone (kill -9)', () => {
    const stale = deadPid();
    writeFileSync(join(dir, LOCK_FILE), `${stale}\n`);
    const lock = lockDataDir(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
    expect(() => statSync(join(dir, LOCK_FILE))).toThrow();
  });

  it('release leaves a lock that another process has since taken', () => {
    const lock = lockDataDir(dir);
    writeFileSync(join(dir, LOCK_FILE), '1\n');
    lock.release();
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe('1\n');
  });
});
