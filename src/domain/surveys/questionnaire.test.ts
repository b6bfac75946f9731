import { describe, expect, it } from 'vitest';
import { type QuestionnaireContent, validateAnswers, validateQuestionnaire, visibleQuestions } from './questionnaire.ts';

const t = (vi: string, en = vi) => ({ vi, en });
const q: QuestionnaireContent = {
  title: t('Phiếu thử', 'Test form'),
  languages: ['vi', 'en'],
  formula: { kind: 'shareSatisfied' },
  sections: [
    {
      id: 'info',
      element: null,
      title: t('Thông tin'),
      questions: [
        {
          id: 'sex',
          type: 'single',
          required: true,
          demographic: 'sex',
          text: t('Giới tính'),
          options: [
            { value: 'f', label: t('Nữ') },
            { value: 'm', label: t('Nam') },
          ],
        },
        { id: 'age', type: 'number', required: false, min: 18, max: 100, text: t('Tuổi') },
      ],
    },
    {
      id: 'acc',
      element: 'access',
      title: t('Tiếp cận'),
      questions: [
        { id: 'a1', type: 'scale5', required: true, text: t('Chỗ ngồi') },
        {
          id: 'a2',
          type: 'multi',
          required: false,
          maxSelected: 2,
          text: t('Kênh'),
          options: [
            { value: 'x', label: t('X') },
            { value: 'y', label: t('Y') },
            { value: 'z', label: t('Z') },
          ],
        },
        { id: 'why', type: 'text', required: true, maxLength: 5, text: t('Vì sao không hài lòng?'), showIf: { questionId: 'a1', in: [1, 2] } },
      ],
    },
  ],
};

describe('validateAnswers', () => {
  it('accepts a complete sheet', () => {
    expect(validateAnswers(q, { sex: 'f', age: 40, a1: 4, a2: ['x'] })).toEqual({ ok: true, errors: [] });
  });
  it('reports every rule broken, one error per question, in order', () => {
    const r = validateAnswers(q, { sex: 'other', age: 17.5, a1: 6, a2: ['x', 'y', 'z'], zz: 1 });
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([
      { questionId: 'sex', code: 'unknownOption' },
      { questionId: 'age', code: 'notInteger' },
      { questionId: 'a1', code: 'outOfRange', limit: 1, limit2: 5 },
      { questionId: 'a2', code: 'tooManySelected', limit: 2 },
      { questionId: 'zz', code: 'unknownQuestion' },
    ]);
  });
  it('missing required answers, hidden questions and branches', () => {
    expect(validateAnswers(q, {}).errors.map((e) => [e.questionId, e.code])).toEqual([
      ['sex', 'required'],
      ['a1', 'required'],
    ]);
    // a1 = 5 hides "why": answering it is a branch violation
    expect(validateAnswers(q, { sex: 'm', a1: 5, why: 'x' }).errors).toEqual([{ questionId: 'why', code: 'hidden' }]);
    // a1 = 2 shows "why", which is then required and limited to 5 characters (code points)
    expect(validateAnswers(q, { sex: 'm', a1: 2 }).errors).toEqual([{ questionId: 'why', code: 'required' }]);
    expect(validateAnswers(q, { sex: 'm', a1: 2, why: 'chậm' }).ok).toBe(true);
    expect(validateAnswers(q, { sex: 'm', a1: 2, why: 'chậm!!' }).errors).toEqual([{ questionId: 'why', code: 'tooLong', limit: 5 }]);
    expect(visibleQuestions(q, { a1: 1 }).has('why')).toBe(true);
    expect(visibleQuestions(q, { a1: 3 }).has('why')).toBe(false);
  });
  it('wrong types and duplicate options', () => {
    expect(validateAnswers(q, { sex: 1, a1: '4', a2: ['x', 'x'] }).errors.map((e) => e.code)).toEqual(['wrongType', 'wrongType', 'duplicateOption']);
  });
  it('keeps script payloads as plain data (it is the screen that escapes)', () => {
    expect(
      validateAnswers(
        { ...q, sections: [{ ...q.sections[0], questions: [{ id: 'c', type: 'text', required: true, maxLength: 100, text: t('Ý kiến') }] }] },
        { c: '<script>alert(1)</script>' },
      ).ok,
    ).toBe(true);
  });
});

describe('validateQuestionnaire', () => {
  it('accepts a well-formed questionnaire', () => {
    expect(validateQuestionnaire(q)).toEqual([]);
  });
  it('flags structural problems', () => {
    const bad: QuestionnaireContent = {
      ...q,
      languages: ['vi', 'en', 'jra'],
      sections: [
        {
          id: 's',
          element: 'access',
          title: { vi: 'Tiếp cận', en: 'Access', jra: 'x' },
          questions: [
            { id: 'q1', type: 'scale5', required: true, text: { vi: 'A', en: 'A' }, showIf: { questionId: 'q2', equals: 1 } },
            { id: 'q2', type: 'number', required: true, min: 5, max: 1, text: { vi: 'B', en: 'B', jra: 'b' } },
            { id: 'q2', type: 'single', required: true, options: [], text: { vi: 'C', en: 'C', jra: 'c' }, showIf: { questionId: 'nope' } },
          ],
        },
      ],
    };
    expect(validateQuestionnaire(bad)).toEqual([
      { at: 'q1', code: 'missingText' },
      { at: 'q1', code: 'showIfNotEarlier' },
      { at: 'q2', code: 'badRange' },
      { at: 'q2', code: 'duplicateQuestionId' },
      { at: 'q2', code: 'noOptions' },
      { at: 'q2', code: 'showIfUnknown' },
      { at: 'q2', code: 'showIfNoValue' },
    ]);
  });
});
