// Types and endpoints of the surveys module (SIPAS, PAR sociological survey). The types are inferred from the
// server's zod schemas (type-only import: nothing of zod reaches the bundle), so screens and routes cannot drift.

import type { z } from 'zod';
import type {
  BatchBody,
  BatchReply,
  BoardReply,
  CloseReply,
  IndicesReply,
  KioskCreateReply,
  PaperBody,
  PaperReply,
  PlanBody,
  QuestionnaireContentSchema,
  QuestionnaireDetailReply,
  QuestionnaireListReply,
  QuestionnaireVersionReply,
  ResponseListReply,
  SampleListReply,
  SampleReply,
  SurveyCreateBody,
  SurveyListReply,
  SurveyReply,
} from '../../../../src/modules/surveys/schemas.ts';
import { api } from '../../api/client';

export type QuestionnaireContent = z.infer<typeof QuestionnaireContentSchema>;
export type QuestionnaireVersion = z.infer<typeof QuestionnaireVersionReply>;
export type QuestionnaireSummary = z.infer<typeof QuestionnaireListReply>['items'][number];
export type QuestionnaireDetail = z.infer<typeof QuestionnaireDetailReply>;
export type Survey = z.infer<typeof SurveyReply>;
export type SurveySummary = z.infer<typeof SurveyListReply>['items'][number];
export type SurveyStatus = Survey['status'];
export type SurveyKind = Survey['kind'];
export type PlanInput = z.input<typeof PlanBody>;
export type SurveyCreateInput = z.input<typeof SurveyCreateBody>;
export type Quota = Survey['quotas'][number];
export type SampleResult = z.infer<typeof SampleReply>;
export type SampleLink = SampleResult['links'][number];
export type SampleList = z.infer<typeof SampleListReply>;
export type Board = z.infer<typeof BoardReply>;
export type CloseResult = z.infer<typeof CloseReply>;
export type KioskCreated = z.infer<typeof KioskCreateReply>;
export type PaperInput = z.input<typeof PaperBody>;
export type PaperResult = z.infer<typeof PaperReply>;
export type BatchInput = z.input<typeof BatchBody>;
export type BatchResult = z.infer<typeof BatchReply>;
export type ResponseList = z.infer<typeof ResponseListReply>;
export type SurveyResponse = ResponseList['items'][number];
export type Indices = z.infer<typeof IndicesReply>;
export type IndexRow = Indices['province'];
export type IndexCell = IndexRow['overall'];

const enc = encodeURIComponent;

export const surveyKeys = {
  all: ['surveys'] as const,
  questionnaires: ['surveys', 'questionnaires'] as const,
  questionnaire: (id: string) => ['surveys', 'questionnaires', id] as const,
  list: ['surveys', 'list'] as const,
  survey: (id: string) => ['surveys', 'detail', id] as const,
  sample: (id: string) => ['surveys', 'sample', id] as const,
  board: (id: string) => ['surveys', 'board', id] as const,
  responses: (id: string) => ['surveys', 'responses', id] as const,
  indices: (id: string) => ['surveys', 'indices', id] as const,
};

export const fetchQuestionnaires = () => api.get<z.infer<typeof QuestionnaireListReply>>('/api/surveys/questionnaires').then((r) => r.items);
export const fetchQuestionnaire = (id: string) => api.get<QuestionnaireDetail>(`/api/surveys/questionnaires/${enc(id)}`);
/** What a questionnaire write answers: the questionnaire, the version written and its number. */
export interface QuestionnaireWritten {
  id: string;
  versionId: string;
  version?: number;
}
export const createQuestionnaire = (input: { code: string; kind: SurveyKind; content: QuestionnaireContent }) =>
  api.post<QuestionnaireWritten>('/api/surveys/questionnaires', input);
export const newQuestionnaireVersion = (id: string, content?: QuestionnaireContent) =>
  api.post<QuestionnaireWritten>(`/api/surveys/questionnaires/${enc(id)}/versions`, content ? { content } : {});
export const saveQuestionnaireVersion = (id: string, version: number, content: QuestionnaireContent) =>
  api.put<QuestionnaireWritten>(`/api/surveys/questionnaires/${enc(id)}/versions/${version}`, { content });

export const fetchSurveys = () => api.get<z.infer<typeof SurveyListReply>>('/api/surveys').then((r) => r.items);
export const fetchSurvey = (id: string) => api.get<Survey>(`/api/surveys/${enc(id)}`);
export const createSurvey = (input: SurveyCreateInput) => api.post<Survey>('/api/surveys', input);
export const savePlan = (id: string, plan: PlanInput) => api.put<Survey>(`/api/surveys/${enc(id)}/plan`, plan);
export const openSurvey = (id: string) => api.post<Survey>(`/api/surveys/${enc(id)}/open`);
export const closeSurvey = (id: string) => api.post<CloseResult>(`/api/surveys/${enc(id)}/close`);

export const drawSample = (id: string, seed: string) => api.post<SampleResult>(`/api/surveys/${enc(id)}/sample`, { seed, baseUrl: window.location.origin });
export const fetchSample = (id: string) => api.get<SampleList>(`/api/surveys/${enc(id)}/sample`);
export const fetchBoard = (id: string) => api.get<Board>(`/api/surveys/${enc(id)}/board`);

export const createKiosk = (id: string, unitId: string, label: string) => api.post<KioskCreated>(`/api/surveys/${enc(id)}/kiosks`, { unitId, label });
export const submitPaper = (id: string, input: PaperInput) => api.post<PaperResult>(`/api/surveys/${enc(id)}/paper`, input);
export const syncBatch = (id: string, input: BatchInput) => api.post<BatchResult>(`/api/surveys/${enc(id)}/responses/batch`, input);

export const fetchResponses = (id: string) => api.get<ResponseList>(`/api/surveys/${enc(id)}/responses`);
export const excludeResponse = (id: string, responseId: string, reason: string) =>
  api.post<unknown>(`/api/surveys/${enc(id)}/responses/${enc(responseId)}/exclude`, { reason });
export const restoreResponse = (id: string, responseId: string) => api.post<unknown>(`/api/surveys/${enc(id)}/responses/${enc(responseId)}/restore`);

export const fetchIndices = (id: string) => api.get<Indices>(`/api/surveys/${enc(id)}/indices`);
export const indicesExportUrl = (id: string, format: 'xlsx' | 'pdf', lang: string) => `/api/surveys/${enc(id)}/indices.${format}?lang=${enc(lang)}`;
