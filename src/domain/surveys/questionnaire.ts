/**
 * The questionnaire model of the surveys (SIPAS satisfaction survey and the PAR sociological survey) and the rules an
 * answer sheet must follow.
 *
 * A questionnaire is versioned: a version is immutable once a survey uses it, and an edit makes a new version.
 * Sections carry the SIPAS element they measure (methodology §2.2: access, procedure, civil servant, result,
 * feedback handling) or none (respondent information, the free sections of the PAR survey forms). Texts are maps
 * language → text with Vietnamese and English always present and room for ethnic-minority languages.
 *
 * This file is pure and has no imports: the public survey page bundles it to check answers before sending them, and
 * the server runs the same `validateAnswers` on every submission.
 */

/** A text in several languages: `vi` and `en` always, other languages (e.g. `jra` Jrai, `bdq` Bahnar) optional. */
export type LangText = { vi: string; en: string } & Record<string, string>;

/** The five SIPAS elements (yếu tố) of Decision 2640/QĐ-BNV (methodology §2.2). */
export const SIPAS_ELEMENTS = ['access', 'procedure', 'civilServant', 'result', 'feedbackHandling'] as const;
export type SipasElement = (typeof SIPAS_ELEMENTS)[number];

export const QUESTION_TYPES = ['scale5', 'single', 'multi', 'number', 'text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** Levels of the 5-level satisfaction scale; 4 and 5 count as satisfied (methodology §2.4). */
export const SCALE5_LEVELS = [1, 2, 3, 4, 5] as const;
export const SCALE5_SATISFIED_MIN = 4;
export const SCALE5_LABELS: Record<1 | 2 | 3 | 4 | 5, LangText> = {
  1: { vi: 'Rất không hài lòng', en: 'Very dissatisfied' },
  2: { vi: 'Không hài lòng', en: 'Dissatisfied' },
  3: { vi: 'Bình thường', en: 'Neutral' },
  4: { vi: 'Hài lòng', en: 'Satisfied' },
  5: { vi: 'Rất hài lòng', en: 'Very satisfied' },
};

/** A respondent attribute that quotas may use (dossiers carry no sex or age; these come from the answers). */
export const DEMOGRAPHICS = ['sex', 'ageGroup'] as const;
export type Demographic = (typeof DEMOGRAPHICS)[number];

export type AnswerScalar = string | number;
/** An answer: a number (scale5, number), an option value (single), option values (multi) or text. */
export type AnswerValue = number | string | string[];
/** Answers by question id; an absent key or null means "not answered". */
export type Answers = Record<string, AnswerValue | null | undefined>;

/** Show a question only when an earlier question's answer equals a value or is one of a list (for multi: contains). */
export interface ShowIf {
  questionId: string;
  equals?: AnswerScalar;
  in?: AnswerScalar[];
}

export interface ChoiceOption {
  value: string;
  label: LangText;
}

interface QuestionBase {
  id: string;
  text: LangText;
  help?: LangText;
  required: boolean;
  showIf?: ShowIf;
  /** Marks a question whose answer gives a respondent attribute used by quotas. */
  demographic?: Demographic;
}

export interface Scale5Question extends QuestionBase {
  type: 'scale5';
}
export interface SingleQuestion extends QuestionBase {
  type: 'single';
  options: ChoiceOption[];
}
export interface MultiQuestion extends QuestionBase {
  type: 'multi';
  options: ChoiceOption[];
  /** Most options a respondent may tick (default: all). */
  maxSelected?: number;
}
export interface NumberQuestion extends QuestionBase {
  type: 'number';
  min: number;
  max: number;
  /** Only whole numbers (default true). */
  integer?: boolean;
}
export interface TextQuestion extends QuestionBase {
  type: 'text';
  maxLength: number;
}
export type Question = Scale5Question | SingleQuestion | MultiQuestion | NumberQuestion | TextQuestion;

export interface Section {
  id: string;
  /** The SIPAS element the section's scale5 questions measure; null for respondent information and free sections. */
  element: SipasElement | null;
  title: LangText;
  questions: Question[];
}

/**
 * How the indices of surveys using this version are computed (see `indices.ts`):
 * - shareSatisfied (default, methodology §2.4 [I]): element index = share of valid answers at level 4–5, in %;
 * - meanScoreOver5: element index = mean level / 5, in %.
 * The overall index is the mean of the element indices in both.
 */
export const FORMULA_KINDS = ['shareSatisfied', 'meanScoreOver5'] as const;
export type FormulaKind = (typeof FORMULA_KINDS)[number];
export interface FormulaConfig {
  kind: FormulaKind;
}
export const DEFAULT_FORMULA: FormulaConfig = { kind: 'shareSatisfied' };

/** The content of one questionnaire version (what is frozen once a survey uses it). */
export interface QuestionnaireContent {
  title: LangText;
  intro?: LangText;
  /** Languages the texts are offered in, `vi` first. */
  languages: string[];
  formula: FormulaConfig;
  sections: Section[];
  /** True when the wording is illustrative, not the official text. */
  illustrative?: boolean;
}

/** A questionnaire version as the surveys use it. */
export interface Questionnaire extends QuestionnaireContent {
  questionnaireId: string;
  code: string;
  version: number;
}

export const ANSWER_ERROR_CODES = [
  'required',
  'hidden',
  'unknownQuestion',
  'wrongType',
  'outOfRange',
  'notInteger',
  'unknownOption',
  'duplicateOption',
  'tooManySelected',
  'tooLong',
] as const;
export type AnswerErrorCode = (typeof ANSWER_ERROR_CODES)[number];

export interface AnswerError {
  questionId: string;
  code: AnswerErrorCode;
  /** Limit involved (min/max, maxLength, maxSelected), for the message. */
  limit?: number;
  /** Second limit (max when code is outOfRange). */
  limit2?: number;
}

export interface AnswerCheck {
  ok: boolean;
  errors: AnswerError[];
}

/** All questions in order. */
export function allQuestions(q: Pick<QuestionnaireContent, 'sections'>): Question[] {
  const out: Question[] = [];
  for (const s of q.sections) for (const question of s.questions) out.push(question);
  return out;
}

/** The section element of each question id. */
export function elementOfQuestion(q: Pick<QuestionnaireContent, 'sections'>): Map<string, SipasElement | null> {
  const m = new Map<string, SipasElement | null>();
  for (const s of q.sections) for (const question of s.questions) m.set(question.id, s.element);
  return m;
}

/** The text in a language, falling back to Vietnamese. */
export function pickText(text: LangText | undefined, lang: string): string {
  if (!text) return '';
  const t = text[lang];
  return typeof t === 'string' && t !== '' ? t : text.vi;
}

const isAnswered = (v: AnswerValue | null | undefined): v is AnswerValue =>
  v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '') && !(Array.isArray(v) && v.length === 0);

function matches(cond: ShowIf, value: AnswerValue | null | undefined): boolean {
  if (!isAnswered(value)) return false;
  const wanted: AnswerScalar[] = cond.in ?? (cond.equals !== undefined ? [cond.equals] : []);
  const eq = (a: AnswerScalar, b: AnswerScalar) => String(a) === String(b);
  if (Array.isArray(value)) return value.some((v) => wanted.some((w) => eq(v, w)));
  return wanted.some((w) => eq(value, w));
}

/**
 * Which questions are shown for these answers: a question with `showIf` is shown when the question it depends on is
 * shown and its answer matches. Conditions refer to earlier questions only (`validateQuestionnaire`), so one pass in
 * order is enough.
 */
export function visibleQuestions(q: Pick<QuestionnaireContent, 'sections'>, answers: Answers): Set<string> {
  const visible = new Set<string>();
  for (const question of allQuestions(q)) {
    const c = question.showIf;
    if (!c || (visible.has(c.questionId) && matches(c, answers[c.questionId]))) visible.add(question.id);
  }
  return visible;
}

function checkValue(question: Question, value: AnswerValue): AnswerError | null {
  const id = question.id;
  switch (question.type) {
    case 'scale5':
      if (typeof value !== 'number' || !Number.isFinite(value)) return { questionId: id, code: 'wrongType' };
      if (!Number.isInteger(value)) return { questionId: id, code: 'notInteger' };
      if (value < 1 || value > 5) return { questionId: id, code: 'outOfRange', limit: 1, limit2: 5 };
      return null;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return { questionId: id, code: 'wrongType' };
      if ((question.integer ?? true) && !Number.isInteger(value)) return { questionId: id, code: 'notInteger' };
      if (value < question.min || value > question.max) return { questionId: id, code: 'outOfRange', limit: question.min, limit2: question.max };
      return null;
    case 'single':
      if (typeof value !== 'string') return { questionId: id, code: 'wrongType' };
      if (!question.options.some((o) => o.value === value)) return { questionId: id, code: 'unknownOption' };
      return null;
    case 'multi': {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return { questionId: id, code: 'wrongType' };
      const seen = new Set<string>();
      for (const v of value) {
        if (!question.options.some((o) => o.value === v)) return { questionId: id, code: 'unknownOption' };
        if (seen.has(v)) return { questionId: id, code: 'duplicateOption' };
        seen.add(v);
      }
      const max = question.maxSelected ?? question.options.length;
      if (value.length > max) return { questionId: id, code: 'tooManySelected', limit: max };
      return null;
    }
    case 'text':
      if (typeof value !== 'string') return { questionId: id, code: 'wrongType' };
      // Length in code points, so Vietnamese with combining marks and emoji count as the reader sees them.
      if ([...value].length > question.maxLength) return { questionId: id, code: 'tooLong', limit: question.maxLength };
      return null;
  }
}

/**
 * Checks an answer sheet against a questionnaire. Errors, one per question at most, in questionnaire order (unknown
 * question ids last): a required visible question without answer; an answer to a hidden (branched-out) question; an
 * answer of the wrong type, out of range, not a whole number, with an unknown or repeated option, too many options
 * or too long a text; an answer to a question the questionnaire does not have.
 */
export function validateAnswers(q: Pick<QuestionnaireContent, 'sections'>, answers: Answers): AnswerCheck {
  const errors: AnswerError[] = [];
  const visible = visibleQuestions(q, answers);
  const known = new Set<string>();
  for (const question of allQuestions(q)) {
    known.add(question.id);
    const value = Object.hasOwn(answers, question.id) ? answers[question.id] : undefined;
    const answered = isAnswered(value);
    if (!visible.has(question.id)) {
      if (answered) errors.push({ questionId: question.id, code: 'hidden' });
      continue;
    }
    if (!answered) {
      if (question.required) errors.push({ questionId: question.id, code: 'required' });
      continue;
    }
    const e = checkValue(question, value);
    if (e) errors.push(e);
  }
  for (const id of Object.keys(answers)) if (!known.has(id)) errors.push({ questionId: id, code: 'unknownQuestion' });
  return { ok: errors.length === 0, errors };
}

/**
 * The answers as stored: only answered questions are kept (empty strings, empty lists and nulls dropped); text is
 * kept exactly as typed (it is inert data; screens escape it). Call after `validateAnswers` succeeded.
 */
export function normaliseAnswers(q: Pick<QuestionnaireContent, 'sections'>, answers: Answers): Record<string, AnswerValue> {
  const out: Record<string, AnswerValue> = {};
  for (const question of allQuestions(q)) {
    const v = Object.hasOwn(answers, question.id) ? answers[question.id] : undefined;
    if (isAnswered(v)) out[question.id] = v;
  }
  return out;
}

export const QUESTIONNAIRE_ERROR_CODES = [
  'noSections',
  'duplicateSectionId',
  'duplicateQuestionId',
  'badId',
  'missingText',
  'noOptions',
  'duplicateOptionValue',
  'badRange',
  'badMaxLength',
  'badMaxSelected',
  'showIfUnknown',
  'showIfNotEarlier',
  'showIfNoValue',
  'duplicateDemographic',
  'missingLanguage',
] as const;
export type QuestionnaireErrorCode = (typeof QUESTIONNAIRE_ERROR_CODES)[number];
export interface QuestionnaireError {
  /** Section id or question id (or '' for the whole questionnaire). */
  at: string;
  code: QuestionnaireErrorCode;
}

const ID_RE = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

function hasTexts(t: LangText | undefined, languages: string[]): boolean {
  if (!t || typeof t.vi !== 'string' || t.vi.trim() === '' || typeof t.en !== 'string' || t.en.trim() === '') return false;
  return languages.every((l) => typeof t[l] === 'string');
}

/**
 * Checks that a questionnaire is well formed before it is saved: unique ids, Vietnamese and English texts (and a text
 * in every listed language), options for choices, min ≤ max, positive text limits, branching only on earlier
 * questions with a value to compare, at most one question per demographic attribute.
 */
export function validateQuestionnaire(q: QuestionnaireContent): QuestionnaireError[] {
  const errors: QuestionnaireError[] = [];
  const langs = q.languages;
  if (!langs.includes('vi') || !langs.includes('en')) errors.push({ at: '', code: 'missingLanguage' });
  if (!hasTexts(q.title, [])) errors.push({ at: '', code: 'missingText' });
  if (q.sections.length === 0) errors.push({ at: '', code: 'noSections' });
  const sectionIds = new Set<string>();
  const seen = new Map<string, Question>();
  const demographics = new Set<Demographic>();
  for (const s of q.sections) {
    if (!ID_RE.test(s.id)) errors.push({ at: s.id, code: 'badId' });
    if (sectionIds.has(s.id)) errors.push({ at: s.id, code: 'duplicateSectionId' });
    sectionIds.add(s.id);
    if (!hasTexts(s.title, langs)) errors.push({ at: s.id, code: 'missingText' });
    for (const question of s.questions) {
      const at = question.id;
      if (!ID_RE.test(at)) errors.push({ at, code: 'badId' });
      if (seen.has(at)) errors.push({ at, code: 'duplicateQuestionId' });
      if (!hasTexts(question.text, langs)) errors.push({ at, code: 'missingText' });
      if (question.type === 'single' || question.type === 'multi') {
        if (question.options.length === 0) errors.push({ at, code: 'noOptions' });
        const values = new Set<string>();
        for (const o of question.options) {
          if (values.has(o.value)) errors.push({ at, code: 'duplicateOptionValue' });
          values.add(o.value);
          if (!hasTexts(o.label, langs)) errors.push({ at, code: 'missingText' });
        }
        if (question.type === 'multi' && question.maxSelected !== undefined && (question.maxSelected < 1 || !Number.isInteger(question.maxSelected)))
          errors.push({ at, code: 'badMaxSelected' });
      }
      if (question.type === 'number' && !(Number.isFinite(question.min) && Number.isFinite(question.max) && question.min <= question.max))
        errors.push({ at, code: 'badRange' });
      if (question.type === 'text' && !(Number.isInteger(question.maxLength) && question.maxLength > 0)) errors.push({ at, code: 'badMaxLength' });
      if (question.demographic) {
        if (demographics.has(question.demographic)) errors.push({ at, code: 'duplicateDemographic' });
        demographics.add(question.demographic);
      }
      const c = question.showIf;
      if (c) {
        const target = seen.get(c.questionId);
        if (!target) {
          const later = q.sections.some((s2) => s2.questions.some((q2) => q2.id === c.questionId));
          errors.push({ at, code: later ? 'showIfNotEarlier' : 'showIfUnknown' });
        }
        if (c.equals === undefined && (!c.in || c.in.length === 0)) errors.push({ at, code: 'showIfNoValue' });
      }
      seen.set(at, question);
    }
  }
  return errors;
}

/** The respondent attributes given by the answers (for quotas on sex and age group). */
export function demographicsOf(q: Pick<QuestionnaireContent, 'sections'>, answers: Answers): Partial<Record<Demographic, string>> {
  const out: Partial<Record<Demographic, string>> = {};
  for (const question of allQuestions(q)) {
    if (!question.demographic) continue;
    const v = answers[question.id];
    if (isAnswered(v) && !Array.isArray(v)) out[question.demographic] = String(v);
  }
  return out;
}
