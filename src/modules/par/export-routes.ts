import type { App } from '../../server/http.ts';

/** Official documents and analysis exports of the PAR Index (PDF annex, detailed sheets, remedial plan drafts). */
export async function parExportRoutes(_app: App) {}
