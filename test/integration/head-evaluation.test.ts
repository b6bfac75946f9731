import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFrameworkWorkbook } from '../../src/modules/par/framework-excel.ts';
import { backends } from '../support/env.ts';
import { smallFramework, uploadXlsx } from '../support/par.ts';
import { type Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';

type Fed = { unitId: string; nodeCode: string; indicator: string; points: string; provenance: string };
type Skipped = { unitId: string; nodeCode: string; indicator: string; reason: string };

// TEST_NOW is 2026-03-02 09:00 in Vietnam. The demo seeds an evaluation of commune chairs for 2026 (illustrative form).
describe.each(backends())('evaluation of heads of agencies on the PAR machinery, on %s', (kind) => {
  let s: TestServer;
  let office: Client;
  let officer: Client;
  let leader: Client;
  let quyNhon = '';
  let cycleId = '';
  let assessmentId = '';

  beforeAll(async () => {
    s = await startTestServer(kind);
    // the demo's illustrative plans would add their own tasks; this test builds the ones it measures
    await s.database.db.deleteFrom('campaigns').where('illustrative', '=', true).execute();
    await s.database.db.deleteFrom('plans').where('illustrative', '=', true).execute();
    await s.database.db.deleteFrom('inspection_plans').where('illustrative', '=', true).execute();
    office = await loginAs(s.url, 'sonoivu');
    officer = await loginAs(s.url, 'quynhon.canbo');
    leader = await loginAs(s.url, 'quynhon.lanhdao');
    quyNhon = (await s.database.db.selectFrom('units').select('id').where('code', '=', '21583').where('valid_to', 'is', null).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await s?.close();
  });

  it('lists evaluation forms and cycles apart from the PAR Index', async () => {
    const heads = (await office.get('/api/par/cycles?purpose=headEvaluation')).body.items;
    expect(heads.map((c: { name: string; year: number; purpose: string }) => [c.name, c.year, c.purpose])).toEqual([
      ['Đánh giá người đứng đầu trong thực hiện CCHC năm 2026 — Chủ tịch UBND xã, phường', 2026, 'headEvaluation'],
    ]);
    cycleId = heads[0].id;
    const par = (await office.get('/api/par/cycles')).body.items;
    expect(par.length).toBeGreaterThan(0);
    expect(par.every((c: { purpose: string }) => c.purpose === 'parIndex')).toBe(true);
    expect(par.some((c: { id: string }) => c.id === cycleId)).toBe(false);
    const forms = (await office.get('/api/par/frameworks?purpose=headEvaluation')).body.items;
    expect(forms).toHaveLength(1);
    expect(forms[0]).toMatchObject({ purpose: 'headEvaluation', illustrative: true, groupCode: 'communes' });
    expect((await office.get('/api/par/frameworks?purpose=other')).status).toBe(400);
    // the unit leader sees the evaluation of their own unit
    const mine = (await leader.get('/api/par/cycles?purpose=headEvaluation')).body.items;
    expect(mine).toHaveLength(1);
    assessmentId = mine[0].myAssessmentId;
    expect(assessmentId).toBeTruthy();
  });

  it('loads a configurable form for a year from Excel, kept apart from the PAR Index forms', async () => {
    const sheet = smallFramework('agencies', 2027);
    sheet.name = 'Tiêu chí đánh giá người đứng đầu sở, ngành 2027';
    const r = await uploadXlsx(office, '/api/par/frameworks/import?purpose=headEvaluation', await writeFrameworkWorkbook(sheet));
    expect(r.status).toBe(201);
    expect(r.body.framework).toMatchObject({ purpose: 'headEvaluation', year: 2027, name: sheet.name });
    const heads = (await office.get('/api/par/frameworks?purpose=headEvaluation')).body.items.map((f: { id: string }) => f.id);
    const par = (await office.get('/api/par/frameworks')).body.items.map((f: { id: string }) => f.id);
    expect(heads).toContain(r.body.framework.id);
    expect(par).not.toContain(r.body.framework.id);
    // a copy for the next year stays an evaluation form
    const copy = await office.post(`/api/par/frameworks/${r.body.framework.id}/copy`, { year: 2028, name: 'Tiêu chí 2028' });
    expect(copy.body.framework.purpose).toBe('headEvaluation');
  });

  it('takes its data-derived inputs from PAR results, task completion and inspections, with provenance', async () => {
    // tasks led by Quy Nhơn: two due by 02/03/2026, one of them reported done; a third due later
    const plan = await office.post('/api/plans', {
      number: '15/KH-UBND',
      date: '2026-01-05',
      issuer: 'UBND tỉnh Gia Lai',
      title: 'Kế hoạch CCHC năm 2026',
    });
    expect(plan.status).toBe(201);
    const task = async (ref: string, dueDate: string) =>
      (
        await office.post(`/api/plans/${plan.body.plan.id}/tasks`, {
          ref,
          work: `Nhiệm vụ ${ref}`,
          leadUnitId: quyNhon,
          supportUnitIds: [],
          responsiblePerson: null,
          schedule: { kind: 'once', dueDate },
          expected: { text: 'Hoàn thành', targetValue: null, targetUnit: null },
        })
      ).body.task;
    const t1 = await task('1', '2026-01-20');
    const t2 = await task('2', '2026-02-10');
    await task('3', '2026-04-30');
    expect(
      (await officer.post(`/api/plans/tasks/${t1.id}/reports`, { occurrenceId: t1.occurrences[0].id, status: 'done', percent: 100, text: 'Xong' })).status,
    ).toBe(201);
    await officer.post(`/api/plans/tasks/${t2.id}/reports`, { occurrenceId: t2.occurrences[0].id, status: 'inProgress', percent: 40, text: 'Đang làm' });

    // an inspection of Quy Nhơn with two findings: one needs no task, one has a follow-up task not yet done
    const units = await s.database.db
      .selectFrom('units')
      .select('id')
      .where('kind', 'in', ['agency', 'commune'])
      .where('valid_to', 'is', null)
      .orderBy('code')
      .execute();
    const others = units.filter((u) => u.id !== quyNhon).slice(0, Math.ceil((3 * units.length) / 10));
    const ip = await office.post('/api/plans/inspection-plans', {
      year: 2026,
      name: 'Kiểm tra CCHC 2026',
      checklist: ['Niêm yết TTHC'],
      inspections: [{ unitId: quyNhon, plannedDate: '2026-02-20' }, ...others.map((u) => ({ unitId: u.id, plannedDate: '2026-05-15' }))],
    });
    expect(ip.status).toBe(201);
    const inspection = ip.body.plan.inspections.find((i: { unit: { id: string } }) => i.unit.id === quyNhon).id;
    await office.patch(`/api/plans/inspections/${inspection}`, { checklist: [{ item: 'Niêm yết TTHC', result: 'fail', note: '' }], conductedOn: '2026-02-20' });
    await office.post(`/api/plans/inspections/${inspection}/findings`, { text: 'Sổ theo dõi hồ sơ ghi chưa đầy đủ' });
    await office.post(`/api/plans/inspections/${inspection}/findings`, {
      text: 'Chưa niêm yết đủ TTHC',
      task: { work: 'Niêm yết bổ sung TTHC', dueDate: '2026-03-20', responsiblePerson: null },
    });

    // a focal officer cannot run the feed
    expect((await officer.post(`/api/par/cycles/${cycleId}/data-feed`)).status).toBe(403);
    const r = await office.post(`/api/par/cycles/${cycleId}/data-feed`);
    expect(r.status).toBe(200);
    const fed = (r.body.fed as Fed[]).filter((f) => f.unitId === quyNhon);
    const skipped = (r.body.skipped as Skipped[]).filter((f) => f.unitId === quyNhon);
    const byCode = new Map(fed.map((f) => [f.nodeCode, f]));

    // 2.1.1 (20 points): 1 of 2 due occurrences done → 20 × 1/2
    expect(byCode.get('2.1.1')).toMatchObject({ indicator: 'plans.task_completion', points: '10.00' });
    expect(byCode.get('2.1.1')!.provenance).toBe('Nhiệm vụ CCHC năm 2026 đến ngày 02/03/2026: 1/2 lượt nhiệm vụ đến hạn đã hoàn thành (50,00%), 1 quá hạn');
    // 2.2.1 (7 points): 1 of 2 findings remedied → 3.50
    expect(byCode.get('2.2.1')).toMatchObject({ indicator: 'plans.finding_resolution', points: '3.50' });
    expect(byCode.get('2.2.1')!.provenance).toBe('Kiểm tra CCHC năm 2026 đến ngày 02/03/2026: 1/2 tồn tại, hạn chế đã khắc phục (50,00%)');

    // 3.1.1 (35 points) = 35 × the unit's published 2025 PAR index, rounded half-up once
    const pub = await sql<{ index_value: string; name: string }>`
      SELECT r.index_value, pc.name FROM par_results r JOIN par_cycles pc ON pc.id = r.cycle_id
      JOIN par_frameworks f ON f.id = pc.framework_id
      WHERE f.purpose = 'parIndex' AND pc.year = 2025 AND r.unit_id = ${quyNhon}`.execute(s.database.db);
    expect(pub.rows).toHaveLength(1);
    const hundredths = Math.round(Number(pub.rows[0].index_value) * 100); // the index has 2 decimals
    // 35 × index / 100 in ten-thousandths of a point, rounded half-up to hundredths (integers only)
    const expected = Math.floor((35 * hundredths + 50) / 100);
    expect(byCode.get('3.1.1')).toMatchObject({ indicator: 'par.indexPreviousYear', points: (expected / 100).toFixed(2) });
    expect(byCode.get('3.1.1')!.provenance).toContain(`Chỉ số CCHC năm 2025 (${pub.rows[0].name}): ${pub.rows[0].index_value.replace('.', ',')}`);

    // 2.3.1 (8 points): on-time rate of the dossiers received in 2026, or said missing when the unit has none
    const rate = [...fed, ...skipped].find((x) => x.nodeCode === '2.3.1')!;
    expect(rate.indicator).toBe('766.onTimeRate');
    if ('reason' in rate) expect(rate.reason).toBe('serviceIndexNoData');

    // the points went through the PAR write path: history stage 'data' with the provenance, audited
    const view = (await leader.get(`/api/par/assessments/${assessmentId}`)).body;
    const leaf = view.scores.find((x: { nodeCode: string }) => x.nodeCode === '2.1.1');
    expect(leaf.appraisedPoints).toBe('10');
    const history = (await leader.get(`/api/par/assessments/${assessmentId}/leaves/2.1.1/history`)).body.items;
    expect(history.at(-1)).toMatchObject({ stage: 'data', points: '10', reason: byCode.get('2.1.1')!.provenance });
    const audit = await s.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', `${assessmentId}:2.1.1`).execute();
    expect(audit.map((a) => a.action)).toContain('par.data');

    // running it again changes nothing that did not change
    const again = (await office.post(`/api/par/cycles/${cycleId}/data-feed`)).body;
    expect(again.fed).toEqual([]);
    expect(again.unchanged).toBe(r.body.fed.length);

    // the task is done → the next run moves only that leaf
    await officer.post(`/api/plans/tasks/${t2.id}/reports`, { occurrenceId: t2.occurrences[0].id, status: 'done', percent: 100, text: 'Xong' });
    const third = (await office.post(`/api/par/cycles/${cycleId}/data-feed`)).body;
    expect(third.fed.map((f: Fed) => [f.unitId, f.nodeCode, f.points])).toEqual([[quyNhon, '2.1.1', '20.00']]);
  });

  it('follows the self → review → final flow of the PAR cycle, with its checks', async () => {
    const view = (await leader.get(`/api/par/assessments/${assessmentId}`)).body;
    const version = (code: string) => view.scores.find((x: { nodeCode: string }) => x.nodeCode === code).version;
    // data-derived criteria are never self-scored
    const data = await leader.request('PUT', `/api/par/assessments/${assessmentId}/leaves/2.1.1/self`, { points: '20', version: version('2.1.1') });
    expect([data.status, data.body.code]).toEqual([422, 'par_data_not_editable']);
    // above the maximum is refused
    const over = await leader.request('PUT', `/api/par/assessments/${assessmentId}/leaves/1.3.1/self`, { points: '6.5', version: version('1.3.1') });
    expect(over.status).toBe(422);
    // not every self criterion scored yet: submission refused
    const early = await leader.post(`/api/par/assessments/${assessmentId}/submit`);
    expect([early.status, early.body.code]).toEqual([422, 'par_incomplete']);
    const fresh = (await leader.get(`/api/par/assessments/${assessmentId}`)).body;
    const inputs: Record<string, Record<string, unknown>> = {
      '1.1.1': { level: 0 },
      '1.2.1': { count: 3 },
      '1.3.1': { points: '5' },
      '4.1.1': { yes: true },
      '4.1.2': { level: 1 },
      '5.1': { count: 0 },
    };
    for (const sc of fresh.scores as { nodeCode: string; version: number; selfPoints: string | null }[]) {
      const input = inputs[sc.nodeCode];
      if (!input || sc.selfPoints !== null) continue;
      const put = await leader.request('PUT', `/api/par/assessments/${assessmentId}/leaves/${sc.nodeCode}/self`, { input, version: sc.version });
      expect(put.status, `${sc.nodeCode}: ${JSON.stringify(put.body)}`).toBe(200);
    }
    const submit = await leader.post(`/api/par/assessments/${assessmentId}/submit`);
    expect(submit.status).toBe(204);
    // locked after submission
    const after = (await leader.get(`/api/par/assessments/${assessmentId}`)).body;
    expect(after.assessment.status).toBe('submitted');
    const locked = await leader.request('PUT', `/api/par/assessments/${assessmentId}/leaves/1.3.1/self`, {
      points: '4',
      version: after.scores.find((x: { nodeCode: string }) => x.nodeCode === '1.3.1').version,
    });
    expect(locked.status).toBe(409);

    // review by the working group (appraiser), then the council closes it
    expect((await office.post(`/api/par/cycles/${cycleId}/advance`)).body.cycle.stage).toBe('appraisal');
    const appraiser = await loginAs(s.url, 'thamdinh');
    const v = after.scores.find((x: { nodeCode: string }) => x.nodeCode === '1.3.1').version;
    const noReason = await appraiser.request('PUT', `/api/par/assessments/${assessmentId}/leaves/1.3.1/appraisal`, { points: '4', version: v });
    expect(noReason.status).toBe(422);
    const appraised = await appraiser.request('PUT', `/api/par/assessments/${assessmentId}/leaves/1.3.1/appraisal`, {
      points: '4',
      reason: 'Chưa có tài liệu kiểm chứng cho 2 đợt tuyên truyền',
      version: v,
    });
    expect(appraised.status).toBe(200);
    expect((await appraiser.post(`/api/par/assessments/${assessmentId}/appraised`)).status).toBe(204);
    for (const stage of ['explanation', 'reappraisal', 'council']) {
      expect((await office.post(`/api/par/cycles/${cycleId}/advance`)).body.cycle.stage).toBe(stage);
    }
    const council = await loginAs(s.url, 'hoidong');
    expect((await council.post(`/api/par/assessments/${assessmentId}/finalise`)).status).toBe(204);
    const final = (await leader.get(`/api/par/assessments/${assessmentId}`)).body;
    expect(final.assessment.status).toBe('finalised');
    const finalOf = (code: string) => final.scores.find((x: { nodeCode: string }) => x.nodeCode === code).finalPoints;
    expect([finalOf('1.3.1'), finalOf('1.1.1'), finalOf('2.1.1')]).toEqual(['4', '6', '20']);
    const audit = await s.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', assessmentId).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['par.submit', 'par.appraised', 'par.finalised']);
  });

  it('gives a PAR Index data leaf the inspection coverage of the year (full points from 30 %)', async () => {
    const sheet = smallFramework('agencies', 2026);
    const leaf = sheet.nodes.find((n) => n.code === '1.1.2')!;
    leaf.source = 'data';
    leaf.method = { type: 'data', indicator: 'plans.inspection_coverage' };
    const fw = await uploadXlsx(office, '/api/par/frameworks/import', await writeFrameworkWorkbook(sheet));
    expect(fw.status).toBe(201);
    const cycle = await office.post('/api/par/cycles', { frameworkId: fw.body.framework.id, name: 'Chỉ số CCHC 2026 (thử)' });
    expect(cycle.status).toBe(201);
    const r = (await office.post(`/api/par/cycles/${cycle.body.cycle.id}/data-feed`)).body;
    // the inspection plan of the earlier test: Quy Nhơn inspected, the others planned for May
    const cov = (await office.get('/api/plans/inspection-coverage?year=2026')).body.inspected;
    expect(cov.covered).toBe(1);
    const n = cov.total as number;
    // 2 × (1/n) / 30 % in hundredths, half-up, in integers: 2000 / (3n)
    const hundredths = Math.floor((4000 + 3 * n) / (6 * n));
    const fed = r.fed as Fed[];
    expect(fed.length).toBeGreaterThan(0);
    expect(new Set(fed.map((f) => [f.nodeCode, f.points].join()))).toEqual(new Set([`1.1.2,${(hundredths / 100).toFixed(2)}`]));
    expect(fed[0].provenance).toMatch(new RegExp(`^Kiểm tra CCHC năm 2026: 1/${n} cơ quan, đơn vị đã được kiểm tra \\(0,\\d\\d%; yêu cầu từ 30%\\)$`));
  });

  it('refuses the feed on a published cycle and on an unknown one', async () => {
    expect((await office.post('/api/par/cycles/00000000-0000-4000-8000-000000000000/data-feed')).status).toBe(404);
    const published = (await office.get('/api/par/cycles')).body.items.find((c: { stage: string }) => c.stage === 'published');
    const r = await office.post(`/api/par/cycles/${published.id}/data-feed`);
    expect([r.status, r.body.code]).toEqual([409, 'par_published']);
  });
});
