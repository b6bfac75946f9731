/**
 * The Decision 766 service index ("Bộ chỉ số phục vụ người dân, doanh nghiệp", glossary `serviceIndex`) as DATA:
 * groups, indicators, maxima, conversion rules, zero-denominator behaviour and classes, in versions with a validity
 * period [validFrom, validTo). Rules that change by period are new versions in this table, never `if`s in score.ts.
 *
 * Sources (cited per entry):
 *  - methodology.md §3.1: the six portal groups and their maxima, VERIFIED by the published Quảng Nam breakdown of
 *    19/8/2024 (13.2/18 + 18.4/20 + 7.7/12 + 7.6/10 + 17.6/18 + 15.6/22 = 80.1); official operation from 01/8/2022.
 *  - methodology.md §3.2 and qd766_indicators.json `classification_by_total`: classes.
 *  - methodology.md §3.3 and qd766_indicators.json `groups[*].indicators`, `score_conversion_rules`: indicators,
 *    formulas, targets and zero-denominator behaviour — THIRD-PARTY [3P] (GitHub ChippedTopaz/qd766), reflecting the
 *    2025–26 portal.
 *
 * Counts are named per group (the request's `counts.<group>.<name>`); each indicator says which counts form its
 * numerator and denominator. A count shared by several indicators of a group (e.g. `dossiersReceived`) is one number.
 */

import type { IsoDate } from '../calendar/isoDate.ts';

export const GROUP_IDS = ['transparency', 'progress', 'onlineService', 'payment', 'satisfaction', 'digitisation'] as const;
export type GroupId = (typeof GROUP_IDS)[number];

/** How a numerator or denominator is formed from the group's counts. */
export type Quantity =
  /** One count. */
  | { count: string }
  /** The largest of several counts (1.4: "max(hồ sơ theo Hệ thống báo cáo quốc gia, theo DVCQG)"). */
  | { maxOf: readonly string[] }
  /** `total` minus the listed counts, floored at 0 (5.3, 5.4: "Tổng − …", "100% − (… + …)"). */
  | { remainder: string; minus: readonly string[] };

/** Score conversion (methodology §3.3 "Score-conversion rules"; qd766_indicators.json `score_conversion_rules`). */
export type PointsRule =
  /** points = max × ratio (capped at max). */
  | { kind: 'linear' }
  /** points = max if ratio ≥ target, else max × ratio / target. `target` is a fraction ("0.8" = 80%). */
  | { kind: 'target'; target: string }
  /** Shown, never scored (max 0); `target` is displayed when the reference states one. */
  | { kind: 'monitoring'; target?: string };

/**
 * What happens when the denominator is 0 (or the group's counts are missing): qd766_indicators.json
 * `score_conversion_rules.denominator_zero` — "formula doc: show 0 or N/A; API observed: PAKN metrics with
 * denominator 0 get full 6 points; DOSSIER_RECEIVING_SATISFACTION with denominator 0 gets 0" — and 1.4 `detail`.
 */
export type ZeroDenominatorRule =
  | { kind: 'zeroPoints'; provisional: boolean; source: string }
  | { kind: 'fullPoints'; provisional: boolean; source: string }
  /**
   * 1.4: "Nếu cả hai mẫu số = 0: dùng số năm trước /12 (tháng), /4 (quý); không có số năm trước -> 0": the
   * denominator becomes `count` / (periods per year); without that count (or a period kind with no divisor) → 0.
   */
  | { kind: 'previousYearShare'; count: string; provisional: boolean; source: string };

export interface IndicatorRule {
  /** The indicator's id in qd766_indicators.json ("1.1", "m0-row7", "4.5b"). */
  code: string;
  /** The portal's metric code when the reference gives one (PUBLISH_ON_TIME …). */
  metricCode: string | null;
  name: string;
  /** Points, decimal text. */
  max: string;
  points: PointsRule;
  numerator: Quantity;
  denominator: Quantity;
  zeroDenominator: ZeroDenominatorRule;
  /** Its counts may be omitted even when the group is given (monitoring indicators). */
  optional?: boolean;
  /** The rule itself is unresolved or inferred in the reference: shown as provisional to users. */
  provisional: boolean;
  provisionalReason?: string;
  source: string;
}

export interface GroupRule {
  id: GroupId;
  name: string;
  max: string;
  /** The portal endpoint the group mirrors (qd766_indicators.json `groups[*].api`). */
  api: string;
  indicators: readonly IndicatorRule[];
}

/** A class (xếp loại) by total points; classes are listed highest first. */
export interface ClassRule {
  name: string;
  minTotal: string;
  provisional: boolean;
  source: string;
}

export interface RuleVersion {
  id: string;
  /** First day the version applies (a period must start on or after it). */
  validFrom: IsoDate;
  /** First day it no longer applies; null = open-ended. */
  validTo: IsoDate | null;
  legalBasis: string;
  source: string;
  groups: readonly GroupRule[];
  classes: readonly ClassRule[];
}

const J = 'qd766_indicators.json';
/** Formula document default for a zero denominator: "show 0 or N/A" — the portal's behaviour is not observed. */
const ZERO_DEFAULT: ZeroDenominatorRule = {
  kind: 'zeroPoints',
  provisional: true,
  source: `${J} score_conversion_rules.denominator_zero "formula doc: show 0 or N/A" (portal behaviour not observed)`,
};
const linear: PointsRule = { kind: 'linear' };
const target = (t: string): PointsRule => ({ kind: 'target', target: t });
const c = (count: string): Quantity => ({ count });

/**
 * The 766 index as the national portal computes it: 6 groups, 100 points. Valid from the start of official operation
 * (01/8/2022, methodology §3.1). The group maxima are verified for 2024 (Quảng Nam); the indicator detail is the
 * 2025–26 portal [3P]: earlier periods may have differed in detail, which the reference does not record.
 */
export const QD766_PORTAL: RuleVersion = {
  id: 'qd766-portal',
  validFrom: '2022-08-01',
  validTo: null,
  legalBasis: 'Quyết định 766/QĐ-TTg ngày 23/6/2022',
  source: 'methodology.md §3.1–§3.3; qd766_indicators.json',
  groups: [
    {
      // methodology §3.3 "Công khai, minh bạch (18)": four linear indicators; 87/89 = 97.75% → 1.96/2 (verified).
      id: 'transparency',
      name: 'Công khai, minh bạch',
      max: '18',
      api: 'POST https://dichvucong.gov.vn/api/v1/reporting/evaluation/transparency',
      indicators: [
        {
          code: '1.1',
          metricCode: 'PUBLISH_ON_TIME',
          name: 'Tỷ lệ TTHC công bố đúng hạn',
          max: '6',
          points: linear,
          numerator: c('proceduresPublishedOnTime'),
          denominator: c('proceduresPublished'),
          zeroDenominator: ZERO_DEFAULT,
          provisional: false,
          source: `methodology §3.3; ${J} 1.1`,
        },
        {
          code: '1.2',
          metricCode: 'PUBLIC_UPDATE_ON_TIME',
          name: 'Tỷ lệ TTHC được cập nhật, công khai đúng hạn',
          max: '4',
          points: linear,
          numerator: c('proceduresPublicisedOnTime'),
          denominator: c('proceduresToPublicise'),
          zeroDenominator: ZERO_DEFAULT,
          provisional: false,
          source: `methodology §3.3; ${J} 1.2`,
        },
        {
          code: '1.3',
          metricCode: 'PUBLIC_CONTENT_FULL',
          name: 'Tỷ lệ TTHC công khai đầy đủ các bộ phận tạo thành',
          max: '2',
          points: linear,
          numerator: c('proceduresPublicComplete'),
          denominator: c('proceduresPublic'),
          zeroDenominator: ZERO_DEFAULT,
          provisional: false,
          source: `methodology §3.3 (verified 87/89 → 1.96); ${J} 1.3`,
        },
        {
          code: '1.4',
          metricCode: 'DOSSIER_SYNC',
          name: 'Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG',
          max: '6',
          points: linear,
          numerator: c('dossiersSynced'),
          denominator: { maxOf: ['dossiersReceivedNationalReport', 'dossiersReceivedDvcqg'] },
          zeroDenominator: {
            kind: 'previousYearShare',
            count: 'previousYearDossiersReceived',
            provisional: false,
            source: `${J} 1.4 detail "Nếu cả hai mẫu số = 0: dùng số năm trước /12 (tháng), /4 (quý); không có số năm trước -> 0"`,
          },
          provisional: false,
          source: `methodology §3.3; ${J} 1.4`,
        },
      ],
    },
    {
      // methodology §3.3 "Tiến độ (20)": 20 × (đúng/trước hạn + đang xử lý trong hạn) / tiếp nhận — verified,
      // 0 mismatches (Sở Công Thương Phú Thọ 1652/2270 = 72.78% → 14.56). On-time rules: onTime.ts (§5.2).
      id: 'progress',
      name: 'Tiến độ, kết quả giải quyết',
      max: '20',
      api: 'POST https://dichvucong.gov.vn/api/v1/reporting/evaluation/dvc-progress-tree',
      indicators: [
        {
          code: '2.1',
          metricCode: null,
          name: 'Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn (kể cả đang xử lý trong hạn)',
          max: '20',
          points: linear,
          numerator: c('onTime'),
          denominator: c('received'),
          zeroDenominator: ZERO_DEFAULT,
          provisional: false,
          source: `methodology §3.3 Tiến độ (verified against the portal); ${J} 2.1`,
        },
      ],
    },
    {
      // methodology §3.3 "Dịch vụ công trực tuyến (12)": "The split of the 12 points is unresolved even in the
      // third-party work." Best documented reading: the headline metric (m0-row7, the only one with max 12 in the
      // JSON) carries the 12 points linearly; 3.1–3.3 have no points in the JSON (max null) and are shown as
      // monitoring with their stated targets. A different split is a new version of this table.
      id: 'onlineService',
      name: 'Dịch vụ công trực tuyến',
      max: '12',
      api: 'POST https://dichvucong.gov.vn/api/v1/reporting/evaluation/provide-online-tree',
      indicators: [
        {
          code: 'm0-row7',
          metricCode: null,
          name: 'Tỷ lệ hồ sơ DVCTT toàn trình / tổng hồ sơ của TTHC đủ điều kiện toàn trình',
          max: '12',
          points: linear,
          numerator: c('fullOnlineDossiers'),
          denominator: c('fullOnlineEligibleDossiers'),
          zeroDenominator: ZERO_DEFAULT,
          provisional: true,
          provisionalReason: 'The split of the 12 DVCTT points is unresolved (methodology §3.3); read as 12 × headline ratio.',
          source: `methodology §3.3 DVCTT; ${J} m0-row7 (rule "UNRESOLVED")`,
        },
        {
          code: '3.1',
          metricCode: null,
          name: 'Tỷ lệ TTHC cung cấp DVCTT (một phần hoặc toàn trình)',
          max: '0',
          points: { kind: 'monitoring', target: '0.8' },
          numerator: c('proceduresWithOnlineService'),
          denominator: c('procedures'),
          zeroDenominator: ZERO_DEFAULT,
          optional: true,
          provisional: true,
          provisionalReason: 'Target 80% is stated, its share of the 12 points is not (methodology §3.3).',
          source: `methodology §3.3; ${J} 3.1 (max null, target_based 80%)`,
        },
        {
          code: '3.2',
          metricCode: null,
          name: 'Tỷ lệ DVCTT có phát sinh hồ sơ',
          max: '0',
          points: { kind: 'monitoring' },
          numerator: c('onlineServicesWithDossiers'),
          denominator: c('onlineServices'),
          zeroDenominator: ZERO_DEFAULT,
          optional: true,
          provisional: true,
          provisionalReason: 'Rule unknown in the reference (methodology §3.3).',
          source: `methodology §3.3; ${J} 3.2 (rule "unknown")`,
        },
        {
          code: '3.3',
          metricCode: null,
          name: 'Tỷ lệ hồ sơ nộp trực tuyến',
          max: '0',
          points: { kind: 'monitoring', target: '0.5' },
          numerator: c('dossiersReceivedOnline'),
          denominator: c('dossiersReceived'),
          zeroDenominator: ZERO_DEFAULT,
          optional: true,
          provisional: true,
          provisionalReason: 'Target 50% is stated, its points are not; the "hệ số đồng bộ" is not applied (methodology §3.3).',
          source: `methodology §3.3; ${J} 3.3 (max null, target_based 50%)`,
        },
      ],
    },
    {
      // methodology §3.3 "Thanh toán trực tuyến (10)", verified with 0 mismatches:
      //   score = 6·A + min(2, 2.5·B) + min(2, 2.5·C).
      // min(2, 2.5·B) = 2 × min(1, B / 0.8): exactly the target-based rule with target 80% ("B and C are effectively
      // target-80% rules"; JSON 3.5b, 3.5 "target_based 80%").
      id: 'payment',
      name: 'Thanh toán trực tuyến',
      max: '10',
      api: 'POST https://dichvucong.gov.vn/api/v1/reporting/evaluation/formality-online-payment-tree',
      indicators: [
        {
          code: '3.6',
          metricCode: null,
          name: 'Tỷ lệ hồ sơ thanh toán trực tuyến',
          max: '6',
          points: linear,
          numerator: c('onlinePaidDossiers'),
          denominator: c('financialObligationDossiers'),
          zeroDenominator: ZERO_DEFAULT,
          provisional: false,
          source: `methodology §3.3 Thanh toán (A, verified); ${J} 3.6`,
        },
        {
          code: '3.5b',
          metricCode: null,
          name: 'Tỷ lệ TTHC có giao dịch thanh toán trực tuyến',
          max: '2',
          points: target('0.8'),
          numerator: c('feeProceduresWithOnlinePayment'),
          denominator: c('feeProcedures'),
          zeroDenominator: ZERO_DEFAULT,
          provisional: false,
          source: `methodology §3.3 Thanh toán (B, verified); ${J} 3.5b`,
        },
        {
          code: '3.5',
          metricCode: null,
          name: 'Tỷ lệ TTHC có nghĩa vụ tài chính được tích hợp thanh toán (có hồ sơ đồng bộ phí) trên Cổng DVCQG',
          max: '2',
          points: target('0.8'),
          numerator: c('feeProceduresWithFeeSync'),
          denominator: c('feeProcedures'),
          zeroDenominator: ZERO_DEFAULT,
          provisional: false,
          source: `methodology §3.3 Thanh toán (C, verified); ${J} 3.5`,
        },
      ],
    },
    {
      // methodology §3.3 "Mức độ hài lòng (18)"; 5.1 (PAKN classification, max 0) is monitoring only and has no
      // counts here. No-PAKN rule: the API observation (5.2, 5.3 → full 6 points) is used; metrics.m0.json's note
      // "if a unit has no PAKN, the points are split equally between 'PAKN đúng hạn' and 'hài lòng trong tiếp nhận,
      // giải quyết TTHC'" conflicts with it, so that outcome is provisional.
      id: 'satisfaction',
      name: 'Mức độ hài lòng',
      max: '18',
      api: 'POST https://dichvucong.gov.vn/api/v1/reporting/evaluation/handling-satisfaction',
      indicators: [
        {
          code: '5.2',
          metricCode: 'PETITION_PROCESSING_ON_TIME',
          name: 'Tỷ lệ PAKN xử lý đúng hạn',
          max: '6',
          points: linear,
          numerator: c('feedbackOnTime'),
          denominator: c('feedbackTotal'),
          zeroDenominator: {
            kind: 'fullPoints',
            provisional: true,
            source: `${J} 5.2 "denominator 0 -> 6" (API observed; conflicts with the metrics.m0.json split note)`,
          },
          provisional: false,
          source: `methodology §3.3 Mức độ hài lòng; ${J} 5.2`,
        },
        {
          code: '5.3',
          metricCode: 'PETITION_HANDLING_SATISFACTION',
          name: 'Tỷ lệ hài lòng trong xử lý PAKN',
          max: '6',
          points: linear,
          // (Tổng PAKN − không hài lòng (dislike > like) − tiếp tục phản ánh − quá hạn) / Tổng PAKN
          numerator: { remainder: 'feedbackTotal', minus: ['feedbackDisliked', 'feedbackRepeated', 'feedbackOverdue'] },
          denominator: c('feedbackTotal'),
          zeroDenominator: {
            kind: 'fullPoints',
            provisional: true,
            source: `${J} 5.3 "denominator 0 -> 6" (API observed; conflicts with the metrics.m0.json split note)`,
          },
          provisional: false,
          source: `methodology §3.3 Mức độ hài lòng; ${J} 5.3`,
        },
        {
          code: '5.4',
          metricCode: 'DOSSIER_RECEIVING_SATISFACTION',
          name: 'Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC',
          max: '6',
          // min(6, 6 × ratio / 90%), ratio = 100% − (tỷ lệ quá hạn + tỷ lệ hồ sơ có PAKN hoặc dislike)
          points: target('0.9'),
          numerator: { remainder: 'dossiersHandled', minus: ['dossiersOverdue', 'dossiersWithFeedbackOrDislike'] },
          denominator: c('dossiersHandled'),
          zeroDenominator: { kind: 'zeroPoints', provisional: false, source: `${J} 5.4 "denominator 0 -> 0" (API observed)` },
          provisional: false,
          source: `methodology §3.3 Mức độ hài lòng; ${J} 5.4`,
        },
      ],
    },
    {
      // methodology §3.3 "Số hóa hồ sơ (22)". Denominators not spelt out in the reference ("Tỷ lệ hồ sơ …") are read
      // as the dossiers received in the period, `dossiersReceived` (4.1: resolved, `dossiersResolved`) [I], hence
      // provisional.
      id: 'digitisation',
      name: 'Số hóa hồ sơ',
      max: '22',
      api: 'POST https://dichvucong.gov.vn/api/v1/reporting/evaluation/dossier-digitized',
      indicators: [
        {
          code: '4.1',
          metricCode: 'ORIGINAL_RESULT_AVAILABLE',
          name: 'Tỷ lệ hồ sơ có cấp kết quả giải quyết TTHC điện tử',
          max: '6',
          points: linear,
          numerator: c('dossiersWithElectronicResult'),
          denominator: c('dossiersResolved'),
          zeroDenominator: ZERO_DEFAULT,
          provisional: true,
          provisionalReason: 'Denominator read as the dossiers resolved in the period; the reference does not spell it out.',
          source: `methodology §3.3 Số hóa; ${J} 4.1`,
        },
        {
          code: '4.2',
          metricCode: 'SO_HOA_GIAY_TO_GIAI_QUYET',
          name: 'Tỷ lệ hồ sơ TTHC thực hiện số hóa hồ sơ',
          max: '4',
          points: linear,
          numerator: c('dossiersDigitised'),
          denominator: c('dossiersReceived'),
          zeroDenominator: ZERO_DEFAULT,
          provisional: true,
          provisionalReason: 'Linear as observed on the portal; the formula document states target 80% (methodology §3.3).',
          source: `methodology §3.3 Số hóa; ${J} 4.2 "linear (observed) / doc says target 80%"`,
        },
        {
          code: 'm0-row14',
          metricCode: 'ELECTRONIC_CERTIFIED_COPY',
          name: 'Tỷ lệ cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính (số xã có / tổng số xã)',
          max: '2',
          points: linear,
          numerator: c('communesWithCertifiedCopy'),
          denominator: c('communes'),
          zeroDenominator: ZERO_DEFAULT,
          provisional: false,
          source: `methodology §3.3 Số hóa; ${J} m0-row14`,
        },
        {
          code: '4.3',
          metricCode: 'REUSED_DIGITIZED_DATA',
          name: 'Tỷ lệ hồ sơ khai thác, sử dụng lại dữ liệu số hóa',
          max: '2',
          points: target('0.8'),
          numerator: c('dossiersReusingDigitisedData'),
          denominator: c('dossiersReceived'),
          zeroDenominator: ZERO_DEFAULT,
          provisional: true,
          provisionalReason: 'Denominator read as the dossiers received in the period; the reference does not spell it out.',
          source: `methodology §3.3 Số hóa (target 80); ${J} 4.3`,
        },
        {
          code: '4.4',
          metricCode: 'SYNCED_WITH_DVCQG_PERSONAL_STORAGE',
          name: 'Tỷ lệ hồ sơ số hóa có kết nối, chia sẻ dữ liệu phục vụ tái sử dụng (kho dữ liệu cá nhân)',
          max: '4',
          points: linear,
          numerator: c('dossiersDigitisedShared'),
          denominator: c('dossiersDigitised'),
          zeroDenominator: ZERO_DEFAULT,
          provisional: true,
          provisionalReason: 'Only 0 was ever observed on the portal, so the linear rule is unconfirmed (qd766_indicators.json 4.4).',
          source: `methodology §3.3 Số hóa; ${J} 4.4 "linear (only 0 observed)"`,
        },
        {
          code: '4.5b',
          metricCode: 'CITIZEN_DATA_CONNECTED_DOSSIER',
          name: 'Tỷ lệ hồ sơ sử dụng thông tin từ CSDL quốc gia về dân cư',
          max: '2',
          points: linear,
          numerator: c('dossiersUsingPopulationData'),
          denominator: c('dossiersReceived'),
          zeroDenominator: ZERO_DEFAULT,
          provisional: true,
          provisionalReason: 'Denominator read as the dossiers received in the period; the reference does not spell it out.',
          source: `methodology §3.3 Số hóa; ${J} 4.5b`,
        },
        {
          code: '4.5a',
          metricCode: 'CITIZEN_DATA_CONNECTED_FORMALITY',
          name: 'Tỷ lệ TTHC kết nối, chia sẻ dữ liệu dân cư',
          max: '2',
          points: linear,
          numerator: c('proceduresConnectedToPopulationData'),
          denominator: c('procedures'),
          zeroDenominator: ZERO_DEFAULT,
          provisional: false,
          source: `methodology §3.3 Số hóa; ${J} 4.5a`,
        },
      ],
    },
  ],
  // methodology §3.2; qd766_indicators.json classification_by_total: Xuất sắc ≥ 90 and Yếu < 50 verified; Tốt, Khá,
  // Trung bình inferred ("The Khá / Trung bình thresholds of 766" are an open question) — provisional.
  classes: [
    { name: 'Xuất sắc', minTotal: '90', provisional: false, source: 'methodology §3.2 [V] en.vneconomy.vn: 90–100' },
    { name: 'Tốt', minTotal: '80', provisional: true, source: 'methodology §3.2 [I] 80–<90 (Quảng Nam 80.1, Bến Cát 83.8, Lâm Đồng 83.61 = Tốt)' },
    { name: 'Khá', minTotal: '70', provisional: true, source: 'methodology §3.2 [I] 70–<80' },
    { name: 'Trung bình', minTotal: '50', provisional: true, source: 'methodology §3.2 [I] 50–<70' },
    { name: 'Yếu', minTotal: '0', provisional: false, source: 'methodology §3.2 [V] < 50' },
  ],
};

/** Every known version, oldest first. */
export const QD766_VERSIONS: readonly RuleVersion[] = [QD766_PORTAL];

/** The count names a quantity reads. */
export function quantityCounts(q: Quantity): string[] {
  if ('count' in q) return [q.count];
  if ('maxOf' in q) return [...q.maxOf];
  return [q.remainder, ...q.minus];
}

/** Every count name a group rule reads, in order of first use (zero-denominator fallbacks included). */
export function groupCountNames(g: GroupRule): string[] {
  const names: string[] = [];
  const push = (n: string) => {
    if (!names.includes(n)) names.push(n);
  };
  for (const ind of g.indicators) {
    for (const n of [...quantityCounts(ind.numerator), ...quantityCounts(ind.denominator)]) push(n);
    if (ind.zeroDenominator.kind === 'previousYearShare') push(ind.zeroDenominator.count);
  }
  return names;
}
