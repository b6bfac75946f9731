import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/env.ts';
import { type Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';

// TEST_NOW is 2026-03-02 09:00 in Vietnam.
describe.each(backends())('plans, tasks, inbox and progress reports on %s', (kind) => {
  let s: TestServer;
  let office: Client;
  let officer: Client;
  let quyNhon = '';
  let other = '';
  let otherName = '';
  let planId = '';
  let onceId = '';
  let quarterlyId = '';

  const task = (over: Record<string, unknown> = {}) => ({
    ref: '1',
    work: 'Rà soát, công khai thủ tục hành chính',
    leadUnitId: quyNhon,
    supportUnitIds: [],
    responsiblePerson: 'Chủ tịch UBND phường',
    schedule: { kind: 'once', dueDate: '2026-03-20' },
    expected: { text: '100% TTHC được công khai', targetValue: '100', targetUnit: '%' },
    ...over,
  });

  beforeAll(async () => {
    s = await startTestServer(kind);
    // start from no plans: the demo seed's illustrative plan and campaign would be due, late and reminded too
    await s.database.db.deleteFrom('campaigns').where('illustrative', '=', true).execute();
    await s.database.db.deleteFrom('plans').where('illustrative', '=', true).execute();
    await s.database.db.deleteFrom('inspection_plans').where('illustrative', '=', true).execute();
    office = await loginAs(s.url, 'sonoivu');
    officer = await loginAs(s.url, 'quynhon.canbo');
    const units = await s.database.db.selectFrom('units').select(['id', 'code', 'name']).where('kind', '=', 'commune').where('valid_to', 'is', null).execute();
    quyNhon = units.find((u) => u.code === '21583')!.id;
    const o = units.find((u) => u.code !== '21583')!;
    other = o.id;
    otherName = o.name;
  });
  afterAll(async () => {
    await s?.close();
  });

  it('registers a plan; a focal officer cannot', async () => {
    const body = {
      number: '2126/KH-UBND',
      date: '2026-03-01',
      issuer: 'UBND tỉnh Gia Lai',
      title: 'Khắc phục tồn tại, hạn chế Chỉ số CCHC',
      purpose: 'Nâng cao Chỉ số CCHC',
    };
    expect((await officer.post('/api/plans', body)).status).toBe(403);
    const r = await office.post('/api/plans', body);
    expect(r.status).toBe(201);
    planId = r.body.plan.id;
    expect(r.body.plan).toMatchObject({ number: '2126/KH-UBND', kind: 'plan', status: 'active', tasks: [], attachments: [] });
    const dup = await office.post('/api/plans', body);
    expect(dup.status).toBe(422);
    expect(dup.body.detail).toBe('Đã có kế hoạch số 2126/KH-UBND ngày 2026-03-01.');
  });

  it('refuses tasks without lead unit or due date, or due before the plan date, and saves nothing', async () => {
    const r = await office.post(`/api/plans/${planId}/tasks`, task({ leadUnitId: null, schedule: null }));
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { path: string; message: string }) => [e.path, e.message])).toEqual([
      ['leadUnitId', 'Cần chọn đơn vị chủ trì (rõ người).'],
      ['schedule', 'Cần có hạn hoàn thành hoặc lịch báo cáo định kỳ (rõ thời gian).'],
    ]);
    const early = await office.post(`/api/plans/${planId}/tasks`, task({ schedule: { kind: 'once', dueDate: '2026-02-27' } }));
    expect(early.status).toBe(422);
    office.lang = 'en';
    const en = await office.post(`/api/plans/${planId}/tasks`, task({ schedule: { kind: 'once', dueDate: '2026-02-27' } }));
    office.lang = 'vi';
    expect(en.body.errors[0].message).toBe('The due date 2026-02-27 is before the plan date 2026-03-01.');
    expect((await office.get(`/api/plans/${planId}`)).body.plan.tasks).toEqual([]);
  });

  it('adds a one-off task and a quarterly report task with one occurrence per quarter', async () => {
    const a = await office.post(`/api/plans/${planId}/tasks`, task({ supportUnitIds: [other] }));
    expect(a.status).toBe(201);
    onceId = a.body.task.id;
    expect(a.body.task).toMatchObject({ ref: '1', status: 'notStarted', percent: 0, expected: { targetValue: '100', targetUnit: '%' } });
    expect(a.body.task.supportUnits.map((u: { id: string }) => u.id)).toEqual([other]);
    const q = await office.post(
      `/api/plans/${planId}/tasks`,
      task({
        ref: '2',
        work: 'Báo cáo kết quả thực hiện kế hoạch hằng quý',
        schedule: { kind: 'recurring', frequency: 'quarterly', from: '2026-01-01', until: '2026-12-31', dueDay: 15 },
      }),
    );
    expect(q.status).toBe(201);
    quarterlyId = q.body.task.id;
    expect(q.body.task.occurrences.map((o: { period: string; dueDate: string }) => `${o.period} ${o.dueDate}`)).toEqual([
      '2026-Q1 2026-04-15',
      '2026-Q2 2026-07-15',
      '2026-Q3 2026-10-15',
      '2026-Q4 2027-01-15',
    ]);
    const dup = await office.post(`/api/plans/${planId}/tasks`, task());
    expect(dup.status).toBe(422);
    expect(dup.body.detail).toBe('Số thứ tự 1 đã có trong kế hoạch.');
  });

  it('the lead unit splits its task; a sub-task cycle is refused', async () => {
    const sub = await officer.post(
      `/api/plans/tasks/${onceId}/subtasks`,
      task({ ref: '1.1', work: 'Cập nhật dữ liệu lên Cổng DVC', schedule: { kind: 'once', dueDate: '2026-03-15' } }),
    );
    expect(sub.status).toBe(201);
    expect(sub.body.task.parentId).toBe(onceId);
    // not to another unit's people
    const foreign = await officer.post(`/api/plans/tasks/${onceId}/subtasks`, task({ ref: '1.2', leadUnitId: other }));
    expect(foreign.status).toBe(403);
    // moving the parent under its own sub-task would make a cycle
    const cyc = await office.patch(`/api/plans/tasks/${onceId}`, { parentId: sub.body.task.id });
    expect(cyc.status).toBe(422);
    expect(cyc.body.detail).toBe('Không thể đặt nhiệm vụ làm nhiệm vụ con của chính nó hoặc của một nhiệm vụ con của nó.');
    const self = await office.patch(`/api/plans/tasks/${onceId}`, { parentId: onceId });
    expect(self.status).toBe(422);
    const t = (await office.get(`/api/plans/${planId}`)).body.plan.tasks;
    expect(t.map((x: { ref: string; parentId: string | null }) => [x.ref, x.parentId === null])).toEqual([
      ['1', true],
      ['1.1', false],
      ['2', true],
    ]);
  });

  it('the inbox shows what is due soon, then late and missing as time passes', async () => {
    const r = await officer.get(`/api/plans/inbox?unitId=${quyNhon}`);
    expect(r.status).toBe(200);
    expect(r.body.on).toBe('2026-03-02');
    expect(r.body.items.filter((i: { state: string }) => i.state === 'dueSoon').map((i: { ref: string }) => i.ref)).toEqual(['1.1']);
    // the support unit sees task 1 as support
    const sup = await office.get(`/api/plans/inbox?unitId=${other}&withinDays=30`);
    expect(sup.body.items.map((i: { ref: string; role: string }) => [i.ref, i.role])).toEqual([['1', 'support']]);
    // another unit's inbox is not the officer's business
    expect((await officer.get(`/api/plans/inbox?unitId=${other}`)).status).toBe(403);
    const later = await officer.get(`/api/plans/inbox?unitId=${quyNhon}&on=2026-04-20`);
    const st = Object.fromEntries(later.body.items.map((i: { ref: string; period: string; state: string }) => [`${i.ref} ${i.period}`, i.state]));
    expect(st).toMatchObject({ '1 once': 'missing', '1.1 once': 'missing', '2 2026-Q1': 'missing', '2 2026-Q2': 'upcoming' });
    expect(later.body.counts.missing).toBe(3);
    // 2026-04-15 (Wed) → 2026-04-20 (Mon): 16, 17, 20 = 3 working days
    expect(later.body.items.find((i: { ref: string; period: string }) => i.ref === '2' && i.period === '2026-Q1').workingDaysLate).toBe(3);
  });

  it('reports progress with history; bad reports change nothing', async () => {
    const plan = (await office.get(`/api/plans/${planId}`)).body.plan;
    const occ = plan.tasks.find((t: { id: string }) => t.id === onceId).occurrences[0].id;
    const over = await officer.post(`/api/plans/tasks/${onceId}/reports`, { occurrenceId: occ, status: 'inProgress', percent: 120, text: '' });
    expect(over.status).toBe(422);
    expect(over.body.detail).toBe('Tỷ lệ hoàn thành phải từ 0 đến 100% (nhận được 120).');
    const r1 = await officer.post(`/api/plans/tasks/${onceId}/reports`, { occurrenceId: occ, status: 'inProgress', percent: 40, text: 'Đã rà soát 40 TTHC' });
    expect(r1.status).toBe(201);
    s.clock.advance(3600_000);
    const r2 = await officer.post(`/api/plans/tasks/${onceId}/reports`, { occurrenceId: occ, status: 'done', percent: 100, text: 'Hoàn thành' });
    expect(r2.status).toBe(201);
    const h = await officer.get(`/api/plans/tasks/${onceId}/reports`);
    expect(h.body.items.map((x: { status: string; percent: number }) => `${x.status} ${x.percent}`)).toEqual(['done 100', 'inProgress 40']);
    const t = (await office.get(`/api/plans/${planId}`)).body.plan.tasks.find((x: { id: string }) => x.id === onceId);
    expect([t.status, t.percent]).toEqual(['done', 100]);
    // the occurrence of another task is not this task's
    const q1 = plan.tasks.find((x: { id: string }) => x.id === quarterlyId).occurrences[0].id;
    expect((await officer.post(`/api/plans/tasks/${onceId}/reports`, { occurrenceId: q1, status: 'inProgress', percent: 10 })).status).toBe(422);
    // audited
    const audit = await s.database.db.selectFrom('audit_log').select(['action']).where('action', '=', 'plan.report').execute();
    expect(audit.length).toBe(2);
  });

  it("refuses a report on another unit's task, naming the lead unit", async () => {
    const t = await office.post(`/api/plans/${planId}/tasks`, task({ ref: '3', leadUnitId: other }));
    const occ = t.body.task.occurrences[0].id;
    const r = await officer.post(`/api/plans/tasks/${t.body.task.id}/reports`, { occurrenceId: occ, status: 'inProgress', percent: 10 });
    expect(r.status).toBe(403);
    expect(r.body.detail).toBe(`Nhiệm vụ này do ${otherName} chủ trì; chỉ đơn vị chủ trì báo cáo tiến độ.`);
    expect((await office.get(`/api/plans/tasks/${t.body.task.id}/reports`)).body.items).toEqual([]);
  });

  it('evidence files are stored by content and downloadable', async () => {
    const h = (await officer.get(`/api/plans/tasks/${onceId}/reports`)).body.items[0];
    const pdf = Buffer.from('%PDF-1.4\n% bằng chứng\n');
    const fd = new FormData();
    fd.append('file', new Blob([pdf]), 'bien-ban.pdf');
    const up = await officer.request('POST', `/api/plans/reports/${h.id}/evidence`, undefined, { raw: fd });
    expect(up.status).toBe(201);
    const bad = new FormData();
    bad.append('file', new Blob([Buffer.from('MZ not a pdf')]), 'x.pdf');
    expect((await officer.request('POST', `/api/plans/reports/${h.id}/evidence`, undefined, { raw: bad })).status).toBe(422);
    const got = await office.get(`/api/plans/evidence/${up.body.evidence.id}`);
    expect(got.status).toBe(200);
    const again = (await officer.get(`/api/plans/tasks/${onceId}/reports`)).body.items[0];
    expect(again.evidence.map((e: { name: string }) => e.name)).toEqual(['bien-ban.pdf']);
  });

  it('the overdue board lists late units with working days late; a focal officer may not see it', async () => {
    expect((await officer.get('/api/plans/overdue')).status).toBe(403);
    const b = await office.get('/api/plans/overdue?on=2026-04-20');
    expect(b.status).toBe(200);
    const qn = b.body.units.find((u: { unit: { id: string } }) => u.unit.id === quyNhon);
    // 1.1 (due 15/3) and the Q1 report (due 15/4) are overdue; task 1 is done
    expect(qn.items.map((i: { ref: string }) => i.ref)).toEqual(['1.1', '2']);
    expect(qn.maxWorkingDaysLate).toBe(26);
    const leader = await loginAs(s.url, 'quynhon.lanhdao');
    const own = await leader.get('/api/plans/overdue?on=2026-04-20');
    expect(own.body.units.map((u: { unit: { id: string } }) => u.unit.id)).toEqual([quyNhon]);
  });

  it('dashboard: completion by unit, overdue trend by month, and the same in Excel', async () => {
    const d = await office.get('/api/plans/dashboard?on=2026-04-20');
    expect(d.status).toBe(200);
    // Quy Nhơn: 1 (done), 1.1 (due 15/3) and the Q1 report (due 15/4) are due; the other unit: task 3 (due 20/3)
    expect(
      d.body.completion.map((r: { unit: { id: string }; due: number; done: number; late: number; rate: string }) => [r.unit.id, r.due, r.done, r.late, r.rate]),
    ).toEqual([
      [other, 1, 0, 1, '0.00'],
      [quyNhon, 3, 1, 2, '33.33'],
    ]);
    expect(d.body.overdueTrend).toEqual([
      { month: '2026-01', overdue: 0 },
      { month: '2026-02', overdue: 0 },
      { month: '2026-03', overdue: 2 },
      { month: '2026-04', overdue: 3 },
    ]);
    const leader = await loginAs(s.url, 'quynhon.lanhdao');
    const own = await leader.get('/api/plans/dashboard?on=2026-04-20');
    expect(own.body.completion.map((r: { unit: { id: string } }) => r.unit.id)).toEqual([quyNhon]);
    expect((await officer.get('/api/plans/dashboard')).status).toBe(403);
    const x = await office.get('/api/plans/dashboard.xlsx?on=2026-04-20');
    expect(x.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Hoàn thành theo đơn vị')!;
    expect(ws.getCell('A1').value).toBe('Tình hình thực hiện nhiệm vụ năm 2026, đến ngày 20/04/2026');
    expect((ws.getRow(5).values as unknown[]).slice(3)).toEqual([3, 1, 2, 33.33]);
  });

  it('the quarterly report is a PDF; a quarter not yet begun and a focal officer are refused', async () => {
    const res = await fetch(`${s.url}/api/plans/reports/quarterly.pdf?year=2026&quarter=1`, { headers: { cookie: office.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain('/FontName /');
    expect((await office.get('/api/plans/reports/quarterly.pdf?year=2026&quarter=4')).status).toBe(422);
    expect((await officer.get('/api/plans/reports/quarterly.pdf?year=2026&quarter=1')).status).toBe(403);
  });
});
