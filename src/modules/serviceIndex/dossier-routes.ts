import { Transform } from 'node:stream';
import { z } from 'zod';
import { DRILL_FILTERS } from '../../domain/serviceIndex/drill.ts';
import { AppError, notFound } from '../../server/errors.ts';
import { type App, authorize, ctx, requireAuth } from '../../server/http.ts';
import { writeAudit } from '../audit/repo.ts';
import { actorIdOrNull } from '../auth/context.ts';
import { ingestDossiers } from './ingest.ts';
import { overdueWatch, recordApology } from './overdue.ts';
import { drillDown, drillDownWorkbook, storedScores } from './stored-scores.ts';

/** Largest dossier file accepted in one request; bigger syncs are split into batches by the sending system. */
export const DOSSIER_MAX_BYTES = 1024 * 1024 * 1024;

function limitBytes(max: number) {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _e, cb) {
      seen += chunk.length;
      if (seen > max) cb(new AppError('body_too_large', { status: 413 }));
      else cb(null, chunk);
    },
  });
}

const formatOf = (contentType: string | undefined, name: string | null) =>
  (contentType ?? '').includes('ndjson') || (name ?? '').toLowerCase().endsWith('.ndjson') || (name ?? '').toLowerCase().endsWith('.jsonl') ? 'ndjson' : 'csv';

export async function dossierRoutes(app: App) {
  const tags = ['serviceIndex'];
  const { db } = app.deps;
  // Bulk bodies arrive as streams: never buffered whole.
  app.addContentTypeParser(['text/csv', 'application/x-ndjson', 'application/ndjson'], (_req, payload, done) => done(null, payload));

  app.post(
    '/api/service-index/sources',
    {
      schema: {
        tags,
        body: z.strictObject({ code: z.string().regex(/^[a-z0-9_.-]{2,40}$/), name: z.string().trim().min(1).max(200), username: z.string().min(1).max(64) }),
      },
    },
    async (req, reply) => {
      const c = ctx(req);
      authorize(c, 'user.manage');
      const user = await db.selectFrom('users').select('id').where('username', '=', req.body.username).executeTakeFirst();
      if (!user) throw notFound();
      await db.transaction().execute(async (trx) => {
        const exists = await trx.selectFrom('source_systems').select('code').where('code', '=', req.body.code).executeTakeFirst();
        if (exists) throw new AppError('unit_group_exists', { status: 409, params: { code: req.body.code } });
        await trx.insertInto('source_systems').values({ code: req.body.code, name: req.body.name, user_id: user.id }).execute();
        await writeAudit(trx, {
          at: c.clock.now(),
          actorId: actorIdOrNull(c.actor),
          actorName: c.actor.username,
          action: 'dossiers.source.create',
          entityType: 'sourceSystem',
          entityId: req.body.code,
          after: req.body,
          ip: c.ip,
        });
      });
      return reply.status(201).send({ code: req.body.code });
    },
  );

  // Machine-to-machine sync: a one-stop system posts its dossiers as CSV or NDJSON with its own API token.
  app.post(
    '/api/service-index/sources/:code/dossiers',
    { schema: { tags, params: z.strictObject({ code: z.string().max(40) }) }, bodyLimit: DOSSIER_MAX_BYTES },
    async (req) => {
      const c = ctx(req);
      const a = requireAuth(req);
      const source = await db.selectFrom('source_systems').selectAll().where('code', '=', req.params.code).executeTakeFirst();
      if (!source) throw new AppError('dossier_source_unknown', { status: 404, params: { source: req.params.code } });
      if (a.via !== 'token' || source.user_id !== a.user.id)
        throw new AppError('dossier_source_forbidden', { status: 403, params: { source: req.params.code } });
      const length = Number(req.headers['content-length'] ?? 0);
      if (length > DOSSIER_MAX_BYTES) throw new AppError('body_too_large', { status: 413 });
      const body = req.body as NodeJS.ReadableStream;
      return ingestDossiers(app.deps.database, c, {
        source: source.code,
        stream: (body as import('node:stream').Readable).pipe(limitBytes(DOSSIER_MAX_BYTES)),
        format: formatOf(req.headers['content-type'], null),
      });
    },
  );

  // Upload from the web app (CSV or NDJSON file); the PAR office or the admin.
  app.post('/api/service-index/dossiers/import', { schema: { tags, consumes: ['multipart/form-data'] } }, async (req) => {
    const c = ctx(req);
    authorize(c, 'serviceIndex.manage');
    if (!req.isMultipart()) throw new AppError('unsupported_media_type', { status: 415 });
    const file = await req.file({ limits: { fileSize: DOSSIER_MAX_BYTES } });
    if (!file) throw new AppError('file_missing', { status: 422 });
    const r = await ingestDossiers(app.deps.database, c, {
      source: 'upload',
      stream: file.file,
      format: formatOf(file.mimetype, file.filename),
      fileName: file.filename,
    });
    if (file.file.truncated) throw new AppError('body_too_large', { status: 413 });
    return r;
  });

  app.get(
    '/api/service-index/units/:unitId/overdue',
    {
      schema: {
        tags,
        params: z.strictObject({ unitId: z.uuid() }),
        querystring: z.strictObject({ withinWorkingDays: z.coerce.number().int().min(0).max(60).default(3) }),
      },
    },
    async (req) => overdueWatch(ctx(req), req.params.unitId, req.query.withinWorkingDays),
  );
  app.post(
    '/api/service-index/dossiers/apology',
    {
      schema: {
        tags,
        body: z.strictObject({
          unitId: z.uuid(),
          source: z.string().min(1).max(40),
          code: z.string().min(1).max(100),
          receivedDay: z.iso.date(),
          note: z.string().trim().min(1).max(2000),
        }),
      },
    },
    async (req, reply) => {
      await recordApology(ctx(req), req.body);
      return reply.status(204).send();
    },
  );

  app.get('/api/service-index/scores', { schema: { tags, querystring: z.strictObject({ period: z.string().max(10) }) } }, async (req) =>
    storedScores(ctx(req), req.query.period),
  );

  const Drill = z.strictObject({
    period: z.string().max(10),
    filter: z.enum(DRILL_FILTERS).default('notOnTime'),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(50),
  });
  app.get('/api/service-index/units/:unitId/dossiers', { schema: { tags, params: z.strictObject({ unitId: z.uuid() }), querystring: Drill } }, async (req) =>
    drillDown(ctx(req), req.params.unitId, req.query.period, req.query.filter, req.query.page, req.query.pageSize),
  );
  app.get(
    '/api/service-index/units/:unitId/dossiers.xlsx',
    { schema: { tags, params: z.strictObject({ unitId: z.uuid() }), querystring: Drill.omit({ page: true, pageSize: true }) } },
    async (req, reply) => {
      const f = await drillDownWorkbook(ctx(req), req.params.unitId, req.query.period, req.query.filter);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${f.name}"`)
        .send(f.buffer);
    },
  );
}
