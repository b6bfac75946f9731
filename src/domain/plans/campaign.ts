/**
 * Campaign (chiến dịch) arithmetic, exact (BigInt rationals), rounded half-up to 2 decimals only for display.
 *
 * A target starts at `baseline` on day 0 (the day before the campaign's first day) and must reach each milestone's
 * value by its day number (day 1 = the campaign's first day; e.g. day 50 and day 100).
 *
 * - Required pace: the straight line from the baseline to the first milestone, then from milestone to milestone;
 *   after the last milestone it stays at the last value.
 * - Projection: the value the unit will have at the next milestone if it keeps its pace so far, i.e. the line
 *   through (0, baseline) and (today, current): baseline + (current − baseline) × M / today.
 * - Early warning: the projection falls short of the next milestone's value (for a rising target) — or is above it
 *   for a falling target (one whose milestones are below its baseline, such as a late-dossier rate).
 */
import { add, compare, type Decimal, type DecimalInput, dec, div, mul, sub, toFixed } from '../shared/decimal.ts';

export interface Milestone {
  day: number;
  value: string;
}

export interface CampaignTarget {
  baseline: string;
  milestones: Milestone[];
}

export type MilestoneProblem = 'campaign_milestone_order' | 'campaign_milestone_after_end';

/** Milestones must be in strictly increasing day order and within the campaign's length. */
export function checkMilestones(ms: Milestone[], lengthDays: number): MilestoneProblem | null {
  for (let i = 0; i < ms.length; i++) {
    if (ms[i].day > lengthDays) return 'campaign_milestone_after_end';
    if (i > 0 && ms[i].day <= ms[i - 1].day) return 'campaign_milestone_order';
  }
  return null;
}

const rising = (t: CampaignTarget) => compare(t.milestones[t.milestones.length - 1].value, t.baseline) >= 0;

/** The required value on a day number (exact). */
export function requiredAt(t: CampaignTarget, day: number): Decimal {
  let fromDay = 0;
  let fromValue: DecimalInput = t.baseline;
  for (const m of t.milestones) {
    if (day <= m.day) {
      // fromValue + (m.value − fromValue) × (day − fromDay) / (m.day − fromDay)
      return add(fromValue, div(mul(sub(m.value, fromValue), day - fromDay), m.day - fromDay));
    }
    fromDay = m.day;
    fromValue = m.value;
  }
  return dec(fromValue);
}

/** The next milestone on or after `day`, or null after the last one. */
export function nextMilestone(t: CampaignTarget, day: number): Milestone | null {
  return t.milestones.find((m) => m.day >= day) ?? null;
}

/** The value at `atDay` on the line through (0, baseline) and (day, current). Null on day 0 (no pace yet). */
export function projectAt(baseline: DecimalInput, day: number, current: DecimalInput, atDay: number): Decimal | null {
  if (day <= 0) return null;
  return add(baseline, div(mul(sub(current, baseline), atDay), day));
}

export interface Progress {
  required: Decimal;
  next: Milestone | null;
  projected: Decimal | null;
  warning: boolean;
}

/** Where a target stands on day `day` with value `current` (null: nothing measured yet). */
export function progress(t: CampaignTarget, day: number, current: DecimalInput | null): Progress {
  const required = requiredAt(t, day);
  const next = nextMilestone(t, day);
  if (!next || current === null) return { required, next, projected: null, warning: false };
  const projected = projectAt(t.baseline, day, current, next.day);
  if (projected === null) return { required, next, projected, warning: false };
  const short = rising(t) ? compare(projected, next.value) < 0 : compare(projected, next.value) > 0;
  return { required, next, projected, warning: short };
}

/** The required line as points at day 0, every milestone and `lastDay`, for a chart. */
export function requiredSeries(t: CampaignTarget, lastDay: number): { day: number; value: Decimal }[] {
  const days = [...new Set([0, ...t.milestones.map((m) => m.day), lastDay])].filter((d) => d <= lastDay).sort((a, b) => a - b);
  return days.map((d) => ({ day: d, value: requiredAt(t, d) }));
}

export const show = (x: DecimalInput) => toFixed(x, 2);
