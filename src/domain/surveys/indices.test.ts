import { describe, expect, it } from 'vitest';
import { changeOf, computeIndices, computeRow, indexElements, leafPoints } from './indices.ts';
import type { QuestionnaireContent } from './questionnaire.ts';

const t = (vi: string) => ({ vi, en: vi });
const q: QuestionnaireContent = {
  title: t('Phiếu'),
  languages: ['vi', 'en'],
  formula: { kind: 'shareSatisfied' },
  sections: [
    {
      id: 'info',
      element: null,
      title: t('Thông tin'),
      questions: [{ id: 'sex', type: 'single', required: false, text: t('Giới tính'), options: [{ value: 'f', label: t('Nữ') }] }],
    },
    {
      id: 'acc',
      element: 'access',
      title: t('Tiếp cận'),
      questions: [
        { id: 'a1', type: 'scale5', required: true, text: t('a1') },
        { id: 'a2', type: 'scale5', required: false, text: t('a2') },
      ],
    },
    { id: 'proc', element: 'procedure', title: t('TTHC'), questions: [{ id: 'p1', type: 'scale5', required: false, text: t('p1') }] },
  ],
};

// Hand-worked sample of unit U1 (R4 is excluded and never counts):
//        a1 a2 p1
//   R1    5  3  4
//   R2    4  2  2
//   R3    1  4  5
//   R4    1  1  1   (excluded)
const u1 = [
  { unitId: 'U1', answers: { a1: 5, a2: 3, p1: 4 } },
  { unitId: 'U1', answers: { a1: 4, a2: 2, p1: 2 } },
  { unitId: 'U1', answers: { a1: 1, a2: 4, p1: 5, sex: 'f' } },
  { unitId: 'U1', answers: { a1: 1, a2: 1, p1: 1 }, excluded: true },
];

describe('indexElements', () => {
  it('takes the sections with 5-level questions, keyed by element', () => {
    expect(indexElements(q)).toEqual([
      { key: 'access', questionIds: ['a1', 'a2'] },
      { key: 'procedure', questionIds: ['p1'] },
    ]);
  });
});

describe('shareSatisfied (default)', () => {
  const r = computeRow(q, 'shareSatisfied', u1, 'U1', null);
  it('element = satisfied answers / valid answers', () => {
    // access: 6 valid answers, satisfied a1=5, a1=4, a2=4 → 3/6 = 50.00 %
    expect(r.elements.access).toMatchObject({ value: '50.00', answers: 6, n: 3 });
    // procedure: 4, 2, 5 → 2/3 = 66.666… → 66.67 %
    expect(r.elements.procedure).toMatchObject({ value: '66.67', answers: 3, n: 3 });
  });
  it('overall = mean of the exact element values, rounded once (not 58.34 from rounded elements)', () => {
    // (50 + 200/3) / 2 = 175/3 = 58.333… → 58.33; averaging the rounded 50.00 and 66.67 would give 58.335 → 58.34
    expect(r.overall.value).toBe('58.33');
    expect(r.respondents).toBe(3);
  });
  it('margin of error: 1.96·√(p(1−p)/n), with the finite-population correction when the frame is known', () => {
    // p = 0.5, n = 3: 1.96 × √(0.25/3) = 0.56580… → 56.58 points
    expect(r.elements.access.marginOfError).toBe('56.58');
    // N = 10: × √(7/9) = 0.88192 → 0.49899 → 49.90 points
    expect(computeRow(q, 'shareSatisfied', u1, 'U1', 10).elements.access.marginOfError).toBe('49.90');
    // a census (n = N) has no sampling error
    expect(computeRow(q, 'shareSatisfied', u1, 'U1', 3).elements.access.marginOfError).toBe('0.00');
  });
  it('no valid answers → no index; one respondent → no margin', () => {
    const empty = computeRow(q, 'shareSatisfied', [], 'U', null);
    expect(empty.elements.access).toMatchObject({ value: null, n: 0, marginOfError: null });
    expect(empty.overall.value).toBeNull();
    const one = computeRow(q, 'shareSatisfied', [{ unitId: 'U', answers: { a1: 4 } }], 'U', null);
    expect(one.elements.access).toMatchObject({ value: '100.00', marginOfError: null });
    // the procedure element has no answer: the overall index is the mean of the elements that have one
    expect(one.overall.value).toBe('100.00');
  });
});

describe('meanScoreOver5', () => {
  it('element = mean level / 5; overall = mean of elements', () => {
    const r = computeRow(q, 'meanScoreOver5', u1, 'U1', null);
    // access: (5+3+4+2+1+4) = 19 over 6 answers → 19/30 = 63.333… %
    expect(r.elements.access.value).toBe('63.33');
    // procedure: (4+2+5) = 11 over 3 → 11/15 = 73.333… %
    expect(r.elements.procedure.value).toBe('73.33');
    // (19/30 + 22/30) / 2 = 41/60 = 68.333… %
    expect(r.overall.value).toBe('68.33');
  });
});

describe('computeIndices: units, groups, province, league table', () => {
  const u2 = [
    { unitId: 'U2', answers: { a1: 4, p1: 4 } },
    { unitId: 'U2', answers: { a1: 5, p1: 3 } },
  ];
  const u3 = [{ unitId: 'U3', answers: { a1: 2, p1: 2 } }];
  const r = computeIndices(
    q,
    'shareSatisfied',
    [
      { unitId: 'U1', frameSize: 40, groupCodes: ['xa'] },
      { unitId: 'U2', frameSize: 20, groupCodes: ['xa'] },
      { unitId: 'U3', frameSize: null, groupCodes: ['so'] },
      { unitId: 'U4', frameSize: 5, groupCodes: ['so'] },
    ],
    [...u1, ...u2, ...u3],
  );
  it('per unit, with competition ranks; units without answers are not ranked', () => {
    // U2: access 2/2 = 100; procedure 1/2 = 50 → 75.00
    expect(r.units.map((u) => [u.key, u.overall.value, u.rank])).toEqual([
      ['U1', '58.33', 2],
      ['U2', '75.00', 1],
      ['U3', '0.00', 3],
      ['U4', null, null],
    ]);
  });
  it('groups and province pool the responses of their units', () => {
    // xa = U1 + U2: access (3 + 2)/(6 + 2) = 5/8 = 62.5; procedure (2 + 1)/(3 + 2) = 3/5 = 60 → 61.25
    const xa = r.groups.find((g) => g.key === 'xa');
    expect(xa?.elements.access.value).toBe('62.50');
    expect(xa?.elements.procedure.value).toBe('60.00');
    expect(xa?.overall.value).toBe('61.25');
    expect(xa?.frameSize).toBe(60);
    // province: access 5/9, procedure 3/6 → (5/9 + 1/2)/2 = 19/36 = 52.777… → 52.78
    expect(r.province.overall.value).toBe('52.78');
    expect(r.province.respondents).toBe(6);
    // one frame unknown → no finite-population correction for the province
    expect(r.province.frameSize).toBeNull();
    expect(r.provisional).toBe(true);
  });
});

describe('changeOf and leafPoints', () => {
  it('change on the published values', () => {
    expect(changeOf('83.94', '82.66')).toBe('1.28');
    expect(changeOf('80.08', '87.16')).toBe('-7.08');
    expect(changeOf(null, '1.00')).toBeNull();
  });
  it('PAR leaf points = max × index / 100, half-up to 2 decimals', async () => {
    const { dec } = await import('../shared/decimal.ts');
    expect(leafPoints('2', dec('58.333333'))).toBe('1.17');
    expect(leafPoints('2.5', dec('84.27'))).toBe('2.11'); // 2.106750 → 2.11
    expect(leafPoints('1', dec('100'))).toBe('1.00');
  });
});
