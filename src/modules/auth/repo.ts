import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor, Role, RoleGrant } from '../../domain/access/policy.ts';

export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  active: boolean;
  grants: RoleGrant[];
}

export async function loadGrants(db: Kysely<DB>, userId: string): Promise<RoleGrant[]> {
  const rows = await db.selectFrom('user_roles').select(['role', 'unit_id']).where('user_id', '=', userId).execute();
  return rows.map((r) => ({ role: r.role as Role, unitId: r.unit_id }));
}

export async function loadAuthUser(db: Kysely<DB>, userId: string): Promise<AuthUser | null> {
  const u = await db.selectFrom('users').select(['id', 'username', 'display_name', 'active']).where('id', '=', userId).executeTakeFirst();
  if (!u) return null;
  return { id: u.id, username: u.username, displayName: u.display_name, active: u.active, grants: await loadGrants(db, u.id) };
}

export function toActor(u: AuthUser): Actor {
  return { userId: u.id, username: u.username, grants: u.grants };
}

/**
 * Sliding-window rate limit kept in the database (shared by every app process).
 * Records the attempt and answers whether the bucket is over `max` attempts in the last `windowMs`.
 */
export async function hitRateLimit(db: Kysely<DB>, bucket: string, now: Date, max: number, windowMs: number): Promise<boolean> {
  const since = new Date(now.getTime() - windowMs);
  await db
    .deleteFrom('login_attempts')
    .where('at', '<', new Date(now.getTime() - 24 * 3600_000))
    .execute();
  await db.insertInto('login_attempts').values({ bucket, at: now }).execute();
  const { n } = await db
    .selectFrom('login_attempts')
    .select(sql<string>`count(*)`.as('n'))
    .where('bucket', '=', bucket)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(n) > max;
}
