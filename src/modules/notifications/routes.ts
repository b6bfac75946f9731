import { z } from 'zod';
import { notFound } from '../../server/errors.ts';
import { type App, ctx } from '../../server/http.ts';

/** The signed-in user's own notifications. */
export async function notificationRoutes(app: App) {
  const { db } = app.deps;
  app.get('/api/notifications', { schema: { tags: ['notifications'] } }, async (req) => {
    const c = ctx(req);
    const rows = await db.selectFrom('notifications').selectAll().where('user_id', '=', c.actor.userId).orderBy('created_at', 'desc').limit(100).execute();
    return {
      unread: rows.filter((r) => !r.read_at).length,
      items: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        title: r.title,
        body: r.body,
        link: r.link,
        createdAt: new Date(r.created_at).toISOString(),
        readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
      })),
    };
  });
  app.post('/api/notifications/:id/read', { schema: { tags: ['notifications'], params: z.strictObject({ id: z.uuid() }) } }, async (req, reply) => {
    const c = ctx(req);
    const r = await db
      .updateTable('notifications')
      .set({ read_at: c.clock.now() })
      .where('id', '=', req.params.id)
      .where('user_id', '=', c.actor.userId)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notFound();
    return reply.status(204).send();
  });
}
