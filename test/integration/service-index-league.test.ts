import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/shared/clock.ts';
import { DEMO_SOURCE, seedDemoDossiers } from '../../src/modules/serviceIndex/demo-dossiers.ts';
import { freshDatabase } from '../support/db.ts';
import { backends, TEST_NOW } from '../support/env.ts';
import { type Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';

const HEADER = 'MaHoSo,MaTTHC,MaDonVi,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy,TrangThaiHoSo,KenhThucHien';

async function upload(c: Client, lines: string[]) {
  const form = new FormData();
  form.append('file', new Blob([`${HEADER}\n${lines.join('\n')}\n`], { type: 'text/csv' }), 'hoso.csv');
  const r = await c.request('POST', '/api/service-index/dossiers/import', undefined, { raw: form });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

/** A dossier received on `day` 08:00, due the next day 17:00, finished on time or three days late. */
function dossier(code: string, unit: string, day: string, late: boolean): string {
  const d = day.replaceAll('-', '');
  const next = Number(d) + 1;
  const finished = late ? `${Number(d) + 4}100000` : `${next}100000`;
  return `${code},1.001757,${unit},${d}080000,${next}170000,${finished},DaTraKetQua,1`;
}

describe.each(backends())('Decision 766 league table on %s', (kind) => {
  let s: TestServer;
  let office: Client;
  const ids: Record<string, string> = {};
  let third = '';

  beforeAll(async () => {
    s = await startTestServer(kind);
    office = await loginAs(s.url, 'sonoivu');
    await sql`DELETE FROM procedures WHERE code = '1.001757'`.execute(s.database.db);
    await sql`INSERT INTO procedures (code, name, field, level, online_service, has_fee, legal_max, legal_max_unit)
      VALUES ('1.001757', 'Đăng ký khai sinh', 'Hộ tịch', 'commune', 'full', false, 1, 'workingDay')`.execute(s.database.db);
    const row = await s.database.db
      .selectFrom('units')
      .select('code')
      .where('kind', '=', 'commune')
      .where('valid_to', 'is', null)
      .where('code', 'not in', ['21583', '21553'])
      .orderBy('code')
      .executeTakeFirstOrThrow();
    third = row.code;
    for (const code of ['21583', '21553', third]) ids[code] = (await office.get(`/api/units?q=${code}&date=2025-10-01`)).body.items[0].id;
  });
  afterAll(async () => {
    await s?.close();
  });

  it('shows each unit’s rank in the previous period and the change; a unit without one has none', async () => {
    await upload(office, [
      // 2025-Q3: 21553 on time, Quy Nhơn late
      dossier('Q3A', '21553', '2025-08-04', false),
      dossier('Q3B', '21553', '2025-08-11', false),
      dossier('Q3C', '21583', '2025-08-04', true),
      dossier('Q3D', '21583', '2025-08-11', true),
      // 2025-Q4: Quy Nhơn on time, the third commune half, 21553 late
      dossier('Q4A', '21583', '2025-10-06', false),
      dossier('Q4B', '21583', '2025-10-13', false),
      dossier('Q4C', third, '2025-10-06', false),
      dossier('Q4D', third, '2025-10-13', true),
      dossier('Q4E', '21553', '2025-10-06', true),
      dossier('Q4F', '21553', '2025-10-13', true),
    ]);
    const q3 = await office.get('/api/service-index/scores?period=2025-Q3');
    const rankQ3 = Object.fromEntries(q3.body.units.map((u: { unitId: string; rank: number }) => [u.unitId, u.rank]));
    expect(rankQ3).toEqual({ [ids['21553']]: 1, [ids['21583']]: 2 });

    const r = await office.get('/api/service-index/scores?period=2025-Q4');
    expect(r.status).toBe(200);
    expect(r.body.previousPeriod).toBe('2025-Q3');
    const by = Object.fromEntries(r.body.units.map((u: { unitId: string }) => [u.unitId, u]));
    expect(by[ids['21583']]).toMatchObject({ rank: 1, previousRank: 2, rankChange: 1 });
    expect(by[ids[third]]).toMatchObject({ rank: 2, previousRank: null, rankChange: null });
    expect(by[ids['21553']]).toMatchObject({ rank: 3, previousRank: 1, rankChange: -2 });
  });

  it('steps back across a year end and by ISO week', async () => {
    const y = await office.get('/api/service-index/scores?period=2026-Q1');
    expect(y.body.previousPeriod).toBe('2025-Q4');
    const w = await office.get('/api/service-index/scores?period=2025-W42');
    expect(w.status).toBe(200);
    expect(w.body.previousPeriod).toBe('2025-W41');
    // week 41 of 2025 is 06–12/10: Q4A, Q4C, Q4E were received then; week 42 (13–19/10) has the others
    const by = Object.fromEntries(w.body.units.map((u: { unitId: string }) => [u.unitId, u]));
    expect(by[ids['21583']]).toMatchObject({ rank: 1, previousRank: 1, rankChange: 0 });
    expect(by[ids['21553']]).toMatchObject({ previousRank: 3 });
  });

  it('takes counts the dossiers cannot give, per unit, period and group, checked like the scorer checks them', async () => {
    const qn = ids['21583'];
    const form = await office.get(`/api/service-index/units/${qn}/counts?period=2025-Q4`);
    expect(form.status).toBe(200);
    expect(form.body.derived.progress).toEqual({ received: 2, onTime: 2 });
    expect(form.body.fields.transparency.map((f: { name: string }) => f.name)).toContain('proceduresPublishedOnTime');
    expect(form.body.entered).toEqual({});

    const transparency = {
      proceduresPublished: 30,
      proceduresPublishedOnTime: 30,
      proceduresToPublicise: 30,
      proceduresPublicisedOnTime: 15,
      proceduresPublic: 89,
      proceduresPublicComplete: 87,
      dossiersSynced: 54,
      dossiersReceivedNationalReport: 100,
      dossiersReceivedDvcqg: 90,
    };
    const put = (body: object, c = office) => c.request('PUT', `/api/service-index/units/${qn}/counts`, body);
    // refused, and nothing written: an unknown name, a negative count, a numerator above its denominator
    const bad = await put({ period: '2025-Q4', group: 'transparency', counts: { ...transparency, bogus: 1, dossiersSynced: -1 } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.counts.bogus', 'body.counts.dossiersSynced']);
    const above = await put({ period: '2025-Q4', group: 'transparency', counts: { ...transparency, proceduresPublishedOnTime: 31 } });
    expect(above.status).toBe(422);
    expect(above.body.errors[0].path).toBe('body.counts.proceduresPublishedOnTime');
    expect((await put({ period: '2025-Q4', group: 'nope', counts: {} })).status).toBe(422);
    const focal = await loginAs(s.url, 'quynhon.canbo');
    expect((await put({ period: '2025-Q4', group: 'transparency', counts: transparency }, focal)).status).toBe(403);
    expect((await office.get(`/api/service-index/units/${qn}/counts?period=2025-Q4`)).body.entered).toEqual({});

    expect((await put({ period: '2025-Q4', group: 'transparency', counts: transparency })).status).toBe(204);
    // only part of the feedback counts: kept, but the group waits for the rest
    expect((await put({ period: '2025-Q4', group: 'satisfaction', counts: { feedbackTotal: 4 } })).status).toBe(204);
    const r = await office.get('/api/service-index/scores?period=2025-Q4');
    const unit = r.body.units.find((u: { unitId: string }) => u.unitId === qn);
    // 6·30/30 + 4·15/30 + 2·87/89 + 6·54/max(100, 90) = 13.20 (methodology §3.3)
    expect(unit.groups.transparency).toMatchObject({ provided: true, score: '13.20' });
    expect(unit.missingGroups).not.toContain('transparency');
    expect(r.body.missingCounts[qn].satisfaction).toContain('feedbackOnTime');
    // the rank against the previous period still stands
    expect(unit).toMatchObject({ rank: 1, previousRank: 2 });

    // empty counts remove the entry; every change is audited
    expect((await put({ period: '2025-Q4', group: 'satisfaction', counts: {} })).status).toBe(204);
    const after = await office.get(`/api/service-index/units/${qn}/counts?period=2025-Q4`);
    expect(Object.keys(after.body.entered)).toEqual(['transparency']);
    const audit = await s.database.db.selectFrom('audit_log').select('action').where('action', '=', 'serviceIndex.counts').execute();
    expect(audit).toHaveLength(3);
  });

  it('round-trips the entered counts through Excel, all or nothing, with row/column errors', async () => {
    const file = await office.get<Buffer>('/api/service-index/counts.xlsx?period=2025-Q4');
    expect(file.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const keys = (ws.getRow(2).values as unknown[]).map((v) => String(v ?? ''));
    const col = (key: string) => keys.indexOf(key);
    const rowOf = (code: string) => {
      for (let r = 3; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === code) return r;
      throw new Error(code);
    };
    // the transparency counts entered in the previous test are in Quy Nhơn's row
    expect(ws.getRow(rowOf('21583')).getCell(col('transparency.proceduresPublicComplete')).value).toBe(87);
    expect(String(ws.getRow(1).getCell(col('satisfaction.feedbackTotal')).value)).toContain('Tổng số PAKN');
    const send = async (w: ExcelJS.Workbook) => {
      const form = new FormData();
      form.append('file', new Blob([Buffer.from(await w.xlsx.writeBuffer())]), 'so-lieu.xlsx');
      return office.request('POST', '/api/service-index/counts/import?period=2025-Q4', undefined, { raw: form });
    };

    // the unchanged file changes nothing
    const same = await send(wb);
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    expect(same.body).toMatchObject({ set: 0, cleared: 0 });

    const r21553 = ws.getRow(rowOf('21553'));
    const feedback = { feedbackOnTime: 9, feedbackTotal: 10, feedbackDisliked: 1, feedbackRepeated: 0, feedbackOverdue: 1 };
    for (const [k, v] of Object.entries(feedback)) r21553.getCell(col(`satisfaction.${k}`)).value = v;
    const qnRow = ws.getRow(rowOf('21583'));
    qnRow.getCell(col('transparency.dossiersSynced')).value = 'nhiều';
    // more feedback handled on time than received
    r21553.getCell(col('satisfaction.feedbackOnTime')).value = 11;
    const broken = await send(wb);
    expect(broken.status).toBe(422);
    const letter = (key: string) => ws.getColumn(col(key)).letter;
    const where = (e: { row: number; column: string }) => `${e.row}:${e.column}`;
    expect(broken.body.errors.map(where).sort()).toEqual(
      [`${rowOf('21583')}:${letter('transparency.dossiersSynced')}`, `${rowOf('21553')}:${letter('satisfaction.feedbackOnTime')}`].sort(),
    );
    expect(broken.body.errors.find((e: { row: number }) => e.row === rowOf('21553')).message).toContain('Số PAKN xử lý đúng hạn');
    // nothing was written: 21553 has no satisfaction counts yet
    expect((await office.get(`/api/service-index/units/${ids['21553']}/counts?period=2025-Q4`)).body.entered).toEqual({});

    qnRow.getCell(col('transparency.dossiersSynced')).value = 54;
    r21553.getCell(col('satisfaction.feedbackOnTime')).value = 9;
    const fixed = await send(wb);
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    expect(fixed.body).toMatchObject({ set: 1, cleared: 0 });
    expect((await office.get(`/api/service-index/units/${ids['21553']}/counts?period=2025-Q4`)).body.entered).toEqual({ satisfaction: feedback });
    // a unit user may not download or import the template
    const focal = await loginAs(s.url, 'quynhon.canbo');
    expect((await focal.get('/api/service-index/counts.xlsx?period=2025-Q4')).status).toBe(403);
  });

  it('counts overdue and remaining working days on the overdue watch; only the unit or the office records the apology', async () => {
    // the test clock is Monday 02/03/2026 09:00 in Vietnam
    await upload(office, ['OVA,1.001757,21583,20260220080000,20260227170000,,DangXuLy,1', 'OVB,1.001757,21583,20260225080000,20260304170000,,DangXuLy,1']);
    const w = await office.get(`/api/service-index/units/${ids['21583']}/overdue?withinWorkingDays=3`);
    expect(w.body.overdue.find((d: { code: string }) => d.code === 'OVA')).toMatchObject({ workingDays: 1 });
    expect(w.body.dueSoon.find((d: { code: string }) => d.code === 'OVB')).toMatchObject({ workingDays: 2 });

    const body = { unitId: ids['21583'], source: 'upload', code: 'OVA', receivedDay: '2026-02-20', note: 'Văn bản số 15/VB-UBND' };
    const appraiser = await loginAs(s.url, 'thamdinh');
    expect((await appraiser.post('/api/service-index/dossiers/apology', body)).status).toBe(403);
    const focal = await loginAs(s.url, 'quynhon.canbo');
    expect((await focal.post('/api/service-index/dossiers/apology', body)).status).toBe(204);
    expect((await focal.post('/api/service-index/dossiers/apology', { ...body, unitId: ids['21553'] })).status).toBe(403);
    const after = await office.get(`/api/service-index/units/${ids['21583']}/overdue?withinWorkingDays=3`);
    expect(after.body.overdue.find((d: { code: string }) => d.code === 'OVA')).toMatchObject({ apologyNote: 'Văn bản số 15/VB-UBND' });
  });
});

describe.each(backends())('demo dossiers on %s', (kind) => {
  it('are generated through the ingestion path, marked illustrative, on working days only, and only once', async () => {
    const database = await freshDatabase(kind);
    try {
      const clock = new ManualClock(TEST_NOW);
      const r = await seedDemoDossiers(database, clock, { count: 3000 });
      expect(r).toEqual({ seeded: true, rows: 3000 });
      const db = database.db;
      const source = await db.selectFrom('source_systems').select('name').where('code', '=', DEMO_SOURCE).executeTakeFirstOrThrow();
      expect(source.name).toContain('minh họa');
      const stats = await sql<{ n: string; units: string; first: string; last: string; weekend: string; before: string; open: string; late: string }>`
        SELECT count(*) AS n, count(DISTINCT unit_id) AS units, min(received_day)::text AS first, max(received_day)::text AS last,
          count(*) FILTER (WHERE extract(isodow FROM received_day) IN (6, 7)) AS weekend,
          count(*) FILTER (WHERE received_day < '2025-07-01') AS before,
          count(*) FILTER (WHERE finished_at IS NULL) AS open,
          count(*) FILTER (WHERE outcome = 'late') AS late
        FROM dossiers WHERE source = ${DEMO_SOURCE}`.execute(db);
      const st = stats.rows[0];
      expect(Number(st.n)).toBe(3000);
      expect(Number(st.weekend)).toBe(0);
      expect(st.first >= '2024-03-01' && st.last <= '2026-03-02').toBe(true);
      // dossiers before the 2025 merger belong to the units of that time
      expect(Number(st.before)).toBeGreaterThan(0);
      const wrongUnit = await sql<{ n: string }>`
        SELECT count(*) AS n FROM dossiers d JOIN units u ON u.id = d.unit_id
        WHERE d.source = ${DEMO_SOURCE}
          AND (NOT (u.valid_from IS NULL OR u.valid_from <= d.received_day) OR (u.valid_to IS NOT NULL AND d.received_day >= u.valid_to))`.execute(db);
      expect(Number(wrongUnit.rows[0].n)).toBe(0);
      expect(Number(st.late)).toBeGreaterThan(0);
      // the rollups agree with the raw rows
      const rolled = await sql<{ n: string }>`SELECT sum(received) AS n FROM dossier_daily`.execute(db);
      expect(Number(rolled.rows[0].n)).toBe(3000);
      expect(await seedDemoDossiers(database, clock, { count: 3000 })).toEqual({ seeded: false, rows: 0 });
    } finally {
      await database.close();
    }
  });
});
