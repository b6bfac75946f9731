import { authorize } from '../../server/http.ts';
import { writeAudit } from '../audit/repo.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { actorIdOrNull } from '../auth/context.ts';
import { findUnit, setGroups } from './repo.ts';
import { checkUnitFields, mapUnitDbError, type UnitFields } from './validate.ts';

export async function createUnit(c: UseCaseContext, input: UnitFields & { note?: string | null }) {
  authorize(c, 'unit.write');
  return c.db
    .transaction()
    .execute(async (trx) => {
      await checkUnitFields(trx, input, null);
      const row = await trx
        .insertInto('units')
        .values({
          code: input.code,
          name: input.name,
          kind: input.kind,
          parent_id: input.parentId,
          valid_from: input.validFrom,
          valid_to: input.validTo,
          note: input.note ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await setGroups(trx, row.id, input.groupCodes);
      const unit = await findUnit(trx, row.id);
      await writeAudit(trx, {
        at: c.clock.now(),
        actorId: actorIdOrNull(c.actor),
        actorName: c.actor.username,
        action: 'unit.create',
        entityType: 'unit',
        entityId: row.id,
        unitId: row.id,
        after: unit,
        ip: c.ip,
      });
      return unit!;
    })
    .catch((e) => mapUnitDbError(e, input.code));
}
