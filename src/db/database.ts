import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { DataDirLock } from './lock.ts';
import { openPglite } from './pglite.ts';
import type { DB } from './schema.ts';

// `date` stays 'YYYY-MM-DD' (a calendar day has no time zone); bigint stays a string (no precision loss);
// numeric stays a string and is handled by the exact decimal code in the domain.
pg.types.setTypeParser(1082, (v: string) => v);
pg.types.setTypeParser(20, (v: string) => v);
pg.types.setTypeParser(1700, (v: string) => v);

export type DbKind = 'pglite' | 'postgres';

export type DbTarget =
  | { kind: 'postgres'; url: string; poolSize?: number }
  /** `socket`: PGlite in a child process (the server); `inproc`: PGlite in this process (CLI, tests). */
  | { kind: 'pglite'; dataDir: string; mode: 'socket' | 'inproc' }
  /** An already open PGlite (tests clone a migrated template into memory). */
  | { kind: 'pglite-instance'; pglite: PGlite };

export interface Database {
  db: Kysely<DB>;
  pool: pg.Pool;
  kind: DbKind;
  /** The PGlite instance when it lives in this process (used by backup and bulk load). */
  pglite?: PGlite;
  dataDir?: string;
  close(): Promise<void>;
}

const childScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pglite-child.ts');

export async function openDatabase(target: DbTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 10 });
    pool.on('error', () => {});
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    await db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    return { db, pool, kind: 'postgres', close: () => db.destroy() };
  }

  if (target.kind === 'pglite-instance') {
    const pool = new pg.Pool({ ...createPgConfig(target.pglite), max: 1 });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, pool, kind: 'pglite', pglite: target.pglite, close: () => db.destroy() };
  }

  const dataDir = path.resolve(target.dataDir);
  const lock = DataDirLock.acquire(dataDir);
  try {
    if (target.mode === 'inproc') {
      const pglite = await openPglite(dataDir);
      const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
      const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
      return {
        db,
        pool,
        kind: 'pglite',
        pglite,
        dataDir,
        close: async () => {
          await db.destroy();
          await pglite.close();
          lock.release();
        },
      };
    }
    return await openSocketPglite(dataDir, lock);
  } catch (e) {
    lock.release();
    throw e;
  }
}

async function openSocketPglite(dataDir: string, lock: DataDirLock): Promise<Database> {
  const sockDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-pg-'));
  fs.chmodSync(sockDir, 0o700);
  const socketPath = path.join(sockDir, '.s.PGSQL.5432');
  // The child is a .ts file: make sure it gets the tsx loader even when this process was started another way
  // (e.g. inside a test runner), instead of inheriting execArgv that cannot load it.
  const execArgv = process.execArgv.some((a) => a.includes('tsx')) ? process.execArgv : [...process.execArgv, '--import', 'tsx'];
  const child = fork(childScript, [dataDir, socketPath], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  if (child.pid) lock.addPid(child.pid);
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`The embedded database process exited (${code}) while starting`));
    child.once('exit', onExit);
    child.once('error', reject);
    child.once('message', (m: { type?: string }) => {
      if (m?.type === 'ready') {
        child.off('exit', onExit);
        resolve();
      }
    });
  });
  const pool = new pg.Pool({ host: sockDir, port: 5432, user: 'postgres', database: 'postgres', max: 1 });
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    db,
    pool,
    kind: 'pglite',
    dataDir,
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.send('close');
        await exited;
      }
      fs.rmSync(sockDir, { recursive: true, force: true });
      lock.release();
    },
  };
}
