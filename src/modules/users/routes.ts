import { z } from 'zod';
import { ROLES, reachFor } from '../../domain/access/policy.ts';
import { type App, authorize, ctx } from '../../server/http.ts';
import { descendantsOf } from '../units/repo.ts';
import { listUsers, userIdsInUnits } from './repo.ts';
import { createUser, updateUser } from './save-user.ts';

const RoleIn = z.strictObject({ role: z.enum(ROLES), unitId: z.uuid().nullable() });
const UserOut = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  active: z.boolean(),
  lockedUntil: z.string().nullable(),
  roles: z.array(z.object({ role: z.string(), unitId: z.string().nullable(), unitName: z.string().nullable() })),
});
const Password = z.string().min(8).max(256);

export async function userRoutes(app: App) {
  const { db } = app.deps;

  app.get('/api/users', { schema: { tags: ['users'], response: { 200: z.object({ items: z.array(UserOut) }) } } }, async (req) => {
    const c = ctx(req);
    authorize(c, 'user.read');
    const reach = reachFor(c.actor, 'user.read');
    if (reach === 'all') return { items: await listUsers(db) };
    return { items: await listUsers(db, await userIdsInUnits(db, await descendantsOf(db, reach))) };
  });

  app.post(
    '/api/users',
    {
      schema: {
        tags: ['users'],
        body: z.strictObject({
          username: z
            .string()
            .trim()
            .toLowerCase()
            .regex(/^[a-z0-9_.-]{2,64}$/),
          displayName: z.string().trim().min(1).max(200),
          password: Password,
          roles: z.array(RoleIn).max(50).default([]),
        }),
        response: { 201: z.object({ user: UserOut }) },
      },
    },
    async (req, reply) => reply.status(201).send({ user: await createUser(ctx(req), req.body) }),
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['users'],
        params: z.strictObject({ id: z.uuid() }),
        body: z.strictObject({
          displayName: z.string().trim().min(1).max(200).optional(),
          active: z.boolean().optional(),
          password: Password.optional(),
          roles: z.array(RoleIn).max(50).optional(),
          unlock: z.boolean().optional(),
        }),
        response: { 200: z.object({ user: UserOut }) },
      },
    },
    async (req) => ({ user: await updateUser(ctx(req), req.params.id, req.body) }),
  );
}
