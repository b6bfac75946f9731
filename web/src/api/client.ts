// Thin fetch wrapper for the CCHC API.
// - same-origin cookies (HttpOnly session cookie set by /api/auth/login)
// - x-csrf-token header on every non-GET request (token kept in memory only)
// - Accept-Language follows the UI language, so the server localises problem details
// - RFC 9457 problem+json errors are thrown as ApiError

import i18n, { currentLanguage } from '../i18n';

export interface FieldError {
  path: string;
  message: string;
}

export interface RowError {
  row: number;
  column: string;
  message: string;
}

export type ProblemError = Partial<FieldError> & Partial<RowError> & { message: string };

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: ProblemError[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly type: string | undefined;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  readonly code: string | undefined;
  readonly errors: ProblemError[];

  constructor(status: number, problem: Problem, fallbackMessage: string) {
    super(problem.detail || problem.title || fallbackMessage);
    this.name = 'ApiError';
    this.status = status;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.code = problem.code;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }

  /** Errors that point at a spreadsheet cell (imports). */
  get rowErrors(): RowError[] {
    return this.errors.filter((e): e is RowError & ProblemError => typeof e.row === 'number');
  }

  /** Errors that point at a request field (validation). */
  get fieldErrors(): FieldError[] {
    return this.errors.filter((e): e is FieldError & ProblemError => typeof e.path === 'string');
  }
}

/** Message to show the user for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return i18n.t('common.errorTitle');
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The CSRF token of the session (for requests made without fetch, e.g. XMLHttpRequest uploads). */
export function getCsrfToken(): string | null {
  return csrfToken;
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler | null = null;

/** Called when an authenticated request gets 401 (session expired). */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  onUnauthorized = handler;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  formData?: FormData;
  signal?: AbortSignal;
  /** Don't trigger the global "session expired" handler on 401. */
  skipAuthRedirect?: boolean;
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const upper = method.toUpperCase();
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': currentLanguage(),
  };
  let body: BodyInit | undefined;
  if (options.formData) {
    body = options.formData; // browser sets multipart boundary
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (upper !== 'GET' && upper !== 'HEAD' && csrfToken) {
    headers['x-csrf-token'] = csrfToken;
  }

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method: upper,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, { code: 'network' }, i18n.t('errors.network'));
  }

  if (response.status === 204 || response.status === 205) return undefined as T;

  const contentType = response.headers.get('content-type') ?? '';
  const isJson = contentType.includes('json');
  let payload: unknown;
  if (isJson) {
    try {
      payload = await response.json();
    } catch {
      payload = undefined;
    }
  } else if (response.ok) {
    const text = await response.text();
    return (text === '' ? undefined : text) as T;
  }

  if (!response.ok) {
    const problem: Problem = payload && typeof payload === 'object' ? (payload as Problem) : {};
    const error = new ApiError(response.status, problem, i18n.t('errors.unexpected', { status: response.status }));
    if (response.status === 401 && !options.skipAuthRedirect && onUnauthorized) onUnauthorized();
    throw error;
  }
  return payload as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PATCH', path, { ...options, body }),
  delete: <T = void>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
  upload: <T>(path: string, formData: FormData, options?: RequestOptions) => request<T>('POST', path, { ...options, formData }),
};
