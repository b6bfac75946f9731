import { describe, expect, it } from 'vitest';
import { validateAnswers, validateQuestionnaire } from '../../domain/surveys/questionnaire.ts';
import { demoAnswers, demoParSurveyQuestionnaire, demoSipasQuestionnaire } from './seed-demo.ts';

describe('demo questionnaires', () => {
  it('are well formed, marked illustrative, and the SIPAS one covers the five elements', () => {
    for (const q of [demoSipasQuestionnaire(), demoParSurveyQuestionnaire('leaders'), demoParSurveyQuestionnaire('officials')]) {
      expect(validateQuestionnaire(q)).toEqual([]);
      expect(q.illustrative).toBe(true);
    }
    expect(demoSipasQuestionnaire().sections.map((s) => s.element)).toEqual([null, 'access', 'procedure', 'civilServant', 'result', 'feedbackHandling', null]);
  });
  it('generate answers that follow the questionnaire rules', () => {
    const q = demoSipasQuestionnaire();
    for (let i = 0; i < 200; i++) expect(validateAnswers(q, demoAnswers(q, `s${i}`, i % 15)).errors).toEqual([]);
  });
});
