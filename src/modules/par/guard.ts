import type { Kysely } from 'kysely';
import type { AssessmentStatus, DB, ParStage } from '../../db/schema.ts';
import type { Action } from '../../domain/access/policy.ts';
import { AppError, notFound } from '../../server/errors.ts';
import { authorize } from '../../server/http.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { unitPath } from '../units/repo.ts';
import { type AssessmentRow, type CycleRow, loadAssessment, loadCycle, loadFramework, type StoredFramework } from './repo.ts';

export interface Loaded {
  assessment: AssessmentRow;
  cycle: CycleRow;
  framework: StoredFramework;
  unitPath: string[];
}

/** Loads an assessment with its cycle and framework and checks `action` on the assessment's unit. */
export async function loadForAction(c: UseCaseContext, db: Kysely<DB>, assessmentId: string, action: Action): Promise<Loaded> {
  const assessment = await loadAssessment(db, assessmentId);
  if (!assessment) throw notFound();
  const path = await unitPath(db, assessment.unitId);
  authorize(c, action, { unitPath: path });
  const cycle = (await loadCycle(db, assessment.cycleId))!;
  const framework = (await loadFramework(db, cycle.frameworkId))!;
  return { assessment, cycle, framework, unitPath: path };
}

const STAGE_VI: Record<ParStage, string> = {
  selfAssessment: 'Tự đánh giá',
  appraisal: 'Thẩm định',
  explanation: 'Giải trình',
  reappraisal: 'Thẩm định lại',
  council: 'Hội đồng xem xét',
  published: 'Đã công bố',
};
const STATUS_VI: Record<AssessmentStatus, string> = {
  draft: 'Đang tự chấm',
  submitted: 'Đã nộp',
  returned: 'Trả lại bổ sung',
  appraised: 'Đã thẩm định',
  explained: 'Đã giải trình',
  reappraised: 'Đã thẩm định lại',
  finalised: 'Đã chốt',
  published: 'Đã công bố',
};

export function requireStage(cycle: CycleRow, ...stages: ParStage[]): void {
  if (cycle.stage === 'published' && !stages.includes('published')) throw new AppError('par_published', { status: 409 });
  if (!stages.includes(cycle.stage)) throw new AppError('par_stage_closed', { status: 409, params: { stage: STAGE_VI[cycle.stage] } });
}

export function requireStatus(a: AssessmentRow, ...statuses: AssessmentStatus[]): void {
  if (a.status === 'published' && !statuses.includes('published')) throw new AppError('par_published', { status: 409 });
  if (!statuses.includes(a.status)) throw new AppError('par_status_locked', { status: 409, params: { status: STATUS_VI[a.status] } });
}
