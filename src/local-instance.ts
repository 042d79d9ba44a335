// What one running instance owns on the local machine: its data dir (a lock file with its pid), its
// listen port and, in dev mode, the admin token file. A second start must find these taken and say
// so in one line, before it touches anything the running instance uses.
import { closeSync, constants, fchmodSync, lstatSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A start that cannot proceed for a reason the operator fixes; its message is one line. */
export class StartRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartRefused';
  }
}

export const LOCK_FILE = 'instance.lock';
export const DEV_TOKEN_FILE = 'dev-admin-token';

import { isProcessAlive } from './process-alive';

export { isProcessAlive };

/**
 * Creates `path` fresh with exactly `content` and mode 0600: whatever was there (a file, or a symlink
 * planted to redirect the write) is unlinked, never followed, and O_EXCL|O_NOFOLLOW make the create fail
 * rather than write through anything that appears in between.
 */
export function writeFreshPrivateFile(path: string, content: string): void {
  try {
    if (lstatSync(path).isDirectory()) throw new StartRefused(`${path} is a directory; remove it`);
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    fchmodSync(fd, 0o600); // the umask may have narrowed the create mode; never widen it, never keep an old one
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
}

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock file if it is still ours. */
  release(): void;
}

/**
 * Takes the data dir for this process: `<dataDir>/instance.lock` holding our pid, created with O_EXCL.
 * A lock whose pid is no longer running (a server killed with -9) is stale and taken over; a live one
 * refuses the start without changing anything.
 */
export function lockDataDir(dataDir: string, pid: number = process.pid): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
      try {
        writeSync(fd, `${pid}\n`);
      } finally {
        closeSync(fd);
      }
      return {
        path,
        release() {
          try {
            if (readFileSync(path, 'utf8').trim() === String(pid)) unlinkSync(path);
          } catch {
            // already gone: nothing to release
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readLockPid(path);
    if (holder !== undefined && holder !== pid && isProcessAlive(holder)) {
      throw new StartRefused(`data dir ${dataDir} is in use by a running instance (pid ${holder}); stop it first or set SESSION_POLICY_DATA_DIR`);
    }
    // Stale (its process is gone) or unreadable half-written: remove it and try to create ours again.
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new StartRefused(`data dir ${dataDir}: could not take ${LOCK_FILE} (another instance is starting?)`);
}

function readLockPid(path: string): number | undefined {
  try {
    if (lstatSync(path).isSymbolicLink()) return undefined; // never ours: treat as stale
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Refuses the start when host:port is already taken (port 0 is always free). */
export async function ensurePortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((done, fail) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') fail(new StartRefused(`${host}:${port} is already in use (another instance?); stop it or set SESSION_POLICY_LISTEN`));
      else if (error.code === 'EACCES') fail(new StartRefused(`${host}:${port}: not allowed to listen there; set SESSION_POLICY_LISTEN`));
      else fail(error);
    });
    probe.listen({ host: host.replace(/^\[(.*)\]$/, '$1'), port, exclusive: true }, () => probe.close(() => done()));
  });
}
