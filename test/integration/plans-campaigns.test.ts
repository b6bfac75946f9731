import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/env.ts';
import { type Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';

// A 100-day campaign from 01/01/2026 (day 1) to 10/04/2026 (day 100); TEST_NOW is 02/03/2026 = day 61.
describe.each(backends())('campaigns on %s', (kind) => {
  let s: TestServer;
  let office: Client;
  let officer: Client;
  let quyNhon = '';
  let other = '';
  let campaignId = '';

  const daily = (unitId: string, day: string, received: number, digitised: number, obligation: number, paid: number) => ({
    unit_id: unitId,
    procedure_code: 'TEST.001',
    day,
    received,
    finished: 0,
    early: 0,
    on_time: 0,
    late: 0,
    in_progress: 0,
    online: 0,
    post: 0,
    digitised,
    electronic_result: 0,
    financial_obligation: obligation,
    paid_online: paid,
    feedback: 0,
    late_working_days: '0',
  });

  beforeAll(async () => {
    s = await startTestServer(kind);
    // start from no plans: the demo seed's illustrative plan and campaign would be due, late and reminded too
    await s.database.db.deleteFrom('campaigns').where('illustrative', '=', true).execute();
    await s.database.db.deleteFrom('plans').where('illustrative', '=', true).execute();
    await s.database.db.deleteFrom('inspection_plans').where('illustrative', '=', true).execute();
    office = await loginAs(s.url, 'sonoivu');
    officer = await loginAs(s.url, 'quynhon.canbo');
    const db = s.database.db;
    quyNhon = (await db.selectFrom('units').select('id').where('code', '=', '21583').executeTakeFirstOrThrow()).id;
    other = (
      await db
        .selectFrom('units')
        .select('id')
        .where('kind', '=', 'commune')
        .where('valid_to', 'is', null)
        .where('code', '<>', '21583')
        .executeTakeFirstOrThrow()
    ).id;
    // the service index's daily rollups of Quy Nhơn: 3 of 10 paid online on 05/01, 5 of 10 on 10/02;
    // 4 of 10 digitised, then 6 of 10; and a dossier after the observation day that must not count
    await db
      .insertInto('dossier_daily')
      .values([daily(quyNhon, '2026-01-05', 10, 4, 10, 3), daily(quyNhon, '2026-02-10', 10, 6, 10, 5), daily(quyNhon, '2026-03-05', 10, 10, 10, 10)])
      .execute();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('creates a campaign; milestones after its end are refused', async () => {
    const body = {
      name: 'Chiến dịch 100 ngày đêm "Nâng cao hiệu quả sử dụng dịch vụ công"',
      startDate: '2026-01-01',
      endDate: '2026-04-10',
      targets: [
        {
          unitId: quyNhon,
          name: 'Tỷ lệ thanh toán trực tuyến',
          indicator: 'onlinePaymentRate',
          baseline: '20',
          milestones: [
            { day: 50, value: '50' },
            { day: 100, value: '80' },
          ],
        },
        {
          unitId: quyNhon,
          name: 'Tỷ lệ số hóa hồ sơ',
          indicator: 'digitisationRate',
          baseline: '30',
          milestones: [
            { day: 50, value: '45' },
            { day: 100, value: '60' },
          ],
        },
        {
          unitId: quyNhon,
          name: 'Số buổi tuyên truyền',
          unitLabel: 'buổi',
          baseline: '0',
          milestones: [
            { day: 50, value: '10' },
            { day: 100, value: '20' },
          ],
        },
      ],
    };
    expect((await officer.post('/api/plans/campaigns', body)).status).toBe(403);
    const bad = await office.post('/api/plans/campaigns', { ...body, targets: [{ ...body.targets[0], milestones: [{ day: 101, value: '80' }] }] });
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toBe('Mốc vượt quá thời gian chiến dịch (100 ngày).');
    const r = await office.post('/api/plans/campaigns', body);
    expect(r.status).toBe(201);
    campaignId = r.body.campaign.id;
    expect(r.body.campaign).toMatchObject({ dayNumber: 61, targetCount: 3 });
  });

  it('reads 766 indicators live from the service index over the campaign window, with the early warning', async () => {
    const c = (await office.get(`/api/plans/campaigns/${campaignId}`)).body.campaign;
    const pay = c.targets.find((t: { indicator: string }) => t.indicator === 'onlinePaymentRate');
    // cumulative: 3/10 = 30 % until 10/02 (day 41), then 8/20 = 40 %; the 05/03 rollup is after day 61
    expect(pay.actual.map((p: { day: number; value: string }) => `${p.day}:${p.value}`)).toEqual([
      '7:30.00',
      '14:30.00',
      '21:30.00',
      '28:30.00',
      '35:30.00',
      '42:40.00',
      '49:40.00',
      '56:40.00',
      '61:40.00',
    ]);
    expect(pay.current).toBe('40.00');
    // required on day 61: 50 + 30 × 11/50 = 56.6
    expect(pay.requiredNow).toBe('56.60');
    // pace so far: 20 + (40 − 20) × 100/61 = 52.786… → 52.79 < 80 → warning
    expect(pay.projection).toEqual({ milestoneDay: 100, milestoneValue: '80', projected: '52.79' });
    expect(pay.warning).toBe(true);
    expect(pay.milestones).toEqual([
      { day: 50, date: '2026-02-19', value: '50' },
      { day: 100, date: '2026-04-10', value: '80' },
    ]);
    const dig = c.targets.find((t: { indicator: string }) => t.indicator === 'digitisationRate');
    // 10/20 = 50 % on day 61: 30 + 20 × 100/61 = 62.786… ≥ 60 → on track
    expect([dig.current, dig.projection.projected, dig.warning]).toEqual(['50.00', '62.79', false]);
    expect(c.warnings).toBe(1);
    // looking at day 20 (20/01) the 50-day milestone is next: 20 + 10 × 50/20 = 45 < 50 → warning
    const early = (await office.get(`/api/plans/campaigns/${campaignId}?on=2026-01-20`)).body.campaign;
    const p20 = early.targets.find((t: { indicator: string }) => t.indicator === 'onlinePaymentRate');
    expect([p20.current, p20.projection, p20.warning]).toEqual(['30.00', { milestoneDay: 50, milestoneValue: '50', projected: '45.00' }, true]);
  });

  it('other targets take the values their unit reports', async () => {
    const c = (await office.get(`/api/plans/campaigns/${campaignId}`)).body.campaign;
    const t = c.targets.find((x: { indicator: string | null }) => x.indicator === null);
    const pay = c.targets.find((x: { indicator: string | null }) => x.indicator === 'onlinePaymentRate');
    expect(t.current).toBeNull();
    // day 59: 12 → 12 × 100/59 = 20.34 ≥ 20
    const r = await officer.post(`/api/plans/campaigns/targets/${t.id}/values`, { day: '2026-02-28', value: '12' });
    expect(r.status).toBe(200);
    const t1 = r.body.campaign.targets.find((x: { id: string }) => x.id === t.id);
    expect([t1.current, t1.projection.projected, t1.warning]).toEqual(['12.00', '20.34', false]);
    // day 60: 11 → 18.33 < 20 → warning
    const t2 = (await officer.post(`/api/plans/campaigns/targets/${t.id}/values`, { day: '2026-03-01', value: '11' })).body.campaign.targets.find(
      (x: { id: string }) => x.id === t.id,
    );
    expect([t2.current, t2.projection.projected, t2.warning]).toEqual(['11.00', '18.33', true]);
    // refused: indicator targets, future days, other units' people
    const ind = await officer.post(`/api/plans/campaigns/targets/${pay.id}/values`, { day: '2026-02-28', value: '99' });
    expect(ind.status).toBe(409);
    expect((await officer.post(`/api/plans/campaigns/targets/${t.id}/values`, { day: '2026-03-09', value: '15' })).status).toBe(422);
    const c2 = await office.post('/api/plans/campaigns', {
      name: 'Khác',
      startDate: '2026-01-01',
      endDate: '2026-04-10',
      targets: [{ unitId: other, name: 'Tuyên truyền', baseline: '0', milestones: [{ day: 100, value: '5' }] }],
    });
    expect((await officer.post(`/api/plans/campaigns/targets/${c2.body.campaign.targets[0].id}/values`, { day: '2026-02-28', value: '1' })).status).toBe(403);
    expect((await office.get('/api/plans/campaigns')).body.items.map((x: { targetCount: number }) => x.targetCount).sort()).toEqual([1, 3]);
  });
});
