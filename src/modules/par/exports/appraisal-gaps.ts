/**
 * Appraisal gaps of a cycle (chênh lệch giữa điểm tự chấm và điểm thẩm định): per leaf and per appraiser, how many
 * appraised leaves differ from the unit's self-score, the points removed (and, rarely, added) and the mean gap over
 * the leaves that changed. gap = self − appraised (positive: points removed). Exact arithmetic; the mean is given
 * exactly (a decimal, or a fraction "a/b" when it does not terminate) and rounded half-up to 2 decimals for display.
 *
 * Only self-scored leaves count (survey and data points are not appraised against a self-score). For the PAR office
 * and leaders who read every unit of the cycle.
 */
import { can } from '../../../domain/access/policy.ts';
import { add, compare, type Decimal, div, neg, sub, toExactString, toFixed, ZERO } from '../../../domain/shared/decimal.ts';
import { AppError, notFound } from '../../../server/errors.ts';
import { authorize } from '../../../server/http.ts';
import type { UseCaseContext } from '../../auth/context.ts';
import { loadCycle, loadFramework } from '../repo.ts';
import { visibleUnitIds } from '../workflow.ts';
import { compileTree } from './scoring-sheet.ts';

interface Tally {
  appraised: number;
  changed: number;
  lowered: number;
  raised: number;
  removed: Decimal;
  added: Decimal;
  gapSum: Decimal;
  units: Set<string>;
}

const empty = (): Tally => ({ appraised: 0, changed: 0, lowered: 0, raised: 0, removed: ZERO, added: ZERO, gapSum: ZERO, units: new Set() });

function count(t: Tally, unitId: string, gap: Decimal) {
  t.appraised++;
  t.units.add(unitId);
  const s = compare(gap, ZERO);
  if (s === 0) return;
  t.changed++;
  t.gapSum = add(t.gapSum, gap);
  if (s > 0) {
    t.lowered++;
    t.removed = add(t.removed, gap);
  } else {
    t.raised++;
    t.added = add(t.added, neg(gap));
  }
}

function shape(t: Tally) {
  const mean = t.changed ? div(t.gapSum, t.changed) : null;
  return {
    appraised: t.appraised,
    changed: t.changed,
    lowered: t.lowered,
    raised: t.raised,
    pointsRemoved: toExactString(t.removed),
    pointsAdded: toExactString(t.added),
    meanGap: mean === null ? null : toExactString(mean),
    meanGapRounded: mean === null ? null : toFixed(mean, 2),
  };
}

/** May the actor see the whole cycle's appraisal figures? The PAR office, or a provincial leader reaching every unit of it. */
async function requireReadAll(c: UseCaseContext, cycleUnits: string[]) {
  if (can(c.actor, 'par.cycle.manage')) return;
  if (c.actor.grants.some((g) => g.role === 'provincialLeader')) {
    const visible = await visibleUnitIds(c);
    if (visible === 'all') return;
    const set = new Set(visible);
    if (cycleUnits.every((u) => set.has(u))) return;
  }
  throw new AppError('par_gaps_forbidden', { status: 403 });
}

/** GET /api/par/cycles/:id/appraisal-gaps */
export async function appraisalGaps(c: UseCaseContext, cycleId: string) {
  authorize(c, 'par.read');
  const cycle = await loadCycle(c.db, cycleId);
  if (!cycle) throw notFound();
  const cycleUnits = await c.db.selectFrom('par_assessments').select('unit_id').where('cycle_id', '=', cycleId).execute();
  await requireReadAll(
    c,
    cycleUnits.map((u) => u.unit_id),
  );
  const fw = (await loadFramework(c.db, cycle.frameworkId))!;
  const tree = compileTree(fw);
  const rows = await c.db
    .selectFrom('par_scores as s')
    .innerJoin('par_assessments as a', 'a.id', 's.assessment_id')
    .leftJoin('users as u', 'u.id', 's.appraised_by')
    .select(['a.unit_id', 's.node_code', 's.self_points', 's.appraised_points', 's.appraised_by', 'u.username', 'u.display_name'])
    .where('a.cycle_id', '=', cycleId)
    .where('s.self_points', 'is not', null)
    .where('s.appraised_points', 'is not', null)
    .execute();
  const selfLeaves = tree.leaves.filter((t) => t.source === 'self');
  const byLeaf = new Map(selfLeaves.map((t) => [t.code, empty()]));
  const byAppraiser = new Map<string, { userId: string | null; username: string | null; name: string; tally: Tally }>();
  const total = empty();
  for (const r of rows) {
    const leaf = byLeaf.get(r.node_code);
    if (!leaf) continue;
    const gap = sub(r.self_points as string, r.appraised_points as string);
    count(leaf, r.unit_id, gap);
    count(total, r.unit_id, gap);
    const key = r.appraised_by ?? '';
    let a = byAppraiser.get(key);
    if (!a) {
      a = { userId: r.appraised_by, username: r.username, name: r.display_name ?? 'Không xác định', tally: empty() };
      byAppraiser.set(key, a);
    }
    count(a.tally, r.unit_id, gap);
  }
  const collator = new Intl.Collator('vi');
  return {
    cycle: { id: cycle.id, name: cycle.name, year: cycle.year, stage: cycle.stage },
    total: { ...shape(total), units: total.units.size },
    leaves: selfLeaves.map((t) => ({ code: t.code, title: t.node.title ?? '', maxPoints: toExactString(t.max), ...shape(byLeaf.get(t.code)!) })),
    appraisers: [...byAppraiser.values()]
      .sort((x, y) => (x.userId === null ? 1 : 0) - (y.userId === null ? 1 : 0) || collator.compare(x.name, y.name))
      .map((a) => ({ userId: a.userId, username: a.username, name: a.name, units: a.tally.units.size, ...shape(a.tally) })),
  };
}
