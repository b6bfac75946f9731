import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditSince, countRows, lastAuditId, snapshotLineage, snapshotUnits, unitIdByCode } from '../support/data.ts';
import { backends } from '../support/env.ts';
import { type Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';

type Unit = {
  id: string;
  code: string;
  name: string;
  kind: string;
  parentId: string | null;
  validFrom: string | null;
  validTo: string | null;
  note: string | null;
  groupCodes: string[];
};
const names = (items: Unit[]) => items.map((u) => u.name);

describe.each(backends())('unit registry on %s', (kind) => {
  let s: TestServer;
  let admin: Client;
  let canbo: Client;
  let province: string; // Tỉnh Gia Lai (52, from 1/7/2025)
  let quyNhon: string; // Phường Quy Nhơn (21583, from 1/7/2025)
  let thiNai: string; // Phường Thị Nại (21583, until 30/6/2025)

  /** Everything a refused write could have touched. */
  const state = async () => ({
    units: await snapshotUnits(s.database.db),
    lineage: await snapshotLineage(s.database.db),
    audit: await countRows(s.database.db, 'audit_log'),
  });

  beforeAll(async () => {
    s = await startTestServer(kind);
    admin = await loginAs(s.url, 'admin');
    canbo = await loginAs(s.url, 'quynhon.canbo');
    province = await unitIdByCode(s.database.db, '52', '2025-07-01');
    quyNhon = await unitIdByCode(s.database.db, '21583', '2025-07-01');
    thiNai = await unitIdByCode(s.database.db, '21583', '2025-06-30');
  });
  afterAll(async () => {
    await s?.close();
  });

  describe('reading', () => {
    it('lists the units in force on a date: old communes until 30/6/2025, the new ones from 1/7/2025', async () => {
      const before = await canbo.get<{ items: Unit[] }>('/api/units?date=2025-06-30&kind=commune');
      expect(before.status).toBe(200);
      const b = names(before.body.items);
      expect(b).toContain('Phường Thị Nại');
      expect(b).toContain('Xã Canh Hiệp');
      expect(b).not.toContain('Phường Quy Nhơn');
      expect(before.body.items.every((u) => u.validTo === '2025-07-01')).toBe(true);

      const after = await canbo.get<{ items: Unit[] }>('/api/units?date=2025-07-01&kind=commune');
      const a = names(after.body.items);
      expect(a).toContain('Phường Quy Nhơn');
      expect(a).not.toContain('Phường Thị Nại');
      expect(a).not.toContain('Xã Canh Hiệp');
      // the 135 communes and wards of the new Gia Lai
      expect(after.body.items).toHaveLength(135);
      expect(after.body.items.every((u) => u.validFrom === '2025-07-01' && u.validTo === null && u.groupCodes.includes('communes'))).toBe(true);

      // the province: Bình Định (52) before, Gia Lai (52) after; the code is the same
      const p1 = await canbo.get<{ items: Unit[] }>('/api/units?date=2025-06-30&kind=province');
      expect(names(p1.body.items).sort()).toEqual(['Tỉnh Bình Định', 'Tỉnh Gia Lai']);
      const p2 = await canbo.get<{ items: Unit[] }>('/api/units?date=2025-07-01&kind=province');
      expect(p2.body.items.map((u) => [u.code, u.name])).toEqual([['52', 'Tỉnh Gia Lai']]);
      expect(p2.body.items[0].id).toBe(province);
    });

    it('searches without accents or case, and by exact code', async () => {
      const r = await canbo.get<{ items: Unit[] }>(`/api/units?q=${encodeURIComponent('quy nhon')}&date=2026-01-01`);
      expect(r.status).toBe(200);
      expect(names(r.body.items).sort()).toEqual(
        ['Phường Quy Nhơn', 'Phường Quy Nhơn Bắc', 'Phường Quy Nhơn Nam', 'Phường Quy Nhơn Tây', 'Phường Quy Nhơn Đông'].sort(),
      );
      const upper = await canbo.get<{ items: Unit[] }>(`/api/units?q=${encodeURIComponent('QUY NHƠN')}&date=2026-01-01`);
      expect(upper.body.items.map((u) => u.id).sort()).toEqual(r.body.items.map((u) => u.id).sort());
      // without a date the old district 'Thành phố Quy Nhơn' is found too
      const all = await canbo.get<{ items: Unit[] }>(`/api/units?q=${encodeURIComponent('quy nhon')}`);
      expect(names(all.body.items)).toContain('Thành phố Quy Nhơn');
      // 'đ' is searched as 'd'
      const dd = await canbo.get<{ items: Unit[] }>(`/api/units?q=${encodeURIComponent('dong da')}`);
      expect(names(dd.body.items)).toContain('Phường Đống Đa');
      // a code finds every unit that held it
      const byCode = await canbo.get<{ items: Unit[] }>('/api/units?q=21583');
      expect(byCode.body.items.map((u) => u.id).sort()).toEqual([quyNhon, thiNai].sort());
      const none = await canbo.get<{ items: Unit[] }>(`/api/units?q=${encodeURIComponent('không có xã này')}`);
      expect(none.body.items).toEqual([]);
    });

    it('shows a unit with its parent, groups and predecessors (Phường Quy Nhơn has 4, incl. Thị Nại with the same code)', async () => {
      const r = await canbo.get(`/api/units/${quyNhon}`);
      expect(r.status).toBe(200);
      expect(r.body.unit).toMatchObject({
        id: quyNhon,
        code: '21583',
        name: 'Phường Quy Nhơn',
        kind: 'commune',
        validFrom: '2025-07-01',
        validTo: null,
        parentId: province,
      });
      expect(r.body.parent).toMatchObject({ id: province, name: 'Tỉnh Gia Lai' });
      expect(r.body.groups).toEqual([{ code: 'communes', name: 'Khối xã, phường', nameEn: 'Communes and wards' }]);
      expect(r.body.successors).toEqual([]);
      const preds = r.body.predecessors as { unit: Unit; date: string; kind: string; partial: boolean }[];
      expect(preds.map((p) => p.unit.name).sort()).toEqual(['Phường Hải Cảng', 'Phường Thị Nại', 'Phường Trần Phú', 'Phường Đống Đa'].sort());
      expect(preds.every((p) => p.date === '2025-07-01' && p.kind === 'merge' && p.partial === false)).toBe(true);
      const tn = preds.find((p) => p.unit.name === 'Phường Thị Nại');
      expect(tn?.unit).toMatchObject({ id: thiNai, code: '21583', validTo: '2025-07-01' });

      // and the other way round
      const old = await canbo.get(`/api/units/${thiNai}`);
      expect(old.body.successors.map((x: { unit: Unit }) => x.unit.id)).toEqual([quyNhon]);
      expect(old.body.predecessors).toEqual([]);

      expect((await canbo.get('/api/units/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await canbo.get('/api/units/not-a-uuid')).status).toBe(400);
    });

    it('follows the lineage forwards and backwards in time', async () => {
      const fwd = await canbo.get<{ unitsOnDate: Unit[] }>(`/api/units/${thiNai}/lineage?date=2026-01-01`);
      expect(fwd.status).toBe(200);
      expect(fwd.body.unitsOnDate.map((u) => u.id)).toEqual([quyNhon]);
      // on a day it existed itself
      const self = await canbo.get<{ unitsOnDate: Unit[] }>(`/api/units/${thiNai}/lineage?date=2025-01-01`);
      expect(self.body.unitsOnDate.map((u) => u.id)).toEqual([thiNai]);

      // Xã Canh Vinh (new) before 1/7/2025: the old Canh Vinh and Canh Hiển, and parts of Canh Liên and Canh Hiệp
      const canhVinh = await unitIdByCode(s.database.db, '22006', '2025-07-01');
      const back = await canbo.get<{ unitsOnDate: Unit[] }>(`/api/units/${canhVinh}/lineage?date=2025-01-01`);
      expect(names(back.body.unitsOnDate).sort()).toEqual(['Xã Canh Hiển', 'Xã Canh Hiệp', 'Xã Canh Liên', 'Xã Canh Vinh'].sort());
      expect(back.body.unitsOnDate.every((u) => u.validTo === '2025-07-01')).toBe(true);
      const detail = await canbo.get(`/api/units/${canhVinh}`);
      const partial = Object.fromEntries(detail.body.predecessors.map((p: { unit: Unit; partial: boolean }) => [p.unit.name, p.partial]));
      expect(partial).toEqual({ 'Xã Canh Hiển': false, 'Xã Canh Hiệp': true, 'Xã Canh Liên': true, 'Xã Canh Vinh': false });
      // Canh Hiệp was split: part of it went to Xã Vân Canh
      const canhHiep = detail.body.predecessors.find((p: { unit: Unit }) => p.unit.name === 'Xã Canh Hiệp').unit.id;
      const split = await canbo.get<{ unitsOnDate: Unit[] }>(`/api/units/${canhHiep}/lineage?date=2025-07-01`);
      expect(names(split.body.unitsOnDate).sort()).toEqual(['Xã Canh Vinh', 'Xã Vân Canh']);

      expect((await canbo.get(`/api/units/${thiNai}/lineage`)).status).toBe(400);
      expect((await canbo.get(`/api/units/${thiNai}/lineage?date=2025-02-30`)).status).toBe(400);
    });
  });

  describe('writing', () => {
    it('creates a unit and audits it with the new state', async () => {
      const mark = await lastAuditId(s.database.db);
      const r = await admin.post('/api/units', {
        code: 'TTPVHCC',
        name: 'Trung tâm Phục vụ hành chính công tỉnh',
        kind: 'agency',
        parentId: province,
        validFrom: '2026-01-01',
        groupCodes: ['agencies'],
        note: 'Đơn vị thử nghiệm',
      });
      expect(r.status).toBe(201);
      expect(r.body.unit).toMatchObject({
        code: 'TTPVHCC',
        kind: 'agency',
        parentId: province,
        validFrom: '2026-01-01',
        validTo: null,
        groupCodes: ['agencies'],
        note: 'Đơn vị thử nghiệm',
      });
      const row = await s.database.db.selectFrom('units').selectAll().where('id', '=', r.body.unit.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ name: 'Trung tâm Phục vụ hành chính công tỉnh', parent_id: province, valid_from: '2026-01-01' });
      const audit = await auditSince(s.database.db, mark);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        action: 'unit.create',
        actor_name: 'admin',
        entity_type: 'unit',
        entity_id: r.body.unit.id,
        unit_id: r.body.unit.id,
        before: null,
      });
      expect(audit[0].actor_id).toBeTruthy();
      expect(audit[0].after).toMatchObject({ id: r.body.unit.id, code: 'TTPVHCC', name: 'Trung tâm Phục vụ hành chính công tỉnh', groupCodes: ['agencies'] });
      // visible in the list from its first day only
      expect(names((await admin.get<{ items: Unit[] }>('/api/units?date=2026-01-01&q=TTPVHCC')).body.items)).toEqual([
        'Trung tâm Phục vụ hành chính công tỉnh',
      ]);
      expect((await admin.get<{ items: Unit[] }>('/api/units?date=2025-12-31&q=TTPVHCC')).body.items).toEqual([]);
    });

    it('refuses a code already used over an overlapping period and writes nothing', async () => {
      const before = await state();
      // 21583 belongs to Phường Quy Nhơn from 1/7/2025 on
      const r = await admin.post('/api/units', { code: '21583', name: 'Phường Trùng Mã', kind: 'commune', parentId: province, validFrom: '2026-01-01' });
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('unit_code_taken');
      expect(r.body.detail).toContain('21583');
      // an open start reaches back over the period of the unit created above
      const r2 = await admin.post('/api/units', { code: 'TTPVHCC', name: 'Trùng', kind: 'agency', parentId: province, validFrom: null, validTo: '2026-06-01' });
      expect(r2.status).toBe(409);
      expect(r2.body.code).toBe('unit_code_taken');
      expect(await state()).toEqual(before);
    });

    it('allows a code again over a period that does not overlap (Gia Lai 64 ceased on 1/7/2025)', async () => {
      const r = await admin.post('/api/units', { code: '64', name: 'Ban Quản lý dự án thử', kind: 'agency', parentId: province, validFrom: '2025-07-01' });
      expect(r.status).toBe(201);
      const holders = await s.database.db.selectFrom('units').select(['name', 'valid_from', 'valid_to']).where('code', '=', '64').orderBy('name').execute();
      expect(holders).toEqual([
        { name: 'Ban Quản lý dự án thử', valid_from: '2025-07-01', valid_to: null },
        { name: 'Tỉnh Gia Lai', valid_from: null, valid_to: '2025-07-01' },
      ]);
      // a period that ends the day the other starts does not overlap either (half-open)
      const early = await admin.post('/api/units', {
        code: 'TTPVHCC',
        name: 'Tiền thân thử',
        kind: 'agency',
        parentId: province,
        validFrom: '2025-07-01',
        validTo: '2026-01-01',
      });
      expect(early.status).toBe(201);
      const late = await admin.post('/api/units', {
        code: 'TTPVHCC',
        name: 'Trùng một ngày',
        kind: 'agency',
        parentId: province,
        validFrom: '2025-07-01',
        validTo: '2026-01-02',
      });
      expect(late.status).toBe(409);
    });

    it('updates a unit and audits only the changed fields', async () => {
      const mark = await lastAuditId(s.database.db);
      const id = await unitIdByCode(s.database.db, 'SNV', '2026-01-01');
      const oldNote = (await s.database.db.selectFrom('units').select('note').where('id', '=', id).executeTakeFirstOrThrow()).note;
      const r = await admin.patch(`/api/units/${id}`, { name: 'Sở Nội vụ tỉnh Gia Lai', note: 'Cơ quan thường trực CCHC' });
      expect(r.status).toBe(200);
      expect(r.body.unit).toMatchObject({ id, code: 'SNV', name: 'Sở Nội vụ tỉnh Gia Lai', note: 'Cơ quan thường trực CCHC', groupCodes: ['agencies'] });
      const row = await s.database.db.selectFrom('units').select(['name', 'note']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toEqual({ name: 'Sở Nội vụ tỉnh Gia Lai', note: 'Cơ quan thường trực CCHC' });
      const [a] = await auditSince(s.database.db, mark);
      expect(a).toMatchObject({ action: 'unit.update', actor_name: 'admin', entity_id: id, unit_id: id });
      expect(a.before).toEqual({ name: 'Sở Nội vụ', note: oldNote });
      expect(a.after).toEqual({ name: 'Sở Nội vụ tỉnh Gia Lai', note: 'Cơ quan thường trực CCHC' });

      // a bad patch writes nothing
      const before = await state();
      expect((await admin.patch(`/api/units/${id}`, { validTo: '2025-01-01' })).body.code).toBe('unit_validity_invalid');
      expect((await admin.patch(`/api/units/${id}`, { code: '21583' })).status).toBe(409);
      expect((await admin.patch(`/api/units/${id}`, { groupCodes: ['nope'] })).status).toBe(422);
      expect((await admin.patch('/api/units/00000000-0000-4000-8000-000000000000', { name: 'X' })).status).toBe(404);
      expect(await state()).toEqual(before);
    });

    it('refuses a parent that would make a loop in the tree', async () => {
      const a = await admin.post('/api/units', { code: 'LOOP.A', name: 'Đơn vị A', kind: 'agency', parentId: province, validFrom: '2026-01-01' });
      const b = await admin.post('/api/units', { code: 'LOOP.B', name: 'Đơn vị B', kind: 'agency', parentId: a.body.unit.id, validFrom: '2026-01-01' });
      const c = await admin.post('/api/units', { code: 'LOOP.C', name: 'Đơn vị C', kind: 'agency', parentId: b.body.unit.id, validFrom: '2026-01-01' });
      expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
      const before = await state();
      const loop = await admin.patch(`/api/units/${a.body.unit.id}`, { parentId: c.body.unit.id });
      expect(loop.status).toBe(422);
      expect(loop.body.code).toBe('unit_parent_cycle');
      expect(loop.body.errors).toEqual([{ path: 'body.parentId', message: 'Đơn vị cấp trên không thể là chính đơn vị này hoặc một đơn vị trực thuộc nó.' }]);
      const self = await admin.patch(`/api/units/${a.body.unit.id}`, { parentId: a.body.unit.id });
      expect(self.status).toBe(422);
      expect(self.body.code).toBe('unit_parent_cycle');
      // a province takes no parent, anything else needs one
      expect((await admin.patch(`/api/units/${province}`, { parentId: a.body.unit.id })).body.code).toBe('unit_parent_province');
      expect((await admin.patch(`/api/units/${b.body.unit.id}`, { parentId: null })).body.code).toBe('unit_parent_required');
      expect(await state()).toEqual(before);
      // moving B under the province is fine
      const ok = await admin.patch(`/api/units/${b.body.unit.id}`, { parentId: province });
      expect(ok.status).toBe(200);
      expect(ok.body.unit.parentId).toBe(province);
    });

    it('merges two communes into a new one', async () => {
      const nam = await unitIdByCode(s.database.db, '21592', '2026-01-01');
      const tay = await unitIdByCode(s.database.db, '21589', '2026-01-01');
      const mark = await lastAuditId(s.database.db);
      const r = await admin.post('/api/units/merge', {
        predecessorIds: [nam, tay],
        date: '2027-01-01',
        successor: { code: '99001', name: 'Phường Quy Nhơn Nam Tây', kind: 'commune', parentId: province, groupCodes: ['communes'] },
        note: 'Sáp nhập thử',
      });
      expect(r.status).toBe(201);
      const succ = r.body.successor as Unit;
      expect(succ).toMatchObject({
        code: '99001',
        name: 'Phường Quy Nhơn Nam Tây',
        validFrom: '2027-01-01',
        validTo: null,
        parentId: province,
        groupCodes: ['communes'],
      });
      const preds = await s.database.db.selectFrom('units').select(['id', 'valid_to']).where('id', 'in', [nam, tay]).execute();
      expect(preds.map((p) => p.valid_to)).toEqual(['2027-01-01', '2027-01-01']);
      const links = await s.database.db.selectFrom('unit_lineage').selectAll().where('successor_id', '=', succ.id).execute();
      expect(links.map((l) => l.predecessor_id).sort()).toEqual([nam, tay].sort());
      expect(links.every((l) => l.event_date === '2027-01-01' && l.kind === 'merge' && l.partial === false && l.note === 'Sáp nhập thử')).toBe(true);
      const audit = await auditSince(s.database.db, mark);
      expect(audit.map((a) => a.action)).toEqual(['unit.merge']);
      expect(audit[0]).toMatchObject({ actor_name: 'admin', entity_id: succ.id, unit_id: succ.id });
      expect(audit[0].before.predecessors.map((p: { id: string; validTo: string | null }) => [p.id, p.validTo]).sort()).toEqual(
        [
          [nam, null],
          [tay, null],
        ].sort(),
      );
      expect(audit[0].after).toMatchObject({ date: '2027-01-01', successor: { id: succ.id, code: '99001', created: true } });

      // the lineage now reaches the new ward from both sides of the date
      expect((await canbo.get(`/api/units/${nam}/lineage?date=2027-06-01`)).body.unitsOnDate.map((u: Unit) => u.id)).toEqual([succ.id]);
      const back = await canbo.get(`/api/units/${succ.id}/lineage?date=2026-06-01`);
      expect(back.body.unitsOnDate.map((u: Unit) => u.id).sort()).toEqual([nam, tay].sort());
      // and from the old wards of 2025, through two merges
      const nguyenVanCu = await unitIdByCode(s.database.db, '21592', '2025-06-30');
      expect((await canbo.get(`/api/units/${nguyenVanCu}/lineage?date=2027-06-01`)).body.unitsOnDate.map((u: Unit) => u.id)).toEqual([succ.id]);
      const list2027 = names((await canbo.get<{ items: Unit[] }>(`/api/units?date=2027-01-01&q=${encodeURIComponent('quy nhon')}`)).body.items);
      expect(list2027.sort()).toEqual(['Phường Quy Nhơn', 'Phường Quy Nhơn Bắc', 'Phường Quy Nhơn Nam Tây', 'Phường Quy Nhơn Đông'].sort());
    });

    it('refuses merges of units that do not live on the day before, and cycles; nothing changes', async () => {
      const dong = await unitIdByCode(s.database.db, '21601', '2026-01-01');
      const bac = await unitIdByCode(s.database.db, '21553', '2026-01-01');
      const before = await state();

      // Thị Nại ceased on 1/7/2025: it cannot cease again
      const ceased = await admin.post('/api/units/merge', {
        predecessorIds: [thiNai, dong],
        date: '2026-01-01',
        successor: { code: '99002', name: 'Phường Không Hợp Lệ', kind: 'commune', parentId: province, groupCodes: [] },
      });
      expect(ceased.status).toBe(422);
      expect(ceased.body.code).toBe('lineage_predecessorNotLiving');
      expect(ceased.body.detail).toContain('Phường Thị Nại');

      // a merge dated before a unit began
      const tooEarly = await admin.post('/api/units/merge', {
        predecessorIds: [dong, bac],
        date: '2025-03-01',
        successor: { code: '99003', name: 'Phường Quá Sớm', kind: 'commune', parentId: province, groupCodes: [] },
      });
      expect(tooEarly.status).toBe(422);
      expect(tooEarly.body.code).toBe('lineage_predecessorNotLiving');

      // one unit alone cannot make a new one; the same unit twice is refused
      expect(
        (
          await admin.post('/api/units/merge', {
            predecessorIds: [dong],
            date: '2026-06-01',
            successor: { code: '99004', name: 'X', kind: 'commune', parentId: province, groupCodes: [] },
          })
        ).body.code,
      ).toBe('lineage_tooFewPredecessors');
      // a successor with a taken code
      const taken = await admin.post('/api/units/merge', {
        predecessorIds: [dong, bac],
        date: '2026-06-01',
        successor: { code: '21583', name: 'X', kind: 'commune', parentId: province, groupCodes: [] },
      });
      expect(taken.status).toBe(409);
      expect(await state()).toEqual(before);

      // A cycle: Bắc is absorbed by Đông on 1/1/2028; then merging Đông into Bắc on 1/6/2026 would make each the other's predecessor.
      const absorb = await admin.post('/api/units/merge', { predecessorIds: [bac], date: '2028-01-01', successor: { existingId: dong } });
      expect(absorb.status).toBe(201);
      expect(absorb.body.successor.id).toBe(dong);
      const afterAbsorb = await state();
      const cycle = await admin.post('/api/units/merge', { predecessorIds: [dong], date: '2026-06-01', successor: { existingId: bac } });
      expect(cycle.status).toBe(422);
      expect(cycle.body.code).toBe('lineage_cycle');
      // absorbing into a unit that no longer exists on the date
      const dead = await admin.post('/api/units/merge', { predecessorIds: [dong], date: '2028-06-01', successor: { existingId: bac } });
      expect(dead.status).toBe(422);
      expect(dead.body.code).toBe('lineage_successorNotLiving');
      expect(await state()).toEqual(afterAbsorb);
    });

    it('splits a commune into new ones', async () => {
      const canhVinh = await unitIdByCode(s.database.db, '22006', '2026-01-01');
      const mark = await lastAuditId(s.database.db);
      const r = await admin.post('/api/units/split', {
        predecessorId: canhVinh,
        date: '2026-09-01',
        successors: [
          { code: '99101', name: 'Xã Canh Vinh Bắc', kind: 'commune', parentId: province, groupCodes: ['communes'] },
          { code: '99102', name: 'Xã Canh Vinh Nam', kind: 'commune', parentId: province, groupCodes: ['communes'], partial: false },
        ],
      });
      expect(r.status).toBe(201);
      const [north, south] = r.body.successors as Unit[];
      expect([north.validFrom, south.validFrom]).toEqual(['2026-09-01', '2026-09-01']);
      const p = await s.database.db.selectFrom('units').select('valid_to').where('id', '=', canhVinh).executeTakeFirstOrThrow();
      expect(p.valid_to).toBe('2026-09-01');
      const links = await s.database.db
        .selectFrom('unit_lineage')
        .select(['successor_id', 'kind', 'partial'])
        .where('predecessor_id', '=', canhVinh)
        .orderBy('partial')
        .execute();
      expect(links).toEqual([
        { successor_id: south.id, kind: 'split', partial: false },
        { successor_id: north.id, kind: 'split', partial: true },
      ]);
      const audit = await auditSince(s.database.db, mark);
      expect(audit.map((a) => a.action)).toEqual(['unit.split']);
      expect(audit[0].after.successors.map((x: { id: string }) => x.id)).toEqual([north.id, south.id]);
      const onDate = await canbo.get(`/api/units/${canhVinh}/lineage?date=2026-09-01`);
      expect(onDate.body.unitsOnDate.map((u: Unit) => u.id).sort()).toEqual([north.id, south.id].sort());

      // a split needs two successors, and an existing predecessor that is alive
      const before = await state();
      const one = await admin.post('/api/units/split', {
        predecessorId: quyNhon,
        date: '2026-09-01',
        successors: [{ code: '99103', name: 'X', kind: 'commune', parentId: province, groupCodes: [] }],
      });
      expect(one.body.code).toBe('lineage_tooFewSuccessors');
      const again = await admin.post('/api/units/split', {
        predecessorId: canhVinh,
        date: '2026-10-01',
        successors: [
          { code: '99104', name: 'X', kind: 'commune', parentId: province, groupCodes: [] },
          { code: '99105', name: 'Y', kind: 'commune', parentId: province, groupCodes: [] },
        ],
      });
      expect(again.body.code).toBe('lineage_predecessorNotLiving');
      // a successor code clash rolls back the whole split (the predecessor keeps its end date)
      const clash = await admin.post('/api/units/split', {
        predecessorId: quyNhon,
        date: '2026-09-01',
        successors: [
          { code: '99106', name: 'Phường Mới Một', kind: 'commune', parentId: province, groupCodes: [] },
          { code: '21553', name: 'Trùng mã Quy Nhơn Bắc', kind: 'commune', parentId: province, groupCodes: [] },
        ],
      });
      expect(clash.status).toBe(409);
      expect(await state()).toEqual(before);
    });

    it('refuses every unit write from a non-admin (quynhon.canbo) and changes nothing', async () => {
      const before = await state();
      const dong = await unitIdByCode(s.database.db, '21601', '2026-01-01');
      const attempts = [
        await canbo.post('/api/units', { code: 'HACK1', name: 'Xã Giả', kind: 'commune', parentId: province, validFrom: '2026-01-01' }),
        await canbo.patch(`/api/units/${quyNhon}`, { name: 'Phường Quy Nhơn (sửa trái phép)' }),
        await canbo.post('/api/units/merge', {
          predecessorIds: [quyNhon, dong],
          date: '2026-06-01',
          successor: { code: 'HACK2', name: 'X', kind: 'commune', parentId: province, groupCodes: [] },
        }),
        await canbo.post('/api/units/split', {
          predecessorId: quyNhon,
          date: '2026-06-01',
          successors: [
            { code: 'HACK3', name: 'X', kind: 'commune', parentId: province, groupCodes: [] },
            { code: 'HACK4', name: 'Y', kind: 'commune', parentId: province, groupCodes: [] },
          ],
        }),
      ];
      for (const r of attempts) {
        expect(r.status).toBe(403);
        expect(r.body.code).toBe('forbidden');
        expect(r.body.detail).toBe('Bạn không có quyền thực hiện thao tác này.');
      }
      expect(await state()).toEqual(before);
      expect((await canbo.get(`/api/units/${quyNhon}`)).body.unit.name).toBe('Phường Quy Nhơn');
    });
  });
});
