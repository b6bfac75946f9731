import { type ScoreProblem, type ScoreProblemCode, scoreUnits } from '../../domain/serviceIndex/score.ts';
import { type FieldError, invalid } from '../../server/errors.ts';
import { type App, authorize, ctx } from '../../server/http.ts';
import { type MessageCode, message } from '../../server/messages.ts';
import { catalogueRoutes } from './catalogue-routes.ts';
import { countsRoutes } from './counts-routes.ts';
import { ScoreBody, type ScoreBodyInput, ScoreReply } from './schemas.ts';

const tags = ['serviceIndex'];

const PROBLEM_MESSAGES: Record<ScoreProblemCode, MessageCode> = {
  invalidPeriod: 'service_index_invalid_period',
  noRuleVersion: 'service_index_no_rule_version',
  periodSpansVersions: 'service_index_period_spans_versions',
  duplicateUnit: 'service_index_duplicate_unit',
  unknownGroup: 'service_index_unknown_group',
  unknownCount: 'service_index_unknown_count',
  countMissing: 'service_index_count_missing',
  countInvalid: 'service_index_count_invalid',
  numeratorAboveDenominator: 'service_index_numerator_above_denominator',
};

function fieldError(p: ScoreProblem): FieldError {
  const code = PROBLEM_MESSAGES[p.code];
  return { path: `body.${p.path}`, message: message(code, 'vi', p.params), messageEn: message(code, 'en', p.params) };
}

/**
 * The score use case: counts in, Decision 766 scores out (src/domain/serviceIndex/score.ts). Stateless — it reads and
 * writes nothing, so there is no unit data to scope: a caller holding 'serviceIndex.read' anywhere may simulate.
 * Schema problems are 400 (zod); problems that need the rules (numerator above denominator, a period without rules,
 * duplicate units) are 422, both problem+json with field paths.
 */
export function scoreEndpoint(body: ScoreBodyInput) {
  const r = scoreUnits({ units: body.units }, { period: body.period ?? null });
  if (!r.ok) throw invalid('validation_failed', r.problems.map(fieldError));
  const { ok: _, ...reply } = r;
  return reply;
}

/** Decision 766 service index (Bộ chỉ số phục vụ người dân, doanh nghiệp). */
export async function serviceIndexRoutes(app: App) {
  await app.register(catalogueRoutes);
  await app.register(countsRoutes);
  app.post(
    '/api/service-index/score',
    {
      schema: {
        tags,
        summary: 'Tính điểm Chỉ số 766 (không ghi dữ liệu) / stateless Decision 766 score computation',
        description:
          'Tính điểm từng chỉ tiêu, điểm 6 nhóm (Công khai minh bạch 18; Tiến độ 20; DVCTT 12; Thanh toán trực tuyến 10; Mức độ hài lòng 18; ' +
          'Số hóa 22), tổng điểm, xếp loại và xếp hạng của các đơn vị gửi lên. Quy tắc theo kỳ (period). Các quy tắc chưa được xác nhận được ' +
          'đánh dấu provisional. Cần quyền serviceIndex.read. / Scores indicators, groups, total, class and ranks for the given counts; ' +
          'nothing is stored.',
        body: ScoreBody,
        response: { 200: ScoreReply },
      },
    },
    async (req) => {
      authorize(ctx(req), 'serviceIndex.read');
      return scoreEndpoint(req.body);
    },
  );
}
