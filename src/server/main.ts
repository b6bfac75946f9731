import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../db/database.ts';
import { DataDirLockedError } from '../db/lock.ts';
import { systemClock } from '../domain/shared/clock.ts';
import { mailConfigFromEnv, smtpMailer } from '../modules/mail/mailer.ts';
import { startReminderWorker } from '../modules/plans/reminders.ts';
import { seedDemoDossiers } from '../modules/serviceIndex/demo-dossiers.ts';
import { startScoreRefresher } from '../modules/serviceIndex/score-cache.ts';
import { prepareDatabase } from '../modules/setup/start.ts';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';

const pkg = JSON.parse(fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../package.json'), 'utf8')) as { version: string };

async function main() {
  const config = loadConfig();
  const log = (m: string) => console.log(m);
  const database = await openDatabase(
    config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: config.dataDir, mode: 'socket' },
  );
  log(config.databaseUrl ? 'Database: PostgreSQL (DATABASE_URL)' : `Database: embedded PGlite at ${config.dataDir}`);
  await prepareDatabase(database.db, systemClock, { adminPassword: config.adminPassword, demo: config.demo, log });
  if (config.demo) await seedDemoDossiers(database, systemClock, { count: config.demoDossiers, log });
  const app = await buildApp(
    { db: database.db, database, clock: systemClock, dbKind: database.kind, version: pkg.version, secureCookies: config.secureCookies },
    { logLevel: config.logLevel },
  );
  // Plan reminders and escalations: a pass every 5 minutes (jobs live in the database, so a restart loses none).
  const mailCfg = mailConfigFromEnv();
  const mailer = mailCfg ? smtpMailer(mailCfg) : null;
  log(mailCfg ? `Thư nhắc việc: SMTP ${new URL(mailCfg.url).host}` : 'Thư nhắc việc: tắt (chưa đặt CCHC_SMTP_URL), chỉ nhắc trên hệ thống');
  const stopReminders = startReminderWorker({ db: database.db, clock: systemClock, mailer }, 5 * 60_000, log);
  // Decision 766 league tables: after a write (an import, counts entered), the recently viewed periods are computed
  // again within a few seconds, so that the next dashboard request does not wait for them.
  const stopScoreRefresher = startScoreRefresher(database.db, 3_000, log);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    stopReminders();
    stopScoreRefresher();
    mailer?.close();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await app.listen({ port: config.port, host: config.host });
  log(`CCHC đang chạy tại http://localhost:${(app.server.address() as { port: number }).port}`);
}

main().catch((e) => {
  if (e instanceof DataDirLockedError) console.error(`Không thể mở cơ sở dữ liệu: ${e.message}`);
  else console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
