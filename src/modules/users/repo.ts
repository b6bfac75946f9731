import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

export interface UserDto {
  id: string;
  username: string;
  displayName: string;
  active: boolean;
  lockedUntil: string | null;
  roles: { role: string; unitId: string | null; unitName: string | null }[];
}

export async function listUsers(db: Kysely<DB>, onlyIds?: string[]): Promise<UserDto[]> {
  let q = db.selectFrom('users').select(['id', 'username', 'display_name', 'active', 'locked_until']);
  if (onlyIds) {
    if (onlyIds.length === 0) return [];
    q = q.where('id', 'in', onlyIds);
  }
  const users = await q.execute();
  if (users.length === 0) return [];
  const roles = await db
    .selectFrom('user_roles as r')
    .leftJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.user_id', 'r.role', 'r.unit_id', 'u.name as unit_name'])
    .where(
      'r.user_id',
      'in',
      users.map((u) => u.id),
    )
    .execute();
  const collator = new Intl.Collator('vi');
  return users
    .map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      active: u.active,
      lockedUntil: u.locked_until ? new Date(u.locked_until).toISOString() : null,
      roles: roles.filter((r) => r.user_id === u.id).map((r) => ({ role: r.role, unitId: r.unit_id, unitName: r.unit_name })),
    }))
    .sort((a, b) => collator.compare(a.displayName, b.displayName));
}

/** Users holding a role on one of `unitIds`. */
export async function userIdsInUnits(db: Kysely<DB>, unitIds: string[]): Promise<string[]> {
  if (unitIds.length === 0) return [];
  const rows = await db.selectFrom('user_roles').select('user_id').distinct().where('unit_id', 'in', unitIds).execute();
  return rows.map((r) => r.user_id);
}
