import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { checkMerge, checkSplit, type LineageProblem } from '../../domain/units/lineage.ts';
import { type AppError, fieldInvalid, notFound } from '../../server/errors.ts';
import { authorize } from '../../server/http.ts';
import type { MessageCode } from '../../server/messages.ts';
import { writeAudit } from '../audit/repo.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { actorIdOrNull } from '../auth/context.ts';
import { findUnit, findUnits, lineageEdges, setGroups, toSpan, type UnitDto, type UnitKind } from './repo.ts';
import { checkUnitFields, mapUnitDbError, type UnitFields } from './validate.ts';

export interface NewUnitInput {
  code: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  groupCodes: string[];
}

function lineageError(p: LineageProblem, names: Map<string, string>, date: string): AppError {
  const name = 'unitId' in p ? (names.get(p.unitId) ?? p.unitId) : '';
  const code = p.code === 'cycle' ? 'lineage_cycle' : (`lineage_${p.code}` as MessageCode);
  return fieldInvalid(code, 'body', { name, date });
}

async function insertNew(trx: Kysely<DB>, u: NewUnitInput, validFrom: string): Promise<UnitDto> {
  const fields: UnitFields = { ...u, validFrom, validTo: null };
  await checkUnitFields(trx, fields, null);
  const row = await trx
    .insertInto('units')
    .values({ code: u.code, name: u.name, kind: u.kind, parent_id: u.parentId, valid_from: validFrom, valid_to: null, note: null })
    .returning('id')
    .executeTakeFirstOrThrow()
    .catch((e) => mapUnitDbError(e, u.code));
  await setGroups(trx, row.id, u.groupCodes);
  return (await findUnit(trx, row.id))!;
}

/**
 * Merges units on `date`: each predecessor ceases at the end of the previous day and is carried on by the
 * successor, either a new unit created here (valid from `date`) or an existing unit that absorbs them.
 */
export async function mergeUnits(
  c: UseCaseContext,
  input: { predecessorIds: string[]; date: string; successor: { existingId: string } | NewUnitInput; note?: string | null },
) {
  authorize(c, 'unit.write');
  return c.db.transaction().execute(async (trx) => {
    const predecessors = await findUnits(trx, input.predecessorIds);
    if (predecessors.length !== new Set(input.predecessorIds).size) throw notFound();
    const existing = 'existingId' in input.successor ? await findUnit(trx, input.successor.existingId) : null;
    if ('existingId' in input.successor && !existing) throw notFound();
    const names = new Map([...predecessors, ...(existing ? [existing] : [])].map((u) => [u.id, u.name]));
    const problems = checkMerge({
      date: input.date,
      predecessors: input.predecessorIds.map((id) => toSpan(predecessors.find((p) => p.id === id)!)),
      successor: existing ? toSpan(existing) : null,
      edges: await lineageEdges(trx),
    });
    if (problems.length) throw lineageError(problems[0], names, input.date);

    for (const p of predecessors) {
      await trx.updateTable('units').set({ valid_to: input.date, updated_at: c.clock.now() }).where('id', '=', p.id).execute();
    }
    const successor = existing ?? (await insertNew(trx, input.successor as NewUnitInput, input.date));
    await trx
      .insertInto('unit_lineage')
      .values(
        predecessors.map((p) => ({
          predecessor_id: p.id,
          successor_id: successor.id,
          event_date: input.date,
          kind: 'merge' as const,
          partial: false,
          note: input.note ?? null,
        })),
      )
      .execute();
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'unit.merge',
      entityType: 'unit',
      entityId: successor.id,
      unitId: successor.id,
      before: { predecessors: predecessors.map((p) => ({ id: p.id, code: p.code, name: p.name, validTo: p.validTo })) },
      after: {
        date: input.date,
        predecessors: predecessors.map((p) => ({ id: p.id, code: p.code, name: p.name, validTo: input.date })),
        successor: { id: successor.id, code: successor.code, name: successor.name, created: !existing },
      },
      ip: c.ip,
    });
    return successor;
  });
}

/** Splits one unit on `date` into new units; `partial` marks successors that take only part of it. */
export async function splitUnit(
  c: UseCaseContext,
  input: { predecessorId: string; date: string; successors: (NewUnitInput & { partial?: boolean })[]; note?: string | null },
) {
  authorize(c, 'unit.write');
  return c.db.transaction().execute(async (trx) => {
    const p = await findUnit(trx, input.predecessorId);
    if (!p) throw notFound();
    const problems = checkSplit({ date: input.date, predecessor: toSpan(p), successorCount: input.successors.length });
    if (problems.length) throw lineageError(problems[0], new Map([[p.id, p.name]]), input.date);
    await trx.updateTable('units').set({ valid_to: input.date, updated_at: c.clock.now() }).where('id', '=', p.id).execute();
    const created: UnitDto[] = [];
    for (const s of input.successors) created.push(await insertNew(trx, s, input.date));
    await trx
      .insertInto('unit_lineage')
      .values(
        created.map((s, i) => ({
          predecessor_id: p.id,
          successor_id: s.id,
          event_date: input.date,
          kind: 'split' as const,
          partial: input.successors[i].partial ?? true,
          note: input.note ?? null,
        })),
      )
      .execute();
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'unit.split',
      entityType: 'unit',
      entityId: p.id,
      unitId: p.id,
      before: { id: p.id, code: p.code, name: p.name, validTo: p.validTo },
      after: { validTo: input.date, successors: created.map((s) => ({ id: s.id, code: s.code, name: s.name })) },
      ip: c.ip,
    });
    return created;
  });
}
