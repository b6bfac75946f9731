import { describe, expect, it } from 'vitest';
import { makeCalendar } from '../calendar/workingDays.ts';
import { dec, sum, toFixed } from '../shared/decimal.ts';
import { GROUP_IDS, type GroupId, QD766_PORTAL, QD766_VERSIONS, type RuleVersion } from './indicators.ts';
import { tallyProgress } from './onTime.ts';
import { parsePeriod } from './period.ts';
import {
  checkVersion,
  classifyTotal,
  combineCounts,
  countRatioProblems,
  groupCountFields,
  linearPoints,
  type ScoreOptions,
  type ScoreSuccess,
  scoreUnits,
  targetPoints,
  type UnitCounts,
  type UnitScore,
} from './score.ts';

function ok(r: ReturnType<typeof scoreUnits>): ScoreSuccess {
  if (!r.ok) throw new Error(`expected scores, got problems: ${JSON.stringify(r.problems)}`);
  return r;
}

function one(counts: UnitCounts['counts'], options?: ScoreOptions): UnitScore {
  return ok(scoreUnits({ units: [{ unitId: 'u', counts }] }, options)).units[0];
}

const indicator = (u: UnitScore, group: GroupId, code: string) => {
  const found = u.groups[group].indicators.find((i) => i.code === code);
  if (!found) throw new Error(`no indicator ${code}`);
  return found;
};

/**
 * Counts constructed so that each group reproduces the published Quảng Nam breakdown of 19/8/2024 (methodology §3.1,
 * quangnam.gov.vn/print/58228.html): 13.2 + 18.4 + 7.7 + 7.6 + 17.6 + 15.6 = 80.1, "Tốt". Only the group values and
 * the total are published; the counts below are ours, chosen to give those values through the real formulas.
 */
const QUANG_NAM_LIKE: UnitCounts['counts'] = {
  // 6·30/30 + 4·15/30 + 2·87/89 + 6·54/max(100, 90) = 6 + 2 + 1.96 + 3.24 = 13.20
  transparency: {
    proceduresPublished: 30,
    proceduresPublishedOnTime: 30,
    proceduresToPublicise: 30,
    proceduresPublicisedOnTime: 15,
    proceduresPublic: 89,
    proceduresPublicComplete: 87,
    dossiersSynced: 54,
    dossiersReceivedNationalReport: 100,
    dossiersReceivedDvcqg: 90,
  },
  progress: { received: 100, onTime: 92 }, // 20 × 0.92 = 18.40
  onlineService: { fullOnlineEligibleDossiers: 120, fullOnlineDossiers: 77 }, // 12 × 77/120 = 7.70
  // 6 × 0.6 + min(2, 2.5 × 0.8) + min(2, 2.5 × 0.8) = 3.6 + 2 + 2 = 7.60
  payment: { financialObligationDossiers: 100, onlinePaidDossiers: 60, feeProcedures: 10, feeProceduresWithOnlinePayment: 8, feeProceduresWithFeeSync: 8 },
  // 6 × 30/30 + 6 × (30 − 1 − 1 − 0)/30 + min(6, 6 × 0.92 / 0.9) = 6 + 5.6 + 6 = 17.60
  satisfaction: {
    feedbackTotal: 30,
    feedbackOnTime: 30,
    feedbackDisliked: 1,
    feedbackRepeated: 1,
    feedbackOverdue: 0,
    dossiersHandled: 100,
    dossiersOverdue: 5,
    dossiersWithFeedbackOrDislike: 3,
  },
  // 6·0.9 + 4·0.8 + 2·1 + 2 (0.8 ≥ target 80%) + 4·0 + 2·0.5 + 2·1 = 5.4 + 3.2 + 2 + 2 + 0 + 1 + 2 = 15.60
  digitisation: {
    dossiersResolved: 100,
    dossiersWithElectronicResult: 90,
    dossiersReceived: 100,
    dossiersDigitised: 80,
    communes: 10,
    communesWithCertifiedCopy: 10,
    dossiersReusingDigitisedData: 80,
    dossiersDigitisedShared: 0,
    dossiersUsingPopulationData: 50,
    procedures: 20,
    proceduresConnectedToPopulationData: 20,
  },
};

describe('the rule table (indicators.ts) against the reference', () => {
  it('six groups 18/20/12/10/18/22 = 100 and consistent indicator maxima (methodology §3.1)', () => {
    expect(QD766_PORTAL.groups.map((g) => [g.id, g.max])).toEqual([
      ['transparency', '18'],
      ['progress', '20'],
      ['onlineService', '12'],
      ['payment', '10'],
      ['satisfaction', '18'],
      ['digitisation', '22'],
    ]);
    for (const v of QD766_VERSIONS) expect(checkVersion(v)).toEqual([]);
  });

  it('indicator maxima and targets as in qd766_indicators.json', () => {
    const table = Object.fromEntries(
      QD766_PORTAL.groups.flatMap((g) => g.indicators.map((i) => [i.code, [i.max, i.points.kind === 'linear' ? null : (i.points.target ?? null)]])),
    );
    expect(table).toEqual({
      '1.1': ['6', null],
      '1.2': ['4', null],
      '1.3': ['2', null],
      '1.4': ['6', null],
      '2.1': ['20', null],
      'm0-row7': ['12', null],
      '3.1': ['0', '0.8'],
      '3.2': ['0', null],
      '3.3': ['0', '0.5'],
      '3.6': ['6', null],
      '3.5b': ['2', '0.8'],
      '3.5': ['2', '0.8'],
      '5.2': ['6', null],
      '5.3': ['6', null],
      '5.4': ['6', '0.9'],
      '4.1': ['6', null],
      '4.2': ['4', null],
      'm0-row14': ['2', null],
      '4.3': ['2', '0.8'],
      '4.4': ['4', null],
      '4.5b': ['2', null],
      '4.5a': ['2', null],
    });
  });

  it('checkVersion catches a table that does not add up', () => {
    const broken: RuleVersion = { ...QD766_PORTAL, groups: QD766_PORTAL.groups.map((g) => (g.id === 'payment' ? { ...g, max: '11' } : g)) };
    expect(checkVersion(broken)).toEqual([
      'qd766-portal/payment: indicator maxima sum to 10, group max is 11',
      'qd766-portal: group maxima sum to 101, not 100',
    ]);
  });
});

describe('conversions (methodology §3.3)', () => {
  it('linear: max × ratio, capped', () => {
    expect(linearPoints('6', dec('0.5')).toString()).toBe('3');
    expect(linearPoints('6', dec('1.2')).toString()).toBe('6');
  });
  it('target-based: full points at or above the target, else max × ratio / target', () => {
    expect(targetPoints('2', dec('0.8'), '0.8').toString()).toBe('2');
    expect(targetPoints('2', dec('0.95'), '0.8').toString()).toBe('2');
    expect(targetPoints('2', dec('0.4'), '0.8').toString()).toBe('1');
  });
});

describe('Tiến độ: 20 × on time / received (methodology §3.3, verified)', () => {
  it('Sở Công Thương Phú Thọ: 1652/2270 = 72.78% → 14.56', () => {
    const u = one({ progress: { received: 2270, onTime: 1652 } });
    expect(indicator(u, 'progress', '2.1')).toMatchObject({
      numerator: '1652',
      denominator: '2270',
      ratio: '72.78',
      points: '14.56',
      max: '20.00',
      status: 'computed',
    });
    expect(u.groups.progress).toMatchObject({ score: '14.56', max: '20.00', provided: true, provisional: false });
  });

  it('rounds half-up at the indicator from the exact ratio: 20 × 201/4000 = 1.005 → 1.01 (binary floats give 1.00)', () => {
    expect(Math.round(((20 * 201) / 4000) * 100) / 100).toBe(1); // the float trap this avoids
    expect(one({ progress: { received: 4000, onTime: 201 } }).groups.progress.score).toBe('1.01');
  });

  it('fed from classified dossiers (onTime.ts)', () => {
    const cal = makeCalendar({ holidays: [] });
    const r = '2025-03-03T01:00:00Z';
    const due = '2025-03-10T10:00:00Z';
    const t = tallyProgress(
      [
        { receivedAt: r, dueAt: due, finishedAt: '2025-03-05T01:00:00Z' },
        { receivedAt: r, dueAt: due, finishedAt: '2025-03-12T01:00:00Z' },
        { receivedAt: '2025-03-28T01:00:00Z', dueAt: '2025-04-04T10:00:00Z' },
        { receivedAt: r, dueAt: due },
      ],
      { calendar: cal, periodEnd: '2025-03-31T16:59:59.999Z' },
    );
    expect(one({ progress: { received: t.received, onTime: t.onTime } }).groups.progress.score).toBe('10.00'); // 20 × 2/4
  });
});

describe('Thanh toán trực tuyến: 6·A + min(2, 2.5·B) + min(2, 2.5·C) (methodology §3.3, verified)', () => {
  it('the example counts: A = 118/118, B = 12/13, C = 0/13 → 6 + 2 + 0 = 8.00', () => {
    const u = one({
      payment: {
        financialObligationDossiers: 118,
        onlinePaidDossiers: 118,
        feeProcedures: 13,
        feeProceduresWithOnlinePayment: 12,
        feeProceduresWithFeeSync: 0,
      },
    });
    expect(u.groups.payment.indicators.map((i) => [i.code, i.ratio, i.points])).toEqual([
      ['3.6', '100.00', '6.00'],
      ['3.5b', '92.31', '2.00'], // 2.5 × 12/13 = 2.307… capped at 2
      ['3.5', '0.00', '0.00'],
    ]);
    expect(u.groups.payment.score).toBe('8.00');
  });

  it('agrees with the formula written out, below and at the 2.5·B = 2 cap', () => {
    const formula = (a: number, b: number, c: number) => 6 * a + Math.min(2, 2.5 * b) + Math.min(2, 2.5 * c);
    const cases: [number, number, number, number, number, string][] = [
      // financial obligation, paid, fee procedures, with online payment, with fee sync, expected
      [100, 60, 20, 10, 10, '6.10'], // 3.6 + 1.25 + 1.25
      [100, 60, 20, 16, 4, '6.10'], // 3.6 + 2 (B = 0.8 exactly) + 0.5
      [100, 0, 100, 79, 0, '1.98'], // 0 + 1.975 → 1.98 (half-up) + 0
    ];
    for (const [f, p, fp, op, fs, expected] of cases) {
      const u = one({
        payment: { financialObligationDossiers: f, onlinePaidDossiers: p, feeProcedures: fp, feeProceduresWithOnlinePayment: op, feeProceduresWithFeeSync: fs },
      });
      expect(u.groups.payment.score).toBe(expected);
      expect(Math.abs(Number(u.groups.payment.score) - formula(p / f, op / fp, fs / fp))).toBeLessThanOrEqual(0.005);
    }
  });
});

describe('Công khai, minh bạch (methodology §3.3)', () => {
  it('87/89 = 97.75% → 1.96/2 (verified)', () => {
    const u = one(QUANG_NAM_LIKE);
    expect(indicator(u, 'transparency', '1.3')).toMatchObject({ numerator: '87', denominator: '89', ratio: '97.75', points: '1.96', max: '2.00' });
  });

  it('1.4 takes the larger of the two received counts as its denominator', () => {
    expect(indicator(one(QUANG_NAM_LIKE), 'transparency', '1.4')).toMatchObject({ numerator: '54', denominator: '100', points: '3.24' });
  });

  it('1.4 with both denominators 0: the previous year /4 (quarter), /12 (month), else 0 (qd766_indicators.json 1.4)', () => {
    const t = {
      ...QUANG_NAM_LIKE.transparency,
      dossiersSynced: 150,
      dossiersReceivedNationalReport: 0,
      dossiersReceivedDvcqg: 0,
      previousYearDossiersReceived: 1200,
    };
    expect(indicator(one({ transparency: t }, { period: '2025-Q4' }), 'transparency', '1.4')).toMatchObject({
      denominator: '300',
      ratio: '50.00',
      points: '3.00',
      status: 'zeroDenominator',
      zeroDenominatorRule: 'previousYearShare',
    });
    // a month: 1200/12 = 100 expected, 150 synced → capped at 100%
    expect(indicator(one({ transparency: t }, { period: '2025-11' }), 'transparency', '1.4')).toMatchObject({
      denominator: '100',
      ratio: '100.00',
      points: '6.00',
    });
    // "không có số năm trước -> 0"; a week or no period has no documented divisor
    const { previousYearDossiersReceived: _, ...withoutPrevious } = t;
    for (const [counts, period] of [
      [withoutPrevious, '2025-Q4'],
      [t, '2025-W03'],
      [t, null],
    ] as const) {
      expect(indicator(one({ transparency: counts }, { period }), 'transparency', '1.4')).toMatchObject({
        ratio: null,
        points: '0.00',
        zeroDenominatorRule: 'zeroPoints',
      });
    }
  });
});

describe('Mức độ hài lòng (methodology §3.3)', () => {
  const sat = QUANG_NAM_LIKE.satisfaction as Record<string, number>;

  it('5.3 = (total − disliked − repeated − overdue) / total; 5.4 = min(6, 6 × ratio / 90%)', () => {
    const u = one({ satisfaction: { ...sat, dossiersOverdue: 10, dossiersWithFeedbackOrDislike: 9 } });
    expect(indicator(u, 'satisfaction', '5.3')).toMatchObject({ numerator: '28', denominator: '30', ratio: '93.33', points: '5.60' });
    // 100% − (10% + 9%) = 81% → 6 × 81/90 = 5.40
    expect(indicator(u, 'satisfaction', '5.4')).toMatchObject({ numerator: '81', denominator: '100', ratio: '81.00', points: '5.40', target: '90.00' });
    expect(indicator(one({ satisfaction: sat }), 'satisfaction', '5.4').points).toBe('6.00'); // 92% ≥ 90%
  });

  it('no PAKN: 5.2 and 5.3 get the full 6 (API observed, provisional); no dossiers: 5.4 gets 0', () => {
    const u = one({
      satisfaction: {
        ...sat,
        feedbackTotal: 0,
        feedbackOnTime: 0,
        feedbackDisliked: 0,
        feedbackRepeated: 0,
        feedbackOverdue: 0,
        dossiersHandled: 0,
        dossiersOverdue: 0,
        dossiersWithFeedbackOrDislike: 0,
      },
    });
    expect(u.groups.satisfaction.indicators.map((i) => [i.code, i.ratio, i.points, i.status, i.zeroDenominatorRule, i.provisional])).toEqual([
      ['5.2', null, '6.00', 'zeroDenominator', 'fullPoints', true],
      ['5.3', null, '6.00', 'zeroDenominator', 'fullPoints', true],
      ['5.4', null, '0.00', 'zeroDenominator', 'zeroPoints', false],
    ]);
    expect(u.groups.satisfaction.score).toBe('12.00');
  });
});

describe('DVCTT (12): unresolved split, best documented reading, provisional', () => {
  it('12 × full-online dossiers / eligible dossiers; 3.1–3.3 shown for monitoring only', () => {
    const u = one({
      onlineService: {
        fullOnlineEligibleDossiers: 120,
        fullOnlineDossiers: 77,
        procedures: 100,
        proceduresWithOnlineService: 85,
        dossiersReceived: 1000,
        dossiersReceivedOnline: 400,
      },
    });
    expect(u.groups.onlineService.indicators.map((i) => [i.code, i.ratio, i.points, i.max, i.rule, i.status, i.provisional])).toEqual([
      ['m0-row7', '64.17', '7.70', '12.00', 'linear', 'computed', true],
      ['3.1', '85.00', '0.00', '0.00', 'monitoring', 'computed', true],
      ['3.2', null, '0.00', '0.00', 'monitoring', 'noData', true],
      ['3.3', '40.00', '0.00', '0.00', 'monitoring', 'computed', true],
    ]);
    expect(u.groups.onlineService).toMatchObject({ score: '7.70', provisional: true });
  });
});

describe('Số hóa hồ sơ (22)', () => {
  it('what-if: 500 more digitised dossiers raise 4.2 from 2.00 to 3.00', () => {
    const d = QUANG_NAM_LIKE.digitisation as Record<string, number>;
    const base = { ...d, dossiersReceived: 2000, dossiersDigitised: 1000, dossiersReusingDigitisedData: 1600, dossiersUsingPopulationData: 1000 };
    const before = one({ digitisation: base });
    const after = one({ digitisation: { ...base, dossiersDigitised: 1500 } });
    expect(indicator(before, 'digitisation', '4.2')).toMatchObject({ ratio: '50.00', points: '2.00', provisional: true });
    expect(indicator(after, 'digitisation', '4.2')).toMatchObject({ ratio: '75.00', points: '3.00' });
    expect([before.groups.digitisation.score, after.groups.digitisation.score]).toEqual(['14.40', '15.40']);
  });
});

describe('a published provincial breakdown: Quảng Nam, 19/8/2024 (methodology §3.1)', () => {
  const u = one(QUANG_NAM_LIKE);

  it('reproduces the six published group scores, which sum to the published total 80.1', () => {
    expect(GROUP_IDS.map((g) => u.groups[g].score)).toEqual(['13.20', '18.40', '7.70', '7.60', '17.60', '15.60']);
    expect(u.total).toBe('80.10');
    expect(u.max).toBe('100.00');
  });

  it('is "Tốt" (the published class), a provisional threshold', () => {
    expect(u).toMatchObject({ class: 'Tốt', classProvisional: true, provisional: true, missingGroups: [] });
  });

  it('withholds the class when a group has no counts, and names the group', () => {
    const { transparency: _, ...rest } = QUANG_NAM_LIKE;
    const partial = one(rest);
    expect(partial.total).toBe('66.90');
    expect(partial).toMatchObject({ class: null, classProvisional: false, missingGroups: ['transparency'] });
  });

  it('every group score is the exact sum of its indicator points, the total the exact sum of the groups', () => {
    for (const g of GROUP_IDS) expect(toFixed(sum(u.groups[g].indicators.map((i) => i.points)), 2)).toBe(u.groups[g].score);
    expect(toFixed(sum(GROUP_IDS.map((g) => u.groups[g].score)), 2)).toBe(u.total);
  });
});

describe('classes (methodology §3.2): thresholds as data, Tốt/Khá/Trung bình provisional', () => {
  it.each([
    ['91.06', 'Xuất sắc', false], // Gia Lai 30/11/2025
    ['90.96', 'Xuất sắc', false], // Lâm Đồng Q2/2024, "xuất sắc"
    ['90.00', 'Xuất sắc', false],
    ['89.99', 'Tốt', true],
    ['83.61', 'Tốt', true], // Lâm Đồng Q2/2024, "tốt"
    ['83.47', 'Tốt', true], // Bình Dương tuần 03/2024
    ['80.10', 'Tốt', true], // Quảng Nam 19/8/2024
    ['77.65', 'Khá', true], // Quảng Trị 25/7/2025
    ['50.00', 'Trung bình', true],
    ['49.99', 'Yếu', false],
    ['0.00', 'Yếu', false],
  ])('%s → %s', (total, name, provisional) => {
    expect(classifyTotal(QD766_PORTAL, total)).toEqual({ name, provisional });
  });
});

describe('ranks: competition ranking on the total and per group', () => {
  it('1, 2, 2, 4', () => {
    const r = ok(
      scoreUnits({
        units: [
          { unitId: 'a', counts: { progress: { received: 100, onTime: 90 } } },
          { unitId: 'b', counts: { progress: { received: 100, onTime: 80 } } },
          { unitId: 'c', counts: { progress: { received: 200, onTime: 160 } } },
          { unitId: 'd', counts: { progress: { received: 100, onTime: 10 } } },
        ],
      }),
    );
    expect(r.units.map((u) => [u.unitId, u.total, u.rank, u.groups.progress.rank])).toEqual([
      ['a', '30.00', 1, 1],
      ['b', '28.00', 2, 2],
      ['c', '28.00', 2, 2],
      ['d', '14.00', 4, 4],
    ]);
  });
});

describe('missing groups: zero-denominator rules applied, marked noData', () => {
  it('an empty unit gets only the rules that give points without data (5.2, 5.3)', () => {
    const u = one({});
    expect(GROUP_IDS.map((g) => [g, u.groups[g].provided, u.groups[g].score])).toEqual([
      ['transparency', false, '0.00'],
      ['progress', false, '0.00'],
      ['onlineService', false, '0.00'],
      ['payment', false, '0.00'],
      ['satisfaction', false, '12.00'],
      ['digitisation', false, '0.00'],
    ]);
    expect(indicator(u, 'progress', '2.1')).toMatchObject({
      numerator: null,
      denominator: null,
      ratio: null,
      status: 'noData',
      zeroDenominatorRule: 'zeroPoints',
      provisional: true,
    });
    expect(u.total).toBe('12.00');
  });

  it('a zero denominator with data is reported as such', () => {
    expect(indicator(one({ progress: { received: 0, onTime: 0 } }), 'progress', '2.1')).toMatchObject({
      numerator: '0',
      denominator: '0',
      ratio: null,
      points: '0.00',
      status: 'zeroDenominator',
      zeroDenominatorRule: 'zeroPoints',
    });
  });

  it('lists the provisional rules, with zero-denominator ones only when they decided something', () => {
    const withData = ok(scoreUnits({ units: [{ unitId: 'u', counts: QUANG_NAM_LIKE }] }));
    expect(withData.provisionalRules.map((p) => p.code)).toEqual([
      'm0-row7',
      '3.1',
      '3.2',
      '3.3',
      '4.1',
      '4.2',
      '4.3',
      '4.4',
      '4.5b',
      'class/Tốt',
      'class/Khá',
      'class/Trung bình',
    ]);
    const empty = ok(scoreUnits({ units: [{ unitId: 'u', counts: {} }] }));
    expect(empty.provisionalRules.map((p) => p.code)).toContain('2.1/zeroDenominator');
  });
});

describe('rule versions by period (data with validity)', () => {
  it('parses periods', () => {
    expect(parsePeriod('2025-Q4')).toEqual({ text: '2025-Q4', kind: 'quarter', start: '2025-10-01', end: '2026-01-01', perYear: 4 });
    expect(parsePeriod('2025-11')).toMatchObject({ kind: 'month', start: '2025-11-01', end: '2025-12-01', perYear: 12 });
    expect(parsePeriod('2025')).toMatchObject({ kind: 'year', start: '2025-01-01', end: '2026-01-01', perYear: 1 });
    expect(parsePeriod('2024-W03')).toMatchObject({ kind: 'week', start: '2024-01-15', end: '2024-01-22', perYear: null });
    expect(parsePeriod('2025-W53')).toBeNull(); // 2025 has 52 ISO weeks
    expect(parsePeriod('2020-W53')).toMatchObject({ start: '2020-12-28' });
    for (const bad of ['2025-Q5', '2025-13', '25-Q1', '2025-q4', '']) expect(parsePeriod(bad)).toBeNull();
  });

  it('selects the version whose validity holds the whole period', () => {
    const units = [{ unitId: 'u', counts: { progress: { received: 2270, onTime: 1652 } } }];
    expect(ok(scoreUnits({ units }, { period: '2025-Q4' })).ruleVersion.id).toBe('qd766-portal');
    expect(ok(scoreUnits({ units }, { period: '2022-08' })).ruleVersion.id).toBe('qd766-portal');
    expect(ok(scoreUnits({ units })).period).toBeNull();
    // official operation started 01/8/2022 (methodology §3.1)
    expect(scoreUnits({ units }, { period: '2022-Q2' })).toEqual({
      ok: false,
      problems: [{ code: 'noRuleVersion', path: 'period', params: { period: '2022-Q2' } }],
    });
    expect(scoreUnits({ units }, { period: '2022-Q3' })).toMatchObject({ ok: false, problems: [{ code: 'periodSpansVersions', path: 'period' }] });
    expect(scoreUnits({ units }, { period: '2025-Q7' })).toMatchObject({ ok: false, problems: [{ code: 'invalidPeriod' }] });
  });

  it('a configured later version (e.g. an official DVCTT split) applies from its date, without code changes', () => {
    const until2026: RuleVersion = { ...QD766_PORTAL, validTo: '2026-01-01' };
    const split: RuleVersion = {
      ...QD766_PORTAL,
      id: 'hypothetical-2026',
      validFrom: '2026-01-01',
      groups: QD766_PORTAL.groups.map((g) =>
        g.id !== 'onlineService'
          ? g
          : {
              ...g,
              indicators: g.indicators.map((i) =>
                i.code === 'm0-row7'
                  ? { ...i, max: '6' }
                  : i.code === '3.1'
                    ? { ...i, max: '6', points: { kind: 'target' as const, target: '0.8' }, optional: false }
                    : i,
              ),
            },
      ),
    };
    const versions = [until2026, split];
    expect(checkVersion(split)).toEqual([]);
    const counts = { onlineService: { fullOnlineEligibleDossiers: 120, fullOnlineDossiers: 77, procedures: 100, proceduresWithOnlineService: 40 } };
    expect(one(counts, { period: '2025-Q4', versions }).groups.onlineService.score).toBe('7.70');
    // 6 × 77/120 = 3.85; 3.1: 6 × 0.4 / 0.8 = 3.00
    expect(one(counts, { period: '2026-Q1', versions }).groups.onlineService.score).toBe('6.85');
    expect(scoreUnits({ units: [{ unitId: 'u', counts }] }, { period: '2025', versions })).toMatchObject({ ok: true });
  });
});

describe('input problems, with paths', () => {
  it('numerator above denominator, unknown and missing counts, invalid values, duplicate units', () => {
    const r = scoreUnits({
      units: [
        { unitId: 'a', counts: { progress: { received: 10, onTime: 11 } } },
        { unitId: 'b', counts: { payment: { financialObligationDossiers: 1, onlinePaidDossiers: 1, feeProcedures: 1, feeProceduresWithOnlinePayment: 1 } } },
        { unitId: 'c', counts: { progress: { received: 10, onTime: -1, late: 3 } } },
        { unitId: 'a', counts: { satisfaction: { ...(QUANG_NAM_LIKE.satisfaction as object), feedbackDisliked: 31 } } },
        { unitId: 'e', counts: { bonus: { x: 1 } } as never },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.code, p.path])).toEqual([
      ['numeratorAboveDenominator', 'units.0.counts.progress.onTime'],
      ['countMissing', 'units.1.counts.payment.feeProceduresWithFeeSync'],
      ['unknownCount', 'units.2.counts.progress.late'],
      ['countInvalid', 'units.2.counts.progress.onTime'],
      ['duplicateUnit', 'units.3.unitId'],
      ['numeratorAboveDenominator', 'units.3.counts.satisfaction.feedbackDisliked'],
      ['unknownGroup', 'units.4.counts.bonus'],
    ]);
  });

  it('monitoring counts come in pairs', () => {
    const r = scoreUnits({ units: [{ unitId: 'a', counts: { onlineService: { fullOnlineEligibleDossiers: 1, fullOnlineDossiers: 1, procedures: 5 } } }] });
    expect(r).toMatchObject({ ok: false, problems: [{ code: 'countMissing', path: 'units.0.counts.onlineService.proceduresWithOnlineService' }] });
  });
});

describe('combining counts from dossiers with counts entered for the period', () => {
  it('passes a group on only when its required counts are all known, entered counts winning', () => {
    const derived = {
      progress: { received: 2270, onTime: 1652 },
      // 5.4 comes from the dossiers; 5.2 and 5.3 need the feedback (PAKN) counts
      satisfaction: { dossiersHandled: 100, dossiersOverdue: 5, dossiersWithFeedbackOrDislike: 3 },
      onlineService: { fullOnlineEligibleDossiers: 120, fullOnlineDossiers: 77, procedures: 10 },
    };
    const partial = combineCounts(QD766_PORTAL, derived, {});
    expect(Object.keys(partial.counts)).toEqual(['progress', 'onlineService']);
    expect(partial.missing).toEqual({ satisfaction: ['feedbackOnTime', 'feedbackTotal', 'feedbackDisliked', 'feedbackRepeated', 'feedbackOverdue'] });
    // the optional 3.1 set came in part (procedures without proceduresWithOnlineService): dropped, the group still scores
    expect(partial.counts.onlineService).toEqual({ fullOnlineEligibleDossiers: 120, fullOnlineDossiers: 77 });

    const entered = {
      satisfaction: { feedbackOnTime: 9, feedbackTotal: 10, feedbackDisliked: 1, feedbackRepeated: 0, feedbackOverdue: 1 },
      progress: { onTime: 1700, bogus: 3 },
    };
    const full = combineCounts(QD766_PORTAL, derived, entered);
    expect(full.missing).toEqual({});
    expect(full.counts.progress).toEqual({ received: 2270, onTime: 1700 });
    const u = one(full.counts);
    // 5.2: 6 × 9/10 = 5.40; 5.3: 6 × (10 − 1 − 0 − 1)/10 = 4.80; 5.4: 92/100 ≥ 90 % → 6.00
    expect(u.groups.satisfaction.score).toBe('16.20');
    expect(u.missingGroups).toEqual(['transparency', 'payment', 'digitisation']);
  });

  it('checks each indicator as soon as its counts are there, even in an incomplete group', () => {
    const c = combineCounts(QD766_PORTAL, {}, { satisfaction: { feedbackOnTime: 11, feedbackTotal: 10 } });
    expect(c.counts.satisfaction).toBeUndefined();
    expect(countRatioProblems(QD766_PORTAL, c.merged)).toEqual([
      expect.objectContaining({ code: 'numeratorAboveDenominator', path: 'units.0.counts.satisfaction.feedbackOnTime' }),
    ]);
    expect(countRatioProblems(QD766_PORTAL, { satisfaction: { feedbackOnTime: 10, feedbackTotal: 10 } })).toEqual([]);
  });

  it('lists each group’s fields with the required ones marked', () => {
    expect(groupCountFields(QD766_PORTAL, 'progress')).toEqual([
      { name: 'onTime', required: true },
      { name: 'received', required: true },
    ]);
    expect(
      groupCountFields(QD766_PORTAL, 'onlineService')
        .filter((f) => !f.required)
        .map((f) => f.name),
    ).toContain('procedures');
  });
});
