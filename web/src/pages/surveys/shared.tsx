// Helpers shared by the survey screens: labels, badges, units of the province, texts in the UI language.

import { Badge, type BadgeProps } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { LangText, QuestionnaireContent } from '../../../../src/domain/surveys/questionnaire.ts';
import { fetchUnits, queryKeys } from '../../api/endpoints';
import type { Unit } from '../../api/types';
import { currentLanguage } from '../../i18n';
import { todayIso } from '../../i18n/format';
import { fetchQuestionnaire, fetchQuestionnaires, type Survey, type SurveyStatus, surveyKeys } from './api';

const STATUS_COLOR: Record<SurveyStatus, string> = { draft: 'gray', open: 'green', closed: 'blue' };

export function SurveyStatusBadge({ status, ...rest }: { status: SurveyStatus } & BadgeProps) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={STATUS_COLOR[status]} data-testid="survey-status" data-status={status} {...rest}>
      {t(`surveys.status.${status}`)}
    </Badge>
  );
}

/** A multilingual questionnaire text in the UI language (Vietnamese when missing). */
export function langText(text: LangText | Record<string, string> | undefined | null): string {
  if (!text) return '';
  const lang = currentLanguage();
  return text[lang] || text.vi || '';
}

/** Units existing today, for pickers. */
export function useUnits(): Unit[] {
  const date = todayIso();
  const q = useQuery({ queryKey: queryKeys.units({ date }), queryFn: ({ signal }) => fetchUnits({ date }, signal), staleTime: 5 * 60_000 });
  return q.data ?? [];
}

/** Download a text file built in the browser (list of links). */
export function downloadText(name: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob(['\ufeff', text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** One CSV cell, quoted when needed. */
export function csvCell(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The questionnaire content of the version a survey uses. */
export function useSurveyContent(survey: Pick<Survey, 'questionnaireCode' | 'questionnaireVersionId'>): QuestionnaireContent | null {
  const list = useQuery({ queryKey: surveyKeys.questionnaires, queryFn: fetchQuestionnaires, staleTime: 60_000 });
  const qid = list.data?.find((x) => x.code === survey.questionnaireCode)?.id ?? '';
  const detail = useQuery({ queryKey: surveyKeys.questionnaire(qid), queryFn: () => fetchQuestionnaire(qid), enabled: qid !== '', staleTime: 60_000 });
  const v = detail.data?.versions.find((x) => x.id === survey.questionnaireVersionId);
  return (v?.content as QuestionnaireContent | undefined) ?? null;
}
