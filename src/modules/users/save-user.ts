import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { isGlobalRole, type Role } from '../../domain/access/policy.ts';
import { AppError, conflict, fieldInvalid, notFound } from '../../server/errors.ts';
import { authorize } from '../../server/http.ts';
import { writeAudit } from '../audit/repo.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { actorIdOrNull } from '../auth/context.ts';
import { hashPassword } from '../auth/passwords.ts';
import { listUsers } from './repo.ts';

export interface RoleInput {
  role: Role;
  unitId: string | null;
}

async function checkRoles(db: Kysely<DB>, roles: RoleInput[]) {
  for (const [i, r] of roles.entries()) {
    if (isGlobalRole(r.role) && r.unitId) throw fieldInvalid('role_no_unit', `body.roles.${i}.unitId`, { role: r.role });
    if (!isGlobalRole(r.role) && !r.unitId) throw fieldInvalid('role_needs_unit', `body.roles.${i}.unitId`, { role: r.role });
    if (r.unitId && !(await db.selectFrom('units').select('id').where('id', '=', r.unitId).executeTakeFirst())) {
      throw fieldInvalid('role_unit_unknown', `body.roles.${i}.unitId`, { role: r.role });
    }
  }
}

function dedupe(roles: RoleInput[]): RoleInput[] {
  const seen = new Set<string>();
  return roles.filter((r) => {
    const k = `${r.role}:${r.unitId ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export async function createUser(
  c: UseCaseContext,
  input: { username: string; displayName: string; password: string; roles: RoleInput[]; mustChangePassword?: boolean },
) {
  authorize(c, 'user.manage');
  const username = input.username.trim().toLowerCase();
  const roles = dedupe(input.roles);
  const hash = await hashPassword(input.password);
  return c.db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst()) throw conflict('username_taken', { username });
    await checkRoles(trx, roles);
    const u = await trx
      .insertInto('users')
      .values({ username, display_name: input.displayName, password_hash: hash, must_change_password: input.mustChangePassword ?? false })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (roles.length)
      await trx
        .insertInto('user_roles')
        .values(roles.map((r) => ({ user_id: u.id, role: r.role, unit_id: r.unitId })))
        .execute();
    const [dto] = await listUsers(trx, [u.id]);
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'user.create',
      entityType: 'user',
      entityId: u.id,
      after: dto,
      ip: c.ip,
    });
    return dto;
  });
}

export async function updateUser(
  c: UseCaseContext,
  id: string,
  patch: { displayName?: string; active?: boolean; password?: string; roles?: RoleInput[]; unlock?: boolean },
) {
  authorize(c, 'user.manage');
  const hash = patch.password ? await hashPassword(patch.password) : null;
  return c.db.transaction().execute(async (trx) => {
    const [before] = await listUsers(trx, [id]);
    if (!before) throw notFound();
    const roles = patch.roles ? dedupe(patch.roles) : undefined;
    if (id === c.actor.userId && (patch.active === false || (roles && !roles.some((r) => r.role === 'admin')))) {
      throw new AppError('cannot_demote_self', { status: 409 });
    }
    if (roles) await checkRoles(trx, roles);
    await trx
      .updateTable('users')
      .set({
        ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
        ...(hash ? { password_hash: hash, must_change_password: false } : {}),
        ...(patch.unlock || hash ? { failed_logins: 0, locked_until: null } : {}),
        updated_at: c.clock.now(),
      })
      .where('id', '=', id)
      .execute();
    if (roles) {
      await trx.deleteFrom('user_roles').where('user_id', '=', id).execute();
      if (roles.length)
        await trx
          .insertInto('user_roles')
          .values(roles.map((r) => ({ user_id: id, role: r.role, unit_id: r.unitId })))
          .execute();
    }
    // A deactivated user or a changed password ends every open session.
    if (patch.active === false || hash) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    const [after] = await listUsers(trx, [id]);
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      before,
      after: { ...after, ...(hash ? { passwordChanged: true } : {}) },
      ip: c.ip,
    });
    return after;
  });
}
