/**
 * Gives the data-derived leaves (source "data", `Dữ liệu: <indicator>`) of a cycle their points from what the system
 * measured — the published PAR Index, task completion and inspection findings of the plans module, inspection
 * coverage, the Decision 766 total — through the PAR module's own write path for derived points (history stage
 * 'data', audited), with the measure written out as provenance. Runs for PAR Index cycles and for evaluations of
 * heads of agencies alike; running it again changes only the leaves whose measure changed.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { isoDate } from '../../domain/calendar/isoDate.ts';
import { type DataIndicatorId, type DataMeasure, dataIndicator, dataLeafPoints, measurePercent } from '../../domain/par/dataIndicators.ts';
import { remediedFindings } from '../../domain/plans/inspections.ts';
import { rateParts, type ServiceRate } from '../../domain/serviceIndex/index.ts';
import { vietnamDay, vietnamDayEnd } from '../../domain/shared/clock.ts';
import { dec, equals, toFixed } from '../../domain/shared/decimal.ts';
import { AppError, notFound } from '../../server/errors.ts';
import { authorize } from '../../server/http.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { completionByUnit, occurrenceLedger } from '../plans/completion.ts';
import { yearCoverage } from '../plans/inspections.ts';
import { periodCounts, storedScores } from '../serviceIndex/stored-scores.ts';
import { loadCycle, loadFramework } from './repo.ts';
import { setDerivedPoints } from './workflow.ts';

/** A measure with its provenance, or why there is none. */
type Measured = { measure: DataMeasure; provenance: string } | { missing: string };

const vnDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const pct = (m: DataMeasure) => {
  const p = measurePercent(m);
  return p === null ? '—' : `${toFixed(p, 2).replace('.', ',')}%`;
};

const RATE_VI: Record<ServiceRate, string> = {
  onTimeRate: 'đúng hạn / tiếp nhận',
  onlineRate: 'nộp trực tuyến / thuộc TTHC trực tuyến toàn trình',
  digitisationRate: 'được số hóa / tiếp nhận',
  onlinePaymentRate: 'thanh toán trực tuyến / có nghĩa vụ tài chính',
};

export interface DataFeedOutcome {
  cycleId: string;
  fed: { unitId: string; nodeCode: string; indicator: string; points: string; provenance: string }[];
  unchanged: number;
  skipped: { unitId: string; nodeCode: string; indicator: string; reason: string }[];
}

/** Measures of one indicator for the units of a cycle of `year`, as of `on` (the day the feed runs, at most 31/12). */
interface FeedScope {
  year: number;
  on: string;
  unitIds: string[];
  /** the year's dossier counts per unit, read once however many 766 rates the form uses */
  dossierCounts: () => Promise<Map<string, Awaited<ReturnType<typeof periodCounts>>[number]>>;
}

async function measureIndicator(c: UseCaseContext, id: DataIndicatorId, scope: FeedScope): Promise<Map<string, Measured>> {
  const { year, on, unitIds } = scope;
  const out = new Map<string, Measured>();
  const db: Kysely<DB> = c.db;
  switch (id) {
    case 'par.index':
    case 'par.indexPreviousYear': {
      const of = id === 'par.index' ? year : year - 1;
      const rows = await db
        .selectFrom('par_results as r')
        .innerJoin('par_cycles as pc', 'pc.id', 'r.cycle_id')
        .innerJoin('par_frameworks as pf', 'pf.id', 'pc.framework_id')
        .select(['r.unit_id', 'r.index_value', 'r.rank', 'pc.name'])
        .where('pf.purpose', '=', 'parIndex')
        .where('pc.year', '=', of)
        .where('pc.stage', '=', 'published')
        .where('r.unit_id', 'in', unitIds)
        .execute();
      for (const r of rows) {
        const measure = { percent: r.index_value };
        out.set(r.unit_id, { measure, provenance: `Chỉ số CCHC năm ${of} (${r.name}): ${pct(measure)}, xếp hạng ${r.rank}` });
      }
      for (const u of unitIds) if (!out.has(u)) out.set(u, { missing: 'parIndexNotPublished' });
      return out;
    }
    case 'plans.task_completion': {
      const ledger = await occurrenceLedger(db, { from: isoDate(year, 1, 1), to: isoDate(year, 12, 31), unitIds });
      const perUnit = completionByUnit(ledger, on);
      for (const u of unitIds) {
        const v = perUnit.get(u) ?? { due: 0, done: 0, late: 0 };
        const measure = { numerator: v.done, denominator: v.due };
        out.set(u, {
          measure,
          provenance: `Nhiệm vụ CCHC năm ${year} đến ngày ${vnDate(on)}: ${v.done}/${v.due} lượt nhiệm vụ đến hạn đã hoàn thành (${pct(measure)}), ${v.late} quá hạn`,
        });
      }
      return out;
    }
    case 'plans.finding_resolution': {
      const findings = await db
        .selectFrom('inspection_findings as f')
        .innerJoin('inspections as i', 'i.id', 'f.inspection_id')
        .innerJoin('inspection_plans as p', 'p.id', 'i.inspection_plan_id')
        .select(['f.unit_id', 'f.task_id'])
        .where('p.year', '=', year)
        .where('f.unit_id', 'in', unitIds)
        .execute();
      const taskIds = [...new Set(findings.map((f) => f.task_id).filter((t): t is string => t !== null))];
      const ledger = await occurrenceLedger(db, { taskIds });
      const at = vietnamDayEnd(on).getTime();
      const open = new Set(ledger.occurrences.filter((o) => ledger.statusAt(o.id, at) !== 'done').map((o) => o.task_id));
      for (const u of unitIds) {
        const mine = findings.filter((f) => f.unit_id === u).map((f) => ({ taskId: f.task_id }));
        const resolved = remediedFindings(mine, open);
        const measure = { numerator: resolved, denominator: mine.length };
        out.set(u, {
          measure,
          provenance:
            mine.length === 0
              ? `Kiểm tra CCHC năm ${year}: không có tồn tại, hạn chế phải khắc phục`
              : `Kiểm tra CCHC năm ${year} đến ngày ${vnDate(on)}: ${resolved}/${mine.length} tồn tại, hạn chế đã khắc phục (${pct(measure)})`,
        });
      }
      return out;
    }
    case 'plans.inspection_coverage': {
      const cov = (await yearCoverage(db, year)).inspected;
      const measure = { numerator: cov.covered, denominator: cov.total };
      const provenance = `Kiểm tra CCHC năm ${year}: ${cov.covered}/${cov.total} cơ quan, đơn vị đã được kiểm tra (${pct(measure)}; yêu cầu từ 30%)`;
      for (const u of unitIds) out.set(u, { measure, provenance });
      return out;
    }
    case '766.onTimeRate':
    case '766.onlineRate':
    case '766.digitisationRate':
    case '766.onlinePaymentRate': {
      const rate = id.slice(4) as ServiceRate;
      const rows = await scope.dossierCounts();
      for (const u of unitIds) {
        const row = rows.get(u);
        if (!row) {
          out.set(u, { missing: 'serviceIndexNoData' });
          continue;
        }
        const measure = rateParts(rate, row.counts);
        out.set(u, {
          measure,
          provenance: `Hồ sơ TTHC tiếp nhận năm ${year} (${RATE_VI[rate]}): ${measure.numerator}/${measure.denominator} (${pct(measure)})`,
        });
      }
      return out;
    }
    case '766.total': {
      const s = await storedScores(c, String(year));
      const byUnit = new Map((s.units as { unitId: string; total: string; class: string | null; missingGroups?: string[] }[]).map((u) => [u.unitId, u]));
      for (const u of unitIds) {
        const row = byUnit.get(u);
        if (!row) out.set(u, { missing: 'serviceIndexNoData' });
        else if (row.class === null) out.set(u, { missing: 'serviceIndexIncomplete' });
        else
          out.set(u, {
            measure: { percent: row.total },
            provenance: `Chỉ số phục vụ (QĐ 766) năm ${year}: ${row.total.replace('.', ',')}/100 điểm, ${row.class}`,
          });
      }
      return out;
    }
  }
}

export async function feedDataLeaves(c: UseCaseContext, cycleId: string): Promise<DataFeedOutcome> {
  authorize(c, 'par.cycle.manage');
  const cycle = await loadCycle(c.db, cycleId);
  if (!cycle) throw notFound();
  if (cycle.stage === 'published') throw new AppError('par_published', { status: 409 });
  const fw = (await loadFramework(c.db, cycle.frameworkId))!;
  const leaves = fw.nodes.filter((n) => n.source === 'data' && !fw.nodes.some((m) => m.parentCode === n.code));
  const out: DataFeedOutcome = { cycleId, fed: [], unchanged: 0, skipped: [] };
  if (leaves.length === 0) return out;
  const rows = await c.db
    .selectFrom('par_assessments as a')
    .innerJoin('par_scores as sc', 'sc.assessment_id', 'a.id')
    .select(['a.id as assessment_id', 'a.unit_id', 'sc.node_code', 'sc.version', 'sc.appraised_points', 'sc.appraisal_reason'])
    .where('a.cycle_id', '=', cycleId)
    .where(
      'sc.node_code',
      'in',
      leaves.map((l) => l.code),
    )
    .orderBy('a.unit_id')
    .execute();
  const unitIds = [...new Set(rows.map((r) => r.unit_id))];
  const today = vietnamDay(c.clock.now());
  const yearEnd = isoDate(cycle.year, 12, 31);
  const on = today < yearEnd ? today : yearEnd;
  let counts: ReturnType<FeedScope['dossierCounts']> | null = null;
  const scope: FeedScope = {
    year: cycle.year,
    on,
    unitIds,
    dossierCounts: () => {
      counts ??= periodCounts(c.db, isoDate(cycle.year, 1, 1), isoDate(cycle.year + 1, 1, 1)).then((rows) => new Map(rows.map((r) => [r.unitId, r])));
      return counts;
    },
  };
  const byCode = new Map(
    leaves.map((leaf) => {
      const id = (leaf.method as { indicator?: string } | null)?.indicator ?? '';
      return [leaf.code, { leaf, id, ind: dataIndicator(id) }] as const;
    }),
  );
  // each indicator measured once for all units, whatever number of leaves use it
  const measured = new Map<string, Map<string, Measured>>();
  for (const { id, ind } of byCode.values()) {
    if (ind && !measured.has(id) && unitIds.length) measured.set(id, await measureIndicator(c, ind.id, scope));
  }
  for (const r of rows) {
    const { leaf, id, ind } = byCode.get(r.node_code)!;
    const m = measured.get(id)?.get(r.unit_id);
    if (!ind || !m) {
      out.skipped.push({ unitId: r.unit_id, nodeCode: r.node_code, indicator: id, reason: 'unknownIndicator' });
      continue;
    }
    if ('missing' in m) {
      out.skipped.push({ unitId: r.unit_id, nodeCode: r.node_code, indicator: id, reason: m.missing });
      continue;
    }
    const points = toFixed(dataLeafPoints(ind, dec(leaf.maxPoints), m.measure), 2);
    if (r.appraised_points !== null && equals(r.appraised_points, points) && r.appraisal_reason === m.provenance) {
      out.unchanged++;
      continue;
    }
    try {
      await setDerivedPoints(c, r.assessment_id, r.node_code, { points, source: m.provenance, version: r.version });
      out.fed.push({ unitId: r.unit_id, nodeCode: r.node_code, indicator: id, points, provenance: m.provenance });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      out.skipped.push({ unitId: r.unit_id, nodeCode: r.node_code, indicator: id, reason: e.code });
    }
  }
  return out;
}
