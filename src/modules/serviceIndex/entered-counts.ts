import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import {
  type CombinedCounts,
  combineCounts,
  countRatioProblems,
  GROUP_IDS,
  type GroupId,
  groupCountFields,
  QD766_VERSIONS,
  type RuleVersion,
  selectVersion,
  type UnitCounts,
} from '../../domain/serviceIndex/index.ts';
import { type FieldError, fieldInvalid, invalid, notFound } from '../../server/errors.ts';
import { authorize } from '../../server/http.ts';
import { message } from '../../server/messages.ts';
import { writeAudit } from '../audit/repo.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { actorIdOrNull } from '../auth/context.ts';
import { unitPath } from '../units/repo.ts';
import { bumpDataVersion } from './score-cache.ts';
import { periodCounts, periodOrFail } from './stored-scores.ts';

type GroupCounts = UnitCounts['counts'];

/** The rule version of a period, or the 422 the scorer gives for a period without rules. */
export function versionOf(periodText: string): RuleVersion {
  const v = selectVersion(QD766_VERSIONS, periodText);
  if (!v.ok) throw fieldInvalid('service_index_no_rule_version', 'period', { period: periodText });
  return v.version;
}

/** Counts entered for a period, per unit and group. */
export async function enteredCounts(db: Kysely<DB>, period: string, unitId?: string): Promise<Map<string, GroupCounts>> {
  let q = db.selectFrom('service_index_counts').select(['unit_id', 'group_id', 'counts']).where('period', '=', period);
  if (unitId) q = q.where('unit_id', '=', unitId);
  const out = new Map<string, GroupCounts>();
  for (const r of await q.execute()) {
    const counts = (typeof r.counts === 'string' ? JSON.parse(r.counts) : r.counts) as Record<string, number>;
    const u = out.get(r.unit_id) ?? {};
    u[r.group_id as GroupId] = counts;
    out.set(r.unit_id, u);
  }
  return out;
}

/**
 * Every unit's counts for a period: from the dossier rollups, with the entered counts on top, and only complete groups
 * kept (combineCounts). Units with entered counts but no dossiers are included.
 */
export async function combinedPeriodCounts(
  db: Kysely<DB>,
  period: { text: string; start: string; end: string },
  version: RuleVersion | null,
): Promise<{ unitId: string; counts: GroupCounts; missing: CombinedCounts['missing'] }[]> {
  const [derived, entered] = await Promise.all([periodCounts(db, period.start, period.end), enteredCounts(db, period.text)]);
  const byUnit = new Map<string, GroupCounts>(derived.map((d) => [d.unitId, d.counts as GroupCounts]));
  for (const id of entered.keys()) if (!byUnit.has(id)) byUnit.set(id, {});
  return [...byUnit].map(([unitId, counts]) => {
    if (!version) return { unitId, counts, missing: {} };
    const c = combineCounts(version, counts, entered.get(unitId) ?? {});
    return { unitId, counts: c.counts, missing: c.missing };
  });
}

/** One unit's counts derived from dossiers for a period (reading that unit's rollups only). */
async function derivedUnitCounts(db: Kysely<DB>, p: { start: string; end: string }, unitId: string): Promise<GroupCounts> {
  return ((await periodCounts(db, p.start, p.end, unitId))[0]?.counts ?? {}) as GroupCounts;
}

/** What the entry form of a unit and period needs: the fields of each group, the derived and the entered counts. */
export async function unitCounts(c: UseCaseContext, unitId: string, periodText: string) {
  authorize(c, 'serviceIndex.read', { unitPath: await unitPath(c.db, unitId) });
  const p = periodOrFail(periodText);
  const version = versionOf(p.text);
  const derived = await derivedUnitCounts(c.db, p, unitId);
  const entered = (await enteredCounts(c.db, p.text, unitId)).get(unitId) ?? {};
  const combined = combineCounts(version, derived, entered);
  return {
    period: p.text,
    fields: Object.fromEntries(GROUP_IDS.map((g) => [g, groupCountFields(version, g)])),
    derived,
    entered,
    missing: combined.missing,
  };
}

const MAX_COUNT = 1_000_000_000;

/** Writes one group's entered counts of a unit for a period (insert or replace). */
export async function upsertCounts(
  trx: Kysely<DB>,
  w: { unitId: string; period: string; group: GroupId; counts: Record<string, number>; by: string | null; at: Date },
): Promise<void> {
  const counts = JSON.stringify(w.counts);
  await trx
    .insertInto('service_index_counts')
    .values({ unit_id: w.unitId, period: w.period, group_id: w.group, counts, updated_by: w.by, updated_at: w.at })
    .onConflict((oc) => oc.columns(['unit_id', 'period', 'group_id']).doUpdateSet({ counts, updated_by: w.by, updated_at: w.at }))
    .execute();
}

/**
 * Enters (or replaces) one group's counts of a unit for a period; empty counts remove the entry. The counts are
 * checked by the scorer together with the unit's derived counts (unknown names, negative or fractional values, a
 * numerator above its denominator are refused, nothing is written). Audited.
 */
export async function saveUnitCounts(
  c: UseCaseContext,
  unitId: string,
  input: { period: string; group: string; counts: Record<string, number> },
): Promise<void> {
  const path = await unitPath(c.db, unitId);
  if (path.length === 0) throw notFound();
  authorize(c, 'serviceIndex.manage', { unitPath: path });
  const p = periodOrFail(input.period);
  const version = versionOf(p.text);
  if (!(GROUP_IDS as readonly string[]).includes(input.group)) throw fieldInvalid('service_index_unknown_group', 'body.group', { group: input.group });
  const group = input.group as GroupId;
  const names = groupCountFields(version, group).map((f) => f.name);
  const errors: FieldError[] = [];
  const err = (code: 'service_index_unknown_count' | 'service_index_count_invalid', key: string) =>
    errors.push({
      path: `body.counts.${key}`,
      message: message(code, 'vi', { group, count: key }),
      messageEn: message(code, 'en', { group, count: key }),
    });
  for (const [k, v] of Object.entries(input.counts)) {
    if (!names.includes(k)) err('service_index_unknown_count', k);
    else if (!Number.isSafeInteger(v) || v < 0 || v > MAX_COUNT) err('service_index_count_invalid', k);
  }
  if (errors.length) throw invalid('validation_failed', errors);

  const derived = await derivedUnitCounts(c.db, p, unitId);
  const others = (await enteredCounts(c.db, p.text, unitId)).get(unitId) ?? {};
  const combined = combineCounts(version, derived, { ...others, [group]: input.counts });
  // checked as the league table will score it, and each indicator as soon as its counts are there
  const problems = countRatioProblems(version, combined.merged);
  if (problems.length) {
    throw invalid(
      'validation_failed',
      problems.map((pr) => {
        const key = pr.path.split('.').at(-1) ?? '';
        const params = { ...pr.params, count: key } as Record<string, string | number>;
        return {
          path: `body.counts.${key}`,
          message: message('service_index_numerator_above_denominator', 'vi', params),
          messageEn: message('service_index_numerator_above_denominator', 'en', params),
        };
      }),
    );
  }

  await c.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('service_index_counts')
      .select('counts')
      .where('unit_id', '=', unitId)
      .where('period', '=', p.text)
      .where('group_id', '=', group)
      .executeTakeFirst();
    const now = c.clock.now();
    if (Object.keys(input.counts).length === 0) {
      await trx.deleteFrom('service_index_counts').where('unit_id', '=', unitId).where('period', '=', p.text).where('group_id', '=', group).execute();
    } else {
      await upsertCounts(trx, { unitId, period: p.text, group, counts: input.counts, by: actorIdOrNull(c.actor), at: now });
    }
    // the scores change only when the counts do (saving the form unchanged keeps the cached league tables)
    if (!sameCounts(before?.counts as Record<string, number> | undefined, input.counts)) await bumpDataVersion(trx);
    await writeAudit(trx, {
      at: now,
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'serviceIndex.counts',
      entityType: 'serviceIndexCounts',
      entityId: `${p.text}:${group}`,
      unitId,
      before: before ? { counts: before.counts } : null,
      after: Object.keys(input.counts).length ? { counts: input.counts } : null,
      ip: c.ip,
    });
  });
}

/** The same counts, whatever their order (no counts and an empty set are the same). */
function sameCounts(a: Record<string, number> | undefined, b: Record<string, number>): boolean {
  const keys = Object.keys(b);
  if (Object.keys(a ?? {}).length !== keys.length) return false;
  return keys.every((k) => a?.[k] === b[k]);
}
