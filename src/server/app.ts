import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { auditRoutes } from '../modules/audit/routes.ts';
import { resolveApiToken, resolveSession } from '../modules/auth/login.ts';
import { authRoutes } from '../modules/auth/routes.ts';
import { calendarRoutes } from '../modules/calendar/routes.ts';
import { notificationRoutes } from '../modules/notifications/routes.ts';
import { parExportRoutes } from '../modules/par/export-routes.ts';
import { parRoutes } from '../modules/par/routes.ts';
import { planRoutes } from '../modules/plans/routes.ts';
import { dossierRoutes } from '../modules/serviceIndex/dossier-routes.ts';
import { serviceIndexRoutes } from '../modules/serviceIndex/routes.ts';
import { surveyPublicPageRoutes } from '../modules/surveys/public-page.ts';
import { type SurveyRouteOptions, surveyRoutes } from '../modules/surveys/routes.ts';
import { unitRoutes } from '../modules/units/routes.ts';
import { userRoutes } from '../modules/users/routes.ts';
import { AppError, registerErrorHandling } from './errors.ts';
import { type App, type AppDeps, SESSION_COOKIE } from './http.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const webDist = path.join(root, 'web/dist');

export const BODY_LIMIT = 1024 * 1024;
export const UPLOAD_LIMIT = 10 * 1024 * 1024;

export async function buildApp(
  deps: AppDeps,
  opts: { logLevel?: string; serveWeb?: boolean; surveyPublicRateLimit?: SurveyRouteOptions['publicRateLimit'] } = {},
): Promise<App> {
  const app = Fastify({
    logger: { level: opts.logLevel ?? 'info' },
    bodyLimit: BODY_LIMIT,
    trustProxy: true,
  }).withTypeProvider<import('fastify-type-provider-zod').ZodTypeProvider>() as unknown as App;

  app.decorate('deps', deps);
  app.decorateRequest('auth', null);
  app.decorateRequest('authError', null);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  // JSON, CSV and the web app's text travel gzipped to clients that accept it (a province's league table: 1.2 MB of
  // JSON, about 45 KB gzipped); the fastest level, about 2 ms a megabyte. Excel and PDF are already compressed.
  await app.register(compress, { global: true, threshold: 2048, encodings: ['gzip'], zlibOptions: { level: 1 } });
  await app.register(cookie);
  // preservePath: file names arrive as sent, so that a name with directory parts is refused rather than silently cut
  await app.register(multipart, { preservePath: true, limits: { fileSize: UPLOAD_LIMIT, files: 1, fields: 10, parts: 12 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'CCHC API', description: 'Nền tảng quản lý cải cách hành chính cấp tỉnh', version: deps.version },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token (cchc_…)' },
          cookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  // Who is calling: an API token (Authorization: Bearer) or a session cookie. Failures are kept and raised only
  // by routes that need a user, so that public routes still answer.
  app.addHook('onRequest', async (req) => {
    // The public survey endpoints never act for a user: no session lookup, no CSRF (a kiosk tablet may hold a cookie).
    if (!req.url.startsWith('/api/') || req.url.startsWith('/api/public/')) return;
    const header = req.headers.authorization;
    try {
      if (header) {
        const m = /^Bearer\s+(\S+)$/i.exec(header);
        if (!m) throw new AppError('invalid_token', { status: 401 });
        req.auth = { user: await resolveApiToken(deps.db, deps.clock, m[1]), via: 'token' };
        return;
      }
      const token = req.cookies[SESSION_COOKIE];
      if (token) {
        const s = await resolveSession(deps.db, deps.clock, token);
        req.auth = { user: s.user, via: 'session', sessionId: s.sessionId, csrfToken: s.csrfToken };
      }
    } catch (e) {
      if (e instanceof AppError) req.authError = e;
      else throw e;
    }
  });

  // Everything under /api needs a signed-in caller except these; unauthenticated calls are refused before their
  // input is even validated.
  const PUBLIC = ['/api/health', '/api/auth/login', '/api/auth/token', '/api/docs', '/api/public'];
  app.addHook('preValidation', async (req) => {
    const url = req.url.split('?')[0];
    if (!req.routeOptions.url || !url.startsWith('/api/') || PUBLIC.some((p) => url === p || url.startsWith(`${p}/`))) return;
    if (!req.auth) throw req.authError ?? new AppError('unauthenticated', { status: 401 });
  });

  // CSRF: a cookie-authenticated write must echo the session's token in a header a foreign site cannot set.
  app.addHook('preHandler', async (req) => {
    if (req.auth?.via !== 'session') return;
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return;
    if (req.headers['x-csrf-token'] !== req.auth.csrfToken) throw new AppError('csrf_failed', { status: 403 });
  });

  app.get('/api/health', { schema: { tags: ['system'] } }, async () => ({ status: 'ok', db: deps.dbKind, version: deps.version }));

  await app.register(authRoutes);
  await app.register(unitRoutes);
  await app.register(userRoutes);
  await app.register(auditRoutes);
  await app.register(calendarRoutes);
  await app.register(parRoutes);
  await app.register(parExportRoutes);
  await app.register(notificationRoutes);
  await app.register(serviceIndexRoutes);
  await app.register(dossierRoutes);
  await app.register(surveyRoutes, { publicRateLimit: opts.surveyPublicRateLimit });
  await app.register(planRoutes);

  const serveWeb = opts.serveWeb !== false && fs.existsSync(path.join(webDist, 'index.html'));
  if (serveWeb) await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false, index: ['index.html'] });
  await app.register(surveyPublicPageRoutes, { serveWeb: serveWeb && fs.existsSync(path.join(webDist, 'survey.html')) });
  // Client-side routes fall back to the app shell; unknown /api paths are problem+json 404s.
  app.setNotFoundHandler((req, reply) => {
    if (serveWeb && req.method === 'GET' && !req.url.startsWith('/api/')) return reply.type('text/html').sendFile('index.html');
    throw new AppError('route_not_found', { status: 404, params: { url: req.url.split('?')[0] } });
  });
  return app;
}
