import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/env.ts';
import { type Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';

// The 2026 communes cycle of the demo seed is in self-assessment (deadline 15/12/2026).
describe.each(backends())('PAR board and reminders on %s', (kind) => {
  let s: TestServer;
  let office: Client;
  let cycleId = '';
  let quyNhon = '';

  beforeAll(async () => {
    s = await startTestServer(kind);
    office = await loginAs(s.url, 'sonoivu');
    const cycles = (await office.get('/api/par/cycles')).body.items;
    cycleId = cycles.find((c: { year: number; groupCode: string }) => c.year === 2026 && c.groupCode === 'communes').id;
    const board = (await office.get(`/api/par/cycles/${cycleId}/board`)).body;
    // the board names its framework, so the page needs no list of cycles
    expect(board.framework).toMatchObject({ groupCode: 'communes', name: expect.stringContaining('2026') });
    quyNhon = board.items.find((i: { unitCode: string }) => i.unitCode === '21583').assessmentId;
    await s.database.db.updateTable('par_assessments').set({ status: 'draft' }).where('id', '=', quyNhon).execute();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('shows who is late only after the deadline', async () => {
    const before = (await office.get(`/api/par/cycles/${cycleId}/board`)).body.items;
    expect(before.some((i: { late: boolean }) => i.late)).toBe(false);
    s.clock.set('2026-12-16T02:00:00Z');
    office = await loginAs(s.url, 'sonoivu'); // the old session expired with the jump in time
    const after = (await office.get(`/api/par/cycles/${cycleId}/board`)).body.items;
    const row = after.find((i: { unitCode: string }) => i.unitCode === '21583');
    expect(row.late).toBe(true);
    expect(after.filter((i: { status: string }) => i.status === 'submitted').every((i: { late: boolean }) => !i.late)).toBe(true);
  });

  it('reminds the units that have not submitted; their people see it', async () => {
    const r = await office.post(`/api/par/cycles/${cycleId}/remind`);
    expect(r.status).toBe(200);
    expect(r.body.people).toBeGreaterThanOrEqual(2);
    const officer = await loginAs(s.url, 'quynhon.canbo');
    const n = await officer.get('/api/notifications');
    expect(n.body.unread).toBe(1);
    expect(n.body.items[0]).toMatchObject({ kind: 'par.reminder', link: `/par/assessments/${quyNhon}` });
    expect(n.body.items[0].body).toContain('Phường Quy Nhơn chưa nộp hồ sơ tự đánh giá (hạn 15/12/2026)');
    expect((await officer.post(`/api/notifications/${n.body.items[0].id}/read`)).status).toBe(204);
    expect((await officer.get('/api/notifications')).body.unread).toBe(0);
    // someone else's notification cannot be marked
    const leader = await loginAs(s.url, 'quynhon.lanhdao');
    expect((await leader.post(`/api/notifications/${n.body.items[0].id}/read`)).status).toBe(404);
  });

  it('a unit leader sees only their own unit on the board; a focal officer cannot remind', async () => {
    const leader = await loginAs(s.url, 'quynhon.lanhdao');
    const b = (await leader.get(`/api/par/cycles/${cycleId}/board`)).body.items;
    expect(b.map((i: { unitCode: string }) => i.unitCode)).toEqual(['21583']);
    const officer = await loginAs(s.url, 'quynhon.canbo');
    expect((await officer.post(`/api/par/cycles/${cycleId}/remind`)).status).toBe(403);
  });
});

describe.each(backends())('PAR trends over the years on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('lists published years with class counts, and carries a merged commune back to its predecessors', async () => {
    const leader = await loginAs(s.url, 'lanhdaotinh');
    const t = (await leader.get('/api/par/trends?group=communes')).body;
    expect(t.years.map((y: { year: number; count: number }) => [y.year, y.count])).toEqual([
      [2024, 373],
      [2025, 135],
    ]);
    const y2025 = t.years[1];
    expect(y2025.classes.reduce((n: number, k: { count: number }) => n + k.count, 0)).toBe(135);
    const qn = t.units.find((u: { code: string }) => u.code === '21583');
    expect(qn.series[0].viaLineage).toBe(true);
    // 2024 for Phường Quy Nhơn is the mean of its four predecessor wards' published indices
    const r2024 = await s.database.db
      .selectFrom('par_results as r')
      .innerJoin('unit_lineage as l', 'l.predecessor_id', 'r.unit_id')
      .select('r.index_value')
      .where('l.successor_id', '=', qn.unitId)
      .where('r.cycle_id', '=', t.years[0].cycleId)
      .execute();
    expect(r2024).toHaveLength(4);
    const mean = r2024.reduce((a, r) => a + Math.round(Number(r.index_value) * 100), 0) / 4; // hundredths
    expect(Number(qn.series[0].index)).toBeCloseTo(Math.round(mean) / 100, 2);
    expect(qn.series[1]).toMatchObject({ year: 2025, viaLineage: false });
  });
});
