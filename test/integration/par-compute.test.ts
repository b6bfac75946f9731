import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/env.ts';
import { type Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';

// The stateless what-if endpoint, checked against reference figures (methodology §1.3, §1.4).
describe.each(backends())('POST /api/par/compute on %s', (kind) => {
  let s: TestServer;
  let c: Client;
  beforeAll(async () => {
    s = await startTestServer(kind);
    c = await loginAs(s.url, 'lanhdaotinh');
  });
  afterAll(async () => {
    await s?.close();
  });

  // 70 self-assessed points in two areas plus 30 survey points (Hà Nội / Nam Định shape).
  const framework = {
    nodes: [
      { code: '1', parentCode: null, maxPoints: 40, source: 'self' },
      { code: '1.1', parentCode: '1', maxPoints: 40, source: 'self' },
      { code: '2', parentCode: null, maxPoints: 30, source: 'self' },
      { code: '2.1', parentCode: '2', maxPoints: 30, source: 'self' },
      { code: '3', parentCode: null, maxPoints: 30, source: 'survey' },
      { code: '3.1', parentCode: '3', maxPoints: 30, source: 'survey', method: { type: 'survey' } },
    ],
    // PAR 2022 groups (methodology §1.4): A ≥ 90, B 80–<90, C 70–<80
    classes: [
      { name: 'Nhóm A', minIndex: 90 },
      { name: 'Nhóm B', minIndex: 80 },
      { name: 'Nhóm C', minIndex: 70 },
    ],
  };

  it('rescales to the assessed part when the survey is not included: 63 of 70 → 90.00 %', async () => {
    const r = await c.post('/api/par/compute', { framework, surveyIncluded: false, units: [{ unitId: 'A', scores: { '1.1': 36, '2.1': 27 } }] });
    expect(r.status).toBe(200);
    expect(r.body.max).toBe('70.00');
    expect(r.body.units[0]).toMatchObject({ total: '63.00', index: '90.00', rank: 1, class: 'Nhóm A' });
    expect(r.body.units[0].areas['1']).toMatchObject({ score: '36.00', index: '90.00' });
  });

  it('keeps the full denominator when the framework says so, or uses a declared one', async () => {
    const keep = await c.post('/api/par/compute', {
      framework: { ...framework, withoutSurvey: 'keepDenominator' },
      surveyIncluded: false,
      units: [{ unitId: 'A', scores: { '1.1': 36, '2.1': 27 } }],
    });
    expect(keep.body.units[0]).toMatchObject({ total: '63.00', index: '63.00', class: null });
    const declared = await c.post('/api/par/compute', {
      framework: { ...framework, indexDenominator: '90' },
      surveyIncluded: true,
      units: [{ unitId: 'A', scores: { '1.1': 36, '2.1': 27, '3.1': 18 } }],
    });
    expect(declared.body.units[0]).toMatchObject({ total: '81.00', index: '90.00', class: 'Nhóm A' });
  });

  it('Nam Định 2020: 62.62/70 is 89.46 % as an index of the mean, 89.45 % as the mean of the indices', async () => {
    const units = [
      { unitId: 'S1', scores: { '1.1': '35.47', '2.1': '26' } },
      { unitId: 'S2', scores: { '1.1': '36.80', '2.1': '26' } },
      { unitId: 'S3', scores: { '1.1': '37.59', '2.1': '26' } },
    ];
    const r = await c.post('/api/par/compute', { framework, surveyIncluded: false, units });
    expect(r.body.units.map((u: { index: string }) => u.index)).toEqual(['87.81', '89.71', '90.84']);
    expect(r.body.summary).toMatchObject({ meanTotal: '62.62', indexOfMean: '89.46', meanOfIndices: '89.45' });
    expect(r.body.units.map((u: { class: string }) => u.class)).toEqual(['Nhóm B', 'Nhóm B', 'Nhóm A']);
  });

  it('ranks ties together (1, 2, 2, 4) and classifies at the published boundaries', async () => {
    const scores = (a: string, b: string, survey: string) => ({ '1.1': a, '2.1': b, '3.1': survey });
    const r = await c.post('/api/par/compute', {
      framework,
      surveyIncluded: true,
      units: [
        { unitId: 'top', scores: scores('40', '30', '20') }, // 90.00 → A
        { unitId: 'tie1', scores: scores('35', '30', '15') }, // 80.00 → B
        { unitId: 'tie2', scores: scores('30', '30', '20') }, // 80.00 → B
        { unitId: 'last', scores: scores('30', '25', '14.99') }, // 69.99 → no class
      ],
    });
    expect(r.body.units.map((u: { unitId: string; rank: number; index: string; class: string | null }) => [u.unitId, u.rank, u.index, u.class])).toEqual([
      ['top', 1, '90.00', 'Nhóm A'],
      ['tie1', 2, '80.00', 'Nhóm B'],
      ['tie2', 2, '80.00', 'Nhóm B'],
      ['last', 4, '69.99', null],
    ]);
  });

  it('refuses a score above the maximum and survey points when the survey is not included, with a clear error', async () => {
    const over = await c.post('/api/par/compute', { framework, surveyIncluded: true, units: [{ unitId: 'A', scores: { '1.1': 41 } }] });
    expect(over.status).toBe(422);
    const survey = await c.post('/api/par/compute', { framework, surveyIncluded: false, units: [{ unitId: 'A', scores: { '3.1': 10 } }] });
    expect(survey.status).toBe(422);
  });

  it('is documented in OpenAPI and needs a signed-in user', async () => {
    const doc = await c.get('/api/docs/json');
    expect(Object.keys(doc.body.paths)).toContain('/api/par/compute');
    const anon = await fetch(`${s.url}/api/par/compute`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ framework, units: [] }),
    });
    expect(anon.status).toBe(401);
  });
});
