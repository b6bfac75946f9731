import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { type Lang, type MessageCode, message } from './messages.ts';

export interface FieldError {
  path: string;
  /** Vietnamese */
  message: string;
  messageEn?: string;
}
export interface RowError {
  row: number;
  column: string;
  /** Vietnamese */
  message: string;
  messageEn?: string;
}

/**
 * The one error family. `code` selects the user-facing message (vi/en) in messages.ts; `internal` is for logs only.
 */
export class AppError extends Error {
  readonly code: MessageCode;
  readonly status: number;
  readonly params: Record<string, string | number>;
  readonly errors?: (FieldError | RowError)[];
  constructor(code: MessageCode, opts: { status: number; params?: Record<string, string | number>; errors?: (FieldError | RowError)[]; internal?: string }) {
    super(opts.internal ?? code);
    this.name = 'AppError';
    this.code = code;
    this.status = opts.status;
    this.params = opts.params ?? {};
    this.errors = opts.errors;
  }
}

export const notFound = (code: MessageCode = 'not_found', params?: Record<string, string | number>) => new AppError(code, { status: 404, params });
export const forbidden = (code: MessageCode = 'forbidden', params?: Record<string, string | number>) => new AppError(code, { status: 403, params });
export const conflict = (code: MessageCode, params?: Record<string, string | number>) => new AppError(code, { status: 409, params });
export const invalid = (code: MessageCode, errors?: (FieldError | RowError)[], params?: Record<string, string | number>) =>
  new AppError(code, { status: 422, errors, params });
/** A 422 whose one field error repeats the detail message, in both languages. */
export function fieldInvalid(code: MessageCode, path: string, params: Record<string, string | number> = {}) {
  return invalid(code, [{ path, message: message(code, 'vi', params), messageEn: message(code, 'en', params) }], params);
}
export const unauthorized = (code: MessageCode = 'unauthenticated') => new AppError(code, { status: 401 });

export function requestLang(req: FastifyRequest): Lang {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (q === 'en' || q === 'vi') return q;
  const h = req.headers['accept-language'];
  if (typeof h === 'string' && /^\s*en\b/i.test(h)) return 'en';
  return 'vi';
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function send(reply: FastifyReply, req: FastifyRequest, status: number, code: MessageCode, params: Record<string, string | number>, errors?: unknown[]) {
  const lang = requestLang(req);
  return reply
    .status(status)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: `urn:cchc:problem:${code}`,
      title: titles[status] ?? 'Error',
      status,
      code,
      detail: message(code, lang, params),
      instance: req.url,
      ...(errors ? { errors: errors.map((e) => localiseItem(e, lang)) } : {}),
    });
}

/** Maps every error to RFC 9457 problem+json; bad input never becomes a bare 500. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) return send(reply, req, err.status, err.code, err.params, err.errors);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const lang = requestLang(req);
      const where = (err as FastifyError & { validationContext?: string }).validationContext ?? 'body';
      const errors = err.validation.map((v) => ({
        path: [
          where,
          ...String(v.instancePath ?? '')
            .split('/')
            .filter(Boolean),
        ].join('.'),
        message: zodIssueMessage(v.keyword, v.params as Record<string, unknown>, v.message ?? '', lang),
      }));
      return send(reply, req, 400, 'validation_failed', {}, errors);
    }
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(reply, req, 400, 'malformed_json', {});
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
      case 'FST_REQ_FILE_TOO_LARGE':
        return send(reply, req, 413, 'body_too_large', {});
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
        return send(reply, req, 415, 'unsupported_media_type', {});
      case 'FST_FILES_LIMIT':
      case 'FST_PARTS_LIMIT':
      case 'FST_FIELDS_LIMIT':
        return send(reply, req, 413, 'body_too_large', {});
    }
    if (err.statusCode === 429) return send(reply, req, 429, 'rate_limited', {});
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return send(reply, req, err.statusCode, 'bad_request', {});
    }
    req.log.error({ err }, 'unhandled error');
    return send(reply, req, 500, 'internal_error', {});
  });
}

/** Row errors carry both languages; the reply keeps the caller's. */
function localiseItem(e: unknown, lang: Lang): unknown {
  if (!e || typeof e !== 'object' || !('messageEn' in e)) return e;
  const { messageEn, ...rest } = e as RowError | FieldError;
  return lang === 'en' && messageEn ? { ...rest, message: messageEn } : rest;
}

function zodIssueMessage(keyword: string, params: Record<string, unknown>, fallback: string, lang: Lang): string {
  switch (keyword) {
    case 'unrecognized_keys':
      return message('zod_unknown_field', lang, { keys: ((params.keys as string[]) ?? []).join(', ') });
    case 'invalid_type':
      // zod reports a missing value as "expected …, received undefined"
      return /received undefined$/.test(fallback)
        ? message('zod_required', lang)
        : message('zod_invalid_type', lang, { expected: String(params.expected ?? '') });
    case 'too_small':
      return message('zod_too_small', lang, { minimum: String(params.minimum ?? '') });
    case 'too_big':
      return message('zod_too_big', lang, { maximum: String(params.maximum ?? '') });
    case 'invalid_format':
      return message('zod_invalid_format', lang, { format: String(params.format ?? '') });
    case 'invalid_value':
      return message('zod_invalid_value', lang, { values: ((params.values as unknown[]) ?? []).join(', ') });
    default:
      return lang === 'vi' ? message('zod_invalid', lang) : fallback;
  }
}
