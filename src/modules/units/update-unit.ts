import { changedFields } from '../../domain/audit/chain.ts';
import { notFound } from '../../server/errors.ts';
import { authorize } from '../../server/http.ts';
import { writeAudit } from '../audit/repo.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { actorIdOrNull } from '../auth/context.ts';
import { findUnit, setGroups } from './repo.ts';
import { checkUnitFields, mapUnitDbError } from './validate.ts';

export interface UnitPatch {
  code?: string;
  name?: string;
  parentId?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
  groupCodes?: string[];
  note?: string | null;
}

export async function updateUnit(c: UseCaseContext, id: string, patch: UnitPatch) {
  authorize(c, 'unit.write');
  return c.db
    .transaction()
    .execute(async (trx) => {
      const before = await findUnit(trx, id);
      if (!before) throw notFound();
      const next = { ...before, ...patch };
      await checkUnitFields(trx, next, id);
      await trx
        .updateTable('units')
        .set({
          code: next.code,
          name: next.name,
          parent_id: next.parentId,
          valid_from: next.validFrom,
          valid_to: next.validTo,
          note: next.note,
          updated_at: c.clock.now(),
        })
        .where('id', '=', id)
        .execute();
      if (patch.groupCodes) await setGroups(trx, id, patch.groupCodes);
      const after = (await findUnit(trx, id))!;
      const diff = changedFields(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
      await writeAudit(trx, {
        at: c.clock.now(),
        actorId: actorIdOrNull(c.actor),
        actorName: c.actor.username,
        action: 'unit.update',
        entityType: 'unit',
        entityId: id,
        unitId: id,
        before: diff.before,
        after: diff.after,
        ip: c.ip,
      });
      return after;
    })
    .catch((e) => mapUnitDbError(e, patch.code ?? ''));
}
