import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { permissionsOf } from '../../domain/access/policy.ts';
import { AppError } from '../../server/errors.ts';
import { type App, authorize, ctx, requireAuth, SESSION_COOKIE } from '../../server/http.ts';
import { writeAudit } from '../audit/repo.ts';
import { checkCredentials, createApiToken, LOGIN_POLICY, login, logout } from './login.ts';
import type { AuthUser } from './repo.ts';
import { LoginBody, SessionOut, TokenCreateBody, TokenOut } from './schemas.ts';

async function meOf(db: Kysely<DB>, u: AuthUser) {
  const unitIds = u.grants.map((g) => g.unitId).filter((x): x is string => !!x);
  const names = unitIds.length ? await db.selectFrom('units').select(['id', 'name']).where('id', 'in', unitIds).execute() : [];
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.grants.map((g) => ({ role: g.role, unitId: g.unitId, unitName: g.unitId ? (nameOf.get(g.unitId) ?? null) : null })),
    permissions: permissionsOf({ userId: u.id, username: u.username, grants: u.grants }),
  };
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export async function authRoutes(app: App) {
  const { db, clock } = app.deps;

  app.post('/api/auth/login', { schema: { tags: ['auth'], body: LoginBody, response: { 200: SessionOut } } }, async (req, reply) => {
    const r = await login({ db, clock, ip: req.ip }, req.body.username, req.body.password);
    reply.setCookie(SESSION_COOKIE, r.sessionToken, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: app.deps.secureCookies,
      maxAge: Math.floor(LOGIN_POLICY.sessionAbsoluteMs / 1000),
    });
    return { user: await meOf(db, r.user), csrfToken: r.csrfToken };
  });

  app.post('/api/auth/logout', { schema: { tags: ['auth'] } }, async (req, reply) => {
    const a = requireAuth(req);
    if (a.via === 'session' && a.sessionId) await logout({ db, clock, ip: req.ip, user: a.user }, a.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], response: { 200: SessionOut } } }, async (req) => {
    const a = requireAuth(req);
    return { user: await meOf(db, a.user), csrfToken: a.csrfToken ?? '' };
  });

  // Machine clients exchange a username and password for an API token; rate-limited like login.
  app.post(
    '/api/auth/token',
    { schema: { tags: ['auth'], body: LoginBody, response: { 201: z.object({ token: z.string(), id: z.string() }) } } },
    async (req, reply) => {
      const user = await checkCredentials({ db, clock, ip: req.ip }, req.body.username, req.body.password, 'token');
      const t = await createApiToken(
        { db, clock, ip: req.ip, actorId: user.id, actorName: user.username },
        user.id,
        `API ${clock.now().toISOString().slice(0, 10)}`,
      );
      return reply.status(201).send({ token: t.token, id: t.id });
    },
  );

  app.get('/api/tokens', { schema: { tags: ['auth'], response: { 200: z.object({ items: z.array(TokenOut) }) } } }, async (req) => {
    const c = ctx(req);
    authorize(c, 'token.manageOwn');
    const rows = await db.selectFrom('api_tokens').selectAll().where('user_id', '=', c.actor.userId).orderBy('created_at', 'desc').execute();
    return {
      items: rows.map((r) => ({
        id: r.id,
        name: r.name,
        createdAt: iso(r.created_at) as string,
        lastUsedAt: iso(r.last_used_at),
        revokedAt: iso(r.revoked_at),
      })),
    };
  });

  app.post(
    '/api/tokens',
    { schema: { tags: ['auth'], body: TokenCreateBody, response: { 201: z.object({ id: z.string(), token: z.string() }) } } },
    async (req, reply) => {
      const c = ctx(req);
      authorize(c, 'token.manageOwn');
      const t = await createApiToken({ db, clock, ip: c.ip, actorId: c.actor.userId, actorName: c.actor.username }, c.actor.userId, req.body.name);
      return reply.status(201).send({ id: t.id, token: t.token });
    },
  );

  app.delete('/api/tokens/:id', { schema: { tags: ['auth'], params: z.object({ id: z.uuid() }) } }, async (req, reply) => {
    const c = ctx(req);
    const t = await db.selectFrom('api_tokens').selectAll().where('id', '=', req.params.id).executeTakeFirst();
    if (!t) throw new AppError('not_found', { status: 404 });
    // Own tokens with token.manageOwn; anybody's with user.manage (the admin).
    authorize(c, t.user_id === c.actor.userId ? 'token.manageOwn' : 'user.manage');
    if (!t.revoked_at) {
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('api_tokens').set({ revoked_at: clock.now() }).where('id', '=', t.id).execute();
        await writeAudit(trx, {
          at: clock.now(),
          actorId: c.actor.userId,
          actorName: c.actor.username,
          action: 'token.revoke',
          entityType: 'apiToken',
          entityId: t.id,
          before: { revokedAt: null },
          after: { revokedAt: clock.now() },
          ip: c.ip,
        });
      });
    }
    return reply.status(204).send();
  });
}
