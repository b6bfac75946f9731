import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { type ComputeSuccess, computeResults, publishedMean, type UnitResult } from '../../domain/par/index.ts';
import { div, mul, roundHalfUp, sub, sum, toFixed } from '../../domain/shared/decimal.ts';
import { carriersOn } from '../../domain/units/lineage.ts';
import { AppError, invalid, notFound } from '../../server/errors.ts';
import { authorize } from '../../server/http.ts';
import { writeAudit } from '../audit/repo.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { actorIdOrNull } from '../auth/context.ts';
import { allSpans, lineageEdges } from '../units/repo.ts';
import { loadForAction } from './guard.ts';
import { domainFramework } from './leaf-rules.ts';
import { effectivePoints, loadCycle, loadFramework, loadScores, type ScoreRow, type StoredFramework } from './repo.ts';
import { visibleUnitIds } from './workflow.ts';

/** Runs the domain computation for stored scores (the current effective points of each leaf). */
export async function computeForAssessments(
  _db: Kysely<DB>,
  fw: StoredFramework,
  surveyIncluded: boolean,
  units: { unitId: string; scores: ScoreRow[] }[],
): Promise<UnitResult[]> {
  const r = computeResults({
    framework: domainFramework(fw),
    surveyIncluded,
    units: units.map((u) => ({
      unitId: u.unitId,
      scores: Object.fromEntries(
        u.scores.filter((s) => surveyIncluded || fw.nodes.find((n) => n.code === s.nodeCode)?.source !== 'survey').map((s) => [s.nodeCode, effectivePoints(s)]),
      ),
    })),
  });
  if (!r.ok) throw new AppError('internal_error', { status: 500, internal: JSON.stringify(r.problems.slice(0, 3)) });
  return r.units;
}

// ---- what-if: POST /api/par/compute --------------------------------------------------------------------------

const Num = z.union([z.string().regex(/^-?\d+(\.\d+)?$/), z.number()]);
export const ComputeBody = z.object({
  framework: z.object({
    nodes: z
      .array(
        z.object({
          code: z.string().min(1).max(32),
          parentCode: z.string().max(32).nullable(),
          title: z.string().max(2000).optional(),
          maxPoints: Num,
          source: z.enum(['self', 'survey', 'data']),
          kind: z.enum(['normal', 'bonus', 'penalty']).optional(),
          method: z.record(z.string(), z.unknown()).nullable().optional(),
          guidance: z.string().nullable().optional(),
          evidenceRequired: z.boolean().optional(),
          order: z.number().int().optional(),
        }),
      )
      .min(1)
      .max(2000),
    classes: z
      .array(z.object({ name: z.string().min(1).max(100), minIndex: Num }))
      .max(20)
      .default([]),
    indexDenominator: Num.nullable().optional().describe('Mẫu số của chỉ số (mặc định: tổng điểm tối đa) / index denominator'),
    withoutSurvey: z.enum(['rescale', 'keepDenominator']).optional().describe('Khi không có ĐTXHH: quy đổi theo phần được chấm (mặc định) hoặc giữ mẫu số'),
  }),
  surveyIncluded: z.boolean().default(true),
  units: z
    .array(z.object({ unitId: z.string().min(1).max(100), scores: z.record(z.string(), Num.nullable()) }))
    .min(1)
    .max(5000),
});

/** The what-if simulator: any framework and scores in, totals, index, ranks and classes out. Writes nothing. */
export function computeEndpoint(body: z.infer<typeof ComputeBody>) {
  const r = computeResults({
    framework: {
      nodes: body.framework.nodes.map((n) => ({ ...n, guidance: n.guidance ?? undefined, method: (n.method ?? undefined) as never })),
      classes: body.framework.classes,
      indexDenominator: body.framework.indexDenominator,
      withoutSurvey: body.framework.withoutSurvey,
    },
    surveyIncluded: body.surveyIncluded,
    units: body.units,
  });
  if (!r.ok) {
    throw invalid(
      'validation_failed',
      r.problems.map((p) => ({ path: 'body', message: JSON.stringify(p) })),
    );
  }
  return shape(r);
}

function shape(r: ComputeSuccess) {
  return {
    max: r.max,
    surveyIncluded: r.surveyIncluded,
    summary: r.summary,
    units: r.units.map((u) => ({
      unitId: u.unitId,
      total: u.total,
      max: u.max,
      index: u.index,
      rank: u.rank,
      class: u.classification,
      bonus: u.bonus,
      penalty: u.penalty,
      missing: u.missing,
      areas: Object.fromEntries(Object.entries(u.areas).map(([k, a]) => [k, { score: a.score, max: a.max, index: a.index, rank: a.rank }])),
    })),
  };
}

// ---- publication ---------------------------------------------------------------------------------------------

/**
 * Publishes a cycle: every unit must be finalised by the council; results (totals, index, ranks, classes, per-area
 * values) are frozen in par_results and everything becomes read-only. Publishing again after a correction replaces
 * the frozen results.
 */
export async function publishCycle(c: UseCaseContext, cycleId: string) {
  authorize(c, 'par.publish');
  return c.db.transaction().execute(async (trx) => {
    const cycle = await loadCycle(trx, cycleId);
    if (!cycle) throw notFound();
    if (cycle.stage !== 'council' && cycle.stage !== 'published') throw new AppError('par_stage_closed', { status: 409, params: { stage: cycle.stage } });
    const assessments = await trx.selectFrom('par_assessments').select(['id', 'unit_id', 'status']).where('cycle_id', '=', cycleId).execute();
    const pending = assessments.filter((a) => a.status !== 'finalised' && a.status !== 'published');
    if (pending.length) throw new AppError('par_not_all_finalised', { status: 409, params: { count: pending.length } });
    const fw = (await loadFramework(trx, cycle.frameworkId))!;
    const units = [];
    for (const a of assessments) units.push({ unitId: a.unit_id, scores: await loadScores(trx, a.id) });
    const results = await computeForAssessments(trx, fw, cycle.surveyIncluded, units);
    await trx.deleteFrom('par_results').where('cycle_id', '=', cycleId).execute();
    await trx
      .insertInto('par_results')
      .values(
        results.map((u) => ({
          cycle_id: cycleId,
          unit_id: u.unitId,
          total: u.total,
          max_points: u.max,
          index_value: u.index ?? '0',
          rank: u.rank ?? 0,
          class_name: u.classification,
          areas: JSON.stringify(u.areas),
        })),
      )
      .execute();
    await trx.updateTable('par_assessments').set({ status: 'published', updated_at: c.clock.now() }).where('cycle_id', '=', cycleId).execute();
    await trx.updateTable('par_cycles').set({ stage: 'published', published_at: c.clock.now() }).where('id', '=', cycleId).execute();
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'par.publish',
      entityType: 'parCycle',
      entityId: cycleId,
      before: { stage: cycle.stage },
      after: { stage: 'published', units: results.length, ranking: results.map((u) => ({ unitId: u.unitId, index: u.index, rank: u.rank })) },
      ip: c.ip,
    });
    return { published: results.length };
  });
}

/** A correction after publication: one unit goes back to the council with a recorded reason. */
export async function reopenAssessment(c: UseCaseContext, assessmentId: string, reason: string) {
  return c.db.transaction().execute(async (trx) => {
    const l = await loadForAction(c, trx, assessmentId, 'par.publish');
    if (l.assessment.status !== 'published') throw new AppError('par_status_locked', { status: 409, params: { status: l.assessment.status } });
    await trx
      .updateTable('par_assessments')
      .set({ status: 'reappraised', reopened_reason: reason, updated_at: c.clock.now() })
      .where('id', '=', assessmentId)
      .execute();
    await trx.updateTable('par_cycles').set({ stage: 'council' }).where('id', '=', l.cycle.id).execute();
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'par.reopen',
      entityType: 'parAssessment',
      entityId: assessmentId,
      unitId: l.assessment.unitId,
      before: { status: 'published' },
      after: { status: 'reappraised', reason },
      ip: c.ip,
    });
  });
}

/**
 * Published results with the change against last year's published cycle of the same unit group. For a unit formed
 * by a merge, "last year" is the unit(s) that carried it then (lineage); with several predecessors the comparison
 * uses their mean index and says so.
 */
export async function cycleResults(c: UseCaseContext, cycleId: string) {
  authorize(c, 'par.read');
  const cycle = await loadCycle(c.db, cycleId);
  if (!cycle) throw notFound();
  const fw = (await loadFramework(c.db, cycle.frameworkId))!;
  const rows = await c.db
    .selectFrom('par_results as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .innerJoin('par_assessments as a', (j) => j.onRef('a.cycle_id', '=', 'r.cycle_id').onRef('a.unit_id', '=', 'r.unit_id'))
    .select(['r.unit_id', 'u.name', 'u.code', 'r.total', 'r.max_points', 'r.index_value', 'r.rank', 'r.class_name', 'r.areas', 'a.id as assessment_id'])
    .where('r.cycle_id', '=', cycleId)
    .orderBy('r.rank')
    .execute();
  const visible = await visibleUnitIds(c);
  const previous = await c.db
    .selectFrom('par_cycles as pc')
    .innerJoin('par_frameworks as pf', 'pf.id', 'pc.framework_id')
    .select(['pc.id', 'pc.year'])
    .where('pf.group_code', '=', fw.groupCode)
    .where('pf.purpose', '=', fw.purpose)
    .where('pc.year', '<', cycle.year)
    .where('pc.stage', '=', 'published')
    .orderBy('pc.year', 'desc')
    .limit(1)
    .executeTakeFirst();
  const prevRows = previous
    ? await c.db.selectFrom('par_results').select(['unit_id', 'index_value', 'rank', 'total']).where('cycle_id', '=', previous.id).execute()
    : [];
  const prevBy = new Map(prevRows.map((r) => [r.unit_id, r]));
  const prevNames = new Map(
    prevRows.length
      ? (
          await c.db
            .selectFrom('units')
            .select(['id', 'name'])
            .where(
              'id',
              'in',
              prevRows.map((r) => r.unit_id),
            )
            .execute()
        ).map((u) => [u.id, u.name])
      : [],
  );
  const spans = previous ? await allSpans(c.db) : new Map();
  const edges = previous ? await lineageEdges(c.db) : [];
  const collator = new Intl.Collator('vi');
  const items = rows
    .filter((r) => visible === 'all' || visible.includes(r.unit_id))
    .map((r) => {
      let last: { index: string; rank: number | null; via: { unitId: string; name: string; index: string }[] } | null = null;
      if (previous) {
        const direct = prevBy.get(r.unit_id);
        if (direct) last = { index: direct.index_value, rank: direct.rank, via: [] };
        else {
          const carriers = carriersOn(r.unit_id, `${previous.year}-12-31`, spans, edges).filter((id) => prevBy.has(id));
          if (carriers.length) {
            last = {
              index: publishedMean(carriers.map((id) => prevBy.get(id)!.index_value)) as string,
              // a rank among last year's (pre-merger) units says nothing about this year's ranking
              rank: null,
              via: carriers.map((id) => ({ unitId: id, name: prevNames.get(id) ?? id, index: prevBy.get(id)!.index_value })),
            };
          }
        }
      }
      return {
        unitId: r.unit_id,
        assessmentId: r.assessment_id,
        unitName: r.name,
        unitCode: r.code,
        total: r.total,
        max: r.max_points,
        index: r.index_value,
        rank: r.rank,
        class: r.class_name,
        areas: r.areas as Record<string, { score: string; max: string; index: string | null; rank: number | null }>,
        lastYear: last,
        indexChange: last ? toFixed(sub(r.index_value, last.index), 2) : null,
        rankChange: last?.rank != null ? last.rank - r.rank : null,
      };
    })
    .sort((a, b) => a.rank - b.rank || collator.compare(a.unitName, b.unitName));
  // Both group figures, named (methodology §1.3, Nam Định 2020): the mean of the published unit indices, and the
  // index of the mean total.
  const summary =
    rows.length === 0
      ? null
      : {
          count: rows.length,
          meanOfIndices: publishedMean(rows.map((r) => r.index_value)),
          indexOfMean: toFixed(roundHalfUp(div(mul(div(sum(rows.map((r) => r.total)), rows.length), 100), rows[0].max_points), 2), 2),
          meanTotal: publishedMean(rows.map((r) => r.total)),
        };
  return {
    cycle,
    summary,
    areas: fw.nodes.filter((n) => n.parentCode === null && n.kind === 'normal').map((n) => ({ code: n.code, title: n.title, maxPoints: n.maxPoints })),
    previousCycleId: previous?.id ?? null,
    items,
  };
}

/** The summary table (bảng tổng hợp) as an Excel workbook. */
export async function exportResultsWorkbook(c: UseCaseContext, cycleId: string) {
  const r = await cycleResults(c, cycleId);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CCHC';
  const ws = wb.addWorksheet('Bảng tổng hợp', { views: [{ state: 'frozen', ySplit: 3 }] });
  ws.addRow([`${r.cycle.purpose === 'headEvaluation' ? 'KẾT QUẢ ĐÁNH GIÁ NGƯỜI ĐỨNG ĐẦU' : 'KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH'} — ${r.cycle.name}`]).font = {
    bold: true,
    size: 14,
  };
  ws.addRow([]);
  const header = [
    'Xếp hạng',
    'Mã',
    'Đơn vị',
    'Tổng điểm',
    'Điểm tối đa',
    'Chỉ số (%)',
    'Xếp loại',
    ...r.areas.map((a) => `LV ${a.code} (%)`),
    'Tăng/giảm chỉ số so năm trước',
    'Tăng/giảm bậc',
  ];
  const h = ws.addRow(header);
  h.font = { bold: true };
  h.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  for (const it of r.items) {
    ws.addRow([
      it.rank,
      it.unitCode,
      it.unitName,
      Number(it.total),
      Number(it.max),
      Number(it.index),
      it.class ?? '',
      ...r.areas.map((a) => (it.areas[a.code]?.index != null ? Number(it.areas[a.code].index) : null)),
      it.indexChange === null ? null : Number(it.indexChange),
      it.rankChange,
    ]);
  }
  ws.columns.forEach((col, i) => {
    col.width = i === 2 ? 40 : 12;
    if (i >= 3 && i !== 6) col.numFmt = '0.00';
  });
  ws.getColumn(1).numFmt = '0';
  ws.getColumn(header.length).numFmt = '0';
  return { name: `ket-qua-chi-so-cchc-${r.cycle.year}.xlsx`, buffer: Buffer.from(await wb.xlsx.writeBuffer()) };
}
