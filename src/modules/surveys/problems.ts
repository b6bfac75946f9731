import type { AnswerError, AnswerErrorCode, QuestionnaireError, QuestionnaireErrorCode } from '../../domain/surveys/questionnaire.ts';
import { type FieldError, invalid } from '../../server/errors.ts';
import { type MessageCode, message } from '../../server/messages.ts';

const ANSWER_MESSAGES: Record<AnswerErrorCode, MessageCode> = {
  required: 'survey_answer_required',
  hidden: 'survey_answer_hidden',
  unknownQuestion: 'survey_answer_unknown_question',
  wrongType: 'survey_answer_wrong_type',
  outOfRange: 'survey_answer_out_of_range',
  notInteger: 'survey_answer_not_integer',
  unknownOption: 'survey_answer_unknown_option',
  duplicateOption: 'survey_answer_duplicate_option',
  tooManySelected: 'survey_answer_too_many',
  tooLong: 'survey_answer_too_long',
};

export interface AnswerFieldError extends FieldError {
  code: AnswerErrorCode;
  questionId: string;
}

/** One field error per question, path `answers.<questionId>`, with the rule's code for the screens. */
export function answerFieldErrors(errors: AnswerError[]): AnswerFieldError[] {
  return errors.map((e) => {
    const code = ANSWER_MESSAGES[e.code];
    const params = { min: e.limit ?? '', max: e.code === 'outOfRange' ? (e.limit2 ?? '') : (e.limit ?? '') };
    return {
      path: `answers.${e.questionId}`,
      questionId: e.questionId,
      code: e.code,
      message: message(code, 'vi', params),
      messageEn: message(code, 'en', params),
    };
  });
}

export const answersInvalid = (errors: AnswerError[]) => invalid('survey_answers_invalid', answerFieldErrors(errors));

const STRUCTURE: Record<QuestionnaireErrorCode, { vi: string; en: string }> = {
  noSections: { vi: 'phiếu chưa có mục nào', en: 'the questionnaire has no section' },
  duplicateSectionId: { vi: 'mã mục bị trùng', en: 'duplicate section id' },
  duplicateQuestionId: { vi: 'mã câu hỏi bị trùng', en: 'duplicate question id' },
  badId: { vi: 'mã chỉ gồm chữ, số, dấu chấm, gạch; bắt đầu bằng chữ', en: 'ids use letters, digits, dot, dash, underscore and start with a letter' },
  missingText: { vi: 'thiếu nội dung tiếng Việt, tiếng Anh hoặc một ngôn ngữ đã khai báo', en: 'missing Vietnamese, English or a declared language text' },
  noOptions: { vi: 'câu hỏi lựa chọn chưa có phương án', en: 'a choice question has no options' },
  duplicateOptionValue: { vi: 'giá trị phương án bị trùng', en: 'duplicate option value' },
  badRange: { vi: 'giá trị nhỏ nhất lớn hơn giá trị lớn nhất', en: 'min is greater than max' },
  badMaxLength: { vi: 'độ dài tối đa phải là số nguyên dương', en: 'maxLength must be a positive whole number' },
  badMaxSelected: { vi: 'số lựa chọn tối đa phải là số nguyên dương', en: 'maxSelected must be a positive whole number' },
  showIfUnknown: { vi: 'điều kiện hiển thị dựa vào câu hỏi không tồn tại', en: 'the display condition refers to an unknown question' },
  showIfNotEarlier: { vi: 'điều kiện hiển thị phải dựa vào câu hỏi đứng trước', en: 'the display condition must refer to an earlier question' },
  showIfNoValue: { vi: 'điều kiện hiển thị thiếu giá trị so sánh', en: 'the display condition has no value' },
  duplicateDemographic: { vi: 'thông tin nhân khẩu (giới tính, nhóm tuổi) chỉ được hỏi một lần', en: 'a demographic attribute is asked more than once' },
  missingLanguage: { vi: 'phải có tiếng Việt (vi) và tiếng Anh (en)', en: 'vi and en are required languages' },
};

export function questionnaireInvalid(errors: QuestionnaireError[]) {
  return invalid(
    'survey_questionnaire_invalid',
    errors.map((e) => ({
      path: e.at ? `content.${e.at}` : 'content',
      message: message('survey_questionnaire_problem', 'vi', { at: e.at || 'phiếu', problem: STRUCTURE[e.code].vi }),
      messageEn: message('survey_questionnaire_problem', 'en', { at: e.at || 'questionnaire', problem: STRUCTURE[e.code].en }),
    })),
  );
}
