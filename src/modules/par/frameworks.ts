import type { FrameworkPurpose } from '../../db/schema.ts';
import { diffFrameworks } from '../../domain/par/diff.ts';
import { AppError, conflict, fieldInvalid, invalid, notFound } from '../../server/errors.ts';
import { authorize } from '../../server/http.ts';
import { writeAudit } from '../audit/repo.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { actorIdOrNull } from '../auth/context.ts';
import { type FrameworkSheet, FrameworkWorkbookError, parseFrameworkWorkbook, writeFrameworkWorkbook } from './framework-excel.ts';
import { insertFramework, loadFramework, type StoredFramework } from './repo.ts';

export async function listFrameworks(c: UseCaseContext, purpose: FrameworkPurpose = 'parIndex') {
  authorize(c, 'par.read');
  const rows = await c.db
    .selectFrom('par_frameworks as f')
    .select(['f.id', 'f.name', 'f.year', 'f.group_code', 'f.illustrative', 'f.copied_from_id', 'f.purpose'])
    .where('f.purpose', '=', purpose)
    .select((eb) => [
      eb
        .selectFrom('par_framework_nodes as n')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('n.framework_id', '=', 'f.id')
        .as('nodes'),
      eb
        .selectFrom('par_cycles as c')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('c.framework_id', '=', 'f.id')
        .as('cycles'),
    ])
    .orderBy('f.year', 'desc')
    .orderBy('f.group_code')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    year: r.year,
    groupCode: r.group_code,
    illustrative: r.illustrative,
    copiedFromId: r.copied_from_id,
    purpose: r.purpose,
    nodeCount: Number(r.nodes ?? 0),
    cycleCount: Number(r.cycles ?? 0),
  }));
}

export async function getFramework(c: UseCaseContext, id: string): Promise<StoredFramework> {
  authorize(c, 'par.read');
  const f = await loadFramework(c.db, id);
  if (!f) throw notFound();
  return f;
}

function toSheet(f: StoredFramework): FrameworkSheet {
  return {
    name: f.name,
    year: f.year,
    groupCode: f.groupCode,
    classes: f.classes,
    nodes: f.nodes.map((n) => ({ ...n, method: n.method as FrameworkSheet['nodes'][number]['method'] })),
  };
}

export async function exportFramework(c: UseCaseContext, id: string): Promise<{ name: string; buffer: Buffer }> {
  const f = await getFramework(c, id);
  return { name: `bo-chi-so-${f.year}-${f.groupCode}.xlsx`, buffer: await writeFrameworkWorkbook(toSheet(f)) };
}

async function saveNew(
  c: UseCaseContext,
  sheet: FrameworkSheet,
  extra: { copiedFromId?: string | null; illustrative?: boolean; purpose?: FrameworkPurpose } = {},
) {
  return c.db.transaction().execute(async (trx) => {
    const exists = await trx
      .selectFrom('par_frameworks')
      .select('id')
      .where('year', '=', sheet.year)
      .where('group_code', '=', sheet.groupCode)
      .where('name', '=', sheet.name)
      .executeTakeFirst();
    if (exists) throw conflict('par_framework_exists');
    const group = await trx.selectFrom('unit_groups').select('code').where('code', '=', sheet.groupCode).executeTakeFirst();
    if (!group) throw fieldInvalid('unit_group_unknown', 'groupCode', { groups: sheet.groupCode });
    const id = await insertFramework(trx, { ...sheet, ...extra });
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'par.framework.create',
      entityType: 'parFramework',
      entityId: id,
      after: {
        name: sheet.name,
        year: sheet.year,
        groupCode: sheet.groupCode,
        nodes: sheet.nodes.length,
        copiedFromId: extra.copiedFromId ?? null,
        purpose: extra.purpose ?? 'parIndex',
      },
      ip: c.ip,
    });
    return (await loadFramework(trx, id))!;
  });
}

/**
 * Loads a framework from the province's Excel file; all-or-nothing with a row/column error list. The same workbook
 * layout serves the PAR Index and the evaluation of heads of agencies (`purpose`).
 */
export async function importFramework(c: UseCaseContext, file: Buffer, purpose: FrameworkPurpose = 'parIndex') {
  authorize(c, 'par.framework.manage');
  return saveNew(c, await parseOrFail(file), { purpose });
}

async function parseOrFail(file: Buffer): Promise<FrameworkSheet> {
  let parsed: Awaited<ReturnType<typeof parseFrameworkWorkbook>>;
  try {
    parsed = await parseFrameworkWorkbook(file);
  } catch (e) {
    if (e instanceof FrameworkWorkbookError) throw new AppError('not_excel', { status: 422, params: { vi: e.messageVi, en: e.messageEn } });
    throw e;
  }
  if (parsed.errors.length || !parsed.framework) {
    throw invalid(
      'par_framework_invalid',
      parsed.errors.map((e) => ({ row: e.row, column: `${e.sheet} / ${e.column}`, message: e.message, messageEn: e.messageEn })),
      { count: parsed.errors.length },
    );
  }
  return parsed.framework;
}

/**
 * Replaces a framework's tree and classes from an edited workbook (copy last year's, export, edit in Excel, load it
 * back). Only while no cycle uses the framework; the name, year and group stay those of the framework.
 */
export async function replaceFramework(c: UseCaseContext, id: string, file: Buffer) {
  authorize(c, 'par.framework.manage');
  const parsed = await parseOrFail(file);
  return c.db.transaction().execute(async (trx) => {
    const current = await loadFramework(trx, id);
    if (!current) throw notFound();
    const used = await trx.selectFrom('par_cycles').select('id').where('framework_id', '=', id).executeTakeFirst();
    if (used) throw conflict('par_framework_in_use');
    await trx.deleteFrom('par_framework_nodes').where('framework_id', '=', id).execute();
    const tmp = await insertFramework(trx, { ...parsed, name: `${current.name} (tmp ${id})`, year: current.year, groupCode: current.groupCode });
    // move the new nodes under the existing framework id and drop the temporary row
    await trx.updateTable('par_framework_nodes').set({ framework_id: id }).where('framework_id', '=', tmp).execute();
    await trx.deleteFrom('par_frameworks').where('id', '=', tmp).execute();
    await trx
      .updateTable('par_frameworks')
      .set({ classes: JSON.stringify(parsed.classes), updated_at: c.clock.now() })
      .where('id', '=', id)
      .execute();
    const after = (await loadFramework(trx, id))!;
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'par.framework.replace',
      entityType: 'parFramework',
      entityId: id,
      before: { nodes: current.nodes.length, classes: current.classes },
      after: { nodes: after.nodes.length, classes: after.classes, diff: diffFrameworks(current.nodes, after.nodes) },
      ip: c.ip,
    });
    return after;
  });
}

/** The framework's index settings (denominator, rule without the survey part, classes), while no cycle uses it. */
export async function updateFrameworkSettings(
  c: UseCaseContext,
  id: string,
  patch: { indexDenominator?: string | null; withoutSurvey?: 'rescale' | 'keepDenominator'; classes?: { name: string; minIndex: string }[] },
) {
  authorize(c, 'par.framework.manage');
  return c.db.transaction().execute(async (trx) => {
    const f = await loadFramework(trx, id);
    if (!f) throw notFound();
    const used = await trx.selectFrom('par_cycles').select('id').where('framework_id', '=', id).executeTakeFirst();
    if (used) throw conflict('par_framework_in_use');
    await trx
      .updateTable('par_frameworks')
      .set({
        ...(patch.indexDenominator !== undefined ? { index_denominator: patch.indexDenominator } : {}),
        ...(patch.withoutSurvey ? { without_survey: patch.withoutSurvey } : {}),
        ...(patch.classes ? { classes: JSON.stringify(patch.classes) } : {}),
        updated_at: c.clock.now(),
      })
      .where('id', '=', id)
      .execute();
    const after = (await loadFramework(trx, id))!;
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'par.framework.settings',
      entityType: 'parFramework',
      entityId: id,
      before: { indexDenominator: f.indexDenominator, withoutSurvey: f.withoutSurvey, classes: f.classes },
      after: { indexDenominator: after.indexDenominator, withoutSurvey: after.withoutSurvey, classes: after.classes },
      ip: c.ip,
    });
    return after;
  });
}

/** Deletes a framework loaded by mistake; one that a cycle uses stays. */
export async function deleteFramework(c: UseCaseContext, id: string) {
  authorize(c, 'par.framework.manage');
  await c.db.transaction().execute(async (trx) => {
    const f = await loadFramework(trx, id);
    if (!f) throw notFound();
    const used = await trx.selectFrom('par_cycles').select('id').where('framework_id', '=', id).executeTakeFirst();
    const copied = await trx.selectFrom('par_frameworks').select('id').where('copied_from_id', '=', id).executeTakeFirst();
    if (used || copied) throw conflict('par_framework_in_use');
    await trx.deleteFrom('par_frameworks').where('id', '=', id).execute();
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'par.framework.delete',
      entityType: 'parFramework',
      entityId: id,
      before: { name: f.name, year: f.year, groupCode: f.groupCode, nodes: f.nodes.length },
      ip: c.ip,
    });
  });
}

/** Copies a framework to a new year (the usual start of a year: last year's tree, then edits). */
export async function copyFramework(c: UseCaseContext, id: string, to: { year: number; name: string }) {
  authorize(c, 'par.framework.manage');
  const f = await loadFramework(c.db, id);
  if (!f) throw notFound();
  return saveNew(c, { ...toSheet(f), year: to.year, name: to.name }, { copiedFromId: f.id, illustrative: f.illustrative, purpose: f.purpose });
}

export async function compareFrameworks(c: UseCaseContext, id: string, againstId: string) {
  const a = await getFramework(c, againstId);
  const b = await getFramework(c, id);
  return diffFrameworks(a.nodes, b.nodes);
}
