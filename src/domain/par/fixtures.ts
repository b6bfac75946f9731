/**
 * Reference fixtures for the PAR domain tests (not exported from index.ts). Points and wording come from
 * /work/shared/reference; where a figure is illustrative it says so.
 */

import { formatScaledInteger, toScaledInteger } from '../shared/decimal.ts';
import type { FrameworkNode, ScoringMethod } from './framework.ts';

export function n(code: string, parentCode: string | null, maxPoints: string | number, extra: Partial<FrameworkNode> = {}): FrameworkNode {
  return { code, parentCode, maxPoints, source: 'self', ...extra };
}

/**
 * Cà Mau QĐ 1880/QĐ-UBND 2013, annex fragment (reference/data/par_framework_fragment_camau_2013.json), verbatim
 * names, points and rules. Only area 1 up to the heading of 1.3 was retrievable.
 */
export const CA_MAU: { code: string; parentCode: string | null; name: string; maxPoints: number; rule: string | null }[] = [
  { code: '1', parentCode: null, name: 'CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC', maxPoints: 20, rule: null },
  { code: '1.1', parentCode: '1', name: 'Kế hoạch CCHC năm', maxPoints: 5, rule: null },
  {
    code: '1.1.1',
    parentCode: '1.1',
    name: 'Ban hành kế hoạch CCHC năm',
    maxPoints: 1,
    rule: 'Ban hành kịp thời: 1; Ban hành không kịp thời: 0,5; Không ban hành: 0',
  },
  {
    code: '1.1.2',
    parentCode: '1.1',
    name: 'Xác định đầy đủ các nhiệm vụ CCHC trên các lĩnh vực theo kế hoạch năm của UBND tỉnh và bố trí kinh phí thực hiện',
    maxPoints: 1,
    rule: 'Xác định đầy đủ nhiệm vụ và có bố trí kinh phí: 1; Không xác định đầy đủ nhiệm vụ hoặc không bố trí kinh phí: 0',
  },
  {
    code: '1.1.3',
    parentCode: '1.1',
    name: 'Các kết quả phải đạt được xác định rõ ràng, cụ thể và định rõ trách nhiệm triển khai của phòng, ban, đơn vị trực thuộc',
    maxPoints: 1,
    rule: 'Đạt yêu cầu: 1; Không đạt yêu cầu: 0',
  },
  {
    code: '1.1.4',
    parentCode: '1.1',
    name: 'Mức độ thực hiện kế hoạch CCHC',
    maxPoints: 2,
    rule: 'Thực hiện trên 90% kế hoạch: 2; Thực hiện từ 70% - 90% kế hoạch: 1; Dưới 70% kế hoạch: 0',
  },
  { code: '1.2', parentCode: '1', name: 'Báo cáo CCHC', maxPoints: 2, rule: null },
  {
    code: '1.2.1',
    parentCode: '1.2',
    name: 'Tất cả báo cáo được gửi đúng thời gian quy định (báo cáo quí I, quí III, báo cáo 6 tháng và báo cáo năm)',
    maxPoints: 1,
    rule: 'Đủ số lượng và đúng thời gian quy định: 1; Không đủ số lượng báo cáo hoặc không đúng thời gian quy định: 0',
  },
  { code: '1.2.2', parentCode: '1.2', name: 'Tất cả báo cáo có đầy đủ nội dung theo hướng dẫn', maxPoints: 1, rule: 'Đạt yêu cầu: 1; Không đạt yêu cầu: 0' },
  { code: '1.3', parentCode: '1', name: 'Kiểm tra công tác CCHC', maxPoints: 3, rule: null },
];

/** "Label: points; Label: points" (Vietnamese decimal comma) → levels. */
export function levelsFromRule(rule: string): ScoringMethod {
  const levels = rule.split(';').map((part) => {
    const i = part.lastIndexOf(':');
    return {
      label: part.slice(0, i).trim(),
      points: part
        .slice(i + 1)
        .trim()
        .replace(',', '.'),
    };
  });
  return { type: 'levels', levels };
}

/** TCTP 1.1.4 as bands: "trên 90%" is exclusive, "từ 70% - 90%" includes both ends, "dưới 70%" is the rest. */
export const CA_MAU_1_1_4: ScoringMethod = {
  type: 'bands',
  bands: [
    { minPercent: 0, points: 0 },
    { minPercent: 70, points: 1 },
    { minPercent: 90, minExclusive: true, points: 2 },
  ],
};

export function caMauNodes(areaMax = 20): FrameworkNode[] {
  return CA_MAU.map((r) => {
    const node = n(r.code, r.parentCode, r.code === '1' ? areaMax : r.maxPoints, { title: r.name });
    if (r.code === '1.1.4') node.method = CA_MAU_1_1_4;
    else if (r.rule) node.method = levelsFromRule(r.rule);
    return node;
  });
}

/**
 * Provincial structure under QĐ 876/QĐ-BNV (methodology §1.2): 8 areas, 100 points, of which 32 by survey.
 * The per-area maxima and the survey split are NOT known (reference: "max points per area were not found"), so the
 * split below is illustrative; only the totals (8 areas, 100, 32 survey → 68 self-assessed) are reference figures.
 * Each area i has a self-assessed leaf i.1 and a survey leaf i.2.
 */
export const PROVINCE_876_SPLIT: { area: string; self: number; survey: number }[] = [
  { area: '1', self: 6, survey: 2 },
  { area: '2', self: 7, survey: 3 },
  { area: '3', self: 10, survey: 4 },
  { area: '4', self: 6, survey: 3 },
  { area: '5', self: 7, survey: 3 },
  { area: '6', self: 7, survey: 2 },
  { area: '7', self: 9, survey: 3 },
  { area: '8', self: 16, survey: 12 },
];

export function province876Nodes(): FrameworkNode[] {
  return PROVINCE_876_SPLIT.flatMap(({ area, self, survey }) => [
    n(area, null, self + survey),
    n(`${area}.1`, area, self),
    n(`${area}.2`, area, survey, { source: 'survey' }),
  ]);
}

/**
 * Hà Nội / Nam Định shape (methodology §1.3): 70 self-assessed points + 30 survey points; the survey is optional
 * (Hà Nội) or was not part of the published figure (Nam Định 2020: "The self-assessed part was out of 70").
 * Two self areas (illustrative split 40 + 30) and a survey area of 30.
 */
export function seventyThirtyNodes(): FrameworkNode[] {
  return [
    n('A', null, 40),
    n('A.1', 'A', 25),
    n('A.2', 'A', 15),
    n('B', null, 30),
    n('B.1', 'B', 30),
    n('S', null, 30, { source: 'survey' }),
    n('S.1', 'S', 30, { source: 'survey' }),
  ];
}

/** Scores that put `total` self-assessed points on the 70-point Hà Nội / Nam Định shape (A.1 first, then A.2, then B.1). */
export function seventyScores(total: string): Record<string, string> {
  const cents = toScaledInteger(total, 2) as bigint;
  const a1 = cents < 2500n ? cents : 2500n;
  const a2 = cents - a1 < 1500n ? cents - a1 : 1500n;
  const b1 = cents - a1 - a2;
  return { 'A.1': formatScaledInteger(a1, 2), 'A.2': formatScaledInteger(a2, 2), 'B.1': formatScaledInteger(b1, 2) };
}
