import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpMailer } from '../../src/modules/mail/mailer.ts';
import { claimJobs, runReminders } from '../../src/modules/plans/reminders.ts';
import { backends } from '../support/env.ts';
import { type Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';

interface Received {
  to: string[];
  raw: string;
}

/** A real SMTP server on a free port; addresses starting with "bounce" are refused with 550. */
async function startSmtp() {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (address.address.startsWith('bounce')) {
        const e = new Error('5.1.1 <bounce> User unknown') as Error & { responseCode: number };
        e.responseCode = 550;
        return cb(e);
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('latin1') });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { received, port: (server.server.address() as AddressInfo).port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The text of a quoted-printable mail body, decoded as UTF-8. */
function decodeQp(raw: string): string {
  const body = raw.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '=' && /^[0-9A-F]{2}$/.test(body.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(body.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

describe.each(backends())('reminder and escalation jobs on %s', (kind) => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let s: TestServer;
  let office: Client;
  let quyNhon = '';
  let officerId = '';
  let leaderId = '';
  let taskId = '';

  beforeAll(async () => {
    smtp = await startSmtp();
    process.env.CCHC_SMTP_URL = `smtp://127.0.0.1:${smtp.port}`;
    process.env.CCHC_MAIL_FROM = 'CCHC Gia Lai <cchc@gialai.example>';
    s = await startTestServer(kind);
    // start from no plans: the demo seed's illustrative plan and campaign would be due, late and reminded too
    await s.database.db.deleteFrom('campaigns').where('illustrative', '=', true).execute();
    await s.database.db.deleteFrom('plans').where('illustrative', '=', true).execute();
    await s.database.db.deleteFrom('inspection_plans').where('illustrative', '=', true).execute();
    delete process.env.CCHC_SMTP_URL;
    delete process.env.CCHC_MAIL_FROM;
    const db = s.database.db;
    quyNhon = (await db.selectFrom('units').select('id').where('code', '=', '21583').executeTakeFirstOrThrow()).id;
    officerId = (await db.selectFrom('users').select('id').where('username', '=', 'quynhon.canbo').executeTakeFirstOrThrow()).id;
    leaderId = (await db.selectFrom('users').select('id').where('username', '=', 'quynhon.lanhdao').executeTakeFirstOrThrow()).id;
    await db.updateTable('users').set({ email: 'bounce.canbo@quynhon.example' }).where('id', '=', officerId).execute();
    await db.updateTable('users').set({ email: 'lanhdao@quynhon.example' }).where('id', '=', leaderId).execute();
    office = await loginAs(s.url, 'sonoivu');
    const p = await office.post('/api/plans', { number: '629/KH-UBND', date: '2026-03-01', issuer: 'UBND tỉnh Gia Lai', title: 'Chiến dịch 100 ngày đêm' });
    // due Thursday 2026-03-05: 3 working days after Monday 2026-03-02 (TEST_NOW)
    const t = await office.post(`/api/plans/${p.body.plan.id}/tasks`, {
      ref: '1',
      work: 'Số hóa hồ sơ, kết quả giải quyết TTHC',
      leadUnitId: quyNhon,
      schedule: { kind: 'once', dueDate: '2026-03-05' },
    });
    taskId = t.body.task.id;
    // a task due later is not reminded yet
    await office.post(`/api/plans/${p.body.plan.id}/tasks`, {
      ref: '2',
      work: 'Tuyên truyền',
      leadUnitId: quyNhon,
      schedule: { kind: 'once', dueDate: '2026-03-31' },
    });
  });
  afterAll(async () => {
    await s?.close();
    await smtp?.close();
  });

  it('a worker killed between claim and send loses nothing; the restart sends each job once', async () => {
    const deps = { db: s.database.db, clock: s.clock };
    // the scheduler adds one reminder per person of the lead unit; a second run adds nothing
    const first = await office.post('/api/plans/reminders/run');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ scheduled: 2, sent: 1, failed: 1 });
    expect(smtp.received.map((m) => m.to)).toEqual([['lanhdao@quynhon.example']]);
    // reset to model the crash: the same two jobs, pending again, and the mailbox empty
    await s.database.db.updateTable('plan_jobs').set({ status: 'pending', claim_token: null, lease_until: null, sent_at: null, mail_status: null }).execute();
    await s.database.db.deleteFrom('notifications').where('kind', 'like', 'plan.%').execute();
    smtp.received.length = 0;

    // worker A claims both and dies before sending
    const claimed = await claimJobs(deps);
    expect(claimed).toHaveLength(2);
    // another worker, or the restarted server within the lease, finds nothing to do
    expect(await claimJobs(deps)).toEqual([]);
    expect((await office.post('/api/plans/reminders/run')).body).toEqual({ scheduled: 0, sent: 0, failed: 0 });
    expect(smtp.received).toHaveLength(0);
    // after the lease the restarted worker takes them over
    s.clock.advance(6 * 60_000);
    office = await loginAs(s.url, 'sonoivu');
    expect((await office.post('/api/plans/reminders/run')).body).toEqual({ scheduled: 0, sent: 1, failed: 1 });
    // worker A's late completion is refused: its claim is gone
    const { deliverJob } = await import('../../src/modules/plans/reminders.ts');
    expect(await deliverJob({ ...deps, mailer: null }, claimed[0])).toBe('lost');
    // and nothing more goes out however often it runs
    expect((await office.post('/api/plans/reminders/run')).body).toEqual({ scheduled: 0, sent: 0, failed: 0 });
    expect(smtp.received.map((m) => m.to)).toEqual([['lanhdao@quynhon.example']]);
    const mail = decodeQp(smtp.received[0].raw);
    expect(mail).toContain('nhiệm vụ "Số hóa hồ sơ, kết quả giải quyết TTHC" đến hạn ngày 05/03/2026');
    const notes = await s.database.db.selectFrom('notifications').select(['user_id', 'kind']).where('kind', 'like', 'plan.%').execute();
    expect(notes.map((n) => n.user_id).sort()).toEqual([officerId, leaderId].sort());
  });

  it('a bounced address is recorded on the job, which is kept', async () => {
    const jobs = (await office.get('/api/plans/reminders?status=failed')).body.items;
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ kind: 'reminder', email: 'bounce.canbo@quynhon.example', status: 'failed', mailStatus: 'bounced' });
    expect(jobs[0].lastError).toMatch(/550|User unknown/);
    // the officer still has the in-app reminder
    const officer = await loginAs(s.url, 'quynhon.canbo');
    const n = (await officer.get('/api/notifications')).body.items.filter((i: { kind: string }) => i.kind === 'plan.reminder');
    expect(n).toHaveLength(1);
    expect(n[0].title).toBe('Sắp đến hạn: nhiệm vụ 1 – Kế hoạch 629/KH-UBND');
  });

  it('escalates to the unit leader once the task is overdue, not once it is done', async () => {
    s.clock.set('2026-03-06T02:00:00Z');
    office = await loginAs(s.url, 'sonoivu');
    expect((await office.post('/api/plans/reminders/run')).body).toEqual({ scheduled: 1, sent: 1, failed: 0 });
    expect(smtp.received).toHaveLength(2);
    expect(smtp.received[1].to).toEqual(['lanhdao@quynhon.example']);
    expect(decodeQp(smtp.received[1].raw)).toContain('đã quá hạn từ ngày 05/03/2026');
    const esc = (await office.get('/api/plans/reminders')).body.items.filter((j: { kind: string }) => j.kind === 'escalation');
    expect(esc.map((j: { recipient: string; status: string }) => j.status)).toEqual(['sent']);
    // the list says what the reminder was about
    expect(esc[0].task).toMatchObject({ dueDate: '2026-03-05', unitName: 'Phường Quy Nhơn' });
    expect(esc[0].task.work.length).toBeGreaterThan(5);
    // task 2 (due 31/3): reported done before its reminder window → no reminder ever
    const plan = (await office.get(`/api/plans/${(await office.get('/api/plans')).body.items[0].id}`)).body.plan;
    const t2 = plan.tasks.find((t: { ref: string }) => t.ref === '2');
    const officer = await loginAs(s.url, 'quynhon.canbo');
    expect(
      (await officer.post(`/api/plans/tasks/${t2.id}/reports`, { occurrenceId: t2.occurrences[0].id, status: 'done', percent: 100, text: 'Xong' })).status,
    ).toBe(201);
    s.clock.set('2026-03-30T02:00:00Z');
    office = await loginAs(s.url, 'sonoivu');
    expect((await office.post('/api/plans/reminders/run')).body).toEqual({ scheduled: 0, sent: 0, failed: 0 });
    expect(taskId).not.toBe('');
  });

  it('an SMTP server that cannot be reached leaves the job pending for a later try', async () => {
    const closed = smtpMailer({ url: 'smtp://127.0.0.1:1', from: 'cchc@localhost' });
    // a fresh overdue occurrence: a new task due yesterday's plan date window
    const p = await office.post('/api/plans', { number: '630/KH-UBND', date: '2026-03-01', issuer: 'UBND tỉnh', title: 'Thử' });
    await office.post(`/api/plans/${p.body.plan.id}/tasks`, {
      ref: '1',
      work: 'Việc thử',
      leadUnitId: quyNhon,
      schedule: { kind: 'once', dueDate: '2026-03-02' },
    });
    const r = await runReminders({ db: s.database.db, clock: s.clock, mailer: closed });
    closed.close();
    expect(r).toEqual({ scheduled: 1, sent: 0, failed: 0 });
    const pending = await s.database.db
      .selectFrom('plan_jobs')
      .select(['status', 'attempts', 'last_error', 'run_after'])
      .where('status', '=', 'pending')
      .execute();
    expect(pending).toHaveLength(1);
    expect(pending[0].attempts).toBe(1);
    expect(pending[0].last_error).toMatch(/ECONNREFUSED|connect/i);
    expect(new Date(pending[0].run_after).getTime()).toBe(s.clock.now().getTime() + 10 * 60_000);
  });
});
