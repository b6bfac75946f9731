import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type Action, can, reachFor } from '../domain/access/policy.ts';
import type { Clock } from '../domain/shared/clock.ts';
import type { UseCaseContext } from '../modules/auth/context.ts';
import type { AuthUser } from '../modules/auth/repo.ts';
import { AppError } from './errors.ts';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

export interface RequestAuth {
  user: AuthUser;
  via: 'session' | 'token';
  sessionId?: string;
  csrfToken?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null;
    authError: AppError | null;
  }
  interface FastifyInstance {
    deps: AppDeps;
  }
}

export interface AppDeps {
  db: Kysely<DB>;
  /** The open database (kind, pool) for bulk paths that stream through COPY. */
  database: import('../db/database.ts').Database;
  clock: Clock;
  dbKind: 'pglite' | 'postgres';
  version: string;
  secureCookies: boolean;
}

export const SESSION_COOKIE = 'cchc_session';

/** The signed-in user of a request, or a 401 (session expired / not signed in). */
export function requireAuth(req: FastifyRequest): RequestAuth {
  if (req.auth) return req.auth;
  throw req.authError ?? new AppError('unauthenticated', { status: 401 });
}

/** The use-case context for a request; throws 401 when nobody is signed in. */
export function ctx(req: FastifyRequest): UseCaseContext {
  const a = requireAuth(req);
  return {
    db: req.server.deps.db,
    clock: req.server.deps.clock,
    actor: { userId: a.user.id, username: a.user.username, displayName: a.user.displayName, grants: a.user.grants },
    ip: req.ip ?? null,
  };
}

/** Throws 403 unless the actor holds `action` (on the unit path, when given). */
export function authorize(c: UseCaseContext, action: Action, target?: { unitPath: readonly string[] }): void {
  if (!can(c.actor, action, target)) throw new AppError(target ? 'forbidden_unit' : 'forbidden', { status: 403 });
}

export type { FastifyReply, FastifyRequest };
export { reachFor };
