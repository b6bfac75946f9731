/**
 * Unit lineage: which unit carries another one on a given day, across merges and splits.
 *
 * Validity is half-open: a unit exists on day D when validFrom ≤ D < validTo (null bounds are open).
 * A lineage edge predecessor → successor on `date` means the predecessor (or part of it, when partial) is carried
 * by the successor from that date on. Since 1/7/2025 (Nghị quyết 202/2025/QH15 and the UBTVQH resolutions on
 * commune rearrangement) most communes are such successors, so a year-over-year comparison must ask this module
 * which units stand for which on each side.
 */
export type IsoDate = string;

export interface UnitSpan {
  id: string;
  validFrom: IsoDate | null;
  validTo: IsoDate | null;
}

export interface LineageEdge {
  predecessorId: string;
  successorId: string;
  date: IsoDate;
  partial: boolean;
}

export function existsOn(u: UnitSpan, day: IsoDate): boolean {
  return (u.validFrom === null || u.validFrom <= day) && (u.validTo === null || day < u.validTo);
}

/** Do two half-open periods share a day? */
export function periodsOverlap(a: Pick<UnitSpan, 'validFrom' | 'validTo'>, b: Pick<UnitSpan, 'validFrom' | 'validTo'>): boolean {
  const startsBeforeBEnds = a.validFrom === null || b.validTo === null || a.validFrom < b.validTo;
  const bStartsBeforeAEnds = b.validFrom === null || a.validTo === null || b.validFrom < a.validTo;
  return startsBeforeBEnds && bStartsBeforeAEnds;
}

/**
 * The unit(s) that stand for `unitId` on `day`:
 * - the unit itself when it exists that day;
 * - after it ceased: its successors (followed through later merges) that exist that day;
 * - before it began: its predecessors (followed back) that exist that day.
 * Results are unique and in discovery order. An empty list means nothing stands for it that day (e.g. a district
 * after 1/7/2025: districts were abolished, their communes carry on).
 */
export function carriersOn(unitId: string, day: IsoDate, units: ReadonlyMap<string, UnitSpan>, edges: readonly LineageEdge[]): string[] {
  const start = units.get(unitId);
  if (!start) return [];
  if (existsOn(start, day)) return [unitId];
  const forward = start.validTo !== null && day >= start.validTo;
  const out: string[] = [];
  const seen = new Set<string>([unitId]);
  const queue = [unitId];
  while (queue.length) {
    const id = queue.shift() as string;
    const next = forward
      ? edges.filter((e) => e.predecessorId === id && e.date <= day).map((e) => e.successorId)
      : edges.filter((e) => e.successorId === id && e.date > day).map((e) => e.predecessorId);
    for (const n of next) {
      if (seen.has(n)) continue;
      seen.add(n);
      const u = units.get(n);
      if (!u) continue;
      if (existsOn(u, day)) out.push(n);
      else queue.push(n);
    }
  }
  return out;
}

/** True when adding `added` edges makes some unit reachable from itself through successor links. */
export function createsCycle(existing: readonly LineageEdge[], added: readonly Pick<LineageEdge, 'predecessorId' | 'successorId'>[]): boolean {
  const next = new Map<string, string[]>();
  for (const e of [...existing, ...added]) {
    const list = next.get(e.predecessorId) ?? [];
    list.push(e.successorId);
    next.set(e.predecessorId, list);
  }
  // A cycle through a new edge p → s exists iff p is reachable from s.
  for (const e of added) {
    const seen = new Set<string>();
    const stack = [e.successorId];
    while (stack.length) {
      const id = stack.pop() as string;
      if (id === e.predecessorId) return true;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...(next.get(id) ?? []));
    }
  }
  return false;
}

export type LineageProblem =
  | { code: 'tooFewPredecessors' }
  | { code: 'duplicatePredecessor'; unitId: string }
  | { code: 'predecessorNotLiving'; unitId: string }
  | { code: 'successorIsPredecessor'; unitId: string }
  | { code: 'successorNotLiving'; unitId: string }
  | { code: 'tooFewSuccessors' }
  | { code: 'cycle' };

/**
 * Checks a merge of `predecessors` into one successor on `date`.
 * Every predecessor must exist on the day before `date` and must not already have an end date other than `date`
 * (a unit cannot cease twice). An existing successor (absorbing merge) must exist on `date` itself.
 */
export function checkMerge(input: { date: IsoDate; predecessors: UnitSpan[]; successor: UnitSpan | null; edges: readonly LineageEdge[] }): LineageProblem[] {
  const problems: LineageProblem[] = [];
  const { date, predecessors, successor } = input;
  const minPredecessors = successor ? 1 : 2;
  if (predecessors.length < minPredecessors) problems.push({ code: 'tooFewPredecessors' });
  const ids = new Set<string>();
  for (const p of predecessors) {
    if (ids.has(p.id)) problems.push({ code: 'duplicatePredecessor', unitId: p.id });
    ids.add(p.id);
    const livesBefore = existsOn(p, addDays(date, -1));
    const endsOk = p.validTo === null || p.validTo === date;
    if (!livesBefore || !endsOk) problems.push({ code: 'predecessorNotLiving', unitId: p.id });
  }
  if (successor) {
    if (ids.has(successor.id)) problems.push({ code: 'successorIsPredecessor', unitId: successor.id });
    else if (!existsOn(successor, date)) problems.push({ code: 'successorNotLiving', unitId: successor.id });
    else if (
      createsCycle(
        input.edges,
        predecessors.map((p) => ({ predecessorId: p.id, successorId: successor.id })),
      )
    ) {
      problems.push({ code: 'cycle' });
    }
  }
  return problems;
}

/** Checks a split of one predecessor into new successors on `date`. */
export function checkSplit(input: { date: IsoDate; predecessor: UnitSpan; successorCount: number }): LineageProblem[] {
  const problems: LineageProblem[] = [];
  if (input.successorCount < 2) problems.push({ code: 'tooFewSuccessors' });
  const p = input.predecessor;
  if (!existsOn(p, addDays(input.date, -1)) || !(p.validTo === null || p.validTo === input.date)) {
    problems.push({ code: 'predecessorNotLiving', unitId: p.id });
  }
  return problems;
}

export function addDays(day: IsoDate, n: number): IsoDate {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}
