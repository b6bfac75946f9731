import type { Kysely } from 'kysely';
import { migrateToLatest } from '../../db/migrator.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/shared/clock.ts';
import { ensureAdmin, ensureUnitGroups } from './bootstrap.ts';
import { seedDemo } from './seed-demo.ts';

/** Everything a start does before serving: migrate, reference groups, the first admin, the demo province. */
export async function prepareDatabase(db: Kysely<DB>, clock: Clock, opts: { adminPassword?: string; demo: boolean; log: (msg: string) => void }) {
  const applied = await migrateToLatest(db);
  if (applied.length) opts.log(`Migrations applied: ${applied.join(', ')}`);
  await ensureUnitGroups(db);
  const admin = await ensureAdmin(db, clock, opts.adminPassword);
  if (admin?.generatedPassword) {
    opts.log('');
    opts.log('==============================================================');
    opts.log(' Tài khoản quản trị đầu tiên / First administrator account');
    opts.log(`   username: admin    password: ${admin.generatedPassword}`);
    opts.log(' Mật khẩu chỉ hiển thị một lần / shown only once.');
    opts.log('==============================================================');
    opts.log('');
  }
  if (opts.demo) {
    const r = await seedDemo(db, clock);
    if (r.seeded) opts.log(`Demo data loaded: Gia Lai, ${r.units} units, ${r.lineage} lineage links`);
  }
}
