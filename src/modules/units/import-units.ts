import { addDays } from '../../domain/calendar/isoDate.ts';
import { periodsOverlap } from '../../domain/units/lineage.ts';
import { invalid, type RowError } from '../../server/errors.ts';
import { authorize } from '../../server/http.ts';
import { writeAudit } from '../audit/repo.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { actorIdOrNull } from '../auth/context.ts';
import { parseUnitsWorkbook, type UnitSheetRow, writeUnitsWorkbook } from './excel.ts';
import { findUnits, knownGroups, setGroups } from './repo.ts';

type Slot = { key: string; code: string; validFrom: string | null; validTo: string | null; id?: string; row?: UnitSheetRow };

const colParent = 'Mã đơn vị cấp trên';
const colCode = 'Mã đơn vị';

/**
 * Imports the registry workbook all-or-nothing: every row is checked against the file and the database first, and
 * any error stops the import before anything is written; the reply lists every error found (file and database
 * checks together). Rows update the unit holding the same code over an overlapping period, or create a new one.
 */
export async function importUnits(c: UseCaseContext, file: Buffer) {
  authorize(c, 'unit.write');
  const groups = await knownGroups(c.db);
  const parsed = await parseUnitsWorkbook(file, { knownGroups: groups });
  // Rows with errors in the file are left out of the checks below; a row whose parent is one of them is not
  // reported again.
  const rejected = new Set(parsed.rejectedCodes ?? []);

  return c.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('units').select(['id', 'code', 'valid_from', 'valid_to']).execute();
    const errors: RowError[] = [...parsed.errors];

    // Match each row to the unit holding its code over an overlapping period.
    const matched = new Map<number, string>();
    const takenIds = new Set<string>();
    for (const r of parsed.rows) {
      const hits = existing.filter((u) => u.code === r.code && periodsOverlap({ validFrom: u.valid_from, validTo: u.valid_to }, r));
      if (hits.length > 1 || (hits.length === 1 && takenIds.has(hits[0].id))) {
        errors.push({
          row: r.row,
          column: colCode,
          message: `Mã ${r.code} trùng với nhiều đơn vị trong cùng thời gian hiệu lực`,
          messageEn: `Code ${r.code} matches several units over this period`,
        });
      } else if (hits.length === 1) {
        matched.set(r.row, hits[0].id);
        takenIds.add(hits[0].id);
      }
    }
    // The resulting registry: untouched units plus every row.
    const slots: Slot[] = [
      ...existing.filter((u) => !takenIds.has(u.id)).map((u) => ({ key: u.id, code: u.code, validFrom: u.valid_from, validTo: u.valid_to, id: u.id })),
      ...parsed.rows.map((r) => ({ key: `row:${r.row}`, code: r.code, validFrom: r.validFrom, validTo: r.validTo, id: matched.get(r.row), row: r })),
    ];
    const parentOf = new Map<number, Slot>();
    for (const r of parsed.rows) {
      if (r.kind === 'province' && r.parentCode) {
        errors.push({ row: r.row, column: colParent, message: 'Đơn vị cấp tỉnh không có đơn vị cấp trên', messageEn: 'A province has no parent unit' });
        continue;
      }
      if (r.kind !== 'province' && !r.parentCode) {
        errors.push({ row: r.row, column: colParent, message: 'Thiếu mã đơn vị cấp trên', messageEn: 'Parent unit code is missing' });
        continue;
      }
      if (!r.parentCode) continue;
      // A day the row is in force: its first day, else its last (validTo is exclusive).
      const day = r.validFrom ?? (r.validTo === null ? null : addDays(r.validTo, -1));
      const candidates = slots.filter((s) => s.code === r.parentCode && s.key !== `row:${r.row}`);
      const parent =
        candidates.find((s) => day !== null && (s.validFrom === null || s.validFrom <= day) && (s.validTo === null || day < s.validTo)) ??
        candidates.find((s) => periodsOverlap(s, r)) ??
        (candidates.length === 1 ? candidates[0] : undefined);
      if (!parent) {
        if (rejected.has(r.parentCode)) continue;
        errors.push({
          row: r.row,
          column: colParent,
          message: `Không tìm thấy đơn vị cấp trên có mã ${r.parentCode}`,
          messageEn: `No parent unit with code ${r.parentCode}`,
        });
      } else parentOf.set(r.row, parent);
    }
    if (errors.length) {
      errors.sort((a, b) => a.row - b.row);
      throw invalid('import_failed', errors, { count: errors.length });
    }

    // Write: create new units first (parents may come later in the file), then set every row's fields and parent.
    const idOf = new Map<string, string>();
    for (const s of slots) if (s.id) idOf.set(s.key, s.id);
    for (const r of parsed.rows) {
      if (matched.has(r.row)) continue;
      const ins = await trx
        .insertInto('units')
        .values({ code: r.code, name: r.name, kind: r.kind, parent_id: null, valid_from: r.validFrom, valid_to: r.validTo, note: r.note })
        .returning('id')
        .executeTakeFirstOrThrow();
      idOf.set(`row:${r.row}`, ins.id);
    }
    const before = new Map((await findUnits(trx, [...matched.values()])).map((u) => [u.id, u]));
    let created = 0;
    let updated = 0;
    for (const r of parsed.rows) {
      const id = idOf.get(`row:${r.row}`) as string;
      const parent = parentOf.get(r.row);
      await trx
        .updateTable('units')
        .set({
          code: r.code,
          name: r.name,
          kind: r.kind,
          parent_id: parent ? (idOf.get(parent.key) as string) : null,
          valid_from: r.validFrom,
          valid_to: r.validTo,
          note: r.note,
          updated_at: c.clock.now(),
        })
        .where('id', '=', id)
        .execute();
      await setGroups(trx, id, r.groupCodes);
      const prev = before.get(id);
      if (prev) updated++;
      else created++;
    }
    const after = await findUnits(
      trx,
      [...idOf.entries()].filter(([k]) => k.startsWith('row:')).map(([, v]) => v),
    );
    for (const u of after) {
      const prev = before.get(u.id);
      await writeAudit(trx, {
        at: c.clock.now(),
        actorId: actorIdOrNull(c.actor),
        actorName: c.actor.username,
        action: prev ? 'unit.update' : 'unit.create',
        entityType: 'unit',
        entityId: u.id,
        unitId: u.id,
        before: prev ?? null,
        after: { ...u, source: 'import' },
        ip: c.ip,
      });
    }
    return { created, updated };
  });
}

/** The whole registry (every period) as the same workbook the import reads. */
export async function exportUnits(c: UseCaseContext): Promise<Buffer> {
  authorize(c, 'unit.export');
  const rows = await c.db
    .selectFrom('units as u')
    .leftJoin('units as p', 'p.id', 'u.parent_id')
    .select(['u.id', 'u.code', 'u.name', 'u.kind', 'p.code as parentCode', 'u.valid_from', 'u.valid_to', 'u.note'])
    .execute();
  const groups = await c.db.selectFrom('unit_group_members').select(['unit_id', 'group_code']).execute();
  const gOf = new Map<string, string[]>();
  for (const g of groups) gOf.set(g.unit_id, [...(gOf.get(g.unit_id) ?? []), g.group_code]);
  const order = { province: 0, agency: 1, district: 2, commune: 3 } as const;
  const collator = new Intl.Collator('vi');
  rows.sort((a, b) => order[a.kind] - order[b.kind] || collator.compare(a.name, b.name) || (a.valid_from ?? '').localeCompare(b.valid_from ?? ''));
  return writeUnitsWorkbook(
    rows.map((r, i) => ({
      row: i + 2,
      code: r.code,
      name: r.name,
      kind: r.kind,
      parentCode: r.parentCode,
      validFrom: r.valid_from,
      validTo: r.valid_to,
      groupCodes: gOf.get(r.id) ?? [],
      note: r.note,
    })),
  );
}
