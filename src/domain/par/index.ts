/**
 * PAR Index (Chỉ số CCHC) domain: framework tree and validation, leaf scoring, roll-up, indices, ranks, classes,
 * what-if and weak criteria. Pure functions: no IO, no clock. Exact arithmetic: ../shared/decimal.ts.
 */

export * from './classify.ts';
export * from './compute.ts';
export * from './framework.ts';
export * from './means.ts';
export * from './ranking.ts';
export * from './scoring.ts';
export * from './weak.ts';
