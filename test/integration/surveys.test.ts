import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { backends } from '../support/env.ts';
import { type Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';
import { insertFinishedDossiers, smallQuestionnaire } from '../support/surveys.ts';

describe.each(backends())('surveys on %s', (kind) => {
  let s: TestServer;
  let office: Client;
  let officer: Client;
  let leader: Client;
  let quyNhon = '';
  let other = '';
  let versionId = '';
  let surveyId = '';
  let links: { token: string; url: string; unitId: string; dossierCode: string | null }[] = [];

  const pub = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(s.url + path, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
  const count = async (where = sql`true`) =>
    Number((await sql<{ n: string }>`SELECT count(*) AS n FROM survey_responses WHERE survey_id = ${surveyId} AND ${where}`.execute(s.database.db)).rows[0].n);

  beforeAll(async () => {
    s = await startTestServer(kind);
    office = await loginAs(s.url, 'sonoivu');
    officer = await loginAs(s.url, 'quynhon.canbo');
    leader = await loginAs(s.url, 'quynhon.lanhdao');
    await sql`INSERT INTO procedures (code, name, field, level, online_service, has_fee, legal_max, legal_max_unit)
      VALUES ('1.001757', 'Đăng ký khai sinh', 'Hộ tịch', 'commune', 'full', false, 1, 'workingDay'),
             ('2.000488', 'Chứng thực bản sao từ bản chính', 'Chứng thực', 'commune', 'partial', true, 2, 'workingDay')
      ON CONFLICT (code) DO NOTHING`.execute(s.database.db);
    quyNhon = (await office.get('/api/units?q=21583&date=2025-10-01')).body.items[0].id;
    other = (
      await sql<{ id: string }>`SELECT id FROM units WHERE kind = 'commune' AND valid_to IS NULL AND code <> '21583' ORDER BY code LIMIT 1`.execute(
        s.database.db,
      )
    ).rows[0].id;
    await insertFinishedDossiers(s.database.db, quyNhon, 'QN', 30);
    await insertFinishedDossiers(s.database.db, other, 'OT', 4);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('builds a questionnaire: structure rules are checked, codes are unique', async () => {
    const bad = smallQuestionnaire();
    bad.sections[2].questions[1] = { ...bad.sections[2].questions[1], showIf: { questionId: 'zzz', equals: 1 } };
    const r1 = await office.post('/api/surveys/questionnaires', { code: 'TEST', kind: 'sipas', content: bad });
    expect(r1.status).toBe(422);
    expect(r1.body.errors).toEqual([{ path: 'content.why', message: 'why: điều kiện hiển thị dựa vào câu hỏi không tồn tại' }]);
    const r2 = await office.post('/api/surveys/questionnaires', { code: 'TEST', kind: 'sipas', content: smallQuestionnaire() });
    expect(r2.status).toBe(201);
    versionId = r2.body.versionId;
    expect((await office.post('/api/surveys/questionnaires', { code: 'TEST', kind: 'sipas', content: smallQuestionnaire() })).status).toBe(409);
    expect((await officer.post('/api/surveys/questionnaires', { code: 'T2', kind: 'sipas', content: smallQuestionnaire() })).status).toBe(403);
  });

  it('plans a survey, draws a reproducible stratified sample and returns single-use links once', async () => {
    const plan = {
      name: 'Khảo sát thử 2025',
      kind: 'sipas',
      year: 2025,
      periodFrom: '2025-10-01',
      periodTo: '2025-10-31',
      questionnaireVersionId: versionId,
      units: [
        { unitId: quyNhon, target: 6 },
        { unitId: other, target: 10 },
      ],
      quotas: [
        { dimension: 'field', value: 'Hộ tịch', share: '0.6' },
        { dimension: 'sex', value: 'f', share: '0.5' },
      ],
    };
    const created = await office.post('/api/surveys', plan);
    expect(created.status).toBe(201);
    surveyId = created.body.id;
    expect(created.body.status).toBe('draft');
    const first = await office.post(`/api/surveys/${surveyId}/sample`, { seed: 'seed-1', baseUrl: 'https://khaosat.example.vn' });
    expect(first.status).toBe(200);
    expect(first.body.frameSize).toBe(34);
    expect(first.body.perUnit).toEqual(
      expect.arrayContaining([
        { unitId: quyNhon, frame: 30, target: 6, drawn: 6 },
        { unitId: other, frame: 4, target: 10, drawn: 4 },
      ]),
    );
    expect(first.body.links[0].url).toMatch(/^https:\/\/khaosat\.example\.vn\/s\/[A-Za-z0-9_-]{24}$/);
    // same seed, same frame → same dossiers (new tokens)
    const again = await office.post(`/api/surveys/${surveyId}/sample`, { seed: 'seed-1' });
    const codes = (x: typeof links) => x.map((l) => l.dossierCode).sort();
    expect(codes(again.body.links)).toEqual(codes(first.body.links));
    expect(again.body.links[0].token).not.toBe(first.body.links[0].token);
    links = again.body.links;
    // only hashes are stored
    const stored = await sql<{ token_hash: string }>`SELECT token_hash FROM survey_samples WHERE survey_id = ${surveyId}`.execute(s.database.db);
    expect(stored.rows.some((r) => r.token_hash === links[0].token)).toBe(false);
    expect(stored.rows).toHaveLength(10);
    // Quy Nhơn: 6 of 30 allocated over field × channel strata (sizes 10/10 Hộ tịch, 5/5 Chứng thực → 2, 2, 1, 1)
    const strata = await sql<{ field: string; n: string }>`
      SELECT field, count(*) AS n FROM survey_samples WHERE survey_id = ${surveyId} AND unit_id = ${quyNhon} GROUP BY field ORDER BY field`.execute(
      s.database.db,
    );
    expect(strata.rows.map((r) => [r.field, Number(r.n)])).toEqual([
      ['Chứng thực', 2],
      ['Hộ tịch', 4],
    ]);
    expect((await office.post(`/api/surveys/${surveyId}/open`)).body.status).toBe('open');
  });

  it('masks contacts for everyone but the survey team', async () => {
    await sql`UPDATE survey_samples SET contact = '0905 123 456' WHERE survey_id = ${surveyId}`.execute(s.database.db);
    const one = (await office.get(`/api/surveys/${surveyId}/sample`)).body.items[0].sampleId;
    expect((await leader.request('PUT', `/api/surveys/${surveyId}/sample/${one}/contact`, { contact: '0912 000 789' })).status).toBe(403);
    expect((await office.request('PUT', `/api/surveys/${surveyId}/sample/${one}/contact`, { contact: '0905 123 456' })).status).toBe(200);
    const trail = await sql<{ after: { contact: string } }>`SELECT after FROM audit_log WHERE entity_id = ${one}`.execute(s.database.db);
    expect(trail.rows.map((r) => r.after.contact)).toEqual(['•••• ••• 456']);
    const staff = await office.get(`/api/surveys/${surveyId}/sample`);
    expect(staff.body.contactsMasked).toBe(false);
    expect(staff.body.items[0].contact).toBe('0905 123 456');
    const lead = await leader.get(`/api/surveys/${surveyId}/sample`);
    expect(lead.body.contactsMasked).toBe(true);
    expect(lead.body.items.every((i: { unitId: string }) => i.unitId === quyNhon)).toBe(true);
    expect(lead.body.items[0].contact).toBe('•••• ••• 456');
  });

  it('public link: questionnaire, rules, single use, idempotent retry, inert text, unknown token, size limit', async () => {
    const mine = links.filter((l) => l.unitId === quyNhon);
    const token = mine[0].token;
    const q = await pub('GET', `/api/public/surveys/t/${token}?lang=en`);
    expect(q.status).toBe(200);
    expect(q.body.questionnaire.sections).toHaveLength(3);
    expect(q.body.lang).toBe('en');
    // rule violations: 422 with one error per question, nothing stored
    const bad = await pub('POST', `/api/public/surveys/t/${token}/responses`, { answers: { a1: 6, c1: 5, why: 'x' } }, { 'accept-language': 'en' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['answers.a1', 'answers.a2', 'answers.why']);
    expect(bad.body.errors[0].message).toBe('The value must be between 1 and 5.');
    expect(await count()).toBe(0);
    // accepted once; a retry with the same id is acknowledged again without a second row
    const id = randomUUID();
    const payload = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const body = { id, answers: { sex: 'f', a1: 4, a2: 5, c1: 2, why: payload } };
    expect((await pub('POST', `/api/public/surveys/t/${token}/responses`, body)).body).toEqual({ id, status: 'accepted', duplicate: false });
    expect((await pub('POST', `/api/public/surveys/t/${token}/responses`, body)).body).toEqual({ id, status: 'accepted', duplicate: true });
    const used = await pub('POST', `/api/public/surveys/t/${token}/responses`, { ...body, id: randomUUID() });
    expect(used.status).toBe(409);
    expect(used.body.code).toBe('survey_token_used');
    expect((await pub('GET', `/api/public/surveys/t/${token}`)).body.code).toBe('survey_token_used');
    expect(await count()).toBe(1);
    const row = await sql<{ answers: { why: string }; channel: string }>`SELECT answers, channel FROM survey_responses WHERE id = ${id}`.execute(s.database.db);
    expect(row.rows[0].answers.why).toBe(payload);
    expect(row.rows[0].channel).toBe('link');
    // unknown token, oversized body
    expect((await pub('GET', '/api/public/surveys/t/AAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    const huge = await pub('POST', `/api/public/surveys/t/${mine[1].token}/responses`, { answers: { a1: 4, a2: 4, c1: 4, why: 'x'.repeat(40_000) } });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('body_too_large');
    expect(await count()).toBe(1);
  });

  it('concurrent submissions of one token store exactly one response', async () => {
    const token = links.filter((l) => l.unitId === quyNhon)[1].token;
    const sameId = randomUUID();
    const answers = { a1: 5, a2: 5, c1: 5 };
    const same = await Promise.all(Array.from({ length: 12 }, () => pub('POST', `/api/public/surveys/t/${token}/responses`, { id: sameId, answers })));
    expect(same.every((r) => r.status === 200 && r.body.id === sameId)).toBe(true);
    expect(same.filter((r) => r.body.duplicate === false)).toHaveLength(1);
    const token2 = links.filter((l) => l.unitId === quyNhon)[2].token;
    const many = await Promise.all(Array.from({ length: 12 }, () => pub('POST', `/api/public/surveys/t/${token2}/responses`, { id: randomUUID(), answers })));
    expect(many.filter((r) => r.status === 200)).toHaveLength(1);
    expect(many.filter((r) => r.status === 409)).toHaveLength(11);
    expect(await count()).toBe(3);
  });

  it('kiosk: opened by the unit staff for their own unit, one response per dossier', async () => {
    expect((await officer.post(`/api/surveys/${surveyId}/kiosks`, { unitId: other, label: 'Quầy 1' })).status).toBe(403);
    const k = await officer.post(`/api/surveys/${surveyId}/kiosks`, { unitId: quyNhon, label: 'Quầy 1' });
    expect(k.status).toBe(201);
    expect(k.body.url).toMatch(/\/k\/[A-Za-z0-9_-]{24}$/);
    const answers = { a1: 3, a2: 4, c1: 4 };
    expect((await pub('GET', `/api/public/surveys/kiosk/${k.body.key}`)).status).toBe(200);
    const unknown = await pub('POST', `/api/public/surveys/kiosk/${k.body.key}/responses`, { dossierCode: 'NOPE', answers });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'survey_dossier_unknown']);
    // a dossier not in the sample, answered at the desk
    const sampled = new Set(links.map((l) => l.dossierCode));
    const free = Array.from({ length: 30 }, (_, i) => `QN${String(i + 1).padStart(4, '0')}`).find((c) => !sampled.has(c)) as string;
    const ok = await pub('POST', `/api/public/surveys/kiosk/${k.body.key}/responses`, { id: randomUUID(), dossierCode: free, answers });
    expect(ok.status).toBe(200);
    const twice = await pub('POST', `/api/public/surveys/kiosk/${k.body.key}/responses`, { id: randomUUID(), dossierCode: free, answers });
    expect([twice.status, twice.body.code]).toEqual([409, 'survey_dossier_answered']);
    // the dossier of an answered link cannot be answered again at the kiosk
    const answeredByLink = links.filter((l) => l.unitId === quyNhon)[0].dossierCode;
    expect((await pub('POST', `/api/public/surveys/kiosk/${k.body.key}/responses`, { dossierCode: answeredByLink, answers })).status).toBe(409);
    expect(await count(sql`channel = 'kiosk'`)).toBe(1);
  });

  it('paper forms with double entry: mismatches are listed, agreement stores once', async () => {
    const form = { unitId: quyNhon, formNumber: 'P-001', doubleEntry: true, answers: { a1: 4, a2: 4, c1: 1, why: 'Chờ lâu' } };
    expect((await officer.post(`/api/surveys/${surveyId}/paper`, form)).body).toEqual({ status: 'awaitingSecondKeying', responseId: null, mismatches: [] });
    const second = await office.post(`/api/surveys/${surveyId}/paper`, { ...form, answers: { a1: 4, a2: 5, c1: 1, why: 'Chờ lâu' } });
    expect(second.body).toEqual({ status: 'mismatch', responseId: null, mismatches: [{ questionId: 'a2', first: 4, second: 5 }] });
    expect(await count(sql`channel = 'paper'`)).toBe(0);
    const third = await office.post(`/api/surveys/${surveyId}/paper`, form);
    expect(third.body.status).toBe('stored');
    const again = await office.post(`/api/surveys/${surveyId}/paper`, form);
    expect([again.status, again.body.code]).toEqual([409, 'survey_form_stored']);
    const single = await officer.post(`/api/surveys/${surveyId}/paper`, {
      unitId: quyNhon,
      formNumber: 'P-002',
      doubleEntry: false,
      answers: { a1: 2, a2: 2, c1: 4 },
    });
    expect(single.body.status).toBe('stored');
    expect(await count(sql`channel = 'paper'`)).toBe(2);
  });

  it('offline batch: accepted once, a replay returns the same acknowledgements and stores nothing twice', async () => {
    const batch = {
      responses: [
        { id: randomUUID(), unitId: quyNhon, answers: { a1: 5, a2: 4, c1: 4 }, collectedAt: '2025-10-20T08:00:00+07:00' },
        { id: randomUUID(), unitId: quyNhon, answers: { a1: 1, a2: 2, c1: 3 } },
        { id: randomUUID(), unitId: quyNhon, answers: { a1: 9 } },
        { id: randomUUID(), unitId: other, answers: { a1: 5, a2: 5, c1: 5 } },
      ],
    };
    const first = await officer.post(`/api/surveys/${surveyId}/responses/batch`, batch);
    expect(first.status).toBe(200);
    expect(first.body.acks.map((a: { status: string; reason?: string }) => [a.status, a.reason ?? null])).toEqual([
      ['accepted', null],
      ['accepted', null],
      ['rejected', 'survey_answers_invalid'],
      ['rejected', 'forbidden_unit'],
    ]);
    const before = await count(sql`channel = 'offline'`);
    const replay = await officer.post(`/api/surveys/${surveyId}/responses/batch`, batch);
    expect(replay.body).toEqual(first.body);
    const both = await Promise.all([
      officer.post(`/api/surveys/${surveyId}/responses/batch`, batch),
      officer.post(`/api/surveys/${surveyId}/responses/batch`, batch),
    ]);
    expect(both.map((r) => r.body)).toEqual([first.body, first.body]);
    expect(before).toBe(2);
    expect(await count(sql`channel = 'offline'`)).toBe(2);
  });

  it('indices: hand-worked values, exclusions with a reason (audited) never count', async () => {
    // Quy Nhơn responses so far (a1, a2, c1): link (4,5,2), link (5,5,5), link (5,5,5), kiosk (3,4,4),
    // paper (4,4,1), paper (2,2,4), offline (5,4,4), offline (1,2,3)
    // access: 16 answers, satisfied 4,5,5,5,5,5,4,4,4,5,4 = 11 → 11/16 = 68.75 %
    // civil servant: 8 answers, satisfied 5,5,4,4,4 = 5 → 5/8 = 62.50 %; overall (68.75 + 62.5)/2 = 65.625 → 65.63
    const r = await office.get(`/api/surveys/${surveyId}/indices`);
    expect(r.status).toBe(200);
    const qn = r.body.units.find((u: { key: string }) => u.key === quyNhon);
    expect(qn.elements.access).toMatchObject({ value: '68.75', n: 8 });
    expect(qn.elements.civilServant.value).toBe('62.50');
    expect(qn.overall.value).toBe('65.63');
    expect(qn.respondents).toBe(8);
    expect(r.body.provisional).toBe(true);
    expect(r.body.province.overall.value).toBe('65.63');
    // exclude the (1,2,3) offline answer: access 11/14, civil servant 5/7 → (78.571… + 71.428…)/2 = 75.00
    const rows = await sql<{ id: string }>`SELECT id FROM survey_responses WHERE survey_id = ${surveyId} AND answers->>'a1' = '1'`.execute(s.database.db);
    const rid = rows.rows[0].id;
    expect((await office.post(`/api/surveys/${surveyId}/responses/${rid}/exclude`, { reason: '' })).status).toBe(400);
    expect((await officer.post(`/api/surveys/${surveyId}/responses/${rid}/exclude`, { reason: 'Phiếu trùng người trả lời' })).status).toBe(403);
    expect((await office.post(`/api/surveys/${surveyId}/responses/${rid}/exclude`, { reason: 'Phiếu trùng người trả lời' })).status).toBe(200);
    const after = (await office.get(`/api/surveys/${surveyId}/indices`)).body.units.find((u: { key: string }) => u.key === quyNhon);
    expect(after.elements.access.value).toBe('78.57');
    expect(after.elements.civilServant.value).toBe('71.43');
    expect(after.overall.value).toBe('75.00');
    const audit = await sql<{ action: string; after: { reason: string } }>`
      SELECT action, after FROM audit_log WHERE entity_id = ${rid} ORDER BY id`.execute(s.database.db);
    expect(audit.rows.map((a) => [a.action, a.after.reason])).toEqual([['survey.response.exclude', 'Phiếu trùng người trả lời']]);
    // the unit leader sees the unit's row only
    const lead = await leader.get(`/api/surveys/${surveyId}/indices`);
    expect(lead.body.units.map((u: { key: string }) => u.key)).toEqual([quyNhon]);
  });

  it('quota-fill board per unit and stratum', async () => {
    const b = await office.get(`/api/surveys/${surveyId}/board`);
    const qn = b.body.units.find((u: { unitId: string }) => u.unitId === quyNhon);
    expect(qn).toMatchObject({ target: 6, drawn: 6, responded: 7 });
    expect(qn.strata).toEqual([
      { dimension: 'field', value: 'Hộ tịch', target: 4, drawn: 4, responded: expect.any(Number) },
      { dimension: 'sex', value: 'f', target: 3, drawn: null, responded: 1 },
    ]);
  });

  it('exports the indices to Excel and PDF', async () => {
    const x = await office.get(`/api/surveys/${surveyId}/indices.xlsx`);
    expect(x.status).toBe(200);
    expect(x.headers.get('content-type')).toContain('spreadsheetml');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body);
    const ws = wb.worksheets[0];
    const names = ws.getColumn(2).values as string[];
    expect(names).toContain('Toàn tỉnh');
    const res = await fetch(`${s.url}/api/surveys/${surveyId}/indices.pdf`, { headers: { cookie: office.cookie } });
    expect(res.status).toBe(200);
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('a closed survey refuses responses; a used version can no longer change', async () => {
    const closed = await office.post(`/api/surveys/${surveyId}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body.survey.status).toBe('closed');
    const token = links.filter((l) => l.unitId === quyNhon)[4].token;
    const r = await pub('POST', `/api/public/surveys/t/${token}/responses`, { answers: { a1: 4, a2: 4, c1: 4 } });
    expect([r.status, r.body.code]).toEqual([409, 'survey_not_open']);
    const qid = (
      await sql<{ questionnaire_id: string }>`SELECT questionnaire_id FROM survey_questionnaire_versions WHERE id = ${versionId}`.execute(s.database.db)
    ).rows[0].questionnaire_id;
    const edit = await office.request('PUT', `/api/surveys/questionnaires/${qid}/versions/1`, { content: smallQuestionnaire() });
    expect([edit.status, edit.body.code]).toEqual([409, 'survey_version_locked']);
    const v2 = await office.post(`/api/surveys/questionnaires/${qid}/versions`, {});
    expect(v2.body.version).toBe(2);
    expect((await office.request('PUT', `/api/surveys/questionnaires/${qid}/versions/2`, { content: smallQuestionnaire() })).status).toBe(200);
  });

  it('rate-limits the public endpoints per IP', async () => {
    const app = await buildApp(
      { db: s.database.db, database: s.database, clock: s.clock, dbKind: s.database.kind, version: 'test', secureCookies: false },
      { logLevel: 'silent', serveWeb: false, surveyPublicRateLimit: { max: 3, windowMs: 60_000 } },
    );
    try {
      const hit = (ip: string) => app.inject({ method: 'GET', url: '/api/public/surveys/t/AAAAAAAAAAAAAAAAAAAAAAAA', remoteAddress: ip });
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await hit('10.0.0.1')).statusCode);
      expect(statuses).toEqual([404, 404, 404, 429, 429]);
      expect((await hit('10.0.0.2')).statusCode).toBe(404);
      const flood = await app.inject({
        method: 'POST',
        url: '/api/public/surveys/t/AAAAAAAAAAAAAAAAAAAAAAAA/responses',
        remoteAddress: '10.0.0.1',
        payload: 'not json',
        headers: { 'content-type': 'application/json' },
      });
      expect(flood.statusCode).toBe(429);
      expect(flood.json().code).toBe('rate_limited');
    } finally {
      await app.close();
    }
  });
});
