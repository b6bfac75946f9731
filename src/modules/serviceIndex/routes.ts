import type { App } from '../../server/http.ts';

/** Decision 766 service index (Bộ chỉ số phục vụ người dân, doanh nghiệp). */
export async function serviceIndexRoutes(_app: App) {}
