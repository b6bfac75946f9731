/**
 * Reminder and escalation jobs, kept in the database (plan_jobs).
 *
 * 1. `scheduleReminders` finds the open occurrences that need chasing today and inserts one job per (occurrence,
 *    kind, recipient); the unique key makes a second run — or a second server — add nothing.
 * 2. `claimJobs` takes pending jobs for a lease with FOR UPDATE SKIP LOCKED (PostgreSQL and PGlite): two workers
 *    never hold the same job. A job whose lease ran out (its worker died between claim and send) is claimed again.
 * 3. `deliverJob` sends the mail (if mail is on and the user has an address), then in one transaction — and only
 *    if the claim is still its own — adds the in-app notification and marks the job done. A bounced address is
 *    recorded on the job (`failed`, with the server's answer); a temporary failure puts it back for later.
 *
 * The in-app notification is written exactly once (same transaction as the status change). Mail is sent at least
 * once: only a crash after the SMTP server accepted a message and before the commit sends it again.
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { chaseKinds, chaseRoles } from '../../domain/plans/reminders.ts';
import type { Clock } from '../../domain/shared/clock.ts';
import { vietnamDay } from '../../domain/shared/clock.ts';
import { runEvery } from '../../server/every.ts';
import { authorize } from '../../server/http.ts';
import { writeAudit } from '../audit/repo.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { actorIdOrNull } from '../auth/context.ts';
import type { Mailer } from '../mail/mailer.ts';
import { latestReports } from './repo.ts';
import { planCalendar } from './reports.ts';

export const LEASE_MS = 5 * 60_000;
export const RETRY_MS = 10 * 60_000;
export const MAX_ATTEMPTS = 5;

export interface JobDeps {
  db: Kysely<DB>;
  clock: Clock;
  mailer: Mailer | null;
}

const fmt = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** Inserts the jobs due today; returns how many were new. */
export async function scheduleReminders(deps: Pick<JobDeps, 'db' | 'clock'>): Promise<number> {
  const { db, clock } = deps;
  const now = clock.now();
  const today = vietnamDay(now);
  const cal = await planCalendar(db, today, now);
  const horizon = new Date(now.getTime() + 14 * 86400_000).toISOString().slice(0, 10);
  const occ = await db
    .selectFrom('plan_occurrences as o')
    .innerJoin('plan_tasks as t', 't.id', 'o.task_id')
    .innerJoin('plans as p', 'p.id', 't.plan_id')
    .select(['o.id', 'o.due_date', 't.lead_unit_id'])
    .where('p.status', '=', 'active')
    .where('o.due_date', '<=', horizon)
    .execute();
  const latest = await latestReports(
    db,
    occ.map((o) => o.id),
  );
  const wanted: { occurrenceId: string; unitId: string; kind: 'reminder' | 'escalation' }[] = [];
  for (const o of occ) {
    for (const kind of chaseKinds({ dueDate: o.due_date, status: latest.get(o.id)?.status ?? null }, today, cal)) {
      wanted.push({ occurrenceId: o.id, unitId: o.lead_unit_id, kind });
    }
  }
  if (wanted.length === 0) return 0;
  const unitIds = [...new Set(wanted.map((w) => w.unitId))];
  const people = await db
    .selectFrom('user_roles as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.user_id', 'r.role', 'r.unit_id', 'u.email'])
    .where('r.unit_id', 'in', unitIds)
    .where('r.role', 'in', ['focalOfficer', 'unitLeader'])
    .where('u.active', '=', true)
    .execute();
  let added = 0;
  for (const w of wanted) {
    const roles: string[] = chaseRoles(w.kind);
    const recipients = new Map<string, string | null>();
    for (const p of people) if (p.unit_id === w.unitId && roles.includes(p.role)) recipients.set(p.user_id, p.email);
    for (const [userId, email] of recipients) {
      const r = await db
        .insertInto('plan_jobs')
        .values({ unit_id: w.unitId, kind: w.kind, occurrence_id: w.occurrenceId, recipient_id: userId, email, run_after: now, created_at: now })
        .onConflict((oc) => oc.columns(['occurrence_id', 'kind', 'recipient_id']).doNothing())
        .returning('id')
        .execute();
      added += r.length;
    }
  }
  return added;
}

export interface ClaimedJob {
  id: string;
  claimToken: string;
  kind: 'reminder' | 'escalation';
  occurrenceId: string;
  recipientId: string;
  email: string | null;
  attempts: number;
}

/** Claims up to `limit` jobs that are due (or whose worker's lease ran out) for this worker. */
export async function claimJobs(deps: Pick<JobDeps, 'db' | 'clock'>, limit = 50): Promise<ClaimedJob[]> {
  const now = deps.clock.now();
  const token = randomUUID();
  const lease = new Date(now.getTime() + LEASE_MS);
  const r = await sql<{ id: string; kind: 'reminder' | 'escalation'; occurrence_id: string; recipient_id: string; email: string | null; attempts: number }>`
    UPDATE plan_jobs SET status = 'sending', claim_token = ${token}, lease_until = ${lease}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM plan_jobs
      WHERE (status = 'pending' AND run_after <= ${now}) OR (status = 'sending' AND lease_until < ${now})
      ORDER BY created_at, id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, kind, occurrence_id, recipient_id, email, attempts`.execute(deps.db);
  return r.rows.map((j) => ({
    id: j.id,
    claimToken: token,
    kind: j.kind,
    occurrenceId: j.occurrence_id,
    recipientId: j.recipient_id,
    email: j.email,
    attempts: Number(j.attempts),
  }));
}

/** Sends one claimed job. Returns what happened to it. */
export async function deliverJob(deps: JobDeps, job: ClaimedJob): Promise<'sent' | 'failed' | 'retry' | 'cancelled' | 'lost'> {
  const { db, clock, mailer } = deps;
  const info = await db
    .selectFrom('plan_occurrences as o')
    .innerJoin('plan_tasks as t', 't.id', 'o.task_id')
    .innerJoin('plans as p', 'p.id', 't.plan_id')
    .innerJoin('units as u', 'u.id', 't.lead_unit_id')
    .select(['o.due_date', 'o.period', 't.id as task_id', 't.ref', 't.work', 'p.number', 'p.status as plan_status', 'u.name as unit_name', 'u.id as unit_id'])
    .where('o.id', '=', job.occurrenceId)
    .executeTakeFirst();
  const latest = info ? (await latestReports(db, [job.occurrenceId])).get(job.occurrenceId) : undefined;
  const now = clock.now();
  // Reported done (or the plan closed) since the job was scheduled: nothing to send.
  if (info?.plan_status !== 'active' || latest?.status === 'done') {
    const r = await db
      .updateTable('plan_jobs')
      .set({ status: 'cancelled', claim_token: null, lease_until: null })
      .where('id', '=', job.id)
      .where('claim_token', '=', job.claimToken)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) ? 'cancelled' : 'lost';
  }
  const period = info.period === 'once' ? '' : ` (kỳ ${info.period})`;
  const title =
    job.kind === 'reminder' ? `Sắp đến hạn: nhiệm vụ ${info.ref} – Kế hoạch ${info.number}` : `Quá hạn: nhiệm vụ ${info.ref} – Kế hoạch ${info.number}`;
  const body =
    job.kind === 'reminder'
      ? `${info.unit_name}: nhiệm vụ "${info.work}"${period} đến hạn ngày ${fmt(info.due_date)}. Đề nghị cập nhật tiến độ trên hệ thống CCHC.`
      : `${info.unit_name}: nhiệm vụ "${info.work}"${period} đã quá hạn từ ngày ${fmt(info.due_date)} mà chưa hoàn thành. Đề nghị lãnh đạo đơn vị chỉ đạo thực hiện và báo cáo.`;

  let mailStatus: 'sent' | 'bounced' | 'none' = 'none';
  let error: string | null = null;
  if (mailer && job.email) {
    const res = await mailer.send({ to: job.email, subject: `[CCHC] ${title}`, text: `${body}\n\nKế hoạch ${info.number}, nhiệm vụ ${info.ref}.` });
    if (res.ok) mailStatus = 'sent';
    else if (res.permanent) {
      mailStatus = 'bounced';
      error = res.error;
    } else {
      // try again later, unless it has been tried enough: then it stays, failed, for someone to look at
      const final = job.attempts >= MAX_ATTEMPTS;
      const r = await db
        .updateTable('plan_jobs')
        .set({
          status: final ? 'failed' : 'pending',
          run_after: new Date(now.getTime() + RETRY_MS),
          claim_token: null,
          lease_until: null,
          last_error: res.error,
        })
        .where('id', '=', job.id)
        .where('claim_token', '=', job.claimToken)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) ? (final ? 'failed' : 'retry') : 'lost';
    }
  }
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('plan_jobs')
      .set({
        status: mailStatus === 'bounced' ? 'failed' : 'sent',
        mail_status: mailStatus,
        last_error: error,
        sent_at: now,
        claim_token: null,
        lease_until: null,
      })
      .where('id', '=', job.id)
      .where('claim_token', '=', job.claimToken)
      .where('status', '=', 'sending')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return 'lost' as const;
    await trx
      .insertInto('notifications')
      .values({ user_id: job.recipientId, kind: `plan.${job.kind}`, title, body, link: `/plans/inbox?unitId=${info.unit_id}`, created_at: now })
      .execute();
    await writeAudit(trx, {
      at: now,
      actorId: null,
      actorName: 'system',
      action: `plan.${job.kind}`,
      entityType: 'planJob',
      entityId: job.id,
      unitId: info.unit_id,
      after: { occurrenceId: job.occurrenceId, recipientId: job.recipientId, mail: mailStatus, error },
    });
    return mailStatus === 'bounced' ? ('failed' as const) : ('sent' as const);
  });
}

/** One pass of the worker: schedule today's jobs, then claim and deliver until nothing is left. */
export async function runReminders(deps: JobDeps): Promise<{ scheduled: number; sent: number; failed: number }> {
  const scheduled = await scheduleReminders(deps);
  let sent = 0;
  let failed = 0;
  for (;;) {
    const jobs = await claimJobs(deps);
    if (jobs.length === 0) break;
    for (const j of jobs) {
      const r = await deliverJob(deps, j);
      if (r === 'sent') sent++;
      if (r === 'failed') failed++;
    }
    if (jobs.length < 50) break;
  }
  return { scheduled, sent, failed };
}

export async function runRemindersNow(c: UseCaseContext, mailer: Mailer | null) {
  authorize(c, 'plans.manage');
  const r = await runReminders({ db: c.db, clock: c.clock, mailer });
  await c.db.transaction().execute(async (trx) => {
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'plan.reminders.run',
      entityType: 'planJob',
      entityId: null,
      after: r,
      ip: c.ip,
    });
  });
  return r;
}

export async function listJobs(c: UseCaseContext, status?: 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled') {
  authorize(c, 'plans.manage');
  let q = c.db
    .selectFrom('plan_jobs as j')
    .innerJoin('users as u', 'u.id', 'j.recipient_id')
    .innerJoin('plan_occurrences as o', 'o.id', 'j.occurrence_id')
    .innerJoin('plan_tasks as t', 't.id', 'o.task_id')
    .innerJoin('plans as p', 'p.id', 't.plan_id')
    .innerJoin('units as lead', 'lead.id', 't.lead_unit_id')
    .select([
      'j.id',
      'j.kind',
      'o.task_id',
      'o.due_date',
      't.ref',
      't.work',
      't.plan_id',
      'p.number as plan_number',
      'lead.name as unit_name',
      'j.occurrence_id',
      'u.display_name',
      'j.email',
      'j.status',
      'j.mail_status',
      'j.attempts',
      'j.last_error',
      'j.created_at',
      'j.sent_at',
    ])
    .orderBy('j.created_at', 'desc')
    .orderBy('j.id')
    .limit(500);
  if (status) q = q.where('j.status', '=', status);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    taskId: r.task_id,
    task: { ref: r.ref, work: r.work, planId: r.plan_id, planNumber: r.plan_number, unitName: r.unit_name, dueDate: r.due_date },
    occurrenceId: r.occurrence_id,
    recipient: r.display_name,
    email: r.email,
    status: r.status,
    mailStatus: r.mail_status,
    attempts: Number(r.attempts),
    lastError: r.last_error,
    createdAt: new Date(r.created_at).toISOString(),
    sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
  }));
}

/** The periodic worker of the running server (not used in tests, which run passes explicitly). */
export function startReminderWorker(deps: JobDeps, everyMs: number, log: (m: string) => void): () => void {
  return runEvery(
    everyMs,
    async () => {
      const r = await runReminders(deps);
      if (r.scheduled || r.sent || r.failed) log(`Nhắc việc: ${r.scheduled} mới, ${r.sent} đã gửi, ${r.failed} lỗi`);
    },
    (e) => log(`Nhắc việc lỗi: ${e instanceof Error ? e.message : String(e)}`),
    { now: true },
  );
}
