import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/env.ts';
import { type Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';

describe.each(backends())('inspections on %s', (kind) => {
  let s: TestServer;
  let office: Client;
  let units: { id: string; code: string }[] = [];
  let need = 0;
  let planId = '';
  let quyNhonInspection = '';

  beforeAll(async () => {
    s = await startTestServer(kind);
    await s.database.db.deleteFrom('campaigns').where('illustrative', '=', true).execute();
    await s.database.db.deleteFrom('plans').where('illustrative', '=', true).execute();
    await s.database.db.deleteFrom('inspection_plans').where('illustrative', '=', true).execute();
    office = await loginAs(s.url, 'sonoivu');
    // the units assessed in 2026: agencies and communes in force on 31/12/2026
    units = await s.database.db
      .selectFrom('units')
      .select(['id', 'code'])
      .where('kind', 'in', ['agency', 'commune'])
      .where('valid_to', 'is', null)
      .orderBy('code')
      .execute();
    // ≥ 30 %: the smallest whole number of units n with 10·n ≥ 3·total
    need = Math.ceil((3 * units.length) / 10);
    units.sort((a, b) => (a.code === '21583' ? -1 : b.code === '21583' ? 1 : 0));
  });
  afterAll(async () => {
    await s?.close();
  });

  const body = (n: number) => ({
    year: 2026,
    name: 'Kiểm tra công tác CCHC năm 2026',
    checklist: ['Ban hành kế hoạch CCHC năm', 'Niêm yết công khai TTHC', 'Báo cáo CCHC định kỳ đúng hạn'],
    inspections: units.slice(0, n).map((u, i) => ({ unitId: u.id, plannedDate: `2026-0${4 + (i % 5)}-15` })),
  });

  it('refuses a plan below 30 % of the units, accepts one at it', async () => {
    const low = await office.post('/api/plans/inspection-plans', body(need - 1));
    expect(low.status).toBe(422);
    expect(low.body.detail).toMatch(
      new RegExp(`^Kế hoạch kiểm tra mới bao phủ ${need - 1}/${units.length} đơn vị \\(\\d+,\\d\\d%\\); cần ít nhất 30% số đơn vị\\.$`),
    );
    const ok = await office.post('/api/plans/inspection-plans', body(need));
    expect(ok.status).toBe(201);
    planId = ok.body.plan.id;
    expect(ok.body.plan.coverage).toMatchObject({ covered: need, total: units.length, meetsMinimum: true });
    quyNhonInspection = ok.body.plan.inspections.find((i: { unit: { code: string } }) => i.unit.code === '21583').id;
    const officer = await loginAs(s.url, 'quynhon.canbo');
    expect((await officer.post('/api/plans/inspection-plans', { ...body(need), name: 'Khác' })).status).toBe(403);
  });

  it('the year coverage a PAR leaf can take: planned and inspected', async () => {
    const c = await office.get('/api/plans/inspection-coverage?year=2026');
    expect(c.status).toBe(200);
    expect(c.body.planned).toMatchObject({ covered: need, total: units.length, meetsMinimum: true });
    expect(c.body.inspected).toMatchObject({ covered: 0, ratio: '0', percent: '0.00', meetsMinimum: false });
  });

  it('records the checklist and a finding whose follow-up task enters the unit inbox', async () => {
    // findings only after the inspection took place
    expect((await office.post(`/api/plans/inspections/${quyNhonInspection}/findings`, { text: 'Chưa niêm yết đủ TTHC' })).status).toBe(409);
    const checklist = [
      { item: 'Ban hành kế hoạch CCHC năm', result: 'pass', note: '' },
      { item: 'Niêm yết công khai TTHC', result: 'fail', note: 'Thiếu 12 TTHC lĩnh vực tư pháp' },
      { item: 'Báo cáo CCHC định kỳ đúng hạn', result: 'pass', note: '' },
    ];
    const bad = await office.patch(`/api/plans/inspections/${quyNhonInspection}`, { checklist: checklist.slice(0, 2), conductedOn: '2026-03-02' });
    expect(bad.status).toBe(422);
    expect((await office.patch(`/api/plans/inspections/${quyNhonInspection}`, { checklist, conductedOn: '2026-03-02' })).status).toBe(204);
    const f = await office.post(`/api/plans/inspections/${quyNhonInspection}/findings`, {
      text: 'Chưa niêm yết đủ TTHC lĩnh vực tư pháp',
      task: { work: 'Niêm yết bổ sung 12 TTHC lĩnh vực tư pháp tại bộ phận một cửa', dueDate: '2026-03-20', responsiblePerson: 'Chủ tịch UBND phường' },
    });
    expect(f.status).toBe(201);
    expect(f.body.finding.taskId).toBeTruthy();
    const plan = (await office.get(`/api/plans/inspection-plans/${planId}`)).body.plan;
    const ins = plan.inspections.find((i: { id: string }) => i.id === quyNhonInspection);
    expect(ins).toMatchObject({
      status: 'done',
      conductedOn: '2026-03-02',
      findings: [{ text: 'Chưa niêm yết đủ TTHC lĩnh vực tư pháp', taskId: f.body.finding.taskId }],
    });
    expect(ins.checklist[1]).toEqual({ item: 'Niêm yết công khai TTHC', result: 'fail', note: 'Thiếu 12 TTHC lĩnh vực tư pháp' });
    const officer = await loginAs(s.url, 'quynhon.canbo');
    const inbox = (await officer.get(`/api/plans/inbox?unitId=${units[0].id}&withinDays=30`)).body;
    expect(inbox.items.map((i: { taskId: string; planNumber: string; state: string }) => [i.taskId, i.planNumber, i.state])).toEqual([
      [f.body.finding.taskId, 'KT-CCHC-2026', 'dueSoon'],
    ]);
    const c = (await office.get('/api/plans/inspection-coverage?year=2026')).body;
    expect(c.inspected).toMatchObject({ covered: 1, ratio: `1/${units.length}` });
  });
});
