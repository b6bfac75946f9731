import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/env.ts';
import { Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';

// The stateless Decision 766 score endpoint, checked against the reference figures (methodology §3.1–§3.3,
// /work/shared/reference/data/qd766_indicators.json).

type Counts = Record<string, Record<string, number>>;
interface UnitOut {
  unitId: string;
  total: string;
  rank: number;
  class: string | null;
  classProvisional: boolean;
  missingGroups: string[];
  provisional: boolean;
  groups: Record<string, { score: string; max: string; rank: number; provided: boolean; provisional: boolean; indicators: Record<string, unknown>[] }>;
}

/** The payment counts of the brief; by hand: A = 118/118 = 1 → 6 × 1 = 6.00; B = 12/13 = 0.923… → 2.5 × B = 2.307…
 * → min(2, …) = 2.00; C = 0/13 = 0 → 0.00; total 6 + 2 + 0 = 8.00 of 10. */
const PAYMENT = {
  financialObligationDossiers: 118,
  onlinePaidDossiers: 118,
  feeProcedures: 13,
  feeProceduresWithOnlinePayment: 12,
  feeProceduresWithFeeSync: 0,
};

/** Counts shared by the what-if units (constructed; see src/domain/serviceIndex/score.test.ts): 13.20 + 7.70 + 8.00 + 17.60 = 46.50. */
const COMMON: Counts = {
  transparency: {
    proceduresPublished: 30,
    proceduresPublishedOnTime: 30,
    proceduresToPublicise: 30,
    proceduresPublicisedOnTime: 15,
    proceduresPublic: 89,
    proceduresPublicComplete: 87, // 87/89 = 97.75% → 1.96 of 2 (methodology §3.3, verified)
    dossiersSynced: 54,
    dossiersReceivedNationalReport: 100,
    dossiersReceivedDvcqg: 90,
  },
  onlineService: { fullOnlineEligibleDossiers: 120, fullOnlineDossiers: 77 },
  payment: PAYMENT,
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
};

/** Digitisation: 6·0.5 + 4·0.5 + 2·0.5 + 2·(0.4/0.8) + 4·0 + 2·0.5 + 2·0.5 = 3 + 2 + 1 + 1 + 0 + 1 + 1 = 9.00 of 22. */
const DIGITISATION = {
  dossiersResolved: 2000,
  dossiersWithElectronicResult: 1000,
  dossiersReceived: 2000,
  dossiersDigitised: 1000,
  communes: 10,
  communesWithCertifiedCopy: 5,
  dossiersReusingDigitisedData: 800,
  dossiersDigitisedShared: 0,
  dossiersUsingPopulationData: 1000,
  procedures: 100,
  proceduresConnectedToPopulationData: 50,
};

describe.each(backends())('POST /api/service-index/score on %s', (kind) => {
  let s: TestServer;
  let c: Client;
  beforeAll(async () => {
    s = await startTestServer(kind);
    c = await loginAs(s.url, 'lanhdaotinh');
  });
  afterAll(async () => {
    await s?.close();
  });

  const score = (body: unknown) => c.post('/api/service-index/score', body);

  it('Tiến độ, Sở Công Thương Phú Thọ: 1652/2270 = 72.78% → 14.56 of 20 (methodology §3.3, verified)', async () => {
    const r = await score({ units: [{ unitId: 'so-cong-thuong-phu-tho', counts: { progress: { received: 2270, onTime: 1652 } } }], period: '2025-Q4' });
    expect(r.status).toBe(200);
    expect(r.body.period).toBe('2025-Q4');
    expect(r.body.ruleVersion.id).toBe('qd766-portal');
    const u: UnitOut = r.body.units[0];
    expect(u.groups.progress).toMatchObject({ score: '14.56', max: '20.00', provided: true, provisional: false, rank: 1 });
    expect(u.groups.progress.indicators[0]).toMatchObject({ code: '2.1', numerator: '1652', denominator: '2270', ratio: '72.78', points: '14.56' });
    // the other groups were not sent: reported with null ratios and their zero-denominator rules (5.2, 5.3 → 6 each)
    expect(u.groups.payment).toMatchObject({ provided: false, score: '0.00' });
    expect(u.groups.payment.indicators[0]).toMatchObject({ ratio: null, status: 'noData', zeroDenominatorRule: 'zeroPoints' });
    expect(u.groups.satisfaction).toMatchObject({ provided: false, score: '12.00' });
    // a partial total is not classified: the five groups without counts are named instead
    expect(u).toMatchObject({ total: '26.56', rank: 1, class: null, classProvisional: false });
    expect(u.missingGroups).toEqual(['transparency', 'onlineService', 'payment', 'satisfaction', 'digitisation']);
  });

  it('Thanh toán trực tuyến 6·A + min(2, 2.5·B) + min(2, 2.5·C) with the example counts → 8.00 of 10', async () => {
    const r = await score({ units: [{ unitId: 'x', counts: { payment: PAYMENT } }] });
    expect(r.status).toBe(200);
    expect(r.body.period).toBeNull();
    const g = r.body.units[0].groups.payment;
    expect(g.score).toBe('8.00');
    expect(g.indicators.map((i: { code: string; ratio: string; points: string }) => [i.code, i.ratio, i.points])).toEqual([
      ['3.6', '100.00', '6.00'],
      ['3.5b', '92.31', '2.00'],
      ['3.5', '0.00', '0.00'],
    ]);
  });

  it('what-if: digitise 500 more dossiers in unit X → 4.2 from 2.00 to 3.00, total +1.00, rank 3 → 1 (tied)', async () => {
    // 46.50 + 18.00 (90/100) + 9.00 = 73.50; 46.50 + 17.60 + 9.00 = 73.10; 46.50 + 17.00 + 9.00 = 72.50
    const units = (xDigitised: number) => [
      { unitId: 'A', counts: { ...COMMON, progress: { received: 100, onTime: 90 }, digitisation: DIGITISATION } },
      { unitId: 'B', counts: { ...COMMON, progress: { received: 100, onTime: 88 }, digitisation: DIGITISATION } },
      { unitId: 'X', counts: { ...COMMON, progress: { received: 100, onTime: 85 }, digitisation: { ...DIGITISATION, dossiersDigitised: xDigitised } } },
    ];
    const before = await score({ units: units(1000), period: '2025-Q4' });
    const after = await score({ units: units(1500), period: '2025-Q4' });
    expect(before.status).toBe(200);
    expect(after.status).toBe(200);
    const row = (u: UnitOut) => [u.unitId, u.total, u.rank, u.class];
    expect(before.body.units.map(row)).toEqual([
      ['A', '73.50', 1, 'Khá'],
      ['B', '73.10', 2, 'Khá'],
      ['X', '72.50', 3, 'Khá'],
    ]);
    // X: 4.2 = 4 × 1500/2000 = 3.00 (was 4 × 1000/2000 = 2.00) → 73.50, tied with A: competition ranks 1, 3, 1
    expect(after.body.units.map(row)).toEqual([
      ['A', '73.50', 1, 'Khá'],
      ['B', '73.10', 3, 'Khá'],
      ['X', '73.50', 1, 'Khá'],
    ]);
    const x = after.body.units[2] as UnitOut;
    expect(x.groups.digitisation).toMatchObject({ score: '10.00', rank: 1 });
    expect(x.groups.digitisation.indicators.find((i) => i.code === '4.2')).toMatchObject({
      numerator: '1500',
      denominator: '2000',
      ratio: '75.00',
      points: '3.00',
      provisional: true,
    });
    // the provisional flags travel with the result
    expect(x).toMatchObject({ classProvisional: true, provisional: true });
    expect(x.groups.onlineService.provisional).toBe(true);
    expect(after.body.provisionalRules.map((p: { code: string }) => p.code)).toEqual(
      expect.arrayContaining(['m0-row7', '4.2', '4.4', 'class/Tốt', 'class/Khá', 'class/Trung bình']),
    );
  });

  it('refuses schema errors with 400 problem+json and field paths', async () => {
    const cases: [unknown, string][] = [
      [{ units: [{ unitId: 'x', counts: { progress: { received: 10, onTime: -1 } } }] }, 'body.units.0.counts.progress.onTime'],
      [{ units: [{ unitId: 'x', counts: { progress: { received: 10, onTime: 1.5 } } }] }, 'body.units.0.counts.progress.onTime'],
      [{ units: [{ unitId: 'x', counts: { progress: { received: 10, onTime: 1, late: 2 } } }] }, 'body.units.0.counts.progress'],
      [{ units: [{ unitId: 'x', counts: { bonus: {} } }] }, 'body.units.0.counts'],
      [
        { units: [{ unitId: 'x', counts: { payment: { ...PAYMENT, feeProceduresWithFeeSync: undefined } } }] },
        'body.units.0.counts.payment.feeProceduresWithFeeSync',
      ],
      [{ units: [{ unitId: 'x', counts: {} }], period: '2025-Q5' }, 'body.period'],
      [{ units: [{ unitId: 'x', counts: {} }], extra: true }, 'body'],
      [{ units: [] }, 'body.units'],
    ];
    for (const [body, path] of cases) {
      const r = await score(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.body.code).toBe('validation_failed');
      expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
  });

  it('refuses what the rules reject with 422 problem+json and field paths', async () => {
    const over = await score({ units: [{ unitId: 'x', counts: { progress: { received: 2270, onTime: 2271 } } }] });
    expect(over.status).toBe(422);
    expect(over.headers.get('content-type')).toContain('application/problem+json');
    expect(over.body.errors).toEqual([{ path: 'body.units.0.counts.progress.onTime', message: 'Chỉ tiêu 2.1: onTime lớn hơn received.' }]);

    const paid = await score({ units: [{ unitId: 'x', counts: { payment: { ...PAYMENT, onlinePaidDossiers: 119 } } }] });
    expect(paid.status).toBe(422);
    expect(paid.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.units.0.counts.payment.onlinePaidDossiers']);

    const twice = await score({
      units: [
        { unitId: 'x', counts: {} },
        { unitId: 'x', counts: {} },
      ],
    });
    expect(twice.status).toBe(422);
    expect(twice.body.errors).toEqual([{ path: 'body.units.1.unitId', message: 'Đơn vị x xuất hiện nhiều lần.' }]);

    // before the official operation of the index (01/8/2022, methodology §3.1) there are no rules
    c.lang = 'en';
    const early = await score({ units: [{ unitId: 'x', counts: {} }], period: '2021' });
    c.lang = 'vi';
    expect(early.status).toBe(422);
    expect(early.body.errors).toEqual([{ path: 'body.period', message: 'No Decision 766 rule version applies to period 2021.' }]);
  });

  it('is documented in OpenAPI, needs a signed-in user (401) holding serviceIndex.read (403), and stores nothing', async () => {
    const doc = await c.get('/api/docs/json');
    const op = doc.body.paths['/api/service-index/score']?.post;
    expect(op).toBeDefined();
    expect(JSON.stringify(op.requestBody)).toContain('feeProceduresWithFeeSync');

    const anon = await fetch(`${s.url}/api/service-index/score`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ units: [{ unitId: 'x', counts: { progress: { received: 1, onTime: 1 } } }] }),
    });
    expect(anon.status).toBe(401);
    expect(anon.headers.get('content-type')).toContain('application/problem+json');

    const admin = await loginAs(s.url, 'admin');
    const created = await admin.post('/api/users', { username: 'khong.quyen', displayName: 'Không có vai trò', password: 'Mat-khau-2026', roles: [] });
    expect(created.status).toBe(201);
    const nobody = new Client(s.url);
    expect((await nobody.login('khong.quyen', 'Mat-khau-2026')).status).toBe(200);
    const forbidden = await nobody.post('/api/service-index/score', { units: [{ unitId: 'x', counts: {} }] });
    expect(forbidden.status).toBe(403);

    // a scoped unit officer may simulate (the endpoint holds no unit data); nothing is written, not even an audit row
    const auditRows = async () =>
      Number(
        (
          await s.database.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const focal = await loginAs(s.url, 'quynhon.canbo');
    const before = await auditRows();
    expect((await focal.post('/api/service-index/score', { units: [{ unitId: 'x', counts: {} }] })).status).toBe(200);
    expect(await auditRows()).toBe(before);
  });
});
