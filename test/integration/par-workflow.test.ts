import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/env.ts';
import { importSmallFramework, PDF, uploadXlsx } from '../support/par.ts';
import { type Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';

/**
 * One whole cycle with three communes in a pilot group: self-scoring with evidence, submission, appraisal with one
 * unit returned, explanation, re-appraisal, council, publication with a tie in the ranking, and the Excel export.
 */
describe.each(backends())('PAR cycle end to end on %s', (kind) => {
  let s: TestServer;
  let admin: Client;
  let office: Client;
  let officer: Client;
  let leader: Client;
  let appraiser: Client;
  let council: Client;
  const units: Record<string, string> = {};
  let cycleId = '';
  const assessment: Record<string, string> = {};

  async function scores(c: Client, unit: string) {
    const r = await c.get(`/api/par/assessments/${assessment[unit]}`);
    expect(r.status).toBe(200);
    return r.body as {
      scores: { nodeCode: string; version: number; selfPoints: string | null; appraisedPoints: string | null }[];
      totals: { total: string; index: string };
      assessment: { status: string };
    };
  }
  async function version(c: Client, unit: string, code: string) {
    return (await scores(c, unit)).scores.find((x) => x.nodeCode === code)!.version;
  }

  beforeAll(async () => {
    s = await startTestServer(kind);
    admin = await loginAs(s.url, 'admin');
    office = await loginAs(s.url, 'sonoivu');
    officer = await loginAs(s.url, 'quynhon.canbo');
    leader = await loginAs(s.url, 'quynhon.lanhdao');
    appraiser = await loginAs(s.url, 'thamdinh');
    council = await loginAs(s.url, 'hoidong');
    // a pilot group of three communes, Phường Quy Nhơn among them
    expect((await admin.post('/api/unit-groups', { code: 'pilot', name: 'Khối thí điểm', nameEn: 'Pilot group' })).status).toBe(201);
    for (const code of ['21583', '21553', '21601']) {
      const u = (await admin.get(`/api/units?q=${code}&date=2027-01-01`)).body.items[0];
      units[code] = u.id;
      expect((await admin.patch(`/api/units/${u.id}`, { groupCodes: [...u.groupCodes, 'pilot'] })).status).toBe(200);
    }
  });
  afterAll(async () => {
    await s?.close();
  });

  it('the PAR office imports the framework and opens a cycle without the survey part', async () => {
    const f = await importSmallFramework(office, 'pilot');
    expect(f.status).toBe(201);
    const c = await office.post('/api/par/cycles', {
      frameworkId: f.body.framework.id,
      name: 'Thí điểm 2027',
      surveyIncluded: false,
      selfDeadline: '2027-12-15',
    });
    expect(c.status).toBe(201);
    cycleId = c.body.cycle.id;
    const board = await office.get(`/api/par/cycles/${cycleId}/board`);
    expect(board.body.items.map((i: { unitCode: string }) => i.unitCode).sort()).toEqual(['21553', '21583', '21601']);
    for (const i of board.body.items) assessment[i.unitCode] = i.assessmentId;
  });

  it('the focal officer self-scores with evidence; bad scores are refused and change nothing', async () => {
    const id = assessment['21583'];
    // above the maximum, a survey leaf, another unit's assessment
    const over = await officer.request('PUT', `/api/par/assessments/${id}/leaves/1.1.2/self`, { points: '2.5', version: 1 });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('par_points_above_max');
    expect((await officer.request('PUT', `/api/par/assessments/${id}/leaves/2.1.2/self`, { points: '1', version: 1 })).body.code).toBe(
      'par_survey_not_self_scored',
    );
    expect((await officer.request('PUT', `/api/par/assessments/${assessment['21553']}/leaves/1.1.2/self`, { points: '1', version: 1 })).status).toBe(403);
    expect((await scores(officer, '21583')).scores.every((x) => x.selfPoints === null)).toBe(true);

    // levels by input, a percentage through the bands, direct points with a decimal comma, yes/no
    expect((await officer.request('PUT', `/api/par/assessments/${id}/leaves/1.1.1/self`, { input: { level: 0 }, version: 1 })).body.score.selfPoints).toBe('2');
    expect((await officer.request('PUT', `/api/par/assessments/${id}/leaves/1.1.3/self`, { input: { percent: 85 }, version: 1 })).body.score.selfPoints).toBe(
      '1',
    );
    expect(
      (await officer.request('PUT', `/api/par/assessments/${id}/leaves/1.1.2/self`, { points: '1,75', note: 'Thiếu báo cáo quý IV', version: 1 })).body.score
        .selfPoints,
    ).toBe('1.75');
    expect((await officer.request('PUT', `/api/par/assessments/${id}/leaves/2.1.1/self`, { input: { yes: true }, version: 1 })).body.score.selfPoints).toBe(
      '2',
    );

    const form = new FormData();
    form.append('file', new Blob([PDF]), 'Quyết định kế hoạch CCHC.pdf');
    const up = await officer.request('POST', `/api/par/assessments/${id}/leaves/1.1.1/evidence`, undefined, { raw: form });
    expect(up.status).toBe(201);
    // the same bytes again are stored once
    const again = new FormData();
    again.append('file', new Blob([PDF]), 'ban-sao.pdf');
    expect((await officer.request('POST', `/api/par/assessments/${id}/leaves/1.1.1/evidence`, undefined, { raw: again })).status).toBe(201);
    const blobs = await s.database.db.selectFrom('blobs').select('sha256').execute();
    expect(blobs).toHaveLength(1);
    // a renamed executable, a path trick
    const exe = new FormData();
    exe.append('file', new Blob([Buffer.from('MZ\x90\x00')]), 'bao-cao.pdf');
    expect((await officer.request('POST', `/api/par/assessments/${id}/leaves/1.1.1/evidence`, undefined, { raw: exe })).body.code).toBe('par_evidence_type');
    const trick = new FormData();
    trick.append('file', new Blob([PDF]), '../../etc/passwd.pdf');
    const t = await officer.request('POST', `/api/par/assessments/${id}/leaves/1.1.1/evidence`, undefined, { raw: trick });
    expect(t.status).toBe(422);

    const view = await scores(officer, '21583');
    // without the survey part: 6.75 of 8 → 84.38 %
    expect(view.totals.total).toBe('6.75');
    expect(view.totals.index).toBe('84.38');
    const preview = await officer.get(`/api/par/evidence/${up.body.evidence.id}`);
    expect(preview.headers.get('content-type')).toContain('application/pdf');
  });

  it('the unit leader submits; the scores are locked for the unit afterwards', async () => {
    expect((await officer.post(`/api/par/assessments/${assessment['21583']}/submit`)).status).toBe(403);
    expect((await leader.post(`/api/par/assessments/${assessment['21583']}/submit`)).status).toBe(204);
    const late = await officer.request('PUT', `/api/par/assessments/${assessment['21583']}/leaves/1.1.2/self`, {
      points: '2',
      version: await version(officer, '21583', '1.1.2'),
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('par_status_locked');
  });

  it('the other two units are scored the same and submitted (through the PAR data, as the units would)', async () => {
    for (const unit of ['21553', '21601']) {
      const id = assessment[unit];
      for (const [code, points] of [
        ['1.1.1', '2'],
        ['1.1.2', '2'],
        ['1.1.3', '1'],
        ['2.1.1', '2'],
      ] as const) {
        await s.database.db.updateTable('par_scores').set({ self_points: points }).where('assessment_id', '=', id).where('node_code', '=', code).execute();
      }
      await s.database.db.updateTable('par_assessments').set({ status: 'submitted' }).where('id', '=', id).execute();
    }
  });

  it('appraisal: assignment, reasons, concurrency, and one unit returned for supplementation', async () => {
    expect((await office.post(`/api/par/cycles/${cycleId}/advance`)).body.cycle.stage).toBe('appraisal');
    const id = assessment['21583'];
    // not assigned yet
    expect((await appraiser.request('PUT', `/api/par/assessments/${id}/leaves/1.1.2/appraisal`, { points: '1.5', reason: 'x', version: 2 })).body.code).toBe(
      'par_not_assigned',
    );
    const me = (await appraiser.get('/api/auth/me')).body.user.id;
    expect(
      (await office.request('PUT', `/api/par/cycles/${cycleId}/appraisers`, { assignments: Object.values(units).map((unitId) => ({ userId: me, unitId })) }))
        .status,
    ).toBe(204);
    const v = await version(appraiser, '21583', '1.1.2');
    const noReason = await appraiser.request('PUT', `/api/par/assessments/${id}/leaves/1.1.2/appraisal`, { points: '1.5', version: v });
    expect(noReason.body.code).toBe('par_reason_required');
    const ok = await appraiser.request('PUT', `/api/par/assessments/${id}/leaves/1.1.2/appraisal`, {
      points: '1.5',
      reason: 'Báo cáo quý IV gửi chậm',
      version: v,
    });
    expect(ok.status).toBe(200);
    // a second appraiser working from the same version loses, and is told
    const stale = await appraiser.request('PUT', `/api/par/assessments/${id}/leaves/1.1.2/appraisal`, { points: '1', reason: 'khác', version: v });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('par_stale');
    expect((await scores(appraiser, '21583')).scores.find((x) => x.nodeCode === '1.1.2')!.appraisedPoints).toBe('1.5');

    // Phường Quy Nhơn is returned for supplementation: it adds evidence and resubmits during the appraisal stage
    expect((await appraiser.request('POST', `/api/par/assessments/${id}/return`, { reason: 'Thiếu tài liệu kiểm chứng tiêu chí 1.1.1' })).status).toBe(204);
    const returned = await officer.get(`/api/par/assessments/${id}`);
    expect(returned.body.assessment).toMatchObject({ status: 'returned', returnedReason: 'Thiếu tài liệu kiểm chứng tiêu chí 1.1.1' });
    expect(returned.body.can).toMatchObject({ selfScore: true, submit: false, appraise: false });
    const v111 = await version(officer, '21583', '1.1.1');
    expect(
      (await officer.request('PUT', `/api/par/assessments/${id}/leaves/1.1.1/self`, { input: { level: 0 }, note: 'Bổ sung quyết định', version: v111 })).status,
    ).toBe(200);
    expect((await leader.get(`/api/par/assessments/${id}`)).body.can.submit).toBe(true);
    expect((await leader.post(`/api/par/assessments/${id}/submit`)).status).toBe(204);
    expect((await appraiser.get(`/api/par/assessments/${id}`)).body.can).toMatchObject({ appraise: true, return: true, selfScore: false });
  });

  it('completes the appraisal of every unit', async () => {
    for (const unit of ['21583', '21553', '21601']) {
      expect((await appraiser.post(`/api/par/assessments/${assessment[unit]}/appraised`)).status).toBe(204);
    }
    expect((await scores(office, '21553')).scores.find((x) => x.nodeCode === '1.1.3')!.appraisedPoints).toBe('1');
  });

  it('explanation: the unit disputes a leaf; re-appraisal answers it', async () => {
    expect((await office.post(`/api/par/cycles/${cycleId}/advance`)).body.cycle.stage).toBe('explanation');
    const id = assessment['21583'];
    const v = await version(officer, '21583', '1.1.2');
    expect((await officer.request('PUT', `/api/par/assessments/${id}/leaves/1.1.2/explanation`, { status: 'disputed', version: v })).body.code).toBe(
      'par_reason_required',
    );
    expect(
      (
        await officer.request('PUT', `/api/par/assessments/${id}/leaves/1.1.2/explanation`, {
          status: 'disputed',
          text: 'Đã gửi báo cáo quý IV ngày 15/12',
          version: v,
        })
      ).status,
    ).toBe(200);
    expect((await leader.post(`/api/par/assessments/${id}/explained`)).status).toBe(204);
    expect((await office.post(`/api/par/cycles/${cycleId}/advance`)).body.cycle.stage).toBe('reappraisal');
    const v2 = await version(appraiser, '21583', '1.1.2');
    expect(
      (await appraiser.request('PUT', `/api/par/assessments/${id}/leaves/1.1.2/reappraisal`, { points: '2', reason: 'Chấp nhận giải trình', version: v2 }))
        .status,
    ).toBe(200);
    const history = await officer.get(`/api/par/assessments/${id}/leaves/1.1.2/history`);
    expect(history.body.items.map((h: { stage: string; points: string | null }) => `${h.stage}:${h.points}`)).toEqual([
      'self:1.75',
      'appraisal:1.5',
      'explanation:null',
      'reappraisal:2',
    ]);
  });

  it('the council finalises; publication ranks with a tie and freezes everything', async () => {
    expect((await office.post(`/api/par/cycles/${cycleId}/advance`)).body.cycle.stage).toBe('council');
    expect((await office.post(`/api/par/cycles/${cycleId}/publish`)).body.code).toBe('par_not_all_finalised');
    for (const unit of ['21583', '21553', '21601']) expect((await council.post(`/api/par/assessments/${assessment[unit]}/finalise`)).status).toBe(204);
    expect((await office.post(`/api/par/cycles/${cycleId}/publish`)).status).toBe(200);
    const r = await office.get(`/api/par/cycles/${cycleId}/results`);
    const row = (code: string) => r.body.items.find((i: { unitCode: string }) => i.unitCode === code);
    // Quy Nhơn 2+2+1+2 = 7/8 = 87.50; the other two 7/8 too → all tie at rank 1
    expect([row('21583').total, row('21583').index, row('21583').rank]).toEqual(['7.00', '87.50', 1]);
    expect([row('21553').index, row('21553').rank, row('21601').rank]).toEqual(['87.50', 1, 1]);
    expect(row('21553').class).toBe('Tốt');
    expect(r.body.summary).toEqual({ count: 3, meanOfIndices: '87.50', indexOfMean: '87.50', meanTotal: '7.00' });
    // read-only after publication
    const v = await version(officer, '21583', '1.1.2');
    expect((await officer.request('PUT', `/api/par/assessments/${assessment['21583']}/leaves/1.1.2/self`, { points: '1', version: v })).body.code).toBe(
      'par_published',
    );
    // Excel summary opens and holds the ranking
    const x = await office.get(`/api/par/cycles/${cycleId}/results.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body);
    const ws = wb.getWorksheet('Bảng tổng hợp')!;
    expect(ws.getRow(3).getCell(3).value).toBe('Đơn vị');
    const names = [4, 5, 6].map((i) => ws.getRow(i).getCell(3).value);
    expect(names).toContain('Phường Quy Nhơn');
    expect(ws.getRow(4).getCell(6).value).toBe(87.5);
  });

  it('a correction reopens one unit with a recorded reason', async () => {
    const r = await office.request('POST', `/api/par/assessments/${assessment['21601']}/reopen`, { reason: 'Sai sót khi nhập điểm tiêu chí 2.1.1' });
    expect(r.status).toBe(204);
    expect((await scores(office, '21601')).assessment.status).toBe('reappraised');
  });

  it('a framework workbook with a broken tree is refused with row errors and nothing saved', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Bộ chỉ số');
    ws.addRow(['STT/Mã', 'Mã cấp trên', 'Nội dung tiêu chí', 'Điểm tối đa', 'Nguồn điểm', 'Loại', 'Cách chấm']);
    ws.addRow(['1', '', 'Lĩnh vực', 5, 'Tự chấm', 'Thường', '']);
    ws.addRow(['1.1', '1', 'Tiêu chí', 3, 'Tự chấm', 'Thường', 'Nhập trực tiếp']);
    ws.addRow(['1.1', '1', 'Trùng mã', 2, 'Tự chấm', 'Thường', 'Nhập trực tiếp']);
    ws.addRow(['3.1', '3', 'Mồ côi', 2, 'Tự chấm', 'Thường', 'Nhập trực tiếp']);
    const before = (await office.get('/api/par/frameworks')).body.items.length;
    const r = await uploadXlsx(office, '/api/par/frameworks/import', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(r.status).toBe(422);
    expect(r.body.errors.length).toBeGreaterThanOrEqual(2);
    expect((await office.get('/api/par/frameworks')).body.items.length).toBe(before);
  });
});
