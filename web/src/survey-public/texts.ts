// Texts of the public survey page. The page is a separate tiny bundle (no i18next): Vietnamese by default,
// English, and any other questionnaire language falls back to Vietnamese for the page's own wording.

import type { AnswerError } from '../../../src/domain/surveys/questionnaire.ts';

const vi = {
  pageTitle: 'Khảo sát sự hài lòng',
  loading: 'Đang tải…',
  language: 'Ngôn ngữ',
  required: 'bắt buộc',
  requiredNote: 'Câu hỏi có dấu * là bắt buộc.',
  illustrative: 'Nội dung phiếu minh họa, không phải văn bản chính thức.',
  unit: 'Đơn vị',
  progress: 'Đã trả lời {a}/{b} câu',
  submit: 'Gửi phiếu',
  sending: 'Đang gửi…',
  fixErrors: 'Còn {a} câu cần sửa. Vui lòng xem các câu được đánh dấu.',
  thanksTitle: 'Cảm ơn ông/bà!',
  thanksText: 'Ý kiến của ông/bà đã được ghi nhận. Ông/bà có thể đóng trang này.',
  errTitle: 'Không mở được phiếu khảo sát',
  errUnknown: 'Đường dẫn khảo sát không hợp lệ hoặc đã hết hạn.',
  errUsed: 'Phiếu khảo sát này đã được trả lời. Mỗi đường dẫn chỉ dùng được một lần.',
  errClosed: 'Đợt khảo sát đã kết thúc.',
  errFlood: 'Có quá nhiều lượt gửi từ mạng của ông/bà. Vui lòng thử lại sau ít phút.',
  errNetwork: 'Không kết nối được máy chủ. Câu trả lời vẫn được giữ trên máy; vui lòng thử gửi lại.',
  errServer: 'Máy chủ gặp lỗi ({a}). Câu trả lời vẫn được giữ; vui lòng thử gửi lại.',
  retry: 'Thử lại',
  scaleHint: 'Chọn một mức từ 1 (rất không hài lòng) đến 5 (rất hài lòng).',
  multiHint: 'Có thể chọn nhiều phương án.',
  multiHintMax: 'Chọn tối đa {a} phương án.',
  numberHint: 'Nhập số từ {a} đến {b}.',
  textHint: 'Tối đa {a} ký tự.',
  // kiosk
  kioskTitle: 'Khảo sát tại Bộ phận một cửa',
  kioskDossier: 'Mã hồ sơ trên giấy hẹn trả kết quả',
  kioskDossierHelp: 'Nhập mã hồ sơ để bắt đầu. Mỗi hồ sơ được đánh giá một lần.',
  kioskStart: 'Bắt đầu',
  kioskDossierRequired: 'Vui lòng nhập mã hồ sơ.',
  kioskForDossier: 'Hồ sơ {a}',
  kioskCancel: 'Hủy, quay lại màn hình đầu',
  kioskNext: 'Người tiếp theo',
  kioskIdle: 'Không có thao tác trong {a} giây, phiếu sẽ được xóa và quay lại màn hình đầu.',
  kioskDossierUsed: 'Hồ sơ này đã được đánh giá.',
  // answer errors
  e_required: 'Vui lòng trả lời câu hỏi này.',
  e_hidden: 'Câu hỏi này không áp dụng với câu trả lời trước đó.',
  e_unknownQuestion: 'Câu hỏi không có trong phiếu.',
  e_wrongType: 'Câu trả lời không hợp lệ.',
  e_wrongTypeNumber: 'Vui lòng nhập một số.',
  e_outOfRange: 'Giá trị phải từ {a} đến {b}.',
  e_notInteger: 'Vui lòng nhập số nguyên.',
  e_unknownOption: 'Phương án không có trong danh sách.',
  e_duplicateOption: 'Phương án bị chọn lặp.',
  e_tooManySelected: 'Chỉ chọn tối đa {a} phương án.',
  e_tooLong: 'Câu trả lời dài quá {a} ký tự.',
};

export type TextKey = keyof typeof vi;

const en: Record<TextKey, string> = {
  pageTitle: 'Satisfaction survey',
  loading: 'Loading…',
  language: 'Language',
  required: 'required',
  requiredNote: 'Questions marked * are required.',
  illustrative: 'Illustrative questionnaire wording, not the official text.',
  unit: 'Office',
  progress: '{a} of {b} questions answered',
  submit: 'Send',
  sending: 'Sending…',
  fixErrors: '{a} answers need attention. Please look at the marked questions.',
  thanksTitle: 'Thank you!',
  thanksText: 'Your answers have been recorded. You may close this page.',
  errTitle: 'The survey cannot be opened',
  errUnknown: 'This survey link is not valid or has expired.',
  errUsed: 'This survey has already been answered. Each link can be used once.',
  errClosed: 'The survey has ended.',
  errFlood: 'Too many submissions from your network. Please try again in a few minutes.',
  errNetwork: 'Cannot reach the server. Your answers are kept on this device; please try sending again.',
  errServer: 'Server error ({a}). Your answers are kept; please try sending again.',
  retry: 'Try again',
  scaleHint: 'Choose a level from 1 (very dissatisfied) to 5 (very satisfied).',
  multiHint: 'You may choose several options.',
  multiHintMax: 'Choose at most {a} options.',
  numberHint: 'Enter a number from {a} to {b}.',
  textHint: 'At most {a} characters.',
  kioskTitle: 'One-stop desk survey',
  kioskDossier: 'Dossier code on your appointment slip',
  kioskDossierHelp: 'Enter the dossier code to start. Each dossier can be rated once.',
  kioskStart: 'Start',
  kioskDossierRequired: 'Please enter the dossier code.',
  kioskForDossier: 'Dossier {a}',
  kioskCancel: 'Cancel, back to the start',
  kioskNext: 'Next person',
  kioskIdle: 'After {a} seconds without activity the form is cleared and the start screen comes back.',
  kioskDossierUsed: 'This dossier has already been rated.',
  e_required: 'Please answer this question.',
  e_hidden: 'This question does not apply given an earlier answer.',
  e_unknownQuestion: 'The questionnaire has no such question.',
  e_wrongType: 'This answer is not valid.',
  e_wrongTypeNumber: 'Please enter a number.',
  e_outOfRange: 'The value must be between {a} and {b}.',
  e_notInteger: 'Please enter a whole number.',
  e_unknownOption: 'This option is not in the list.',
  e_duplicateOption: 'An option is chosen twice.',
  e_tooManySelected: 'Choose at most {a} options.',
  e_tooLong: 'The answer is longer than {a} characters.',
};

/** Names of the languages a questionnaire may be offered in, each in its own language. */
export const LANGUAGE_NAMES: Record<string, string> = {
  vi: 'Tiếng Việt',
  en: 'English',
  jra: 'Jrai',
  bdq: 'Bahnar',
  km: 'ភាសាខ្មែរ',
  hmn: 'Hmoob',
};

/** Formats a number the Vietnamese way (decimal comma) for messages. */
export function num(n: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 4 }).format(n);
}

/** The page text in `lang` (English or Vietnamese), with {a} and {b} filled in. */
export function tr(lang: string, key: TextKey, a?: string | number, b?: string | number): string {
  const s = (lang === 'en' ? en : vi)[key];
  const f = (v: string | number | undefined) => (typeof v === 'number' ? num(v, lang) : (v ?? ''));
  return s.replace('{a}', f(a)).replace('{b}', f(b));
}

/** The message of an answer error. */
export function answerErrorText(lang: string, e: AnswerError, isNumber: boolean): string {
  if (e.code === 'wrongType' && isNumber) return tr(lang, 'e_wrongTypeNumber');
  return tr(lang, `e_${e.code}` as TextKey, e.limit, e.limit2);
}
