import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildRollups } from '../../src/modules/serviceIndex/ingest.ts';
import { backends } from '../support/env.ts';
import { type Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';

const HEADER =
  'MaHoSo,MaTTHC,MaDonVi,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy,TrangThaiHoSo,KenhThucHien,SoLanBoSung,DuocSoHoa,CoNghiaVuTaiChinh,DuocThanhToanTrucTuyen,NgayCapNhat';

function csv(lines: string[]) {
  return `${HEADER}\n${lines.join('\n')}\n`;
}

async function upload(c: Client, body: string | Uint8Array, name = 'hoso.csv', type = 'text/csv') {
  const form = new FormData();
  form.append('file', new Blob([body], { type }), name);
  return c.request('POST', '/api/service-index/dossiers/import', undefined, { raw: form });
}

describe.each(backends())('dossier ingestion on %s', (kind) => {
  let s: TestServer;
  let office: Client;
  let quyNhon = '';

  beforeAll(async () => {
    s = await startTestServer(kind);
    office = await loginAs(s.url, 'sonoivu');
    await sql`DELETE FROM procedures WHERE code IN ('1.001757', '2.000488')`.execute(s.database.db);
    await sql`INSERT INTO procedures (code, name, field, level, online_service, has_fee, legal_max, legal_max_unit)
      VALUES ('1.001757', 'Đăng ký khai sinh', 'Hộ tịch', 'commune', 'full', false, 1, 'workingDay'),
             ('2.000488', 'Chứng thực bản sao từ bản chính', 'Chứng thực', 'commune', 'partial', true, 2, 'workingDay')`.execute(s.database.db);
    quyNhon = (await office.get('/api/units?q=21583&date=2025-10-01')).body.items[0].id;
  });
  afterAll(async () => {
    await s?.close();
  });

  const good = csv([
    // early, on time, late by 2 working days (Friday due → Tuesday), online & paid, in progress
    'HS001,1.001757,21583,20251006080000,20251008170000,20251007100000,DaTraKetQua,2,0,1,0,,20251007100000',
    'HS002,2.000488,21583,2025-10-06 08:00:00,2025-10-08 17:00:00,2025-10-08 16:00:00,DaTraKetQua,1,0,0,1,1,2025-10-08 16:00:00',
    'HS003,2.000488,21583,06/10/2025 08:00,10/10/2025 17:00,14/10/2025 09:00,DaTraKetQua,1,0,0,1,,14/10/2025 09:00',
    'HS004,1.001757,21583,20251020080000,20260105170000,,DangXuLy,2,0,0,0,,20251020080000',
  ]);

  it('imports a CSV, classifies timeliness with working days, and scores the unit from the rollups', async () => {
    const r = await upload(office, good);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ rows: 4, inserted: 4, updated: 0, encoding: 'utf-8' });
    const rows = await s.database.db
      .selectFrom('dossiers')
      .select(['code', 'outcome', 'late_working_days'])
      .where('unit_id', '=', quyNhon)
      .orderBy('code')
      .execute();
    expect(rows).toEqual([
      { code: 'HS001', outcome: 'early', late_working_days: null },
      { code: 'HS002', outcome: 'onTime', late_working_days: null },
      { code: 'HS003', outcome: 'late', late_working_days: 2 },
      { code: 'HS004', outcome: 'inProgress', late_working_days: null },
    ]);
    const scores = await office.get('/api/service-index/scores?period=2025-Q4');
    expect(scores.status).toBe(200);
    const unit = scores.body.units.find((u: { unitId: string }) => u.unitId === quyNhon);
    // Tiến độ: (2 finished on time + 1 open and not yet due at the end of Q4) / 4 received = 75% → 15.00 of 20
    expect(unit.groups.progress.indicators[0]).toMatchObject({ numerator: '3', denominator: '4', points: '15.00' });
    expect(scores.body.counts[quyNhon].progress).toEqual({ received: 4, onTime: 3 });
  });

  it('derives the dossier counts of satisfaction (5.4) and digitisation (4.1, 4.2) from the rollups', async () => {
    const header = 'MaHoSo,MaTTHC,MaDonVi,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy,KenhThucHien,DuocSoHoa,CoKetQuaDienTu,DanhGia,CoPhanAnh';
    const body = [
      header,
      // on time, rated 1 (dissatisfied), electronic result, digitised
      'HN1,1.001757,21583,20251103080000,20251105170000,20251105100000,1,1,1,1,0',
      // late, with feedback (PAKN), rated 5
      'HN2,2.000488,21583,20251103080000,20251104170000,20251107100000,1,0,0,5,1',
      // early, rated 5, electronic result
      'HN3,2.000488,21583,20251110080000,20251114170000,20251111100000,2,0,1,5,0',
      // open, due after the end of November: on time; digitised
      'HN4,1.001757,21583,20251124080000,20251205170000,,2,1,0,,0',
      // open and past due at the end of November: overdue
      'HN5,1.001757,21583,20251103080000,20251106170000,,1,0,0,,0',
    ].join('\n');
    const r = await upload(office, `${body}\n`);
    expect(r.status).toBe(200);
    const form = (await office.get(`/api/service-index/units/${quyNhon}/counts?period=2025-11`)).body;
    // 5 received; on time: HN1, HN3, HN4 → overdue 2; feedback or rated 1–2: HN1, HN2
    expect(form.derived.satisfaction).toEqual({ dossiersHandled: 5, dossiersOverdue: 2, dossiersWithFeedbackOrDislike: 2 });
    expect(form.derived.digitisation).toEqual({ dossiersReceived: 5, dossiersResolved: 3, dossiersWithElectronicResult: 2, dossiersDigitised: 2 });
    // only the feedback-system counts are left to enter for satisfaction
    expect(form.missing.satisfaction.sort()).toEqual(['feedbackDisliked', 'feedbackOnTime', 'feedbackOverdue', 'feedbackRepeated', 'feedbackTotal']);
    const put = await office.request('PUT', `/api/service-index/units/${quyNhon}/counts`, {
      period: '2025-11',
      group: 'satisfaction',
      counts: { feedbackTotal: 0, feedbackOnTime: 0, feedbackDisliked: 0, feedbackRepeated: 0, feedbackOverdue: 0 },
    });
    expect(put.status).toBe(204);
    const scores = (await office.get('/api/service-index/scores?period=2025-11')).body;
    const unit = scores.units.find((u: { unitId: string }) => u.unitId === quyNhon);
    const i54 = unit.groups.satisfaction.indicators.find((i: { code: string }) => i.code === '5.4');
    // (5 − 2 − 2) / 5 = 20 % against a 90 % target: 6 × 20 / 90 = 1.333… → 1.33
    expect(i54).toMatchObject({ numerator: '1', denominator: '5', points: '1.33' });
    // each indicator that lost points drills down to the dossiers that cost them
    const drill = async (filter: string) =>
      (await office.get(`/api/service-index/units/${quyNhon}/dossiers?period=2025-11&filter=${filter}`)).body.items.map((d: { code: string }) => d.code).sort();
    expect(await drill('notOnTime')).toEqual(['HN2', 'HN5']);
    expect(await drill('dissatisfied')).toEqual(['HN1', 'HN2']);
    expect(await drill('noElectronicResult')).toEqual(['HN2']);
    expect(await drill('notDigitised')).toEqual(['HN2', 'HN3', 'HN5']);
    expect(await drill('notOnline')).toEqual(['HN1', 'HN2', 'HN5']);
    // 1.001757 is a full-online procedure
    expect(await drill('notOnlineFull')).toEqual(['HN1', 'HN5']);
    const xlsx = await office.get(`/api/service-index/units/${quyNhon}/dossiers.xlsx?period=2025-11&filter=dissatisfied`);
    expect(xlsx.status).toBe(200);
    expect((await office.get(`/api/service-index/units/${quyNhon}/dossiers?period=2025-11&filter=bogus`)).status).toBe(400);
    // the full rebuild gives the same rollups
    const before = await sql`SELECT * FROM dossier_daily WHERE unit_id = ${quyNhon} ORDER BY procedure_code, day`.execute(s.database.db);
    await s.database.db.transaction().execute((trx) => rebuildRollups(trx));
    const after = await sql`SELECT * FROM dossier_daily WHERE unit_id = ${quyNhon} ORDER BY procedure_code, day`.execute(s.database.db);
    expect(after.rows).toEqual(before.rows);
    // leave November as the other tests expect it
    await sql`DELETE FROM dossiers WHERE code LIKE 'HN%' AND unit_id = ${quyNhon}`.execute(s.database.db);
    await s.database.db.transaction().execute((trx) => rebuildRollups(trx));
  });

  it('drills down to the late dossier, with how late in working days, and exports it', async () => {
    const d = await office.get(`/api/service-index/units/${quyNhon}/dossiers?period=2025-Q4&filter=late`);
    expect(d.body.total).toBe(1);
    expect(d.body.items[0]).toMatchObject({ code: 'HS003', lateWorkingDays: 2, procedureName: 'Chứng thực bản sao từ bản chính' });
    const x = await office.get(`/api/service-index/units/${quyNhon}/dossiers.xlsx?period=2025-Q4&filter=late`);
    expect(x.headers.get('content-type')).toContain('spreadsheetml');
  });

  it('is idempotent: the same file again changes nothing; a newer status wins, an older one does not', async () => {
    const again = await upload(office, good);
    expect(again.body).toMatchObject({ rows: 4, inserted: 0, updated: 0 });
    const newer = await upload(office, csv(['HS004,1.001757,21583,20251020080000,20260105170000,20251021090000,DaTraKetQua,2,0,0,0,,20251021090000']));
    expect(newer.body).toMatchObject({ inserted: 0, updated: 1 });
    const older = await upload(office, csv(['HS004,1.001757,21583,20251020080000,20260105170000,,DangXuLy,2,0,0,0,,20251020080000']));
    expect(older.body).toMatchObject({ inserted: 0, updated: 0 });
    const row = await s.database.db.selectFrom('dossiers').select(['outcome']).where('code', '=', 'HS004').executeTakeFirstOrThrow();
    expect(row.outcome).toBe('early');
    // rollups agree with a full rebuild, which builds the same indexes and key again
    const before = await sql`SELECT * FROM dossier_daily ORDER BY unit_id, procedure_code, day`.execute(s.database.db);
    const indexes = () =>
      sql<{ indexname: string; indexdef: string }>`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'dossier_daily' ORDER BY indexname`
        .execute(s.database.db)
        .then((r) => r.rows);
    const indexesBefore = await indexes();
    expect(indexesBefore.map((i) => i.indexname)).toEqual(['dossier_daily_day_idx', 'dossier_daily_pkey']);
    const { rebuildRollups } = await import('../../src/modules/serviceIndex/ingest.ts');
    await s.database.db.transaction().execute((trx) => rebuildRollups(trx));
    const after = await sql`SELECT * FROM dossier_daily ORDER BY unit_id, procedure_code, day`.execute(s.database.db);
    expect(after.rows).toEqual(before.rows);
    expect(await indexes()).toEqual(indexesBefore);
  });

  it('keeps the rollups exact when new dossiers join a counted day and when a dossier changes procedure', async () => {
    const daily = () => sql`SELECT * FROM dossier_daily ORDER BY unit_id, procedure_code, day`.execute(s.database.db).then((r) => r.rows);
    const day = async (procedure: string) =>
      (
        await sql<{
          received: number;
        }>`SELECT received FROM dossier_daily WHERE unit_id = ${quyNhon} AND procedure_code = ${procedure} AND day = '2025-10-06'`.execute(s.database.db)
      ).rows[0]?.received ?? 0;
    const [khaiSinh, chungThuc] = [await day('1.001757'), await day('2.000488')];
    // only new dossiers: their counts are added to the day's existing rollup
    const added = await upload(
      office,
      csv([
        'HS020,1.001757,21583,20251006090000,20251008170000,20251007100000,DaTraKetQua,2,0,1,0,,20251007100000',
        'HS021,1.001757,21583,20251006093000,20251008170000,20251008080000,DaTraKetQua,1,0,0,0,,20251008080000',
      ]),
    );
    expect(added.body).toMatchObject({ inserted: 2, updated: 0 });
    expect(await day('1.001757')).toBe(khaiSinh + 2);
    // a newer record files HS021 under another procedure: it leaves the first procedure's day
    const moved = await upload(office, csv(['HS021,2.000488,21583,20251006093000,20251008170000,20251008080000,DaTraKetQua,1,0,0,0,,20251008090000']));
    expect(moved.body).toMatchObject({ inserted: 0, updated: 1 });
    expect([await day('1.001757'), await day('2.000488')]).toEqual([khaiSinh + 1, chungThuc + 1]);
    const before = await daily();
    await s.database.db.transaction().execute((trx) => rebuildRollups(trx));
    expect(await daily()).toEqual(before);
  });

  it('refuses a truncated CSV: a row cut short, or a quoted field never closed', async () => {
    const count = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM dossiers`.execute(s.database.db)).rows[0].n);
    const before = await count();
    const cut = `${HEADER}\nHS030,1.001757,21583,20251006080000,20251008170000,,DangXuLy,1,0,0,0,,20251006080000\nHS031,1.001757,21583,2025100`;
    const r1 = await upload(office, cut);
    expect(r1.status).toBe(422);
    expect(r1.body.errors).toEqual([expect.objectContaining({ row: 3, message: 'Dòng có 4 cột, dòng tiêu đề có 13 (tệp bị cắt cụt?)' })]);
    const open = `${HEADER}\nHS032,1.001757,21583,20251006080000,20251008170000,,DangXuLy,1,0,0,0,,20251006080000\nHS033,1.001757,21583,20251006080000,20251008170000,,"Đang xử`;
    const r2 = await upload(office, open);
    expect(r2.status).toBe(422);
    expect(r2.body.errors).toEqual([expect.objectContaining({ row: 3, message: 'Trường trong ngoặc kép không được đóng (tệp bị cắt cụt?)' })]);
    expect(await count()).toBe(before);
  });

  it('refuses a batch with bad rows whole, with row and column, and changes nothing', async () => {
    const count = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM dossiers`.execute(s.database.db)).rows[0].n);
    const before = await count();
    const bad = csv([
      'HS100,9.999999,21583,20251006080000,20251008170000,,DangXuLy,1,0,0,0,,', // unknown procedure
      'HS101,1.001757,21583,2025-13-40,20251008170000,,DangXuLy,1,0,0,0,,', // unparsable date
      'HS102,1.001757,21583,20251006080000,20251001170000,,DangXuLy,1,0,0,0,,', // due before receipt
      'HS103,1.001757,21583,20251006080000,20251008170000,,DangXuLy,7,0,0,0,,', // unknown channel
      'HS104,1.001757,21583,20251006080000,20251008170000,,DangXuLy,1,0,0,0,,20251006080000',
      'HS104,1.001757,21583,20251006080000,20251009170000,,DangXuLy,1,0,0,0,,20251006080000', // same code, other data
      'HS105,1.001757,21583,20251006080000,20251008170000,20251005080000,DaTraKetQua,1,0,0,0,,', // end before start
    ]);
    const r = await upload(office, bad);
    expect(r.status).toBe(422);
    const cols = r.body.errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`);
    expect(cols).toEqual(expect.arrayContaining(['2:MaTTHC', '3:NgayTiepNhan', '4:NgayHenTra', '5:KenhThucHien', '7:MaHoSo', '8:NgayKetThucXuLy']));
    expect(await count()).toBe(before);
    const staged = await sql<{ n: string }>`SELECT count(*) AS n FROM dossier_staging`.execute(s.database.db);
    expect(Number(staged.rows[0].n)).toBe(0);
  });

  it('clears what a killed import left in staging, never the rows of an import still running', async () => {
    const stage = (batch: string, age: ReturnType<typeof sql>) =>
      sql`
      INSERT INTO dossier_staging (batch_id, unit_id, source, code, received_day, procedure_code, received_at, status, channel,
        supplement_count, digitised, electronic_result, financial_obligation, feedback, outcome, source_updated_at, staged_at)
      VALUES (${batch}, ${quyNhon}, 'other', 'X1', '2025-10-06', '1.001757', now(), 'DangXuLy', 1, 0, false, false, false, false,
        'inProgress', now(), now() - ${age}::interval)`.execute(s.database.db);
    const [killed, running] = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
    await stage(killed, sql`'2 days'`);
    await stage(running, sql`'5 minutes'`);
    expect((await upload(office, good)).status).toBe(200);
    const left = await sql<{ batch_id: string }>`SELECT batch_id FROM dossier_staging`.execute(s.database.db);
    expect(left.rows.map((r) => r.batch_id)).toEqual([running]);
    await sql`DELETE FROM dossier_staging`.execute(s.database.db);
  });

  it('reads UTF-16 and Windows-1258 exports of legacy systems; refuses a truncated NDJSON file', async () => {
    const text = csv(['HS200,1.001757,21583,20251106080000,20251108170000,,Đang xử lý,1,0,0,0,,']);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const r16 = await upload(office, utf16);
    expect(r16.body).toMatchObject({ inserted: 1, encoding: 'utf-16le' });
    // "Đang xử lý" in Windows-1258: Đ = D0, a, n, g, space, x, ư = FD, ̉ (combining hook) = D2, space, l, y, ́ (acute) = EC
    const cp1258 = Buffer.concat([
      Buffer.from(`${HEADER}\nHS201,1.001757,21583,20251106080000,20251108170000,,`, 'latin1'),
      Buffer.from([0xd0, 0x61, 0x6e, 0x67, 0x20, 0x78, 0xfd, 0xd2, 0x20, 0x6c, 0x79, 0xec]),
      Buffer.from(',1,0,0,0,,\n', 'latin1'),
    ]);
    const rcp = await upload(office, cp1258);
    expect(rcp.body).toMatchObject({ inserted: 1, encoding: 'windows-1258' });
    const st = await s.database.db.selectFrom('dossiers').select('status').where('code', '=', 'HS201').executeTakeFirstOrThrow();
    expect(st.status.normalize('NFC')).toBe('Đang xử lý');
    const nd = `${JSON.stringify({ MaHoSo: 'HS300', MaTTHC: '1.001757', MaDonVi: '21583', NgayTiepNhan: '20251106080000', NgayHenTra: '20251108170000' })}\n{"MaHoSo":"HS301","MaTT`;
    const rnd = await upload(office, nd, 'hoso.ndjson', 'application/x-ndjson');
    expect(rnd.status).toBe(422);
    expect(rnd.body.errors[0]).toMatchObject({ row: 2 });
    expect(await s.database.db.selectFrom('dossiers').select('code').where('code', '=', 'HS300').executeTakeFirst()).toBeUndefined();
  });

  it('syncs from a source system with its own token only', async () => {
    const admin = await loginAs(s.url, 'admin');
    expect(
      (
        await admin.post('/api/users', {
          username: 'motcua',
          displayName: 'Hệ thống một cửa',
          password: 'Mat-khau-dong-bo-1',
          roles: [{ role: 'parOffice', unitId: null }],
        })
      ).status,
    ).toBe(201);
    expect((await admin.post('/api/service-index/sources', { code: 'motcua-gialai', name: 'Hệ thống một cửa điện tử tỉnh', username: 'motcua' })).status).toBe(
      201,
    );
    const tok = (await fetch(`${s.url}/api/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'motcua', password: 'Mat-khau-dong-bo-1' }),
    }).then((r) => r.json())) as { token: string };
    const body = `${JSON.stringify({ MaHoSo: 'SYNC1', MaTTHC: '1.001757', MaDonVi: '21583', NgayTiepNhan: '20251201080000', NgayHenTra: '20251203170000', KenhThucHien: 2 })}\n`;
    const ok = await fetch(`${s.url}/api/service-index/sources/motcua-gialai/dossiers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tok.token}`, 'content-type': 'application/x-ndjson' },
      body,
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ inserted: 1 });
    // another user's token (even an admin's) is refused for this source
    const adminTok = (await fetch(`${s.url}/api/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin-test-pw' }),
    }).then((r) => r.json())) as { token: string };
    const no = await fetch(`${s.url}/api/service-index/sources/motcua-gialai/dossiers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminTok.token}`, 'content-type': 'application/x-ndjson' },
      body,
    });
    expect(no.status).toBe(403);
    const huge = await fetch(`${s.url}/api/service-index/sources/motcua-gialai/dossiers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tok.token}`, 'content-type': 'text/csv', 'content-length': String(2 * 1024 * 1024 * 1024) },
      body: 'x',
    }).catch(() => null);
    expect(huge === null || huge.status === 413).toBe(true);
  });

  it('watches open dossiers: overdue, and due within N working days; records the apology letter', async () => {
    // the test clock is Monday 02/03/2026 09:00 in Vietnam
    const r = await upload(
      office,
      csv([
        'OV1,1.001757,21583,20260220080000,20260227170000,,DangXuLy,1,0,0,0,,20260220080000',
        'OV2,1.001757,21583,20260225080000,20260304170000,,DangXuLy,1,0,0,0,,20260225080000',
        'OV3,1.001757,21583,20260225080000,20260320170000,,DangXuLy,1,0,0,0,,20260225080000',
      ]),
    );
    expect(r.body.inserted).toBe(3);
    const w = await office.get(`/api/service-index/units/${quyNhon}/overdue?withinWorkingDays=3`);
    expect(w.status).toBe(200);
    expect(w.body.horizonDay).toBe('2026-03-05');
    // (open dossiers of the earlier tests, from 2025, are overdue too)
    expect(w.body.overdue.map((d: { code: string }) => d.code)).toEqual(['HS200', 'HS201', 'SYNC1', 'OV1']);
    expect(w.body.dueSoon.map((d: { code: string }) => d.code)).toEqual(['OV2']);
    const a = await office.post('/api/service-index/dossiers/apology', {
      unitId: quyNhon,
      source: 'upload',
      code: 'OV1',
      receivedDay: '2026-02-20',
      note: 'Văn bản xin lỗi số 12/VB-UBND, hẹn trả lại 06/03/2026',
    });
    expect(a.status).toBe(204);
    const again = await office.get(`/api/service-index/units/${quyNhon}/overdue?withinWorkingDays=3`);
    expect(again.body.overdue.find((d: { code: string }) => d.code === 'OV1')).toMatchObject({
      code: 'OV1',
      apologyNote: 'Văn bản xin lỗi số 12/VB-UBND, hẹn trả lại 06/03/2026',
    });
    const missing = await office.post('/api/service-index/dossiers/apology', {
      unitId: quyNhon,
      source: 'upload',
      code: 'NOPE',
      receivedDay: '2026-02-20',
      note: 'x',
    });
    expect(missing.status).toBe(404);
    // another commune's leader may not look at Quy Nhơn's dossiers
    const other = (await office.get('/api/units?q=21553&date=2026-01-01')).body.items[0].id;
    const leader = await loginAs(s.url, 'quynhon.lanhdao');
    expect((await leader.get(`/api/service-index/units/${other}/overdue`)).status).toBe(403);
    expect((await leader.get(`/api/service-index/units/${quyNhon}/overdue`)).status).toBe(200);
  });
});
