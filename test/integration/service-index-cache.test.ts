import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/domain/serviceIndex/index.ts';
import { rebuildRollups } from '../../src/modules/serviceIndex/ingest.ts';
import { refreshAfterWrite } from '../../src/modules/serviceIndex/score-cache.ts';
import { periodCounts } from '../../src/modules/serviceIndex/stored-scores.ts';
import { backends } from '../support/env.ts';
import { type Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';

// The league table's cache of computed periods (src/modules/serviceIndex/score-cache.ts): a repeated request is served
// from it, and every write that can change a score makes the next request read the data again. The rollups are
// changed behind the application's back (plain SQL, no version bump) to tell a cached answer from a fresh one.

const HEADER = 'MaHoSo,MaTTHC,MaDonVi,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy,TrangThaiHoSo,KenhThucHien';
const PROCEDURE_HEADER = [
  'Mã TTHC',
  'Tên thủ tục',
  'Lĩnh vực',
  'Cấp thực hiện',
  'Dịch vụ công trực tuyến (Toàn trình / Một phần / Không)',
  'Có phí, lệ phí (Có/Không)',
  'Thời hạn giải quyết',
  'Đơn vị thời hạn (Giờ / Ngày / Ngày làm việc / Tháng)',
  'Ngày công bố (dd/mm/yyyy)',
];

async function upload(c: Client, lines: string[]) {
  const form = new FormData();
  form.append('file', new Blob([`${HEADER}\n${lines.join('\n')}\n`], { type: 'text/csv' }), 'hoso.csv');
  const r = await c.request('POST', '/api/service-index/dossiers/import', undefined, { raw: form });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

/** Received on `day` 08:00, due the next day 17:00, finished the next morning (on time), online. */
function onTime(code: string, unit: string, day: string): string {
  const d = day.replaceAll('-', '');
  return `${code},1.001757,${unit},${d}080000,${Number(d) + 1}170000,${Number(d) + 1}100000,DaTraKetQua,2`;
}

describe.each(backends())('Decision 766 league table cache on %s', (kind) => {
  let s: TestServer;
  let office: Client;
  let qn = '';
  const scores = async (period = '2025-Q4') => {
    const r = await office.get(`/api/service-index/scores?period=${period}`);
    expect(r.status).toBe(200);
    return r.body;
  };
  /** The progress counts of Quy Nhơn in the league table. */
  const progress = async () => (await scores()).counts[qn].progress;
  /** Rollups edited without the application: invisible to a cached league table. */
  const sneakRollups = (set: ReturnType<typeof sql>) => sql`UPDATE dossier_daily SET ${set} WHERE unit_id = ${qn}`.execute(s.database.db);

  beforeAll(async () => {
    s = await startTestServer(kind);
    office = await loginAs(s.url, 'sonoivu');
    await sql`DELETE FROM procedures WHERE code = '1.001757'`.execute(s.database.db);
    await sql`INSERT INTO procedures (code, name, field, level, online_service, has_fee, legal_max, legal_max_unit)
      VALUES ('1.001757', 'Đăng ký khai sinh', 'Hộ tịch', 'commune', 'full', false, 1, 'workingDay')`.execute(s.database.db);
    qn = (await office.get('/api/units?q=21583&date=2025-10-01')).body.items[0].id;
    await upload(office, [onTime('C1', '21583', '2025-10-06'), onTime('C2', '21583', '2025-10-13'), onTime('C3', '21553', '2025-10-06')]);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('serves a repeated request from the cache, with the same body', async () => {
    const first = await scores();
    expect(first.counts[qn].progress).toEqual({ received: 2, onTime: 2 });
    // changed behind the application's back: the cache does not see it
    await sneakRollups(sql`early = 0, on_time = 0, late = received`);
    const second = await scores();
    expect(second).toEqual(first);
  });

  it('reads the data again after a full rollup rebuild', async () => {
    // the dossiers now say what the rollups were made to say; the cache still has the old numbers
    await sql`UPDATE dossiers SET outcome = 'late', late_working_days = 1 WHERE unit_id = ${qn}`.execute(s.database.db);
    expect(await progress()).toEqual({ received: 2, onTime: 2 });
    await s.database.db.transaction().execute((trx) => rebuildRollups(trx));
    expect(await progress()).toEqual({ received: 2, onTime: 0 });
  });

  it('reads the data again after a dossier import', async () => {
    await sneakRollups(sql`early = 0, on_time = received, late = 0`);
    expect(await progress()).toEqual({ received: 2, onTime: 0 });
    await upload(office, [onTime('C4', '21583', '2025-10-20')]);
    // the import refreshed only the new day's rollup; the sneaked days are read as they are now
    expect(await progress()).toEqual({ received: 3, onTime: 3 });
    await s.database.db.transaction().execute((trx) => rebuildRollups(trx));
    expect(await progress()).toEqual({ received: 3, onTime: 1 });
  });

  it('computes the recently used periods again after a write, before anyone asks', async () => {
    expect(await progress()).toEqual({ received: 3, onTime: 1 });
    await upload(office, [onTime('C5', '21583', '2025-10-27')]);
    // the league table of 2025-Q4 and the 2025-Q3 it compares ranks with
    expect(await refreshAfterWrite(s.database.db)).toBe(2);
    expect(await refreshAfterWrite(s.database.db)).toBe(0);
    // already computed: a change behind the application's back after the refresh is not seen
    await sneakRollups(sql`received = received + 100`);
    expect(await progress()).toEqual({ received: 4, onTime: 2 });
    await s.database.db.transaction().execute((trx) => rebuildRollups(trx));
    expect(await progress()).toEqual({ received: 4, onTime: 2 });
  });

  it('reads the data again after counts are entered, in the form and from Excel', async () => {
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
    const unitOf = (body: { units: { unitId: string }[] }) =>
      body.units.find((u) => u.unitId === qn) as unknown as { groups: Record<string, { provided: boolean }> };
    expect(unitOf(await scores()).groups.transparency.provided).toBe(false);
    const put = await office.request('PUT', `/api/service-index/units/${qn}/counts`, { period: '2025-Q4', group: 'transparency', counts: transparency });
    expect(put.status).toBe(204);
    const after = await scores();
    expect(unitOf(after).groups.transparency).toMatchObject({ provided: true, score: '13.20' });
    // saved again unchanged: the cached league table stays (a change behind the application's back stays unseen)
    await sneakRollups(sql`received = received + 1000`);
    const same = await office.request('PUT', `/api/service-index/units/${qn}/counts`, {
      period: '2025-Q4',
      group: 'transparency',
      counts: { ...transparency },
    });
    expect(same.status).toBe(204);
    expect(await progress()).toEqual(after.counts[qn].progress);
    await s.database.db.transaction().execute((trx) => rebuildRollups(trx));
    expect(await progress()).toEqual(after.counts[qn].progress);

    // the Excel template, with one count changed
    const file = await office.get<Buffer>('/api/service-index/counts.xlsx?period=2025-Q4');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const keys = (ws.getRow(2).values as unknown[]).map((v) => String(v ?? ''));
    let row = 0;
    for (let r = 3; r <= ws.rowCount && !row; r++) if (ws.getRow(r).getCell(1).value === '21583') row = r;
    ws.getRow(row).getCell(keys.indexOf('transparency.proceduresPublicisedOnTime')).value = 30;
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(await wb.xlsx.writeBuffer())]), 'so-lieu.xlsx');
    const imported = await office.request('POST', '/api/service-index/counts/import?period=2025-Q4', undefined, { raw: form });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body).toMatchObject({ set: 1 });
    // 6·30/30 + 4·30/30 + 2·87/89 + 6·54/max(100, 90) = 15.20
    expect(unitOf(await scores()).groups.transparency).toMatchObject({ provided: true, score: '15.20' });
  });

  it('reads the data again after a catalogue import changes a procedure', async () => {
    expect((await scores()).counts[qn].onlineService).toEqual({ fullOnlineEligibleDossiers: 4, fullOnlineDossiers: 4 });
    const csv = `${PROCEDURE_HEADER.join(';')}\n1.001757;Đăng ký khai sinh;Hộ tịch;Cấp xã;Một phần;Không;1;Ngày làm việc;\n`;
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'danh-muc.csv');
    const admin = await loginAs(s.url, 'admin');
    const r = await admin.request('POST', '/api/service-index/procedures/import', undefined, { raw: form });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ updated: 1 });
    // a partly online procedure no longer counts for indicator 3
    expect((await scores()).counts[qn].onlineService).toEqual({ fullOnlineEligibleDossiers: 0, fullOnlineDossiers: 0 });
  });

  it('reads one unit’s counts without the other units, the same as the whole period’s', async () => {
    const p = parsePeriod('2025-Q4');
    if (!p) throw new Error('period');
    const all = await periodCounts(s.database.db, p.start, p.end);
    expect(all.length).toBeGreaterThan(1);
    for (const u of all) expect(await periodCounts(s.database.db, p.start, p.end, u.unitId)).toEqual([u]);
    expect(await periodCounts(s.database.db, p.start, p.end, '00000000-0000-0000-0000-000000000000')).toEqual([]);
  });
});
