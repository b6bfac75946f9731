/**
 * Decision 766 service index (Bộ chỉ số phục vụ người dân, doanh nghiệp): pure domain module (no IO, no clock).
 * onTime.ts — on-time rules for dossiers (methodology §5.2); indicators.ts — the versioned rule table (§3.1–§3.3);
 * score.ts — indicator points, group scores, total, class and ranks; period.ts — reporting periods.
 */

export * from './countLabels.ts';
export * from './dossierCounts.ts';
export * from './drill.ts';
export * from './indicators.ts';
export * from './onTime.ts';
export * from './period.ts';
export * from './score.ts';
