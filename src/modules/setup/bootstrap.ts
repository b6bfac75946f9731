import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/shared/clock.ts';
import { UNIT_GROUPS } from '../../domain/units/gialaiSeed.ts';
import { writeAudit } from '../audit/repo.ts';
import { generatePassword, hashPassword } from '../auth/passwords.ts';

/** Groups every installation ranks by (khối sở, khối xã). Idempotent. */
export async function ensureUnitGroups(db: Kysely<DB>): Promise<void> {
  await db
    .insertInto('unit_groups')
    .values(UNIT_GROUPS.map((g) => ({ code: g.code, name: g.name, name_en: g.nameEn })))
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

/**
 * On the first start, creates the user `admin` with CCHC_ADMIN_PASSWORD or with a generated one-time password,
 * which is returned so that the caller prints it once. Returns null when an admin already exists.
 */
export async function ensureAdmin(db: Kysely<DB>, clock: Clock, password?: string): Promise<{ generatedPassword: string | null } | null> {
  const existing = await db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirst();
  if (existing) return null;
  const pw = password ?? generatePassword();
  const hash = await hashPassword(pw);
  await db.transaction().execute(async (trx) => {
    const u = await trx
      .insertInto('users')
      .values({ username: 'admin', display_name: 'Quản trị hệ thống', password_hash: hash, must_change_password: !password })
      .onConflict((oc) => oc.column('username').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!u) return;
    await trx.insertInto('user_roles').values({ user_id: u.id, role: 'admin', unit_id: null }).execute();
    await writeAudit(trx, {
      at: clock.now(),
      actorId: null,
      actorName: 'system',
      action: 'user.create',
      entityType: 'user',
      entityId: u.id,
      after: { username: 'admin', roles: ['admin'] },
      ip: null,
    });
  });
  return { generatedPassword: password ? null : pw };
}
