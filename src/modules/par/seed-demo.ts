import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { AssessmentStatus, DB, ParStage } from '../../db/schema.ts';
import { type FrameworkNode, scoreLeaf } from '../../domain/par/index.ts';
import type { Clock } from '../../domain/shared/clock.ts';
import { vietnamDay } from '../../domain/shared/clock.ts';
import { toFixed } from '../../domain/shared/decimal.ts';
import { systemActor } from '../auth/context.ts';
import { domainNode } from './leaf-rules.ts';
import { insertFramework, type StoredNode, shortDecimal } from './repo.ts';
import { publishCycle } from './results.ts';

const dataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/par');

interface DemoFramework {
  name: string;
  groupCode: string;
  classes: { name: string; minIndex: string }[];
  nodes: StoredNode[];
}

export function loadDemoFramework(groupCode: 'agencies' | 'communes'): DemoFramework {
  return JSON.parse(fs.readFileSync(path.join(dataDir, `demo-framework-${groupCode}.json`), 'utf8')) as DemoFramework;
}

/** The illustrative form for evaluating commune chairs (người đứng đầu), marked so in the file. */
export function loadDemoHeadEvaluationForm(): DemoFramework {
  return JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-head-evaluation-communes.json'), 'utf8')) as DemoFramework;
}

/** A small deterministic generator, so that the demo looks the same on every machine. */
function rng(seed: string) {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return () => {
    h = Math.imul(h ^ (h >>> 15), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    return (h >>> 0) / 4294967296;
  };
}

/** Illustrative points for one leaf of one unit, produced through the leaf's own scoring method. */
function demoPoints(node: StoredNode, quality: number, r: () => number): string {
  const n: FrameworkNode = domainNode(node);
  const m = node.method as { type: string; levels?: unknown[] } | null;
  const q = Math.min(1, Math.max(0, quality + (r() - 0.5) * 0.3));
  const input = (() => {
    switch (m?.type) {
      case 'levels':
        return { level: q > 0.75 ? 0 : q > 0.45 ? 1 : Math.min(2, (m.levels?.length ?? 1) - 1) };
      case 'bands':
      case 'proportional':
        return { percent: Math.round(q * 1000) / 10 };
      case 'boolean':
        return { yes: q > 0.35 };
      case 'deduction':
        return { count: r() < 0.15 ? 1 : 0 };
      case 'bonus':
        return { points: r() < 0.2 ? '0.5' : '0' };
      case 'survey':
        return { surveyIndex: Math.round((0.7 + q * 0.28) * 10000) / 10000 };
      case 'data':
        return { value: (Number(node.maxPoints) * (0.6 + q * 0.4)).toFixed(2) };
      default:
        return { points: (Number(node.maxPoints) * q).toFixed(2) };
    }
  })();
  const s = scoreLeaf(n, input as never);
  return s.ok ? shortDecimal(toFixed(s.points, 2)) : '0';
}

interface CyclePlan {
  year: number;
  groupCode: 'agencies' | 'communes';
  frameworkId: string;
  stage: ParStage;
  selfDeadline: string;
  finished: boolean;
  name: string;
  fw: DemoFramework;
  /** a unit left in draft with half of its leaves scored, whatever its position (the demo account's unit) */
  draftUnitCode?: string;
}

/**
 * Illustrative PAR data for the demo (marked so in the frameworks): the communes' 2024 cycle on the pre-merger
 * communes, the 2025 cycles of agencies and communes (published, so that 2025 compares with 2024 through lineage),
 * and the 2026 cycles in progress (self-assessment).
 */
export async function seedParDemo(db: Kysely<DB>, clock: Clock): Promise<void> {
  const already = await db.selectFrom('par_frameworks').select('id').limit(1).executeTakeFirst();
  if (already) return;
  const c = { db, clock, actor: systemActor('seed'), ip: null };
  const plans: CyclePlan[] = [];
  await db.transaction().execute(async (trx) => {
    for (const groupCode of ['agencies', 'communes'] as const) {
      const fw = loadDemoFramework(groupCode);
      let previous: string | null = null;
      for (const year of groupCode === 'communes' ? [2024, 2025, 2026] : [2025, 2026]) {
        const id = await insertFramework(trx, {
          name: fw.name.replace('(minh họa)', `năm ${year} (minh họa)`),
          year,
          groupCode,
          classes: fw.classes,
          nodes: fw.nodes,
          illustrative: true,
          copiedFromId: previous,
        });
        previous = id;
        plans.push({
          year,
          groupCode,
          fw,
          name: `Chỉ số CCHC năm ${year} — khối ${groupCode === 'agencies' ? 'sở, ban, ngành' : 'xã, phường'}`,
          frameworkId: id,
          stage: year === 2026 ? 'selfAssessment' : 'council',
          selfDeadline: `${year}-12-15`,
          finished: year < 2026,
        });
      }
    }
  });

  for (const p of plans) {
    const cycleId = await seedCycle(db, p);
    if (p.finished) await publishCycle(c, cycleId);
  }
}

/** One demo cycle: assessments of the group's units at the end of the year with illustrative scores by progress. */
async function seedCycle(db: Kysely<DB>, p: CyclePlan): Promise<string> {
  const appraiser = await db.selectFrom('users').select('id').where('username', '=', 'thamdinh').executeTakeFirst();
  const fw = p.fw;
  const leaves = fw.nodes.filter((n) => !fw.nodes.some((m) => m.parentCode === n.code));
  const day = `${p.year}-12-31`;
  const cycleId = await db.transaction().execute(async (trx) => {
    // Units of the group that exist at the end of the year; for 2024 that is the pre-merger communes.
    const units = await trx
      .selectFrom('units')
      .select(['id', 'code', 'name'])
      .where('kind', '=', p.groupCode === 'agencies' ? 'agency' : 'commune')
      .where((eb) =>
        eb.and([eb.or([eb('valid_from', 'is', null), eb('valid_from', '<=', day)]), eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', day)])]),
      )
      .execute();
    const cycle = await trx
      .insertInto('par_cycles')
      .values({
        framework_id: p.frameworkId,
        name: p.name,
        year: p.year,
        stage: p.stage,
        survey_included: true,
        self_deadline: p.selfDeadline,
        appraisal_deadline: `${p.year + 1}-01-15`,
        explanation_deadline: `${p.year + 1}-01-25`,
        council_deadline: `${p.year + 1}-02-10`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (appraiser) {
      await trx
        .insertInto('par_appraisers')
        .values(fw.nodes.filter((n) => n.parentCode === null).map((n) => ({ cycle_id: cycle.id, user_id: appraiser.id, unit_id: null, area_code: n.code })))
        .execute();
    }
    const scoreRows: DB['par_scores'][] = [];
    for (const [i, u] of units.entries()) {
      const r = rng(`${p.year}:${u.code}`);
      const quality = 0.62 + r() * 0.33;
      // 2026: a third of the units have submitted, a third are scoring, the rest have not started.
      const progress = p.finished ? 1 : u.code === p.draftUnitCode ? 0.5 : i % 3 === 0 ? 1 : i % 3 === 1 ? 0.5 : 0;
      const status: AssessmentStatus = p.finished ? 'finalised' : progress === 1 ? 'submitted' : 'draft';
      const a = await trx
        .insertInto('par_assessments')
        .values({
          cycle_id: cycle.id,
          unit_id: u.id,
          status,
          submitted_at: status === 'draft' ? null : new Date(`${p.year}-12-1${i % 5}T03:00:00Z`),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const [j, leaf] of leaves.entries()) {
        const scored = progress === 1 || (progress === 0.5 && j % 2 === 0);
        const points = demoPoints(leaf, quality, r);
        const self = leaf.source === 'self' && scored ? points : null;
        const derived = leaf.source !== 'self' && p.finished ? points : null;
        // Appraisers lower about one self-score in eight, with a reason.
        const lowered = p.finished && self !== null && leaf.kind === 'normal' && r() < 0.12 && Number(self) > 0;
        const appraised = p.finished
          ? self !== null
            ? lowered
              ? shortDecimal(Math.max(0, Number(self) - Math.min(Number(self), 0.5)).toFixed(2))
              : self
            : derived
          : null;
        scoreRows.push({
          assessment_id: a.id,
          unit_id: u.id,
          node_code: leaf.code,
          self_points: self,
          self_input: null,
          self_note: null,
          appraised_points: appraised,
          appraisal_reason: lowered ? 'Tài liệu kiểm chứng chưa đầy đủ (minh họa)' : null,
          appraised_by: lowered && appraiser ? appraiser.id : null,
          explanation_status: null,
          explanation_text: null,
          reappraised_points: null,
          reappraisal_reason: null,
          final_points: p.finished ? appraised : null,
          data_source: null,
        } as unknown as DB['par_scores']);
      }
    }
    for (let k = 0; k < scoreRows.length; k += 1000)
      await trx
        .insertInto('par_scores')
        .values(scoreRows.slice(k, k + 1000) as never)
        .execute();
    return cycle.id;
  });
  return cycleId;
}

/**
 * The evaluation of heads of agencies for the clock's year on the same machinery (illustrative form, marked so):
 * commune chairs self-evaluate — a third have submitted, a third are scoring, Phường Quy Nhơn (the demo accounts'
 * unit) is half-way. The data-derived criteria stay empty until the PAR office updates them from the system's data.
 */
export async function seedHeadEvaluationDemo(db: Kysely<DB>, clock: Clock): Promise<void> {
  const already = await db.selectFrom('par_frameworks').select('id').where('purpose', '=', 'headEvaluation').limit(1).executeTakeFirst();
  if (already) return;
  const year = Number(vietnamDay(clock.now()).slice(0, 4));
  const fw = loadDemoHeadEvaluationForm();
  const frameworkId = await db.transaction().execute((trx) =>
    insertFramework(trx, {
      name: fw.name.replace('(minh họa)', `năm ${year} (minh họa)`),
      year,
      groupCode: fw.groupCode,
      classes: fw.classes,
      nodes: fw.nodes,
      illustrative: true,
      purpose: 'headEvaluation',
    }),
  );
  await seedCycle(db, {
    year,
    groupCode: 'communes',
    fw,
    name: `Đánh giá người đứng đầu trong thực hiện CCHC năm ${year} — Chủ tịch UBND xã, phường`,
    frameworkId,
    stage: 'selfAssessment',
    selfDeadline: `${year}-12-10`,
    finished: false,
    draftUnitCode: '21583',
  });
}
