import { z } from 'zod';
import { vietnamDay } from '../../domain/shared/clock.ts';
import { AppError } from '../../server/errors.ts';
import { type App, authorize, ctx } from '../../server/http.ts';
import { exportProcedures, importProcedures, listProcedures } from './catalogue.ts';
import { CatalogueFileError, LEGAL_TIME_UNITS, ONLINE_SERVICES, PROCEDURE_LEVELS } from './catalogue-sheet.ts';

const tags = ['serviceIndex'];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const ProcedureListQuery = z.strictObject({
  q: z.string().max(200).optional().describe('Một phần tên (không phân biệt dấu, hoa thường) hoặc mã TTHC / part of the name or code'),
  field: z.string().max(200).optional().describe('Lĩnh vực (so khớp cả chuỗi, không phân biệt dấu) / field, whole'),
  level: z.enum(PROCEDURE_LEVELS).optional(),
  onlineService: z.enum(ONLINE_SERVICES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  lang: z.enum(['vi', 'en']).optional(),
});

const ProcedureOut = z.object({
  code: z.string(),
  name: z.string(),
  field: z.string(),
  level: z.enum(PROCEDURE_LEVELS),
  onlineService: z.enum(ONLINE_SERVICES),
  hasFee: z.boolean(),
  legalMax: z.number().nullable(),
  legalMaxUnit: z.enum(LEGAL_TIME_UNITS).nullable(),
  publishedOn: z.string().nullable(),
  illustrative: z.boolean().describe('Dữ liệu minh họa (mã, thời hạn không chính thức) / illustrative demo data'),
  updatedAt: z.string(),
});

const ImportReply = z.object({
  format: z.enum(['xlsx', 'csv']),
  rows: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
});

/** The procedure catalogue (danh mục TTHC) of the Decision 766 module: list, export and import. */
export async function catalogueRoutes(app: App) {
  app.get(
    '/api/service-index/procedures',
    {
      schema: {
        tags,
        summary: 'Danh mục thủ tục hành chính / procedure catalogue',
        querystring: ProcedureListQuery,
        response: { 200: z.object({ items: z.array(ProcedureOut), total: z.number(), limit: z.number(), offset: z.number() }) },
      },
    },
    async (req) => {
      const { lang: _, ...filter } = req.query;
      return listProcedures(ctx(req), filter);
    },
  );

  app.get('/api/service-index/procedures/export.xlsx', { schema: { tags, summary: 'Xuất danh mục TTHC ra Excel / export as .xlsx' } }, async (req, reply) => {
    const buf = await exportProcedures(ctx(req), 'xlsx');
    return reply
      .type(XLSX_TYPE)
      .header('content-disposition', `attachment; filename="thu-tuc-hanh-chinh-${vietnamDay(app.deps.clock.now())}.xlsx"`)
      .send(buf);
  });

  app.get(
    '/api/service-index/procedures/export.csv',
    { schema: { tags, summary: 'Xuất danh mục TTHC ra CSV (UTF-8) / export as CSV' } },
    async (req, reply) => {
      const buf = await exportProcedures(ctx(req), 'csv');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="thu-tuc-hanh-chinh-${vietnamDay(app.deps.clock.now())}.csv"`)
        .send(buf);
    },
  );

  app.post(
    '/api/service-index/procedures/import',
    {
      schema: {
        tags,
        summary: 'Nhập danh mục TTHC từ Excel hoặc CSV / import the catalogue from .xlsx or CSV',
        description:
          'Tệp .xlsx hoặc CSV (UTF-8, phân cách "," hoặc ";"), nhận dạng theo nội dung. Nhập tất cả hoặc không nhập gì: lỗi trả về 422 kèm danh sách ' +
          'lỗi theo dòng/cột. Cập nhật theo mã TTHC. Cần quyền serviceIndex.manage. / All-or-nothing; upsert by code.',
        consumes: ['multipart/form-data'],
        response: { 200: ImportReply },
      },
    },
    async (req) => {
      const c = ctx(req);
      authorize(c, 'serviceIndex.manage');
      if (!req.isMultipart()) throw new AppError('unsupported_media_type', { status: 415 });
      const file = await req.file();
      if (!file) throw new AppError('file_missing', { status: 422 });
      const buf = await file.toBuffer();
      // toBuffer() misses the size limit when the cut falls on a chunk boundary (see the units import).
      if (file.file.truncated) throw new AppError('body_too_large', { status: 413 });
      try {
        return await importProcedures(c, buf, file.filename || null);
      } catch (e) {
        if (e instanceof CatalogueFileError) {
          throw new AppError('procedure_file_unreadable', { status: 422, params: { vi: e.messageVi, en: e.messageEn } });
        }
        throw e;
      }
    },
  );
}
