// The public survey API (no login): fetch with problem+json errors.

import type { Answers, QuestionnaireContent } from '../../../src/domain/surveys/questionnaire.ts';

export interface PublicQuestionnaire {
  surveyName: string;
  unitName: string;
  lang: string;
  questionnaire: QuestionnaireContent;
}

export interface ProblemItem {
  questionId?: string;
  path?: string;
  code?: string;
  message?: string;
  messageEn?: string;
}

/** A refused request: `status` 0 when the server could not be reached. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly detail: string | undefined,
    readonly errors: ProblemItem[],
  ) {
    super(detail || `HTTP ${status}`);
  }
}

async function call<T>(method: 'GET' | 'POST', path: string, lang: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: {
        Accept: 'application/json, application/problem+json',
        'Accept-Language': lang === 'en' ? 'en' : 'vi',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new HttpError(0, 'network', undefined, []);
  }
  let payload: unknown;
  try {
    payload = await res.json();
  } catch {
    payload = undefined;
  }
  if (!res.ok) {
    const p = (payload && typeof payload === 'object' ? payload : {}) as { code?: string; detail?: string; title?: string; errors?: ProblemItem[] };
    throw new HttpError(res.status, p.code, p.detail || p.title, Array.isArray(p.errors) ? p.errors : []);
  }
  return payload as T;
}

export interface SubmitBody {
  id: string;
  answers: Answers;
  lang: string;
  dossierCode?: string;
}

const enc = encodeURIComponent;

export const publicApi = {
  linkQuestionnaire: (token: string, lang: string) => call<PublicQuestionnaire>('GET', `/api/public/surveys/t/${enc(token)}?lang=${enc(lang)}`, lang),
  linkSubmit: (token: string, body: SubmitBody) => call<unknown>('POST', `/api/public/surveys/t/${enc(token)}/responses`, body.lang, body),
  kioskQuestionnaire: (key: string, lang: string) => call<PublicQuestionnaire>('GET', `/api/public/surveys/kiosk/${enc(key)}?lang=${enc(lang)}`, lang),
  kioskSubmit: (key: string, body: SubmitBody) => call<unknown>('POST', `/api/public/surveys/kiosk/${enc(key)}/responses`, body.lang, body),
};
