import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Command, Option } from 'commander';
import { type Database, openDatabase } from '../db/database.ts';
import { DataDirLock, DataDirLockedError } from '../db/lock.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { pgliteExtensions } from '../db/pglite.ts';
import { exportAll, importAll } from '../db/transfer.ts';
import { isGlobalRole, ROLES, type Role } from '../domain/access/policy.ts';
import { systemClock } from '../domain/shared/clock.ts';
import { verifyAuditLog } from '../modules/audit/repo.ts';
import { systemActor, type UseCaseContext } from '../modules/auth/context.ts';
import { createApiToken } from '../modules/auth/login.ts';
import { generatePassword } from '../modules/auth/passwords.ts';
import { seedDemoDossiers } from '../modules/serviceIndex/demo-dossiers.ts';
import { ingestDossiers } from '../modules/serviceIndex/ingest.ts';
import { ensureUnitGroups } from '../modules/setup/bootstrap.ts';
import { seedDemo } from '../modules/setup/seed-demo.ts';
import { prepareDatabase } from '../modules/setup/start.ts';
import { exportUnits, importUnits } from '../modules/units/import-units.ts';
import { createUser } from '../modules/users/save-user.ts';
import { loadConfig } from '../server/config.ts';
import { AppError } from '../server/errors.ts';
import { message } from '../server/messages.ts';

async function open(): Promise<Database> {
  const config = loadConfig();
  const d = await openDatabase(
    config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl, poolSize: 2 } : { kind: 'pglite', dataDir: config.dataDir, mode: 'inproc' },
  );
  await migrateToLatest(d.db);
  await ensureUnitGroups(d.db);
  return d;
}

function cliContext(d: Database): UseCaseContext {
  return { db: d.db, clock: systemClock, actor: systemActor('cli'), ip: null };
}

async function withDb<T>(fn: (d: Database) => Promise<T>): Promise<T> {
  const d = await open();
  try {
    return await fn(d);
  } finally {
    await d.close();
  }
}

const program = new Command('cchc').description('CCHC — công cụ quản trị / administration tool').showHelpAfterError();

program
  .command('migrate')
  .description('Chạy migration cơ sở dữ liệu / run database migrations')
  .action(() =>
    withDb(async () => {
      console.log('Migrations up to date.');
    }),
  );

program
  .command('seed-demo')
  .description('Nạp dữ liệu mẫu tỉnh Gia Lai / load the Gia Lai demo data')
  .action(() =>
    withDb(async (d) => {
      const r = await seedDemo(d.db, systemClock);
      console.log(r.seeded ? `Demo data loaded: ${r.units} units, ${r.lineage} lineage links.` : 'The registry already has units; demo data not loaded.');
      await seedDemoDossiers(d, systemClock, { count: loadConfig().demoDossiers, log: console.log });
    }),
  );

const user = program.command('user').description('Người dùng / users');
user
  .command('create')
  .description('Tạo người dùng / create a user')
  .requiredOption('--username <name>')
  .option('--display-name <text>')
  .addOption(new Option('--role <role>', 'vai trò / role').choices([...ROLES]).makeOptionMandatory())
  .option('--unit <code>', 'mã đơn vị (bắt buộc trừ admin, parOffice) / unit code')
  .option('--password <pw>', 'mật khẩu; bỏ trống để sinh ngẫu nhiên / omit to generate')
  .action((o: { username: string; displayName?: string; role: Role; unit?: string; password?: string }) =>
    withDb(async (d) => {
      let unitId: string | null = null;
      if (!isGlobalRole(o.role)) {
        if (!o.unit) throw new Error(`--unit is required for role ${o.role}`);
        const u = await d.db.selectFrom('units').select('id').where('code', '=', o.unit).where('valid_to', 'is', null).executeTakeFirst();
        if (!u) throw new Error(`No current unit with code ${o.unit}`);
        unitId = u.id;
      }
      const password = o.password ?? generatePassword();
      const created = await createUser(cliContext(d), {
        username: o.username,
        displayName: o.displayName ?? o.username,
        password,
        roles: [{ role: o.role, unitId }],
      });
      console.log(`Created user ${created.username}${o.password ? '' : ` with password: ${password}`}`);
    }),
  );

program
  .command('token')
  .description('API token')
  .command('create')
  .description('Tạo API token cho người dùng (hiện một lần) / create an API token (shown once)')
  .requiredOption('--user <name>')
  .option('--name <label>', 'nhãn / label', 'CLI')
  .action((o: { user: string; name: string }) =>
    withDb(async (d) => {
      const u = await d.db.selectFrom('users').select('id').where('username', '=', o.user.toLowerCase()).executeTakeFirst();
      if (!u) throw new Error(`No user ${o.user}`);
      const t = await createApiToken({ db: d.db, clock: systemClock, ip: null, actorId: null, actorName: 'cli' }, u.id, o.name);
      console.log(t.token);
    }),
  );

const units = program.command('units').description('Danh mục đơn vị / unit registry');
units
  .command('export <file>')
  .description('Xuất Excel / export to .xlsx')
  .action((file: string) =>
    withDb(async (d) => {
      fs.writeFileSync(file, await exportUnits(cliContext(d)));
      console.log(`Wrote ${file}`);
    }),
  );
units
  .command('import <file>')
  .description('Nhập Excel (tất cả hoặc không) / import .xlsx (all-or-nothing)')
  .action((file: string) =>
    withDb(async (d) => {
      const r = await importUnits(cliContext(d), fs.readFileSync(file));
      console.log(`Imported: ${r.created} created, ${r.updated} updated.`);
    }),
  );

program
  .command('dossiers')
  .description('Hồ sơ một cửa / one-stop dossiers')
  .command('import <file>')
  .description('Nạp tệp hồ sơ CSV hoặc NDJSON (tất cả hoặc không) / import a CSV or NDJSON dossier file (all or nothing)')
  .option('--source <code>', 'hệ thống nguồn / source system', 'upload')
  .action((file: string, o: { source: string }) =>
    withDb(async (d) => {
      const lower = file.toLowerCase();
      const r = await ingestDossiers(d, cliContext(d), {
        source: o.source,
        stream: fs.createReadStream(file),
        format: lower.endsWith('.ndjson') || lower.endsWith('.jsonl') ? 'ndjson' : 'csv',
        fileName: path.basename(file),
      });
      console.log(`Imported ${r.rows} rows (${r.encoding}): ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged.`);
    }),
  );

const audit = program.command('audit').description('Nhật ký / audit log');
audit
  .command('verify')
  .description('Kiểm tra chuỗi băm / verify the hash chain')
  .action(() =>
    withDb(async (d) => {
      const r = await verifyAuditLog(d.db);
      if (r.ok) console.log(`Audit log OK: ${r.checked} entries verified.`);
      else {
        console.error(`Audit log BROKEN at entry ${r.brokenAt} (${r.reason}); ${r.checked} entries before it are intact.`);
        process.exitCode = 3;
      }
    }),
  );

program
  .command('backup <target>')
  .description('Sao lưu: tệp SQL (PostgreSQL, pg_dump) hoặc tệp lưu trữ thư mục dữ liệu (PGlite) / back up')
  .action(async (target: string) => {
    const config = loadConfig();
    if (config.databaseUrl) {
      execFileSync('pg_dump', ['--no-owner', '--no-privileges', '-f', target, config.databaseUrl], { stdio: 'inherit' });
    } else {
      const d = await openDatabase({ kind: 'pglite', dataDir: config.dataDir, mode: 'inproc' });
      try {
        const dump = await (d.pglite as PGlite).dumpDataDir('gzip');
        fs.writeFileSync(target, Buffer.from(await dump.arrayBuffer()));
      } finally {
        await d.close();
      }
    }
    console.log(`Backup written to ${target}`);
  });

program
  .command('restore <source>')
  .description('Khôi phục từ bản sao lưu / restore from a backup')
  .option('--force', 'ghi đè dữ liệu hiện có / replace existing data')
  .action(async (source: string, o: { force?: boolean }) => {
    const config = loadConfig();
    if (!fs.existsSync(source)) throw new Error(`No such file: ${source}`);
    if (config.databaseUrl) {
      // One transaction: the current schema is dropped and the dump loaded, or nothing changes.
      execFileSync(
        'psql',
        ['-v', 'ON_ERROR_STOP=1', '-q', '-1', '-c', 'DROP SCHEMA public CASCADE', '-c', 'CREATE SCHEMA public', '-f', source, config.databaseUrl],
        {
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
    } else {
      const dir = config.dataDir;
      if (fs.existsSync(dir) && !o.force) throw new Error(`${dir} exists; pass --force to replace it`);
      const lock = DataDirLock.acquire(dir);
      try {
        // Load into a temporary directory, then swap, so a failed restore leaves the current data untouched.
        const tmp = `${dir}.restore-${process.pid}`;
        fs.rmSync(tmp, { recursive: true, force: true });
        const pg = await PGlite.create(tmp, { extensions: pgliteExtensions, loadDataDir: new Blob([fs.readFileSync(source)]) });
        await pg.query('SELECT 1');
        await pg.close();
        const old = `${dir}.before-restore-${process.pid}`;
        if (fs.existsSync(dir)) fs.renameSync(dir, old);
        fs.renameSync(tmp, dir);
        fs.rmSync(old, { recursive: true, force: true });
      } finally {
        lock.release();
      }
    }
    console.log(`Restored from ${source}`);
  });

program
  .command('export <dir>')
  .description('Xuất toàn bộ dữ liệu (NDJSON) để chuyển sang CSDL khác / export all data to move to another database')
  .action((dir: string) =>
    withDb(async (d) => {
      const m = await exportAll(d.db, dir, systemClock.now());
      console.log(
        `Exported to ${dir}: ${Object.entries(m.tables)
          .map(([t, n]) => `${t}=${n}`)
          .join(', ')}`,
      );
    }),
  );

program
  .command('import <dir>')
  .description('Nạp bản xuất vào CSDL mới, trống / load an export into a new, empty database')
  .action(async (dir: string) => {
    const config = loadConfig();
    const d = await openDatabase(
      config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl, poolSize: 2 } : { kind: 'pglite', dataDir: config.dataDir, mode: 'inproc' },
    );
    try {
      await migrateToLatest(d.db);
      const m = await importAll(d.db, dir);
      const v = await verifyAuditLog(d.db);
      console.log(`Imported ${Object.values(m.tables).reduce((a, b) => a + b, 0)} rows; audit chain ${v.ok ? 'OK' : 'BROKEN'}.`);
      if (!v.ok) process.exitCode = 3;
    } finally {
      await d.close();
    }
  });

program
  .command('init')
  .description('Chuẩn bị CSDL như khi khởi động / prepare the database as the server does at start')
  .action(() =>
    withDb(async (d) => {
      const config = loadConfig();
      await prepareDatabase(d.db, systemClock, { adminPassword: config.adminPassword, demo: config.demo, log: console.log });
      if (config.demo) await seedDemoDossiers(d, systemClock, { count: config.demoDossiers, log: console.log });
    }),
  );

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof DataDirLockedError) console.error(`Từ chối: ${e.message}`);
  else if (e instanceof AppError) {
    console.error(`${message(e.code, 'vi', e.params)} / ${message(e.code, 'en', e.params)}`);
    for (const x of e.errors ?? []) console.error(`  ${JSON.stringify(x)}`);
  } else console.error(e instanceof Error ? e.message : e);
  process.exitCode = e instanceof DataDirLockedError ? 4 : 1;
});
