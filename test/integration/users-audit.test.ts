import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditSince, countRows, lastAuditId, unitIdByCode } from '../support/data.ts';
import { backends } from '../support/env.ts';
import { Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';

type User = { id: string; username: string; displayName: string; active: boolean; roles: { role: string; unitId: string | null; unitName: string | null }[] };
type AuditItem = {
  id: string;
  at: string;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string | null;
  unitId: string | null;
  before: any;
  after: any;
};

describe.each(backends())('users and the audit trail on %s', (kind) => {
  let s: TestServer;
  let admin: Client;
  let leader: Client; // quynhon.lanhdao: unit leader of Phường Quy Nhơn
  let province: string;
  let quyNhon: string;
  let quyNhonDong: string;
  /** Audit position before this file's first write. */
  let start: number;
  const created: Record<string, User> = {};

  const userState = async () => ({
    users: await countRows(s.database.db, 'users'),
    roles: await countRows(s.database.db, 'user_roles'),
    audit: await countRows(s.database.db, 'audit_log'),
  });

  beforeAll(async () => {
    s = await startTestServer(kind);
    admin = await loginAs(s.url, 'admin');
    leader = await loginAs(s.url, 'quynhon.lanhdao');
    province = await unitIdByCode(s.database.db, '52', '2026-01-01');
    quyNhon = await unitIdByCode(s.database.db, '21583', '2026-01-01');
    quyNhonDong = await unitIdByCode(s.database.db, '21601', '2026-01-01');
    start = await lastAuditId(s.database.db);
  });
  afterAll(async () => {
    await s?.close();
  });

  describe('users', () => {
    it('lets the admin create a user with a scoped role, who can then sign in', async () => {
      const r = await admin.post('/api/users', {
        username: 'QuyNhon.ThuKy',
        displayName: 'Ngô Thị Thư (Thư ký, P. Quy Nhơn)',
        password: 'Mat-khau-2026',
        roles: [{ role: 'focalOfficer', unitId: quyNhon }],
      });
      expect(r.status).toBe(201);
      const u = r.body.user as User;
      expect(u).toMatchObject({ username: 'quynhon.thuky', displayName: 'Ngô Thị Thư (Thư ký, P. Quy Nhơn)', active: true });
      expect(u.roles).toEqual([{ role: 'focalOfficer', unitId: quyNhon, unitName: 'Phường Quy Nhơn' }]);
      created.thuky = u;
      // stored with a password hash, never the password
      const row = await s.database.db.selectFrom('users').select(['username', 'password_hash']).where('id', '=', u.id).executeTakeFirstOrThrow();
      expect(row.username).toBe('quynhon.thuky');
      expect(row.password_hash).not.toContain('Mat-khau-2026');

      const c = new Client(s.url);
      const login = await c.login('quynhon.thuky', 'Mat-khau-2026');
      expect(login.status).toBe(200);
      const me = await c.get('/api/auth/me');
      expect(me.body.user).toMatchObject({ username: 'quynhon.thuky', roles: [{ role: 'focalOfficer', unitId: quyNhon, unitName: 'Phường Quy Nhơn' }] });
      expect(me.body.user.permissions).not.toContain('user.manage');

      // one more user, in another ward, for the scoping test below
      const other = await admin.post('/api/users', {
        username: 'quynhondong.canbo',
        displayName: 'Cán bộ P. Quy Nhơn Đông',
        password: 'Mat-khau-2026',
        roles: [{ role: 'focalOfficer', unitId: quyNhonDong }],
      });
      expect(other.status).toBe(201);
      created.dong = other.body.user;
    });

    it('validates roles against units and writes nothing when they are wrong', async () => {
      const before = await userState();
      const noUnit = await admin.post('/api/users', {
        username: 'x.nounit',
        displayName: 'X',
        password: 'Mat-khau-2026',
        roles: [{ role: 'focalOfficer', unitId: null }],
      });
      expect(noUnit.status).toBe(422);
      expect(noUnit.body.code).toBe('role_needs_unit');
      expect(noUnit.body.detail).toBe('Vai trò focalOfficer phải gắn với một đơn vị.');
      expect(noUnit.body.errors).toEqual([{ path: 'body.roles.0.unitId', message: 'Vai trò focalOfficer phải gắn với một đơn vị.' }]);
      const withUnit = await admin.post('/api/users', {
        username: 'x.withunit',
        displayName: 'X',
        password: 'Mat-khau-2026',
        roles: [{ role: 'parOffice', unitId: quyNhon }],
      });
      expect(withUnit.status).toBe(422);
      expect(withUnit.body.code).toBe('role_no_unit');
      const unknownUnit = await admin.post('/api/users', {
        username: 'x.unknown',
        displayName: 'X',
        password: 'Mat-khau-2026',
        roles: [{ role: 'unitLeader', unitId: '00000000-0000-4000-8000-000000000000' }],
      });
      expect(unknownUnit.status).toBe(422);
      expect(unknownUnit.body.code).toBe('role_unit_unknown');
      // a valid first role does not let a bad second one through
      const mixed = await admin.post('/api/users', {
        username: 'x.mixed',
        displayName: 'X',
        password: 'Mat-khau-2026',
        roles: [
          { role: 'appraiser', unitId: province },
          { role: 'admin', unitId: province },
        ],
      });
      expect(mixed.body.code).toBe('role_no_unit');
      expect((await admin.post('/api/users', { username: 'x.shortpw', displayName: 'X', password: 'short', roles: [] })).status).toBe(400);
      expect(await userState()).toEqual(before);
      const names = await s.database.db.selectFrom('users').select('username').where('username', 'like', 'x.%').execute();
      expect(names).toEqual([]);
    });

    it('refuses a username that exists (case-insensitively) with 409', async () => {
      const before = await userState();
      for (const username of ['quynhon.canbo', 'QuynHon.CanBo']) {
        const r = await admin.post('/api/users', { username, displayName: 'Trùng tên', password: 'Mat-khau-2026', roles: [] });
        expect(r.status).toBe(409);
        expect(r.body.code).toBe('username_taken');
        expect(r.body.detail).toBe('Tên đăng nhập quynhon.canbo đã tồn tại.');
      }
      expect(await userState()).toEqual(before);
      const u = await s.database.db.selectFrom('users').select('display_name').where('username', '=', 'quynhon.canbo').executeTakeFirstOrThrow();
      expect(u.display_name).toBe('Phạm Quốc Huy (Cán bộ đầu mối, P. Quy Nhơn)');
    });

    it('does not let a non-admin create or change users', async () => {
      const par = await loginAs(s.url, 'sonoivu');
      const before = await userState();
      const r = await par.post('/api/users', { username: 'x.bypar', displayName: 'X', password: 'Mat-khau-2026', roles: [{ role: 'admin', unitId: null }] });
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('forbidden');
      const p = await leader.patch(`/api/users/${created.thuky.id}`, { roles: [{ role: 'unitLeader', unitId: quyNhon }] });
      expect(p.status).toBe(403);
      expect(await userState()).toEqual(before);
      const roles = await s.database.db.selectFrom('user_roles').select(['role', 'unit_id']).where('user_id', '=', created.thuky.id).execute();
      expect(roles).toEqual([{ role: 'focalOfficer', unit_id: quyNhon }]);
    });

    it("shows a unit leader only the users of their unit's subtree", async () => {
      const r = await leader.get<{ items: User[] }>('/api/users');
      expect(r.status).toBe(200);
      const names = r.body.items.map((u) => u.username).sort();
      expect(names).toEqual(['quynhon.canbo', 'quynhon.lanhdao', 'quynhon.thuky']);
      // everyone listed holds a role in Phường Quy Nhơn
      expect(r.body.items.every((u) => u.roles.some((x) => x.unitId === quyNhon))).toBe(true);
      // the admin sees everyone
      const all = (await admin.get<{ items: User[] }>('/api/users')).body.items.map((u) => u.username);
      expect(all).toEqual(expect.arrayContaining(['admin', 'sonoivu', 'thamdinh', 'lanhdaotinh', 'quynhondong.canbo', 'quynhon.thuky']));
      expect(all).toHaveLength(await countRows(s.database.db, 'users'));
      // a focal officer may not list users
      const canbo = await loginAs(s.url, 'quynhon.canbo');
      expect((await canbo.get('/api/users')).status).toBe(403);
    });

    it('ends the sessions of a deactivated user', async () => {
      const c = new Client(s.url);
      expect((await c.login('quynhon.thuky', 'Mat-khau-2026')).status).toBe(200);
      expect((await c.get('/api/auth/me')).status).toBe(200);
      const r = await admin.patch(`/api/users/${created.thuky.id}`, { active: false });
      expect(r.status).toBe(200);
      expect(r.body.user.active).toBe(false);
      const sessions = await s.database.db.selectFrom('sessions').select('id').where('user_id', '=', created.thuky.id).execute();
      expect(sessions).toEqual([]);
      const me = await c.get('/api/auth/me');
      expect(me.status).toBe(401);
      expect(me.body.code).toBe('session_expired');
      const again = await new Client(s.url).login('quynhon.thuky', 'Mat-khau-2026');
      expect(again.status).toBe(403);
      expect(again.body.code).toBe('account_inactive');
      // the admin cannot deactivate themselves
      const adminId = (await admin.get('/api/auth/me')).body.user.id;
      const self = await admin.patch(`/api/users/${adminId}`, { active: false });
      expect(self.status).toBe(409);
      expect(self.body.code).toBe('cannot_demote_self');
      expect((await admin.get('/api/auth/me')).status).toBe(200);
    });

    it('audited every user write with actor, action, before and after', async () => {
      const adminId = (await admin.get('/api/auth/me')).body.user.id;
      const rows = (await auditSince(s.database.db, start)).filter((a) => a.action.startsWith('user.'));
      expect(rows.map((a) => [a.action, a.entity_id])).toEqual([
        ['user.create', created.thuky.id],
        ['user.create', created.dong.id],
        ['user.update', created.thuky.id],
      ]);
      expect(rows.every((a) => a.actor_name === 'admin' && a.actor_id === adminId && a.entity_type === 'user')).toBe(true);
      expect(rows[0].before).toBeNull();
      expect(rows[0].after).toMatchObject({ id: created.thuky.id, username: 'quynhon.thuky', roles: [{ role: 'focalOfficer', unitId: quyNhon }] });
      expect(JSON.stringify(rows[0].after)).not.toContain('Mat-khau-2026');
      expect(rows[2].before).toMatchObject({ username: 'quynhon.thuky', active: true });
      expect(rows[2].after).toMatchObject({ username: 'quynhon.thuky', active: false });
      // refused requests left no trace but their sign-ins
      const actions = new Set((await auditSince(s.database.db, start)).map((a) => a.action));
      expect([...actions].sort()).toEqual(['auth.login', 'user.create', 'user.update']);
    });
  });

  describe('audit trail', () => {
    it('filters by action, actor and Vietnam calendar days', async () => {
      const byAction = await admin.get<{ items: AuditItem[]; total: number }>('/api/audit?action=user.create');
      expect(byAction.status).toBe(200);
      expect(byAction.body.items.length).toBeGreaterThanOrEqual(3); // the first admin and the two above
      expect(byAction.body.total).toBe(byAction.body.items.length);
      expect(byAction.body.items.every((a) => a.action === 'user.create')).toBe(true);
      expect(byAction.body.items.map((a) => a.entityId)).toEqual(expect.arrayContaining([created.thuky.id, created.dong.id]));
      // newest first
      const ids = byAction.body.items.map((a) => Number(a.id));
      expect(ids).toEqual([...ids].sort((a, b) => b - a));

      const byActor = await admin.get<{ items: AuditItem[]; total: number }>(`/api/audit?actor=${encodeURIComponent('lanhdao')}`);
      expect(byActor.body.items.length).toBeGreaterThan(0);
      expect(byActor.body.items.every((a) => a.actorName === 'quynhon.lanhdao')).toBe(true);
      const actorAndAction = await admin.get<{ items: AuditItem[] }>('/api/audit?actor=admin&action=user.update');
      expect(actorAndAction.body.items.map((a) => a.entityId)).toEqual([created.thuky.id]);

      // 2026-03-05T18:30Z is 01:30 on 6/3/2026 in Vietnam: it belongs to the 6th
      s.clock.set('2026-03-05T18:30:00.000Z');
      admin = await loginAs(s.url, 'admin');
      const p = await admin.patch(`/api/units/${quyNhonDong}`, { note: 'Ghi chú ngày 6/3' });
      expect(p.status).toBe(200);
      const on6 = await admin.get<{ items: AuditItem[]; total: number }>('/api/audit?from=2026-03-06&to=2026-03-06');
      expect(on6.body.items.map((a) => a.action).sort()).toEqual(['auth.login', 'unit.update']);
      expect(on6.body.items.every((a) => a.at === '2026-03-05T18:30:00.000Z')).toBe(true);
      const until5 = await admin.get<{ items: AuditItem[]; total: number }>('/api/audit?to=2026-03-05&pageSize=200');
      expect(until5.body.items.length).toBeGreaterThan(0);
      expect(until5.body.items.every((a) => a.at < '2026-03-05T17:00:00.000Z')).toBe(true);
      expect(until5.body.total + on6.body.total).toBe(await countRows(s.database.db, 'audit_log'));
      const from6 = await admin.get<{ total: number }>('/api/audit?from=2026-03-06');
      expect(from6.body.total).toBe(on6.body.total);
      const between = await admin.get<{ items: AuditItem[] }>('/api/audit?from=2026-03-03&to=2026-03-05');
      expect(between.body.items).toEqual([]);
      expect((await admin.get('/api/audit?from=2026-13-01')).status).toBe(400);
      // paging
      const page2 = await admin.get<{ items: AuditItem[] }>('/api/audit?pageSize=2&page=2');
      const page1 = await admin.get<{ items: AuditItem[] }>('/api/audit?pageSize=2&page=1');
      expect(page1.body.items).toHaveLength(2);
      expect(Number(page2.body.items[0].id)).toBe(Number(page1.body.items[1].id) - 1);
    });

    it('shows a unit leader only the entries of their unit, and refuses a focal officer', async () => {
      // an admin edit of Phường Quy Nhơn (the leader's unit) and of the neighbouring ward
      const q = await admin.patch(`/api/units/${quyNhon}`, { note: 'Trụ sở: 01 Trần Phú' });
      expect(q.status).toBe(200);
      leader = await loginAs(s.url, 'quynhon.lanhdao');
      const r = await leader.get<{ items: AuditItem[]; total: number }>('/api/audit?pageSize=200');
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeGreaterThan(0);
      expect(r.body.items.every((a) => a.unitId === quyNhon)).toBe(true);
      const mine = r.body.items.find((a) => a.action === 'unit.update');
      expect(mine).toMatchObject({ entityId: quyNhon, actorName: 'admin', before: { note: null }, after: { note: 'Trụ sở: 01 Trần Phú' } });
      // the edit of Phường Quy Nhơn Đông is not theirs
      expect(r.body.items.some((a) => a.entityId === quyNhonDong)).toBe(false);
      expect(r.body.total).toBe(r.body.items.length);
      // filters do not widen the scope
      const filtered = await leader.get<{ items: AuditItem[] }>(`/api/audit?entityId=${quyNhonDong}`);
      expect(filtered.body.items).toEqual([]);

      // the provincial leader (scoped to the province) sees both wards' entries
      const tinh = await loginAs(s.url, 'lanhdaotinh');
      const all = await tinh.get<{ items: AuditItem[] }>('/api/audit?action=unit.update');
      expect(all.body.items.map((a) => a.entityId).sort()).toEqual([quyNhon, quyNhonDong].sort());

      const canbo = await loginAs(s.url, 'quynhon.canbo');
      const refused = await canbo.get('/api/audit');
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('forbidden');
      expect((await leader.post('/api/audit/verify')).status).toBe(403);
    });

    it('verifies the hash chain and finds the row that was tampered with', async () => {
      const ok = await admin.post('/api/audit/verify');
      expect(ok.status).toBe(200);
      const total = await countRows(s.database.db, 'audit_log');
      expect(ok.body).toEqual({ ok: true, checked: total });

      // someone with database access rewrites history: the Quy Nhơn note edit now says something else
      const target = await s.database.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'unit.update')
        .where('entity_id', '=', quyNhon)
        .executeTakeFirstOrThrow();
      const id = String(target.id);
      const original = await s.database.db.selectFrom('audit_log').select('after').where('id', '=', id).executeTakeFirstOrThrow();
      await sql`UPDATE audit_log SET after = ${JSON.stringify({ note: 'Nội dung đã bị sửa' })}::jsonb WHERE id = ${id}`.execute(s.database.db);

      const broken = await admin.post('/api/audit/verify');
      expect(broken.status).toBe(200);
      expect(broken.body).toEqual({ ok: false, brokenAt: id, reason: 'hash', checked: Number(id) - 1 });

      // put it back: the chain is whole again
      await sql`UPDATE audit_log SET after = ${JSON.stringify(original.after)}::jsonb WHERE id = ${id}`.execute(s.database.db);
      expect((await admin.post('/api/audit/verify')).body.ok).toBe(true);
      // deleting an entry is caught at the gap
      const last = await lastAuditId(s.database.db);
      await sql`DELETE FROM audit_log WHERE id = ${String(last - 1)}`.execute(s.database.db);
      expect((await admin.post('/api/audit/verify')).body).toMatchObject({ ok: false, brokenAt: String(last), reason: 'sequence' });
    });
  });
});
