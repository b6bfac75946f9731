import { z } from 'zod';
import { vietnamDay } from '../../domain/shared/clock.ts';
import { carriersOn } from '../../domain/units/lineage.ts';
import { AppError, notFound } from '../../server/errors.ts';
import { type App, authorize, ctx } from '../../server/http.ts';
import { writeAudit } from '../audit/repo.ts';
import { actorIdOrNull } from '../auth/context.ts';
import { createUnit } from './create-unit.ts';
import { UnitsWorkbookError } from './excel.ts';
import { exportUnits, importUnits } from './import-units.ts';
import { mergeUnits, splitUnit } from './merge-units.ts';
import { allSpans, findUnit, findUnits, knownGroups, lineageEdges, lineageLinks, listUnits } from './repo.ts';
import { IsoDay, LineageLinkOut, MergeBody, SplitBody, UnitCreateBody, UnitListQuery, UnitOut, UnitPatchBody } from './schemas.ts';
import { updateUnit } from './update-unit.ts';

const IdParams = z.strictObject({ id: z.uuid() });

export async function unitRoutes(app: App) {
  const { db } = app.deps;

  app.get('/api/units', { schema: { tags: ['units'], querystring: UnitListQuery, response: { 200: z.object({ items: z.array(UnitOut) }) } } }, async (req) => {
    const c = ctx(req);
    authorize(c, 'unit.read');
    return { items: await listUnits(db, req.query) };
  });

  app.get('/api/unit-groups', { schema: { tags: ['units'] } }, async (req) => {
    authorize(ctx(req), 'unit.read');
    const rows = await knownGroups(db);
    return { items: rows.map((g) => ({ code: g.code, name: g.name, nameEn: g.name_en })) };
  });

  // Ranking groups (khối) beyond the two every installation has, e.g. a pilot group or "khối phường".
  app.post(
    '/api/unit-groups',
    {
      schema: {
        tags: ['units'],
        body: z.strictObject({
          code: z.string().regex(/^[a-z0-9_]{1,32}$/),
          name: z.string().trim().min(1).max(200),
          nameEn: z.string().trim().min(1).max(200),
        }),
      },
    },
    async (req, reply) => {
      const c = ctx(req);
      authorize(c, 'unit.write');
      await db.transaction().execute(async (trx) => {
        const exists = await trx.selectFrom('unit_groups').select('code').where('code', '=', req.body.code).executeTakeFirst();
        if (exists) throw new AppError('unit_group_exists', { status: 409, params: { code: req.body.code } });
        await trx.insertInto('unit_groups').values({ code: req.body.code, name: req.body.name, name_en: req.body.nameEn }).execute();
        await writeAudit(trx, {
          at: c.clock.now(),
          actorId: actorIdOrNull(c.actor),
          actorName: c.actor.username,
          action: 'unitGroup.create',
          entityType: 'unitGroup',
          entityId: req.body.code,
          after: req.body,
          ip: c.ip,
        });
      });
      return reply.status(201).send(req.body);
    },
  );

  app.get('/api/units/export.xlsx', { schema: { tags: ['units'] } }, async (req, reply) => {
    const buf = await exportUnits(ctx(req));
    const day = vietnamDay(app.deps.clock.now());
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="don-vi-${day}.xlsx"`)
      .send(buf);
  });

  app.post('/api/units/import', { schema: { tags: ['units'], consumes: ['multipart/form-data'] } }, async (req) => {
    const c = ctx(req);
    authorize(c, 'unit.write');
    if (!req.isMultipart()) throw new AppError('unsupported_media_type', { status: 415 });
    const file = await req.file();
    if (!file) throw new AppError('file_missing', { status: 422 });
    const buf = await file.toBuffer();
    // toBuffer() itself misses the size limit when the cut falls on a chunk boundary: it then returns the first
    // 10 MB as if that were the whole file.
    if (file.file.truncated) throw new AppError('body_too_large', { status: 413 });
    try {
      return await importUnits(c, buf);
    } catch (e) {
      if (e instanceof UnitsWorkbookError) {
        throw new AppError('not_excel', { status: 422, params: { vi: e.messageVi, en: e.messageEn } });
      }
      throw e;
    }
  });

  app.get(
    '/api/units/:id',
    {
      schema: {
        tags: ['units'],
        params: IdParams,
        response: {
          200: z.object({
            unit: UnitOut,
            parent: UnitOut.nullable(),
            groups: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string() })),
            predecessors: z.array(LineageLinkOut),
            successors: z.array(LineageLinkOut),
          }),
        },
      },
    },
    async (req) => {
      authorize(ctx(req), 'unit.read');
      const unit = await findUnit(db, req.params.id);
      if (!unit) throw notFound();
      const parent = unit.parentId ? await findUnit(db, unit.parentId) : null;
      const groups = (await knownGroups(db)).filter((g) => unit.groupCodes.includes(g.code)).map((g) => ({ code: g.code, name: g.name, nameEn: g.name_en }));
      return { unit, parent, groups, ...(await lineageLinks(db, unit.id)) };
    },
  );

  app.get(
    '/api/units/:id/lineage',
    {
      schema: {
        tags: ['units'],
        params: IdParams,
        querystring: z.strictObject({ date: IsoDay }),
        response: { 200: z.object({ unitsOnDate: z.array(UnitOut) }) },
      },
    },
    async (req) => {
      authorize(ctx(req), 'unit.read');
      const spans = await allSpans(db);
      if (!spans.has(req.params.id)) throw notFound();
      const ids = carriersOn(req.params.id, req.query.date, spans, await lineageEdges(db));
      return { unitsOnDate: await findUnits(db, ids) };
    },
  );

  app.post('/api/units', { schema: { tags: ['units'], body: UnitCreateBody, response: { 201: z.object({ unit: UnitOut }) } } }, async (req, reply) => {
    const unit = await createUnit(ctx(req), req.body);
    return reply.status(201).send({ unit });
  });

  app.patch(
    '/api/units/:id',
    { schema: { tags: ['units'], params: IdParams, body: UnitPatchBody, response: { 200: z.object({ unit: UnitOut }) } } },
    async (req) => {
      return { unit: await updateUnit(ctx(req), req.params.id, req.body) };
    },
  );

  app.post('/api/units/merge', { schema: { tags: ['units'], body: MergeBody, response: { 201: z.object({ successor: UnitOut }) } } }, async (req, reply) => {
    const successor = await mergeUnits(ctx(req), req.body);
    return reply.status(201).send({ successor });
  });

  app.post(
    '/api/units/split',
    { schema: { tags: ['units'], body: SplitBody, response: { 201: z.object({ successors: z.array(UnitOut) }) } } },
    async (req, reply) => {
      const successors = await splitUnit(ctx(req), req.body);
      return reply.status(201).send({ successors });
    },
  );
}
