import { z } from 'zod';
import { AppError } from '../../server/errors.ts';
import { type App, authorize, ctx } from '../../server/http.ts';
import { countsWorkbook, importCounts } from './counts-sheet.ts';
import { saveUnitCounts, unitCounts } from './entered-counts.ts';

const tags = ['serviceIndex'];
const Period = z.string().max(10);

/**
 * Counts of the Decision 766 index that dossiers cannot give, entered per unit, period and group (read off the
 * national portal): the form's data, and the save.
 */
export async function countsRoutes(app: App) {
  app.get(
    '/api/service-index/units/:unitId/counts',
    {
      schema: {
        tags,
        summary: 'Số liệu của đơn vị theo kỳ: từ hồ sơ và nhập bổ sung / a unit’s counts for a period: derived and entered',
        params: z.strictObject({ unitId: z.uuid() }),
        querystring: z.strictObject({ period: Period }),
      },
    },
    async (req) => unitCounts(ctx(req), req.params.unitId, req.query.period),
  );
  app.get(
    '/api/service-index/counts.xlsx',
    {
      schema: {
        tags,
        summary: 'Mẫu Excel số liệu bổ sung của kỳ (kèm số đã nhập) / the Excel template of entered counts for a period',
        querystring: z.strictObject({ period: Period }),
      },
    },
    async (req, reply) => {
      const f = await countsWorkbook(ctx(req), req.query.period);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${f.name}"`)
        .send(f.buffer);
    },
  );
  app.post(
    '/api/service-index/counts/import',
    {
      schema: {
        tags,
        summary: 'Nhập số liệu bổ sung từ Excel / import entered counts from the Excel template',
        description: 'Nhập tất cả hoặc không nhập gì; lỗi 422 kèm danh sách theo dòng/cột. Cần quyền serviceIndex.manage.',
        consumes: ['multipart/form-data'],
        querystring: z.strictObject({ period: Period }),
      },
    },
    async (req) => {
      const c = ctx(req);
      authorize(c, 'serviceIndex.manage');
      if (!req.isMultipart()) throw new AppError('unsupported_media_type', { status: 415 });
      const file = await req.file();
      if (!file) throw new AppError('file_missing', { status: 422 });
      const buf = await file.toBuffer();
      if (file.file.truncated) throw new AppError('body_too_large', { status: 413 });
      return importCounts(c, req.query.period, buf);
    },
  );
  app.put(
    '/api/service-index/units/:unitId/counts',
    {
      schema: {
        tags,
        summary: 'Nhập số liệu bổ sung của một nhóm / enter one group’s counts for a period',
        description:
          'Số liệu nhập tay (ví dụ lấy từ Cổng DVCQG) được ưu tiên hơn số liệu tính từ hồ sơ; gửi counts rỗng để xóa. Cần quyền serviceIndex.manage. / ' +
          'Entered counts win over counts derived from dossiers; empty counts remove the entry.',
        params: z.strictObject({ unitId: z.uuid() }),
        body: z.strictObject({ period: Period, group: z.string().max(40), counts: z.record(z.string().max(60), z.number()) }),
      },
    },
    async (req, reply) => {
      await saveUnitCounts(ctx(req), req.params.unitId, req.body);
      return reply.status(204).send();
    },
  );
}
