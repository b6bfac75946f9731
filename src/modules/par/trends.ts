import { publishedMean } from '../../domain/par/index.ts';
import { carriersOn } from '../../domain/units/lineage.ts';
import { authorize } from '../../server/http.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { allSpans, lineageEdges } from '../units/repo.ts';
import { visibleUnitIds } from './workflow.ts';

/**
 * Published results of a unit group over the years, for the leaders' dashboard: per year the mean of the unit
 * indices and the count per class; per unit of the latest year its index in every earlier year, where a year before
 * a merge uses the mean index of the units that carried it then (unit lineage).
 */
export async function groupTrends(c: UseCaseContext, groupCode: string) {
  authorize(c, 'par.read');
  const cycles = await c.db
    .selectFrom('par_cycles as pc')
    .innerJoin('par_frameworks as f', 'f.id', 'pc.framework_id')
    .select(['pc.id', 'pc.year', 'pc.name', 'f.classes'])
    .where('f.group_code', '=', groupCode)
    .where('f.purpose', '=', 'parIndex')
    .where('pc.stage', '=', 'published')
    .orderBy('pc.year')
    .execute();
  if (cycles.length === 0) return { groupCode, years: [], units: [] };
  const results = await c.db
    .selectFrom('par_results')
    .select(['cycle_id', 'unit_id', 'index_value', 'class_name', 'rank'])
    .where(
      'cycle_id',
      'in',
      cycles.map((x) => x.id),
    )
    .execute();
  const byCycle = new Map(cycles.map((x) => [x.id, results.filter((r) => r.cycle_id === x.id)]));
  const years = cycles.map((cy) => {
    const rows = byCycle.get(cy.id) ?? [];
    const classes = (cy.classes as { name: string }[]).map((k) => ({ name: k.name, count: rows.filter((r) => r.class_name === k.name).length }));
    const unclassified = rows.filter((r) => r.class_name === null).length;
    return {
      year: cy.year,
      cycleId: cy.id,
      count: rows.length,
      meanOfIndices: publishedMean(rows.map((r) => r.index_value)),
      classes: unclassified ? [...classes, { name: null, count: unclassified }] : classes,
    };
  });
  const latest = cycles[cycles.length - 1];
  const visible = await visibleUnitIds(c);
  const latestRows = (byCycle.get(latest.id) ?? []).filter((r) => visible === 'all' || visible.includes(r.unit_id));
  const spans = await allSpans(c.db);
  const edges = await lineageEdges(c.db);
  const names = new Map(
    (
      await c.db
        .selectFrom('units')
        .select(['id', 'name', 'code'])
        .where('id', 'in', latestRows.length ? latestRows.map((r) => r.unit_id) : ['00000000-0000-0000-0000-000000000000'])
        .execute()
    ).map((u) => [u.id, u]),
  );
  const collator = new Intl.Collator('vi');
  const units = latestRows
    .map((r) => ({
      unitId: r.unit_id,
      name: names.get(r.unit_id)?.name ?? '',
      code: names.get(r.unit_id)?.code ?? '',
      series: cycles.map((cy) => {
        const rows = byCycle.get(cy.id) ?? [];
        const own = rows.find((x) => x.unit_id === r.unit_id);
        if (own) return { year: cy.year, index: own.index_value, rank: own.rank, viaLineage: false };
        const carriers = carriersOn(r.unit_id, `${cy.year}-12-31`, spans, edges)
          .map((id) => rows.find((x) => x.unit_id === id))
          .filter((x) => x !== undefined);
        if (carriers.length === 0) return { year: cy.year, index: null, rank: null, viaLineage: false };
        return { year: cy.year, index: publishedMean(carriers.map((x) => x.index_value)), rank: null, viaLineage: true };
      }),
    }))
    .sort((a, b) => collator.compare(a.name, b.name));
  return { groupCode, years, units };
}
