import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/shared/clock.ts';
import { AppError } from '../../server/errors.ts';
import { writeAudit } from '../audit/repo.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import { type AuthUser, hitRateLimit, loadAuthUser } from './repo.ts';
import { API_TOKEN_PREFIX, newSecret, sha256 } from './tokens.ts';

export const LOGIN_POLICY = {
  /** attempts per IP in the window before 429 */
  perIpMax: 20,
  perIpWindowMs: 5 * 60_000,
  /** consecutive failures before the account is locked */
  failuresBeforeLock: 5,
  lockMs: 15 * 60_000,
  sessionIdleMs: 2 * 3600_000,
  sessionAbsoluteMs: 12 * 3600_000,
};

interface Deps {
  db: Kysely<DB>;
  clock: Clock;
  ip: string | null;
}

/**
 * Checks a username and password, with per-IP rate limiting and per-account lock-out.
 * Failures are recorded (and audited) in their own transaction before the error is thrown.
 */
export async function checkCredentials(deps: Deps, username: string, password: string, purpose: 'login' | 'token'): Promise<AuthUser> {
  const { db, clock, ip } = deps;
  const now = clock.now();
  if (await hitRateLimit(db, `${purpose}:ip:${ip ?? '?'}`, now, LOGIN_POLICY.perIpMax, LOGIN_POLICY.perIpWindowMs)) {
    throw new AppError('rate_limited', { status: 429 });
  }
  const user = await db
    .selectFrom('users')
    .select(['id', 'username', 'password_hash', 'active', 'failed_logins', 'locked_until'])
    .where('username', '=', username.trim().toLowerCase())
    .executeTakeFirst();
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), password);
    await db
      .transaction()
      .execute((trx) =>
        writeAudit(trx, { at: now, actorId: null, actorName: username.slice(0, 64), action: `auth.${purpose}_failed`, entityType: 'user', entityId: null, ip }),
      );
    throw new AppError('bad_credentials', { status: 401 });
  }
  if (user.locked_until && new Date(user.locked_until) > now) {
    const minutes = Math.ceil((new Date(user.locked_until).getTime() - now.getTime()) / 60_000);
    throw new AppError('account_locked', { status: 423, params: { minutes } });
  }
  const ok = await verifyPassword(user.password_hash, password);
  if (!ok) {
    const failures = user.failed_logins + 1;
    const lock = failures >= LOGIN_POLICY.failuresBeforeLock;
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ failed_logins: lock ? 0 : failures, locked_until: lock ? new Date(now.getTime() + LOGIN_POLICY.lockMs) : null })
        .where('id', '=', user.id)
        .execute();
      await writeAudit(trx, {
        at: now,
        actorId: user.id,
        actorName: user.username,
        action: lock ? 'auth.locked' : `auth.${purpose}_failed`,
        entityType: 'user',
        entityId: user.id,
        after: { failedLogins: failures },
        ip,
      });
    });
    if (lock) throw new AppError('account_locked', { status: 423, params: { minutes: Math.ceil(LOGIN_POLICY.lockMs / 60_000) } });
    throw new AppError('bad_credentials', { status: 401 });
  }
  if (!user.active) throw new AppError('account_inactive', { status: 403 });
  const authUser = await loadAuthUser(db, user.id);
  if (!authUser) throw new AppError('bad_credentials', { status: 401 });
  return authUser;
}

export async function login(deps: Deps, username: string, password: string) {
  const user = await checkCredentials(deps, username, password, 'login');
  const now = deps.clock.now();
  const sessionToken = newSecret();
  const csrfToken = newSecret();
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    await trx
      .insertInto('sessions')
      .values({
        id: sha256(sessionToken),
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: now,
        last_seen_at: now,
        expires_at: new Date(now.getTime() + LOGIN_POLICY.sessionAbsoluteMs),
      })
      .execute();
    await writeAudit(trx, { at: now, actorId: user.id, actorName: user.username, action: 'auth.login', entityType: 'session', entityId: null, ip: deps.ip });
  });
  return { user, sessionToken, csrfToken };
}

export interface ResolvedSession {
  user: AuthUser;
  sessionId: string;
  csrfToken: string;
}

/** Finds the live session for a cookie value; an expired one is deleted and reported as expired. */
export async function resolveSession(db: Kysely<DB>, clock: Clock, token: string): Promise<ResolvedSession> {
  const id = sha256(token);
  const s = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s) throw new AppError('session_expired', { status: 401 });
  const now = clock.now();
  const idleExpired = now.getTime() - new Date(s.last_seen_at).getTime() > LOGIN_POLICY.sessionIdleMs;
  if (idleExpired || now >= new Date(s.expires_at)) {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    throw new AppError('session_expired', { status: 401 });
  }
  const user = await loadAuthUser(db, s.user_id);
  if (!user?.active) {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    throw new AppError('session_expired', { status: 401 });
  }
  // Touch at most once a minute to keep reads from writing on every request.
  if (now.getTime() - new Date(s.last_seen_at).getTime() > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
  }
  return { user, sessionId: id, csrfToken: s.csrf_token };
}

export async function logout(deps: Deps & { user: AuthUser }, sessionId: string) {
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sessions').where('id', '=', sessionId).execute();
    await writeAudit(trx, {
      at: deps.clock.now(),
      actorId: deps.user.id,
      actorName: deps.user.username,
      action: 'auth.logout',
      entityType: 'session',
      entityId: null,
      ip: deps.ip,
    });
  });
}

/** Creates an API token for a user; the secret is returned once and only its hash is kept. */
export async function createApiToken(deps: Deps & { actorName: string; actorId: string | null }, userId: string, name: string) {
  const token = newSecret(API_TOKEN_PREFIX);
  const now = deps.clock.now();
  const row = await deps.db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('api_tokens')
      .values({ user_id: userId, name, token_hash: sha256(token), created_at: now })
      .returning(['id', 'name', 'created_at'])
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      at: now,
      actorId: deps.actorId,
      actorName: deps.actorName,
      action: 'token.create',
      entityType: 'apiToken',
      entityId: r.id,
      after: { userId, name },
      ip: deps.ip,
    });
    return r;
  });
  return { id: row.id, name: row.name, token };
}

export async function resolveApiToken(db: Kysely<DB>, clock: Clock, token: string): Promise<AuthUser> {
  const t = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
  if (!t || t.revoked_at) throw new AppError('invalid_token', { status: 401 });
  const user = await loadAuthUser(db, t.user_id);
  if (!user?.active) throw new AppError('invalid_token', { status: 401 });
  const now = clock.now();
  if (!t.last_used_at || now.getTime() - new Date(t.last_used_at).getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', t.id).execute();
  }
  return user;
}
