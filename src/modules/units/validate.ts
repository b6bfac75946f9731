import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { periodsOverlap } from '../../domain/units/lineage.ts';
import { AppError, conflict, fieldInvalid, invalid } from '../../server/errors.ts';
import { knownGroups, pgCode, type UnitKind } from './repo.ts';

export interface UnitFields {
  code: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  validFrom: string | null;
  validTo: string | null;
  groupCodes: string[];
}

/**
 * Registry rules checked before any write (the database constraints stay as the last line of defence):
 * a code is held by one unit at a time; a province has no parent and every other kind has one; a unit cannot be
 * its own ancestor; group codes exist.
 */
export async function checkUnitFields(db: Kysely<DB>, f: UnitFields, selfId: string | null): Promise<void> {
  if (f.validFrom && f.validTo && f.validTo <= f.validFrom) throw fieldInvalid('unit_validity_invalid', 'body.validTo');
  const sameCode = await db.selectFrom('units').select(['id', 'valid_from', 'valid_to']).where('code', '=', f.code).execute();
  if (sameCode.some((u) => u.id !== selfId && periodsOverlap({ validFrom: u.valid_from, validTo: u.valid_to }, f))) {
    throw conflict('unit_code_taken', { code: f.code });
  }
  if (f.kind === 'province' && f.parentId) throw fieldInvalid('unit_parent_province', 'body.parentId');
  if (f.kind !== 'province' && !f.parentId) throw fieldInvalid('unit_parent_required', 'body.parentId');
  if (f.parentId) {
    if (f.parentId === selfId) throw fieldInvalid('unit_parent_cycle', 'body.parentId');
    const parent = await db.selectFrom('units').select(['id', 'parent_id']).where('id', '=', f.parentId).executeTakeFirst();
    if (!parent) throw fieldInvalid('unit_parent_not_found', 'body.parentId');
    if (selfId) {
      // walk up from the new parent: meeting self means the tree would loop
      let cur: string | null = parent.parent_id;
      for (let i = 0; cur && i < 50; i++) {
        if (cur === selfId) throw fieldInvalid('unit_parent_cycle', 'body.parentId');
        const next: { parent_id: string | null } | undefined = await db.selectFrom('units').select('parent_id').where('id', '=', cur).executeTakeFirst();
        cur = next?.parent_id ?? null;
      }
    }
  }
  const groups = new Set((await knownGroups(db)).map((g) => g.code));
  const unknown = f.groupCodes.filter((g) => !groups.has(g));
  if (unknown.length) throw fieldInvalid('unit_group_unknown', 'body.groupCodes', { groups: unknown.join(', ') });
}

/** Turns a constraint violation raced past the checks above into the same clear error. */
export function mapUnitDbError(e: unknown, code: string): never {
  if (pgCode(e) === '23P01' || pgCode(e) === '23505') throw conflict('unit_code_taken', { code });
  if (pgCode(e) === '23503') throw fieldInvalid('unit_parent_not_found', 'body.parentId');
  if (pgCode(e) === '23514') throw invalid('validation_failed', []);
  if (e instanceof AppError) throw e;
  throw e;
}
