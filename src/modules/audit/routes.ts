import { z } from 'zod';
import { reachFor } from '../../domain/access/policy.ts';
import { type App, authorize, ctx } from '../../server/http.ts';
import { descendantsOf } from '../units/repo.ts';
import { listAudit, verifyAuditLog } from './repo.ts';

const Day = z.iso.date();

export async function auditRoutes(app: App) {
  const { db } = app.deps;

  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        querystring: z.strictObject({
          actor: z.string().max(64).optional(),
          action: z.string().max(64).optional(),
          entityType: z.string().max(64).optional(),
          entityId: z.string().max(64).optional(),
          from: Day.optional(),
          to: Day.optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(50),
          lang: z.enum(['vi', 'en']).optional(),
        }),
      },
    },
    async (req) => {
      const c = ctx(req);
      authorize(c, 'audit.read');
      const reach = reachFor(c.actor, 'audit.read');
      const units = reach === 'all' ? 'all' : await descendantsOf(db, reach);
      return listAudit(db, { ...req.query, units });
    },
  );

  app.post('/api/audit/verify', { schema: { tags: ['audit'] } }, async (req) => {
    authorize(ctx(req), 'audit.verify');
    return verifyAuditLog(db);
  });
}
