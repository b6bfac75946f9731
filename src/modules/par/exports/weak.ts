/**
 * Weak criteria of one unit and the draft remedial plan built from them (kế hoạch khắc phục tồn tại, hạn chế;
 * methodology §1.5 step 6). The ranking is the domain's weakLeaves: points lost, then the gap to the group average
 * (the other units of the same cycle), then the drop since last year's published cycle of the same unit group —
 * the unit's own assessment then, or for a unit formed by a merge the mean of its predecessors' points (lineage).
 */
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { DB, FrameworkPurpose } from '../../../db/schema.ts';
import { computeResults, publishedMean, weakLeaves } from '../../../domain/par/index.ts';
import { vietnamDay } from '../../../domain/shared/clock.ts';
import { sum, toExactString } from '../../../domain/shared/decimal.ts';
import { carriersOn } from '../../../domain/units/lineage.ts';
import { AppError } from '../../../server/errors.ts';
import type { UseCaseContext } from '../../auth/context.ts';
import { allSpans, lineageEdges } from '../../units/repo.ts';
import { loadForAction } from '../guard.ts';
import { domainFramework } from '../leaf-rules.ts';
import { effectivePoints, loadFramework, type StoredFramework } from '../repo.ts';
import { viDay } from './format.ts';

/** The points that count now (final, else re-appraised, else appraised, else self) of every unit of a cycle. */
export async function cyclePoints(db: Kysely<DB>, cycleId: string): Promise<Map<string, Map<string, string | null>>> {
  const rows = await db
    .selectFrom('par_scores as s')
    .innerJoin('par_assessments as a', 'a.id', 's.assessment_id')
    .select(['a.unit_id', 's.node_code', 's.self_points', 's.appraised_points', 's.reappraised_points', 's.final_points'])
    .where('a.cycle_id', '=', cycleId)
    .execute();
  const out = new Map<string, Map<string, string | null>>();
  for (const r of rows) {
    let m = out.get(r.unit_id);
    if (!m) {
      m = new Map();
      out.set(r.unit_id, m);
    }
    m.set(
      r.node_code,
      effectivePoints({ selfPoints: r.self_points, appraisedPoints: r.appraised_points, reappraisedPoints: r.reappraised_points, finalPoints: r.final_points }),
    );
  }
  return out;
}

/** Last year's published cycle of the same unit group, if any. */
export async function previousPublishedCycle(db: Kysely<DB>, groupCode: string, year: number, purpose: FrameworkPurpose) {
  return db
    .selectFrom('par_cycles as pc')
    .innerJoin('par_frameworks as pf', 'pf.id', 'pc.framework_id')
    .select(['pc.id', 'pc.year', 'pc.name', 'pc.framework_id'])
    .where('pf.group_code', '=', groupCode)
    .where('pf.purpose', '=', purpose)
    .where('pc.year', '<', year)
    .where('pc.stage', '=', 'published')
    .orderBy('pc.year', 'desc')
    .limit(1)
    .executeTakeFirst();
}

function counted(fw: StoredFramework, surveyIncluded: boolean, code: string): boolean {
  return surveyIncluded || fw.nodes.find((n) => n.code === code)?.source !== 'survey';
}

/** GET /api/par/assessments/:id/weak */
export async function weakLeavesOf(c: UseCaseContext, assessmentId: string) {
  const l = await loadForAction(c, c.db, assessmentId, 'par.read');
  const unitId = l.assessment.unitId;
  const unit = await c.db.selectFrom('units').select(['id', 'code', 'name']).where('id', '=', unitId).executeTakeFirstOrThrow();
  const points = await cyclePoints(c.db, l.cycle.id);
  const result = computeResults({
    framework: domainFramework(l.framework),
    surveyIncluded: l.cycle.surveyIncluded,
    units: [...points.entries()].map(([id, m]) => ({
      unitId: id,
      scores: Object.fromEntries([...m.entries()].filter(([code]) => counted(l.framework, l.cycle.surveyIncluded, code))),
    })),
  });
  if (!result.ok) throw new AppError('internal_error', { status: 500, internal: JSON.stringify(result.problems.slice(0, 3)) });

  // Last year: the unit itself, or the unit(s) that carried it at the end of that year (a merge: their mean).
  const previous = await previousPublishedCycle(c.db, l.framework.groupCode, l.cycle.year, l.framework.purpose);
  let lastYear: Record<string, string | null> | undefined;
  let via: { unitId: string; name: string }[] = [];
  if (previous) {
    const before = await cyclePoints(c.db, previous.id);
    let carriers = before.has(unitId) ? [unitId] : [];
    if (!carriers.length) {
      carriers = carriersOn(unitId, `${previous.year}-12-31`, await allSpans(c.db), await lineageEdges(c.db)).filter((id) => before.has(id));
      if (carriers.length) {
        const names = await c.db.selectFrom('units').select(['id', 'name']).where('id', 'in', carriers).execute();
        via = carriers.map((id) => ({ unitId: id, name: names.find((n) => n.id === id)?.name ?? id }));
      }
    }
    if (carriers.length) {
      const prevFw = (await loadFramework(c.db, previous.framework_id))!;
      const prevCycle = await c.db.selectFrom('par_cycles').select('survey_included').where('id', '=', previous.id).executeTakeFirstOrThrow();
      lastYear = {};
      for (const leaf of result.units[0] ? Object.keys(result.units[0].leaves) : []) {
        if (!counted(prevFw, prevCycle.survey_included, leaf)) continue;
        const values = carriers.map((id) => before.get(id)?.get(leaf) ?? null);
        if (values.some((v) => v === null)) continue;
        // several predecessors: their mean, rounded half-up to 2 decimals like the published figures
        lastYear[leaf] = values.length === 1 ? (values[0] as string) : (publishedMean(values as string[]) as string);
      }
    }
  }
  const weak = weakLeaves(result, domainFramework(l.framework), { lastYear: lastYear ? { [unitId]: lastYear } : undefined });
  const mine = weak.find((w) => w.unitId === unitId)?.leaves ?? [];
  return {
    assessmentId,
    unit,
    cycle: { id: l.cycle.id, name: l.cycle.name, year: l.cycle.year, stage: l.cycle.stage },
    previousCycle: previous ? { id: previous.id, name: previous.name, year: previous.year } : null,
    lastYearVia: via,
    /** How many units the group averages are taken over. */
    groupSize: result.units.length,
    totalLost: toExactString(sum(mine.map((w) => w.lost))),
    items: mine,
  };
}

export const PLAN_HEADER = [
  'STT',
  'Tiêu chí, tiêu chí thành phần',
  'Điểm bị trừ',
  'Nội dung nhiệm vụ khắc phục',
  'Đơn vị chủ trì',
  'Đơn vị phối hợp',
  'Thời hạn hoàn thành',
  'Kết quả dự kiến (sản phẩm)',
];

/** GET /api/par/assessments/:id/remedial-plan.xlsx — one task per leaf that lost points, with the "5 rõ" columns. */
export async function remedialPlanWorkbook(c: UseCaseContext, assessmentId: string) {
  const w = await weakLeavesOf(c, assessmentId);
  const deadlineYear = w.cycle.year + 1;
  const deadline = new Date(Date.UTC(deadlineYear, 5, 30));
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CCHC';
  const ws = wb.addWorksheet('Kế hoạch khắc phục', {
    views: [{ state: 'frozen', ySplit: 6 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '6:6' },
  });
  const width = PLAN_HEADER.length;
  const banner = (text: string, font: Partial<ExcelJS.Font>) => {
    const row = ws.addRow([text]);
    ws.mergeCells(row.number, 1, row.number, width);
    row.font = font;
    row.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    return row;
  };
  banner('KẾ HOẠCH KHẮC PHỤC TỒN TẠI, HẠN CHẾ', { bold: true, size: 14 });
  banner(`qua kết quả Chỉ số cải cách hành chính năm ${w.cycle.year} (${w.cycle.name})`, { bold: true, size: 12 });
  banner(`Đơn vị: ${w.unit.name} (mã ${w.unit.code})`, { bold: true, size: 12 });
  banner(
    `Dự thảo ngày ${viDay(vietnamDay(c.clock.now()))}: ${w.items.length} tiêu chí bị trừ điểm, tổng ${w.totalLost.replace('.', ',')} điểm. Đơn vị rà soát, bổ sung đơn vị phối hợp và kết quả dự kiến trước khi ban hành.`,
    { italic: true, size: 10 },
  );
  ws.addRow([]);
  const head = ws.addRow(PLAN_HEADER);
  head.font = { bold: true };
  head.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  head.height = 32;
  w.items.forEach((leaf, i) => {
    const title = leaf.title ?? '';
    const row = ws.addRow([i + 1, `${leaf.code}. ${title}`, Number(leaf.lost), `Khắc phục hạn chế: ${title}`, w.unit.name, '', deadline, '']);
    row.getCell(3).numFmt = '0.00';
    row.getCell(7).numFmt = 'dd/mm/yyyy';
    row.alignment = { vertical: 'top', wrapText: true };
    row.getCell(1).alignment = { vertical: 'top', horizontal: 'center' };
    row.getCell(7).alignment = { vertical: 'top', horizontal: 'center' };
  });
  [6, 48, 10, 48, 24, 24, 14, 30].forEach((wd, i) => {
    ws.getColumn(i + 1).width = wd;
  });
  const border: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
  for (let r = head.number; r <= head.number + w.items.length; r++) {
    for (let col = 1; col <= width; col++) ws.getCell(r, col).border = border;
  }
  return { fileName: `Kế hoạch khắc phục ${w.unit.name} ${w.cycle.year}.xlsx`, buffer: Buffer.from(await wb.xlsx.writeBuffer()) };
}
