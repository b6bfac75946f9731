import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/env.ts';
import { type Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';

// The demo seed's published 2025 communes cycle: Phường Quy Nhơn's weak criteria become a draft remedial plan.
describe.each(backends())('remedial plans from the PAR weak-criteria list on %s', (kind) => {
  let s: TestServer;
  let office: Client;
  let leader: Client;
  let assessmentId = '';
  let cycleId = '';
  let weak: { code: string; lost: string; max: string }[] = [];

  beforeAll(async () => {
    s = await startTestServer(kind);
    // start from no plans: the demo seed's illustrative plan and campaign would be due, late and reminded too
    await s.database.db.deleteFrom('campaigns').where('illustrative', '=', true).execute();
    await s.database.db.deleteFrom('plans').where('illustrative', '=', true).execute();
    await s.database.db.deleteFrom('inspection_plans').where('illustrative', '=', true).execute();
    office = await loginAs(s.url, 'sonoivu');
    leader = await loginAs(s.url, 'quynhon.lanhdao');
    const cycles = (await office.get('/api/par/cycles')).body.items;
    cycleId = cycles.find((c: { year: number; groupCode: string }) => c.year === 2025 && c.groupCode === 'communes').id;
    const board = (await office.get(`/api/par/cycles/${cycleId}/board`)).body;
    assessmentId = board.items.find((i: { unitCode: string }) => i.unitCode === '21583').assessmentId;
    weak = (await office.get(`/api/par/assessments/${assessmentId}/weak`)).body.items;
  });
  afterAll(async () => {
    await s?.close();
  });

  it('drafts one task per weak criterion, linked to it, led by the unit', async () => {
    expect(weak.length).toBeGreaterThan(0);
    const focalOther = await loginAs(s.url, 'thamdinh');
    expect((await focalOther.post('/api/plans/remedial', { assessmentId })).status).toBe(403);
    const r = await leader.post('/api/plans/remedial', { assessmentId });
    expect(r.status).toBe(201);
    const plan = r.body.plan;
    expect(plan).toMatchObject({ kind: 'remedial', status: 'draft', parCycleId: cycleId, number: 'KP-21583-2025 (dự thảo)' });
    expect(plan.tasks.map((t: { criterionCodes: string[] }) => t.criterionCodes[0])).toEqual(weak.map((w) => w.code));
    const first = plan.tasks[0];
    expect(first.leadUnit.code).toBe('21583');
    expect(first.schedule).toEqual({ kind: 'once', dueDate: '2026-06-30' });
    expect(first.expected.text).toBe(`Tiêu chí ${weak[0].code} không còn bị trừ điểm (năm 2025 bị trừ ${weak[0].lost.replace('.', ',')} điểm)`);
    // a draft plan is not in the inbox yet
    const unitId = first.leadUnit.id;
    expect((await leader.get(`/api/plans/inbox?unitId=${unitId}&withinDays=90`)).body.items).toEqual([]);
  });

  it('a criterion shows its open remedial tasks until they are done', async () => {
    const code = weak[0].code;
    const open = await office.get(`/api/plans/remedial-tasks?code=${encodeURIComponent(code)}&cycleId=${cycleId}`);
    expect(open.status).toBe(200);
    expect(open.body.items).toHaveLength(1);
    expect(open.body.items[0]).toMatchObject({ criterionCodes: [code], planNumber: 'KP-21583-2025 (dự thảo)', status: 'notStarted' });
    // activate the plan, report the task done: it is no longer open
    const task = open.body.items[0];
    expect((await office.patch(`/api/plans/${task.planId}`, { status: 'active' })).status).toBe(200);
    const officer = await loginAs(s.url, 'quynhon.canbo');
    expect(
      (await officer.post(`/api/plans/tasks/${task.id}/reports`, { occurrenceId: task.occurrences[0].id, status: 'done', percent: 100, text: 'Đã khắc phục' }))
        .status,
    ).toBe(201);
    expect((await office.get(`/api/plans/remedial-tasks?code=${encodeURIComponent(code)}&cycleId=${cycleId}`)).body.items).toEqual([]);
    // another criterion still has its task
    if (weak.length > 1) expect((await office.get(`/api/plans/remedial-tasks?code=${encodeURIComponent(weak[1].code)}`)).body.items).toHaveLength(1);
  });
});
