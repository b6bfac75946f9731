import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Role } from '../../domain/access/policy.ts';
import type { Clock } from '../../domain/shared/clock.ts';
import { buildGiaLaiSeed, type GiaLaiSource } from '../../domain/units/gialaiSeed.ts';
import { writeAudit } from '../audit/repo.ts';
import { hashPassword } from '../auth/passwords.ts';
import { seedHeadEvaluationDemo, seedParDemo } from '../par/seed-demo.ts';
import { seedPlansDemo } from '../plans/seed-demo.ts';
import { seedDemoProcedures } from '../serviceIndex/catalogue.ts';
import { seedSurveysDemo } from '../surveys/seed-demo.ts';
import { ensureUnitGroups } from './bootstrap.ts';

const dataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data');

/** Demo accounts, one per role (illustrative people; the units are real). Listed in the README. */
export const DEMO_PASSWORD = 'Demo@2025';
export const DEMO_USERS: { username: string; displayName: string; role: Role; unitCode: string | null }[] = [
  { username: 'sonoivu', displayName: 'Nguyễn Thị Lan (Sở Nội vụ)', role: 'parOffice', unitCode: null },
  { username: 'thamdinh', displayName: 'Trần Văn Minh (Thẩm định viên)', role: 'appraiser', unitCode: '52' },
  { username: 'hoidong', displayName: 'Lê Thị Hoa (Hội đồng thẩm định)', role: 'councilMember', unitCode: '52' },
  { username: 'quynhon.canbo', displayName: 'Phạm Quốc Huy (Cán bộ đầu mối, P. Quy Nhơn)', role: 'focalOfficer', unitCode: '21583' },
  { username: 'quynhon.lanhdao', displayName: 'Võ Thị Mai (Lãnh đạo P. Quy Nhơn)', role: 'unitLeader', unitCode: '21583' },
  { username: 'lanhdaotinh', displayName: 'Đặng Văn Sơn (Lãnh đạo UBND tỉnh)', role: 'provincialLeader', unitCode: '52' },
];

export function loadGiaLaiSource(): GiaLaiSource {
  return JSON.parse(fs.readFileSync(path.join(dataDir, 'gialai_units.json'), 'utf8')) as GiaLaiSource;
}

/**
 * Loads the demo province (Gia Lai after 1/7/2025, with its real units and merger lineage) and the demo accounts.
 * Runs once: a database that already has units is left alone. All in one transaction.
 */
export async function seedDemo(db: Kysely<DB>, clock: Clock): Promise<{ seeded: boolean; units: number; lineage: number }> {
  await ensureUnitGroups(db);
  const plan = buildGiaLaiSeed(loadGiaLaiSource());
  const pwHash = await hashPassword(DEMO_PASSWORD);
  const r = await db.transaction().execute(async (trx) => {
    const any = await trx.selectFrom('units').select('id').limit(1).executeTakeFirst();
    if (any) return { seeded: false, units: 0, lineage: 0 };
    const idOf = new Map<string, string>();
    // Parents come before children in the plan's order only by convention; insert without parents, then link.
    for (let i = 0; i < plan.units.length; i += 200) {
      const batch = plan.units.slice(i, i + 200);
      const rows = await trx
        .insertInto('units')
        .values(batch.map((u) => ({ code: u.code, name: u.name, kind: u.kind, parent_id: null, valid_from: u.validFrom, valid_to: u.validTo, note: u.note })))
        .returning('id')
        .execute();
      for (const [j, u] of batch.entries()) idOf.set(u.key, rows[j].id);
    }
    for (const u of plan.units) {
      if (u.parentKey)
        await trx
          .updateTable('units')
          .set({ parent_id: idOf.get(u.parentKey) as string })
          .where('id', '=', idOf.get(u.key) as string)
          .execute();
    }
    const members = plan.units.flatMap((u) => u.groupCodes.map((g) => ({ unit_id: idOf.get(u.key) as string, group_code: g })));
    if (members.length) await trx.insertInto('unit_group_members').values(members).execute();
    await trx
      .insertInto('unit_lineage')
      .values(
        plan.lineage.map((l) => ({
          predecessor_id: idOf.get(l.predecessorKey) as string,
          successor_id: idOf.get(l.successorKey) as string,
          event_date: l.date,
          kind: l.kind,
          partial: l.partial,
          note: l.note,
        })),
      )
      .execute();

    const unitByCode = (code: string) => plan.units.find((u) => u.code === code && u.validTo === null);
    for (const d of DEMO_USERS) {
      const exists = await trx.selectFrom('users').select('id').where('username', '=', d.username).executeTakeFirst();
      if (exists) continue;
      const user = await trx
        .insertInto('users')
        .values({ username: d.username, display_name: d.displayName, password_hash: pwHash })
        .returning('id')
        .executeTakeFirstOrThrow();
      const unit = d.unitCode ? unitByCode(d.unitCode) : null;
      await trx
        .insertInto('user_roles')
        .values({ user_id: user.id, role: d.role, unit_id: unit ? (idOf.get(unit.key) as string) : null })
        .execute();
    }
    await writeAudit(trx, {
      at: clock.now(),
      actorId: null,
      actorName: 'system',
      action: 'seed.demo',
      entityType: 'registry',
      entityId: null,
      after: { province: 'Gia Lai', units: plan.units.length, lineage: plan.lineage.length, users: DEMO_USERS.map((u) => u.username) },
      ip: null,
    });
    return { seeded: true, units: plan.units.length, lineage: plan.lineage.length };
  });
  if (r.seeded) await seedParDemo(db, clock);
  if (r.seeded) await seedPlansDemo(db, clock);
  if (r.seeded) await seedHeadEvaluationDemo(db, clock);
  await seedDemoProcedures(db, clock);
  if (r.seeded) await seedSurveysDemo(db, clock);
  return r;
}
