import type { App } from '../../server/http.ts';

/**
 * The public survey page (web/survey.html, its own small bundle without the app framework) at the addresses printed
 * in the links and QR codes: /s/<token> for a sampled respondent, /k/<key> for a counter kiosk.
 */
export async function surveyPublicPageRoutes(app: App, opts: { serveWeb: boolean }) {
  if (!opts.serveWeb) return;
  for (const path of ['/s/:token', '/k/:key'])
    app.get(path, { schema: { hide: true } }, async (_req, reply) =>
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').type('text/html; charset=utf-8').sendFile('survey.html'),
    );
}
