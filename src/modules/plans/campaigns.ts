/**
 * Campaigns (chiến dịch, e.g. "100 ngày đêm"): targets per unit with milestones. A target that is a Decision 766
 * indicator reads its actual value live from the service index (the dossier rollups over the campaign window, via
 * periodCounts); any other target takes the values its unit reports.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { addDays, daysBetween } from '../../domain/calendar/isoDate.ts';
import { checkMilestones, type Milestone, progress, requiredSeries, show } from '../../domain/plans/campaign.ts';
import { type DossierCounts, rateParts } from '../../domain/serviceIndex/index.ts';
import { vietnamDay } from '../../domain/shared/clock.ts';
import { type Decimal, dec, div, mul } from '../../domain/shared/decimal.ts';
import { AppError, fieldInvalid, notFound } from '../../server/errors.ts';
import { authorize } from '../../server/http.ts';
import { writeAudit } from '../audit/repo.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { actorIdOrNull } from '../auth/context.ts';
import { periodCounts } from '../serviceIndex/stored-scores.ts';
import { unitPath } from '../units/repo.ts';
import { trimDecimal, unitsById } from './repo.ts';

export type Indicator = 'onlineRate' | 'digitisationRate' | 'onlinePaymentRate';

export interface TargetInput {
  unitId: string;
  name: string;
  indicator: Indicator | null;
  unitLabel: string;
  baseline: string;
  milestones: Milestone[];
}

const num = (v: string) => v.replace(',', '.');

/** Day number of a date in a campaign: its first day is day 1, the day before it day 0. */
export const dayNumber = (start: string, date: string) => daysBetween(start, date) + 1;
export const dateOfDay = (start: string, day: number) => addDays(start, day - 1);

type Counts = { counts: DossierCounts };

/** A Decision 766 rate in percent from the service-index counts of a unit, exact; null when its denominator is 0. */
export function indicatorRate(indicator: Indicator, c: Counts | undefined): Decimal | null {
  if (!c) return null;
  const { numerator, denominator } = rateParts(indicator, c.counts);
  return denominator === 0 ? null : mul(div(numerator, denominator), 100);
}

export async function createCampaign(
  c: UseCaseContext,
  b: { name: string; planId: string | null; startDate: string; endDate: string; targets: TargetInput[] },
) {
  authorize(c, 'plans.manage');
  if (b.endDate < b.startDate) throw fieldInvalid('campaign_dates', 'endDate');
  const length = dayNumber(b.startDate, b.endDate);
  b.targets.forEach((t, i) => {
    const p = checkMilestones(t.milestones, length);
    if (p) throw fieldInvalid(p, `targets.${i}.milestones`, { length });
  });
  const id = await c.db.transaction().execute(async (trx) => {
    if (b.planId && !(await trx.selectFrom('plans').select('id').where('id', '=', b.planId).executeTakeFirst())) throw fieldInvalid('not_found', 'planId');
    const units = await unitsById(
      trx,
      b.targets.map((t) => t.unitId),
    );
    const unknown = b.targets.findIndex((t) => !units.has(t.unitId));
    if (unknown >= 0) throw fieldInvalid('plan_unit_unknown', `targets.${unknown}.unitId`, { unit: b.targets[unknown].unitId });
    const row = await trx
      .insertInto('campaigns')
      .values({ name: b.name, plan_id: b.planId, start_date: b.startDate, end_date: b.endDate, created_at: c.clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const t of b.targets) {
      await trx
        .insertInto('campaign_targets')
        .values({
          campaign_id: row.id,
          unit_id: t.unitId,
          name: t.name,
          indicator: t.indicator,
          unit_label: t.unitLabel,
          baseline: num(t.baseline),
          milestones: JSON.stringify(t.milestones.map((m) => ({ day: m.day, value: num(m.value) }))),
        })
        .execute();
    }
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'campaign.create',
      entityType: 'campaign',
      entityId: row.id,
      after: b,
      ip: c.ip,
    });
    return row.id;
  });
  return getCampaign(c, id, undefined);
}

export async function listCampaigns(c: UseCaseContext) {
  authorize(c, 'plans.read');
  const rows = await c.db
    .selectFrom('campaigns as c')
    .leftJoin('campaign_targets as t', 't.campaign_id', 'c.id')
    .select((eb) => ['c.id', 'c.name', 'c.plan_id', 'c.start_date', 'c.end_date', eb.fn.count<string>('t.id').as('targets')])
    .groupBy(['c.id', 'c.name', 'c.plan_id', 'c.start_date', 'c.end_date'])
    .orderBy('c.start_date', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, planId: r.plan_id, startDate: r.start_date, endDate: r.end_date, targetCount: Number(r.targets) }));
}

/** Days at which the burn-up is sampled: every 7th day and the day of observation. */
function sampleDays(day: number): number[] {
  const out: number[] = [];
  for (let d = 7; d < day; d += 7) out.push(d);
  if (day > 0) out.push(day);
  return out;
}

export async function getCampaign(c: UseCaseContext, id: string, on: string | undefined) {
  authorize(c, 'plans.read');
  return campaignView(c.db, id, on ?? vietnamDay(c.clock.now()));
}

export async function campaignView(db: Kysely<DB>, id: string, on: string) {
  const camp = await db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  if (!camp) throw notFound();
  const targets = await db.selectFrom('campaign_targets').selectAll().where('campaign_id', '=', id).orderBy('name').execute();
  const values = targets.length
    ? await db
        .selectFrom('campaign_values')
        .selectAll()
        .where(
          'target_id',
          'in',
          targets.map((t) => t.id),
        )
        .orderBy('day')
        .execute()
    : [];
  const units = await unitsById(
    db,
    targets.map((t) => t.unit_id),
  );
  const length = dayNumber(camp.start_date, camp.end_date);
  const today = Math.max(0, Math.min(dayNumber(camp.start_date, on), length));
  // live counts of the service index over [start, sample day] for each sample day (only when an indicator needs them)
  const live = new Map<number, Map<string, Counts>>();
  if (targets.some((t) => t.indicator)) {
    for (const d of sampleDays(today)) {
      const rows = await periodCounts(db, camp.start_date, addDays(dateOfDay(camp.start_date, d), 1));
      live.set(d, new Map(rows.map((r) => [r.unitId, r])));
    }
  }
  let warnings = 0;
  const out = targets.map((t) => {
    const target = { baseline: trimDecimal(t.baseline)!, milestones: t.milestones.map((m) => ({ day: m.day, value: trimDecimal(m.value)! })) };
    let actual: { day: number; value: Decimal }[];
    if (t.indicator) {
      actual = sampleDays(today)
        .map((d) => ({ day: d, value: indicatorRate(t.indicator!, live.get(d)?.get(t.unit_id)) }))
        .filter((p): p is { day: number; value: Decimal } => p.value !== null);
    } else {
      actual = values
        .filter((v) => v.target_id === t.id)
        .map((v) => ({ day: dayNumber(camp.start_date, v.day), value: dec(v.value) }))
        .filter((p) => p.day >= 1 && p.day <= today);
    }
    const last = actual.length ? actual[actual.length - 1] : null;
    const p = progress(target, today, last ? last.value : null);
    // the projection uses the pace up to the last measurement
    const proj = last ? progress(target, last.day, last.value) : null;
    const warning = proj?.warning ?? false;
    if (warning) warnings++;
    return {
      id: t.id,
      unit: units.get(t.unit_id)!,
      name: t.name,
      indicator: t.indicator,
      unitLabel: t.unit_label,
      baseline: target.baseline,
      milestones: target.milestones.map((m) => ({ day: m.day, date: dateOfDay(camp.start_date, m.day), value: m.value })),
      actual: actual.map((a) => ({ day: a.day, date: dateOfDay(camp.start_date, a.day), value: show(a.value) })),
      required: requiredSeries(target, Math.max(today, 1)).map((r) => ({ day: r.day, date: dateOfDay(camp.start_date, r.day), value: show(r.value) })),
      current: last ? show(last.value) : null,
      projection: proj?.next && proj.projected ? { milestoneDay: proj.next.day, milestoneValue: proj.next.value, projected: show(proj.projected) } : null,
      requiredNow: show(p.required),
      warning,
    };
  });
  return {
    id: camp.id,
    name: camp.name,
    planId: camp.plan_id,
    startDate: camp.start_date,
    endDate: camp.end_date,
    targetCount: targets.length,
    on,
    dayNumber: today,
    targets: out,
    warnings,
  };
}

/** A unit reports the value of one of its (non-indicator) targets on a day of the campaign. */
export async function recordTargetValue(c: UseCaseContext, targetId: string, v: { day: string; value: string; note: string }) {
  const t = await c.db
    .selectFrom('campaign_targets as t')
    .innerJoin('campaigns as c', 'c.id', 't.campaign_id')
    .select(['t.id', 't.unit_id', 't.indicator', 't.campaign_id', 'c.start_date', 'c.end_date'])
    .where('t.id', '=', targetId)
    .executeTakeFirst();
  if (!t) throw notFound();
  const path = await unitPath(c.db, t.unit_id);
  try {
    authorize(c, 'plans.report', { unitPath: path });
  } catch {
    authorize(c, 'plans.manage');
  }
  if (t.indicator) throw new AppError('campaign_indicator_value', { status: 409 });
  if (v.day < t.start_date || v.day > t.end_date) throw fieldInvalid('campaign_value_outside', 'day', { start: t.start_date, end: t.end_date });
  if (v.day > vietnamDay(c.clock.now())) throw fieldInvalid('campaign_value_future', 'day');
  await c.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('campaign_values')
      .values({
        unit_id: t.unit_id,
        target_id: targetId,
        day: v.day,
        value: num(v.value),
        note: v.note,
        reported_by: actorIdOrNull(c.actor),
        reported_at: c.clock.now(),
      })
      .onConflict((oc) =>
        oc.columns(['target_id', 'day']).doUpdateSet({ value: num(v.value), note: v.note, reported_by: actorIdOrNull(c.actor), reported_at: c.clock.now() }),
      )
      .execute();
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'campaign.value',
      entityType: 'campaignTarget',
      entityId: targetId,
      unitId: t.unit_id,
      after: v,
      ip: c.ip,
    });
  });
  return campaignView(c.db, t.campaign_id, vietnamDay(c.clock.now()));
}
