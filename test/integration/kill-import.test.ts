import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { verifyAuditLog } from '../../src/modules/audit/repo.ts';
import { writeUnitsWorkbook } from '../../src/modules/units/excel.ts';
import { cliEntry, runCli, tempDir } from '../support/cli.ts';
import { backends, pgUrl } from '../support/env.ts';

// A large import killed with SIGKILL while it writes: afterwards the database opens, holds exactly what it held
// before, and its audit chain is intact. (Imports are one transaction; a killed process never commits.)
const ROWS = 15_000;
const KILL_AFTER_MS = 6_000;

async function bigWorkbook(file: string) {
  const rows = Array.from({ length: ROWS }, (_, i) => ({
    code: `K${String(i).padStart(6, '0')}`,
    name: `Xã Thử Ngắt ${i}`,
    kind: 'commune' as const,
    parentCode: '52',
    validFrom: '2026-01-01',
    validTo: null,
    groupCodes: ['communes'],
    note: null,
  }));
  fs.writeFileSync(file, await writeUnitsWorkbook(rows));
}

function importAndKill(
  env: Record<string, string>,
  cwd: string,
  file: string,
): Promise<{ signal: NodeJS.Signals | null; code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cliEntry, 'units', 'import', file], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ signal, code, stdout });
    });
  });
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A dossier CSV of n rows for Phường Quy Nhơn on one procedure (seeded by the test). */
function bigDossierCsv(file: string, n: number) {
  const lines = ['MaHoSo,MaTTHC,MaDonVi,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy,KenhThucHien'];
  for (let i = 0; i < n; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    lines.push(`K${i},1.001757,21583,202510${day}080000,202510${day}170000,202510${day}160000,${1 + (i % 2)}`);
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

describe('a process killed in the middle of an import', () => {
  it('leaves the embedded database as it was', { timeout: 240_000 }, async () => {
    const dir = tempDir('kill-pglite');
    dirs.push(dir);
    const dataDir = path.join(dir, 'data');
    const env = { CCHC_DATA_DIR: dataDir, CCHC_DEMO: '1', CCHC_ADMIN_PASSWORD: 'admin-test-pw' };
    expect((await runCli(['init'], { env, cwd: dir })).code).toBe(0);
    const file = path.join(dir, 'big.xlsx');
    await bigWorkbook(file);

    const r = await importAndKill(env, dir, file);
    expect(r.signal).toBe('SIGKILL');
    expect(r.stdout).not.toContain('Imported');

    // the stale lock of the killed process is taken over, the directory recovers, nothing was half-written
    const d = await openDatabase({ kind: 'pglite', dataDir, mode: 'inproc' });
    try {
      const n = await d.db
        .selectFrom('units')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(554);
      const k = await d.db.selectFrom('units').select('id').where('code', 'like', 'K%').execute();
      expect(k).toEqual([]);
      expect((await verifyAuditLog(d.db)).ok).toBe(true);
    } finally {
      await d.close();
    }
  });

  it('leaves no partial dossier batch', { timeout: 240_000 }, async () => {
    const dir = tempDir('kill-dossiers');
    dirs.push(dir);
    const dataDir = path.join(dir, 'data');
    const env = { CCHC_DATA_DIR: dataDir, CCHC_DEMO: '1', CCHC_ADMIN_PASSWORD: 'admin-test-pw' };
    expect((await runCli(['init'], { env, cwd: dir })).code).toBe(0);
    let rollupsBefore = '';
    {
      const d = await openDatabase({ kind: 'pglite', dataDir, mode: 'inproc' });
      // the demo dossiers of `init` are there before the import
      rollupsBefore = JSON.stringify((await sql`SELECT * FROM dossier_daily ORDER BY unit_id, procedure_code, day`.execute(d.db)).rows);
      await sql`INSERT INTO procedures (code, name, field, level, online_service, has_fee, legal_max, legal_max_unit)
        VALUES ('1.001757', 'Đăng ký khai sinh', 'Hộ tịch', 'commune', 'full', false, 1, 'workingDay') ON CONFLICT (code) DO NOTHING`.execute(d.db);
      await d.close();
    }
    const file = path.join(dir, 'hoso.csv');
    bigDossierCsv(file, 300_000);
    const r = await new Promise<{ signal: NodeJS.Signals | null }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', cliEntry, 'dossiers', 'import', file], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
      child.on('exit', (_code, signal) => {
        clearTimeout(timer);
        resolve({ signal });
      });
    });
    expect(r.signal).toBe('SIGKILL');
    const d = await openDatabase({ kind: 'pglite', dataDir, mode: 'inproc' });
    try {
      const n = await sql<{ n: string }>`SELECT count(*) AS n FROM dossiers WHERE code LIKE 'K%'`.execute(d.db);
      expect(Number(n.rows[0].n)).toBe(0);
      const roll = await sql`SELECT * FROM dossier_daily ORDER BY unit_id, procedure_code, day`.execute(d.db);
      expect(JSON.stringify(roll.rows)).toBe(rollupsBefore);
      expect((await verifyAuditLog(d.db)).ok).toBe(true);
    } finally {
      await d.close();
    }
  });

  it.runIf(backends().includes('postgres'))('leaves PostgreSQL as it was', { timeout: 240_000 }, async () => {
    const dir = tempDir('kill-pg');
    dirs.push(dir);
    const name = `cchc_t_kill_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    try {
      const env = { DATABASE_URL: pgUrl(name), CCHC_DEMO: '1', CCHC_ADMIN_PASSWORD: 'admin-test-pw', CCHC_DATA_DIR: path.join(dir, 'unused') };
      expect((await runCli(['init'], { env, cwd: dir })).code).toBe(0);
      const file = path.join(dir, 'big.xlsx');
      await bigWorkbook(file);
      const r = await importAndKill(env, dir, file);
      expect(r.signal).toBe('SIGKILL');
      const d = await openDatabase({ kind: 'postgres', url: pgUrl(name), poolSize: 1 });
      try {
        const n = await d.db
          .selectFrom('units')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow();
        expect(Number(n.n)).toBe(554);
        expect((await verifyAuditLog(d.db)).ok).toBe(true);
      } finally {
        await d.close();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
