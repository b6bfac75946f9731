import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { periodsOverlap } from '../../domain/units/lineage.ts';
import { AppError, conflict, invalid } from '../../server/errors.ts';
import { type UnitKind, knownGroups, pgCode } from './repo.ts';

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
  if (f.validFrom && f.validTo && f.validTo <= f.validFrom) {
    throw invalid('unit_validity_invalid', [{ path: 'body.validTo', message: 'validTo ≤ validFrom' }], { reason: 'validTo ≤ validFrom' });
  }
  const sameCode = await db.selectFrom('units').select(['id', 'valid_from', 'valid_to']).where('code', '=', f.code).execute();
  if (sameCode.some((u) => u.id !== selfId && periodsOverlap({ validFrom: u.valid_from, validTo: u.valid_to }, f))) {
    throw conflict('unit_code_taken', { code: f.code });
  }
  if (f.kind === 'province' && f.parentId) {
    throw invalid('unit_parent_invalid', [{ path: 'body.parentId', message: 'province has no parent' }], { reason: 'province' });
  }
  if (f.kind !== 'province' && !f.parentId) {
    throw invalid('unit_parent_invalid', [{ path: 'body.parentId', message: 'required' }], { reason: 'required' });
  }
  if (f.parentId) {
    if (f.parentId === selfId) throw invalid('unit_parent_invalid', [{ path: 'body.parentId', message: 'self' }], { reason: 'self' });
    const parent = await db.selectFrom('units').select(['id', 'parent_id']).where('id', '=', f.parentId).executeTakeFirst();
    if (!parent) throw invalid('unit_parent_invalid', [{ path: 'body.parentId', message: 'not found' }], { reason: 'not found' });
    if (selfId) {
      // walk up from the new parent: meeting self means the tree would loop
      let cur: string | null = parent.parent_id;
      for (let i = 0; cur && i < 50; i++) {
        if (cur === selfId) throw invalid('unit_parent_invalid', [{ path: 'body.parentId', message: 'descendant' }], { reason: 'descendant' });
        const next: { parent_id: string | null } | undefined = await db.selectFrom('units').select('parent_id').where('id', '=', cur).executeTakeFirst();
        cur = next?.parent_id ?? null;
      }
    }
  }
  const groups = new Set((await knownGroups(db)).map((g) => g.code));
  const unknown = f.groupCodes.filter((g) => !groups.has(g));
  if (unknown.length) throw invalid('validation_failed', [{ path: 'body.groupCodes', message: `unknown: ${unknown.join(', ')}` }]);
}

/** Turns a constraint violation raced past the checks above into the same clear error. */
export function mapUnitDbError(e: unknown, code: string): never {
  if (pgCode(e) === '23P01' || pgCode(e) === '23505') throw conflict('unit_code_taken', { code });
  if (pgCode(e) === '23503') throw invalid('unit_parent_invalid', [], { reason: 'not found' });
  if (pgCode(e) === '23514') throw invalid('validation_failed', []);
  if (e instanceof AppError) throw e;
  throw e;
}
