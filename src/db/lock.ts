import fs from 'node:fs';
import os from 'node:os';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `The embedded database at ${dataDir} is in use by another process (PID ${holderPid}). ` +
        'Stop that process (for example the running server) or point this command at PostgreSQL with DATABASE_URL.',
    );
    this.name = 'DataDirLockedError';
  }
}

interface LockContent {
  pid: number;
  host: string;
  extraPids?: number[];
  at: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An exclusive lock on an embedded data directory: a sibling file `<dataDir>.lock` created with O_EXCL.
 * PGlite allows one process per data directory; a second opener must be refused, never let in.
 * A lock whose holders are all dead (a killed process) is stale and is taken over.
 */
export class DataDirLock {
  private released = false;
  private constructor(
    readonly file: string,
    private content: LockContent,
  ) {}

  static acquire(dataDir: string): DataDirLock {
    const file = `${dataDir.replace(/\/+$/, '')}.lock`;
    for (let attempt = 0; attempt < 3; attempt++) {
      const content: LockContent = { pid: process.pid, host: os.hostname(), at: new Date().toISOString() };
      try {
        const fd = fs.openSync(file, 'wx', 0o600);
        fs.writeSync(fd, JSON.stringify(content));
        fs.closeSync(fd);
        const lock = new DataDirLock(file, content);
        process.once('exit', () => lock.release());
        return lock;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      let holder: LockContent | null = null;
      try {
        holder = JSON.parse(fs.readFileSync(file, 'utf8')) as LockContent;
      } catch {
        // A lock file that cannot be read was cut short while being written: treat it as stale.
      }
      const pids = holder ? [holder.pid, ...(holder.extraPids ?? [])] : [];
      const livePid = holder && holder.host === os.hostname() ? pids.find(alive) : undefined;
      if (holder && (livePid !== undefined || holder.host !== os.hostname())) {
        throw new DataDirLockedError(dataDir, livePid ?? holder.pid);
      }
      fs.rmSync(file, { force: true });
    }
    throw new Error(`Could not take the lock ${file}`);
  }

  /** Records a helper process (the PGlite child) as a co-holder, so the lock is not stale while it lives. */
  addPid(pid: number): void {
    this.content = { ...this.content, extraPids: [...(this.content.extraPids ?? []), pid] };
    fs.writeFileSync(this.file, JSON.stringify(this.content));
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    try {
      const now = JSON.parse(fs.readFileSync(this.file, 'utf8')) as LockContent;
      if (now.pid === process.pid) fs.rmSync(this.file, { force: true });
    } catch {
      // already gone
    }
  }
}
