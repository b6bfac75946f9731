import { z } from 'zod';
import { type App, ctx } from '../../server/http.ts';
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
