import { z } from 'zod';
import { type App, ctx } from '../../server/http.ts';
import { appraisalGaps } from './exports/appraisal-gaps.ts';
import { attachment } from './exports/format.ts';
import { resultsAnnexPdf } from './exports/results-annex.ts';
import { scoringSheetWorkbook } from './exports/scoring-sheet.ts';
import { remedialPlanWorkbook, weakLeavesOf } from './exports/weak.ts';

const Id = z.strictObject({ id: z.uuid() });
const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Official documents and analysis exports of the PAR Index (PDF annex, detailed sheets, remedial plan drafts). */
export async function parExportRoutes(app: App) {
  const tags = ['par'];

  app.get(
    '/api/par/cycles/:id/results.pdf',
    {
      schema: {
        tags,
        params: Id,
        description: 'Phụ lục kết quả xếp hạng (PDF, thể thức Nghị định 30/2020/NĐ-CP); chỉ khi đã công bố / ranking annex PDF, published cycles only',
      },
    },
    async (req, reply) => {
      const f = await resultsAnnexPdf(ctx(req), req.params.id);
      return reply.type('application/pdf').header('content-disposition', attachment(f.fileName)).header('cache-control', 'no-store').send(f.buffer);
    },
  );

  app.get(
    '/api/par/cycles/:id/appraisal-gaps',
    {
      schema: { tags, params: Id, description: 'Chênh lệch tự chấm – thẩm định theo tiêu chí và theo thẩm định viên / appraisal gaps per leaf and appraiser' },
    },
    async (req) => appraisalGaps(ctx(req), req.params.id),
  );

  app.get(
    '/api/par/assessments/:id/sheet.xlsx',
    { schema: { tags, params: Id, description: 'Phiếu chấm điểm chi tiết của đơn vị (Excel) / detailed scoring sheet' } },
    async (req, reply) => {
      const f = await scoringSheetWorkbook(ctx(req), req.params.id);
      return reply.type(xlsx).header('content-disposition', attachment(f.fileName)).header('cache-control', 'no-store').send(f.buffer);
    },
  );

  app.get(
    '/api/par/assessments/:id/weak',
    { schema: { tags, params: Id, description: 'Tiêu chí bị trừ điểm, xếp theo điểm bị trừ / weak criteria ranked by points lost' } },
    async (req) => weakLeavesOf(ctx(req), req.params.id),
  );

  app.get(
    '/api/par/assessments/:id/remedial-plan.xlsx',
    { schema: { tags, params: Id, description: 'Dự thảo kế hoạch khắc phục tồn tại, hạn chế (Excel) / remedial plan draft' } },
    async (req, reply) => {
      const f = await remedialPlanWorkbook(ctx(req), req.params.id);
      return reply.type(xlsx).header('content-disposition', attachment(f.fileName)).header('cache-control', 'no-store').send(f.buffer);
    },
  );
}
