import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuestionnaireContent } from '../../src/domain/surveys/questionnaire.ts';
import { backends } from '../support/env.ts';
import { type Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';

const t = (vi: string, en: string) => ({ vi, en });
const parForm: QuestionnaireContent = {
  title: t('Phiếu điều tra xã hội học (thử)', 'PAR survey form (test)'),
  languages: ['vi', 'en'],
  formula: { kind: 'shareSatisfied' },
  sections: [
    {
      id: 'tthc',
      element: null,
      title: t('Cải cách TTHC', 'Procedures'),
      questions: [{ id: 'q1', type: 'scale5', required: true, text: t('Đánh giá', 'Rating') }],
    },
    {
      id: 'tcbm',
      element: null,
      title: t('Tổ chức bộ máy', 'Organisation'),
      questions: [{ id: 'q2', type: 'scale5', required: true, text: t('Đánh giá', 'Rating') }],
    },
  ],
};

describe.each(backends())('a closed survey feeds the PAR Index on %s', (kind) => {
  let s: TestServer;
  let office: Client;
  let quyNhon = '';

  beforeAll(async () => {
    s = await startTestServer(kind);
    office = await loginAs(s.url, 'sonoivu');
    quyNhon = (await office.get('/api/units?q=21583&date=2026-01-01')).body.items[0].id;
  });
  afterAll(async () => {
    await s?.close();
  });

  it('gives survey leaves max × index with provenance, through the PAR write path', async () => {
    const leaves = await sql<{ assessment_id: string; code: string; max_points: string }>`
      SELECT a.id AS assessment_id, n.code, n.max_points
      FROM par_cycles c JOIN par_assessments a ON a.cycle_id = c.id
      JOIN par_framework_nodes n ON n.framework_id = c.framework_id AND n.source = 'survey'
      JOIN par_scores sc ON sc.assessment_id = a.id AND sc.node_code = n.code
      WHERE c.year = 2026 AND a.unit_id = ${quyNhon} ORDER BY n.ord`.execute(s.database.db);
    expect(leaves.rows.length).toBeGreaterThan(1);
    const [first, second] = leaves.rows;

    const q = await office.post('/api/surveys/questionnaires', { code: 'XHH-TEST', kind: 'parSurvey', content: parForm });
    const survey = await office.post('/api/surveys', {
      name: 'Điều tra XHH 2026 (thử)',
      kind: 'parSurvey',
      year: 2026,
      periodFrom: '2026-10-01',
      periodTo: '2026-11-30',
      questionnaireVersionId: q.body.versionId,
      units: [{ unitId: quyNhon, target: 4 }],
      parFeed: [
        { nodeCode: first.code, measure: 'tthc' },
        { nodeCode: second.code, measure: 'overall' },
      ],
    });
    expect(survey.status).toBe(201);
    const id = survey.body.id;
    // an unknown measure is refused
    const bad = await office.request('PUT', `/api/surveys/${id}/plan`, {
      name: 'x',
      periodFrom: '2026-10-01',
      periodTo: '2026-11-30',
      units: [{ unitId: quyNhon, target: 4 }],
      parFeed: [{ nodeCode: first.code, measure: 'nope' }],
    });
    expect([bad.status, bad.body.code]).toEqual([422, 'survey_feed_measure_unknown']);
    const draw = await office.post(`/api/surveys/${id}/sample`, { seed: 'x' });
    expect(draw.body.links.map((l: { dossierCode: string | null }) => l.dossierCode)).toEqual([null, null, null, null]);
    await office.post(`/api/surveys/${id}/open`);
    // q1: 5, 4, 2 → 2/3; q2: 3, 3, 4 → 1/3; overall (2/3 + 1/3)/2 = 50 %
    const answers = [
      { q1: 5, q2: 3 },
      { q1: 4, q2: 3 },
      { q1: 2, q2: 4 },
    ];
    for (const [i, a] of answers.entries()) {
      const r = await fetch(`${s.url}/api/public/surveys/t/${draw.body.links[i].token}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: randomUUID(), answers: a }),
      });
      expect(r.status).toBe(200);
    }
    const closed = await office.post(`/api/surveys/${id}/close`);
    expect(closed.status).toBe(200);
    const pts = (max: string, num: bigint, den: bigint) => {
      // max × num/den, half-up to 2 decimals, by hand
      const [w, f = ''] = max.split('.');
      const cents = (BigInt(w) * 100n + BigInt(`${f}00`.slice(0, 2))) * num;
      const q2 = (cents * 2n + den) / (2n * den);
      return `${q2 / 100n}.${String(q2 % 100n).padStart(2, '0')}`;
    };
    expect(closed.body.parFeed).toEqual([
      expect.objectContaining({ unitId: quyNhon, nodeCode: first.code, index: '66.67', n: 3, points: pts(first.max_points, 2n, 3n) }),
      expect.objectContaining({ unitId: quyNhon, nodeCode: second.code, index: '50.00', n: 3, points: pts(second.max_points, 1n, 2n) }),
    ]);
    const stored = await sql<{ appraised_points: string; appraisal_reason: string }>`
      SELECT appraised_points, appraisal_reason FROM par_scores WHERE assessment_id = ${first.assessment_id} AND node_code = ${first.code}`.execute(
      s.database.db,
    );
    expect(Number(stored.rows[0].appraised_points)).toBe(Number(pts(first.max_points, 2n, 3n)));
    expect(stored.rows[0].appraisal_reason).toContain(`survey ${id} v1 tthc = 66.67% n=3`);
    const history = await sql<{ stage: string }>`
      SELECT stage FROM par_score_history WHERE assessment_id = ${first.assessment_id} AND node_code = ${first.code} ORDER BY at DESC LIMIT 1`.execute(
      s.database.db,
    );
    expect(history.rows[0].stage).toBe('survey');
  });
  it('trends: the demo 2026 SIPAS survey is compared with the closed 2025 one, unit by unit, with a league table', async () => {
    const list = (await office.get('/api/surveys')).body.items as { id: string; year: number; kind: string; status: string }[];
    const y2026 = list.find((x) => x.kind === 'sipas' && x.year === 2026 && x.status === 'open');
    const y2025 = list.find((x) => x.kind === 'sipas' && x.year === 2025 && x.status === 'closed');
    expect(y2026 && y2025).toBeTruthy();
    const now = (await office.get(`/api/surveys/${y2026?.id}/indices`)).body;
    const before = (await office.get(`/api/surveys/${y2025?.id}/indices`)).body;
    expect(now.previousSurveyId).toBe(y2025?.id);
    expect(now.province.previous).toBe(before.province.overall.value);
    const cents = (x: string) => Math.round(Number(x) * 100);
    expect(cents(now.province.change)).toBe(cents(now.province.overall.value) - cents(before.province.overall.value));
    for (const u of now.units) expect(u.previous).toBe(before.units.find((b: { key: string }) => b.key === u.key).overall.value);
    // competition ranks by overall index, best first
    const ranked = [...now.units].sort((a, b) => a.rank - b.rank);
    for (let i = 1; i < ranked.length; i++) expect(Number(ranked[i - 1].overall.value)).toBeGreaterThanOrEqual(Number(ranked[i].overall.value));
    expect(ranked[0].rank).toBe(1);
    expect(now.units.every((u: { overall: { n: number; marginOfError: string } }) => u.overall.n === 9 && Number(u.overall.marginOfError) > 0)).toBe(true);
  });
});
