/**
 * Request and reply schemas of POST /api/service-index/score (documented in OpenAPI through zod descriptions).
 * Count names are the ones the rule table (src/domain/serviceIndex/indicators.ts) reads; each description names the
 * indicator(s) of qd766_indicators.json that use the count.
 */

import { z } from 'zod';
import { PERIOD_PATTERN } from '../../domain/serviceIndex/period.ts';

const Count = (description: string) => z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe(description);

const Transparency = z
  .strictObject({
    proceduresPublished: Count('1.1 mẫu số: TTHC đã công bố trong kỳ / procedures published in the period'),
    proceduresPublishedOnTime: Count('1.1 tử số: TTHC công bố đúng hạn / procedures published on time'),
    proceduresToPublicise: Count('1.2 mẫu số: TTHC phải cập nhật, công khai trong kỳ / procedures to publicise'),
    proceduresPublicisedOnTime: Count('1.2 tử số: TTHC công khai đúng hạn trên CSDLQG / publicised on time'),
    proceduresPublic: Count('1.3 mẫu số: TTHC đang công khai / procedures currently public'),
    proceduresPublicComplete: Count('1.3 tử số: TTHC công khai đủ 7 bộ phận (NĐ 63/2010 Đ8 k2) / with all 7 parts'),
    dossiersSynced: Count('1.4 tử số: hồ sơ đã đồng bộ lên Cổng DVCQG, tiếp nhận trong kỳ / dossiers synced to the national portal'),
    dossiersReceivedNationalReport: Count('1.4 mẫu số (lấy số lớn hơn): hồ sơ tiếp nhận theo Hệ thống báo cáo quốc gia'),
    dossiersReceivedDvcqg: Count('1.4 mẫu số (lấy số lớn hơn): hồ sơ tiếp nhận theo Cổng DVCQG'),
    previousYearDossiersReceived: Count(
      'Tùy chọn. 1.4 khi cả hai mẫu số = 0: số hồ sơ năm trước (chia 12 theo tháng, 4 theo quý) / optional previous-year fallback',
    ).optional(),
  })
  .describe('Công khai, minh bạch (18 điểm)');

const Progress = z
  .strictObject({
    received: Count('2.1 mẫu số: tổng hồ sơ tiếp nhận, xử lý trong kỳ / dossiers received or handled in the period'),
    onTime: Count('2.1 tử số: đã xử lý trước hạn, đúng hạn + đang xử lý trong hạn / finished early or on time + in processing on time'),
  })
  .describe('Tiến độ, kết quả giải quyết (20 điểm): 20 × onTime / received');

const OnlineService = z
  .strictObject({
    fullOnlineEligibleDossiers: Count('m0-row7 mẫu số: hồ sơ của TTHC đủ điều kiện DVCTT toàn trình / dossiers of procedures eligible for full online'),
    fullOnlineDossiers: Count('m0-row7 tử số: hồ sơ DVCTT toàn trình / full-online dossiers'),
    procedures: Count('Tùy chọn, theo dõi. 3.1 mẫu số: tổng số TTHC / optional monitoring: procedures').optional(),
    proceduresWithOnlineService: Count('Tùy chọn, theo dõi. 3.1 tử số: TTHC có DVCTT (một phần hoặc toàn trình)').optional(),
    onlineServices: Count('Tùy chọn, theo dõi. 3.2 mẫu số: số DVCTT / optional monitoring: online services').optional(),
    onlineServicesWithDossiers: Count('Tùy chọn, theo dõi. 3.2 tử số: DVCTT có phát sinh hồ sơ').optional(),
    dossiersReceived: Count('Tùy chọn, theo dõi. 3.3 mẫu số: tổng hồ sơ tiếp nhận / optional monitoring: dossiers received').optional(),
    dossiersReceivedOnline: Count('Tùy chọn, theo dõi. 3.3 tử số: hồ sơ tiếp nhận trực tuyến (KenhThucHien = 2)').optional(),
  })
  .describe('Dịch vụ công trực tuyến (12 điểm, cách chia điểm chưa xác định — tạm tính 12 × tỷ lệ toàn trình, provisional)');

const Payment = z
  .strictObject({
    financialObligationDossiers: Count('3.6 mẫu số (A): hồ sơ có nghĩa vụ tài chính / dossiers with a financial obligation'),
    onlinePaidDossiers: Count('3.6 tử số (A): hồ sơ thanh toán trực tuyến thành công / paid online'),
    feeProcedures: Count('3.5b, 3.5 mẫu số (B, C): TTHC có phí, lệ phí / procedures with fees'),
    feeProceduresWithOnlinePayment: Count('3.5b tử số (B): TTHC có giao dịch thanh toán trực tuyến'),
    feeProceduresWithFeeSync: Count('3.5 tử số (C): TTHC có hồ sơ đồng bộ phí'),
  })
  .describe('Thanh toán trực tuyến (10 điểm): 6·A + min(2, 2.5·B) + min(2, 2.5·C)');

const Satisfaction = z
  .strictObject({
    feedbackTotal: Count('5.2, 5.3 mẫu số: tổng PAKN / feedback items (0 → 5.2 and 5.3 get full points)'),
    feedbackOnTime: Count('5.2 tử số: PAKN xử lý đúng hạn'),
    feedbackDisliked: Count('5.3: PAKN không hài lòng (dislike > like)'),
    feedbackRepeated: Count('5.3: PAKN tiếp tục phản ánh'),
    feedbackOverdue: Count('5.3: PAKN quá hạn'),
    dossiersHandled: Count('5.4 mẫu số: hồ sơ tiếp nhận, giải quyết (0 → 0 điểm)'),
    dossiersOverdue: Count('5.4: hồ sơ quá hạn'),
    dossiersWithFeedbackOrDislike: Count('5.4: hồ sơ có PAKN hoặc đánh giá dislike'),
  })
  .describe('Mức độ hài lòng (18 điểm)');

const Digitisation = z
  .strictObject({
    dossiersResolved: Count('4.1 mẫu số: hồ sơ đã giải quyết / dossiers resolved'),
    dossiersWithElectronicResult: Count('4.1 tử số: hồ sơ có kết quả giải quyết điện tử'),
    dossiersReceived: Count('4.2, 4.3, 4.5b mẫu số: hồ sơ tiếp nhận trong kỳ / dossiers received'),
    dossiersDigitised: Count('4.2 tử số, 4.4 mẫu số: hồ sơ được số hóa / digitised dossiers'),
    communes: Count('m0-row14 mẫu số: tổng số xã / communes'),
    communesWithCertifiedCopy: Count('m0-row14 tử số: số xã cung cấp chứng thực bản sao điện tử'),
    dossiersReusingDigitisedData: Count('4.3 tử số: hồ sơ khai thác, sử dụng lại dữ liệu số hóa (mục tiêu 80%)'),
    dossiersDigitisedShared: Count('4.4 tử số: hồ sơ số hóa kết nối kho dữ liệu cá nhân trên Cổng DVCQG'),
    dossiersUsingPopulationData: Count('4.5b tử số: hồ sơ sử dụng thông tin từ CSDL quốc gia về dân cư'),
    procedures: Count('4.5a mẫu số: tổng số TTHC / procedures'),
    proceduresConnectedToPopulationData: Count('4.5a tử số: TTHC kết nối, chia sẻ dữ liệu dân cư'),
  })
  .describe('Số hóa hồ sơ (22 điểm)');

export const ScoreBody = z
  .strictObject({
    units: z
      .array(
        z.strictObject({
          unitId: z.string().min(1).max(100).describe('Mã đơn vị (tùy ý, dùng để đối chiếu) / any unit identifier'),
          counts: z
            .strictObject({
              transparency: Transparency.optional(),
              progress: Progress.optional(),
              onlineService: OnlineService.optional(),
              payment: Payment.optional(),
              satisfaction: Satisfaction.optional(),
              digitisation: Digitisation.optional(),
            })
            .describe('Số liệu theo nhóm; nhóm bỏ trống được tính theo quy tắc mẫu số bằng 0 (status noData) / counts per group'),
        }),
      )
      .min(1)
      .max(5000)
      .describe('Các đơn vị được chấm và xếp hạng cùng nhau / units scored and ranked together'),
    period: z
      .string()
      .regex(PERIOD_PATTERN)
      .optional()
      .describe('Kỳ: 2025, 2025-Q4, 2025-11 hoặc 2025-W03; chọn phiên bản quy tắc (mặc định: phiên bản mới nhất) / selects the rule version'),
  })
  .describe('Tính điểm Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766) từ số liệu; không ghi dữ liệu');

export type ScoreBodyInput = z.infer<typeof ScoreBody>;

const Points = z.string().describe('Điểm, 2 chữ số thập phân, làm tròn half-up / points, 2 decimals');

const IndicatorOut = z.object({
  code: z.string().describe('Mã chỉ tiêu trong qd766_indicators.json (1.1, 2.1, m0-row7 …)'),
  metricCode: z.string().nullable().describe('Mã chỉ số trên Cổng DVCQG, nếu biết'),
  name: z.string(),
  numerator: z.string().nullable().describe('Tử số (chuỗi số chính xác); null khi không có số liệu'),
  denominator: z.string().nullable().describe('Mẫu số (chuỗi số chính xác); null khi không có số liệu'),
  ratio: z.string().nullable().describe('Tỷ lệ %, 2 chữ số thập phân; null khi mẫu số bằng 0 hoặc không có số liệu'),
  points: Points,
  max: Points,
  rule: z.enum(['linear', 'target', 'monitoring']).describe('linear: max × tỷ lệ; target: đủ điểm khi đạt mục tiêu; monitoring: chỉ theo dõi'),
  target: z.string().nullable().describe('Mục tiêu %, nếu có'),
  status: z.enum(['computed', 'zeroDenominator', 'noData']),
  zeroDenominatorRule: z.enum(['zeroPoints', 'fullPoints', 'previousYearShare']).nullable().describe('Quy tắc mẫu số bằng 0 đã áp dụng'),
  provisional: z.boolean().describe('Quy tắc chưa được xác nhận bằng văn bản chính thức (tạm tính)'),
});

const GroupOut = z.object({
  score: Points,
  max: Points,
  rank: z.number().int(),
  provided: z.boolean().describe('false khi yêu cầu không có số liệu của nhóm'),
  provisional: z.boolean(),
  indicators: z.array(IndicatorOut),
});

export const ScoreReply = z.object({
  period: z.string().nullable(),
  ruleVersion: z.object({ id: z.string(), validFrom: z.string(), validTo: z.string().nullable(), legalBasis: z.string(), source: z.string() }),
  units: z.array(
    z.object({
      unitId: z.string(),
      groups: z.object({
        transparency: GroupOut,
        progress: GroupOut,
        onlineService: GroupOut,
        payment: GroupOut,
        satisfaction: GroupOut,
        digitisation: GroupOut,
      }),
      total: Points,
      max: Points,
      rank: z.number().int().describe('Xếp hạng (1, 2, 2, 4) trong các đơn vị gửi lên'),
      class: z.string().nullable().describe('Xếp loại: Xuất sắc ≥ 90, Tốt ≥ 80, Khá ≥ 70, Trung bình ≥ 50, Yếu < 50; null khi thiếu số liệu của một nhóm'),
      classProvisional: z.boolean().describe('Ngưỡng Tốt / Khá / Trung bình là suy luận, chưa xác nhận'),
      missingGroups: z.array(z.string()).describe('Các nhóm không có số liệu (0 điểm); khi có, không xếp loại / groups without counts; no class then'),
      provisional: z.boolean(),
    }),
  ),
  provisionalRules: z.array(z.object({ group: z.string().nullable(), code: z.string(), reason: z.string() })).describe('Các quy tắc tạm tính và lý do'),
});
