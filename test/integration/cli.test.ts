import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { type CliResult, runCli, tempDir } from '../support/cli.ts';
import { backends, pgUrl } from '../support/env.ts';

const ADMIN_PASSWORD = 'admin-test-pw';
const SLOW = 240_000;

/** Opens the embedded data directory in this process, runs `fn`, and closes it (releasing the lock). */
async function withPglite<T>(dataDir: string, fn: (d: Database) => Promise<T>): Promise<T> {
  const d = await openDatabase({ kind: 'pglite', dataDir, mode: 'inproc' });
  try {
    return await fn(d);
  } finally {
    await d.close();
  }
}

const ok = (r: CliResult) => {
  if (r.code !== 0) throw new Error(`CLI failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r;
};

describe('cchc CLI on the embedded database (PGlite)', () => {
  let dir: string;
  let dataDir: string;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCli(args, { env, cwd: dir });

  beforeAll(() => {
    dir = tempDir('cli-pglite');
    dataDir = path.join(dir, 'data');
    env = { CCHC_DATA_DIR: dataDir, CCHC_DEMO: '1', CCHC_ADMIN_PASSWORD: ADMIN_PASSWORD };
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    'init creates and seeds the data directory; audit verify says OK',
    async () => {
      const init = ok(await cli('init'));
      expect(init.stdout).toContain('Demo data loaded: Gia Lai, 554 units, 378 lineage links');
      expect(fs.existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true);
      expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);
      // a second init leaves the data alone
      const again = ok(await cli('init'));
      expect(again.stdout).not.toContain('Demo data loaded');

      const verify = ok(await cli('audit', 'verify'));
      expect(verify.stdout).toMatch(/^Audit log OK: \d+ entries verified\.$/m);

      const counts = await withPglite(dataDir, async (d) => ({
        units: (
          await d.db
            .selectFrom('units')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
        users: (await d.db.selectFrom('users').select('username').orderBy('username').execute()).map((u) => u.username),
      }));
      expect(Number(counts.units)).toBe(554);
      expect(counts.users).toEqual(['admin', 'hoidong', 'lanhdaotinh', 'quynhon.canbo', 'quynhon.lanhdao', 'sonoivu', 'thamdinh']);
    },
    SLOW,
  );

  it(
    'exports the registry to .xlsx, creates a user and an API token',
    async () => {
      const exp = ok(await cli('units', 'export', 'x.xlsx'));
      expect(exp.stdout).toContain('Wrote x.xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(fs.readFileSync(path.join(dir, 'x.xlsx')) as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('Đơn vị');
      expect(ws?.getRow(1).getCell(1).value).toBe('Mã đơn vị');
      expect(ws?.getRow(1).getCell(6).value).toBe('Hiệu lực đến');
      expect(ws?.actualRowCount).toBe(555);

      const u = ok(
        await cli(
          'user',
          'create',
          '--username',
          'cli.canbo',
          '--display-name',
          'Cán bộ tạo từ CLI',
          '--role',
          'focalOfficer',
          '--unit',
          '21583',
          '--password',
          'Mat-khau-2026',
        ),
      );
      expect(u.stdout.trim()).toBe('Created user cli.canbo');
      const gen = ok(await cli('user', 'create', '--username', 'cli.sonoivu', '--role', 'parOffice'));
      expect(gen.stdout).toMatch(/^Created user cli\.sonoivu with password: \S{12,}$/m);
      const noUnit = await cli('user', 'create', '--username', 'cli.nounit', '--role', 'unitLeader');
      expect(noUnit.code).toBe(1);
      expect(noUnit.stderr).toContain('--unit is required for role unitLeader');
      const dup = await cli('user', 'create', '--username', 'cli.canbo', '--role', 'parOffice');
      expect(dup.code).toBe(1);
      expect(dup.stderr).toContain('Tên đăng nhập cli.canbo đã tồn tại.');

      const tok = ok(await cli('token', 'create', '--user', 'admin'));
      const token = tok.stdout.trim();
      expect(token).toMatch(/^cchc_[A-Za-z0-9_-]{20,}$/);
      expect((await cli('token', 'create', '--user', 'nobody')).code).toBe(1);

      await withPglite(dataDir, async (d) => {
        const user = await d.db
          .selectFrom('users as u')
          .innerJoin('user_roles as r', 'r.user_id', 'u.id')
          .innerJoin('units as n', 'n.id', 'r.unit_id')
          .select(['u.display_name', 'r.role', 'n.name', 'n.valid_to'])
          .where('u.username', '=', 'cli.canbo')
          .execute();
        expect(user).toEqual([{ display_name: 'Cán bộ tạo từ CLI', role: 'focalOfficer', name: 'Phường Quy Nhơn', valid_to: null }]);
        expect(await d.db.selectFrom('users').select('id').where('username', '=', 'cli.nounit').execute()).toEqual([]);
        const t = await d.db.selectFrom('api_tokens as t').innerJoin('users as u', 'u.id', 't.user_id').select(['u.username', 't.token_hash']).execute();
        expect(t).toEqual([{ username: 'admin', token_hash: createHash('sha256').update(token).digest('hex') }]);
      });
    },
    SLOW,
  );

  it(
    'refuses a data directory that another process holds, and leaves it intact',
    async () => {
      const holder = await openDatabase({ kind: 'pglite', dataDir, mode: 'socket' });
      let refused: CliResult;
      try {
        refused = await cli('audit', 'verify');
        // the holder still works while the CLI is refused
        const n = await holder.db.selectFrom('users').select('username').where('username', '=', 'cli.canbo').execute();
        expect(n).toHaveLength(1);
      } finally {
        await holder.close();
      }
      expect(refused.code).toBe(4);
      expect(refused.stderr).toContain('in use by another process');
      expect(refused.stderr).toContain(`PID ${process.pid}`);
      expect(refused.stderr).toContain(dataDir);
      expect(refused.stdout).not.toContain('Audit log OK');
      expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);

      // once released, the directory opens fine with its data
      const verify = ok(await cli('audit', 'verify'));
      expect(verify.stdout).toContain('Audit log OK');
      const users = await withPglite(dataDir, (d) =>
        d.db.selectFrom('users').select('username').where('username', 'like', 'cli.%').orderBy('username').execute(),
      );
      expect(users.map((u) => u.username)).toEqual(['cli.canbo', 'cli.sonoivu']);
    },
    SLOW,
  );

  it(
    'backs up the data directory and restores it, dropping later changes',
    async () => {
      const backup = ok(await cli('backup', 'backup.tar.gz'));
      expect(backup.stdout).toContain('Backup written to backup.tar.gz');
      expect(fs.statSync(path.join(dir, 'backup.tar.gz')).size).toBeGreaterThan(100_000);

      ok(await cli('user', 'create', '--username', 'after.backup', '--role', 'parOffice', '--password', 'Mat-khau-2026'));
      const before = await withPglite(dataDir, (d) => d.db.selectFrom('users').select('username').where('username', '=', 'after.backup').execute());
      expect(before).toHaveLength(1);

      const noForce = await cli('restore', 'backup.tar.gz');
      expect(noForce.code).toBe(1);
      expect(noForce.stderr).toContain('pass --force');
      expect((await cli('restore', 'missing.tar.gz', '--force')).stderr).toContain('No such file');

      const restore = ok(await cli('restore', 'backup.tar.gz', '--force'));
      expect(restore.stdout).toContain('Restored from backup.tar.gz');
      expect(fs.readdirSync(dir).filter((f) => f.includes('restore'))).toEqual([]);

      const users = await withPglite(dataDir, (d) =>
        d.db.selectFrom('users').select('username').where('username', 'in', ['after.backup', 'cli.canbo']).execute(),
      );
      expect(users.map((u) => u.username)).toEqual(['cli.canbo']);
      const verify = ok(await cli('audit', 'verify'));
      expect(verify.stdout).toContain('Audit log OK');
    },
    SLOW,
  );
});

describe.runIf(backends().includes('postgres'))('cchc CLI on PostgreSQL', () => {
  let dir: string;
  let env: Record<string, string>;
  const scratch = `cchc_t_cli_${randomBytes(5).toString('hex')}`;
  const cli = (...args: string[]) => runCli(args, { env, cwd: dir });

  async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  }
  const query = (sqlText: string, params: unknown[] = []) =>
    (async () => {
      const c = new pg.Client({ connectionString: pgUrl(scratch) });
      await c.connect();
      try {
        return (await c.query(sqlText, params)).rows;
      } finally {
        await c.end();
      }
    })();

  beforeAll(async () => {
    dir = tempDir('cli-pg');
    await admin((c) => c.query(`CREATE DATABASE "${scratch}"`));
    // CCHC_DATA_DIR points at a directory that must stay unused: with DATABASE_URL nothing is embedded
    env = { DATABASE_URL: pgUrl(scratch), CCHC_DATA_DIR: path.join(dir, 'unused'), CCHC_DEMO: '1', CCHC_ADMIN_PASSWORD: ADMIN_PASSWORD };
  });
  afterAll(async () => {
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`));
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    'initialises a database, dumps it with pg_dump and restores it with psql, dropping later changes',
    async () => {
      const init = ok(await cli('init'));
      expect(init.stdout).toContain('Demo data loaded: Gia Lai, 554 units');
      expect(fs.existsSync(path.join(dir, 'unused'))).toBe(false);
      expect((await query('SELECT count(*)::int AS n FROM units'))[0].n).toBe(554);

      const backup = ok(await cli('backup', 'dump.sql'));
      expect(backup.stdout).toContain('Backup written to dump.sql');
      expect(fs.readFileSync(path.join(dir, 'dump.sql'), 'utf8')).toContain('CREATE TABLE public.audit_log');

      ok(await cli('user', 'create', '--username', 'after.dump', '--role', 'parOffice', '--password', 'Mat-khau-2026'));
      await query(`UPDATE units SET name = 'Phường Đã Đổi Tên' WHERE code = '21583' AND valid_to IS NULL`);
      expect(await query(`SELECT username FROM users WHERE username = 'after.dump'`)).toHaveLength(1);

      const restore = ok(await cli('restore', 'dump.sql'));
      expect(restore.stdout).toContain('Restored from dump.sql');
      expect(await query(`SELECT username FROM users WHERE username = 'after.dump'`)).toEqual([]);
      expect(await query(`SELECT name FROM units WHERE code = '21583' AND valid_to IS NULL`)).toEqual([{ name: 'Phường Quy Nhơn' }]);
      expect((await query('SELECT count(*)::int AS n FROM units'))[0].n).toBe(554);

      const verify = ok(await cli('audit', 'verify'));
      expect(verify.stdout).toMatch(/Audit log OK: \d+ entries verified\./);
      // the restored chain still accepts new entries
      ok(await cli('user', 'create', '--username', 'after.restore', '--role', 'parOffice', '--password', 'Mat-khau-2026'));
      expect(ok(await cli('audit', 'verify')).stdout).toContain('Audit log OK');
    },
    SLOW,
  );
});
