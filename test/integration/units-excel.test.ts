import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditSince, countRows, lastAuditId, snapshotLineage, snapshotUnits, unitIdByCode } from '../support/data.ts';
import { backends } from '../support/env.ts';
import { type Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = ['Mã đơn vị', 'Tên đơn vị', 'Loại', 'Mã đơn vị cấp trên', 'Hiệu lực từ', 'Hiệu lực đến', 'Khối', 'Ghi chú'];

async function readSheet(buf: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Đơn vị');
  if (!ws) throw new Error('no sheet "Đơn vị"');
  return ws;
}

/** The 8 cells of a row as text (dates as YYYY-MM-DD, empty cells as null). */
const cellText = (ws: ExcelJS.Worksheet, row: number) =>
  HEADER.map((_, i) => {
    const v = ws.getRow(row).getCell(i + 1).value;
    return v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? null : String(v);
  });

/** A units workbook built the way a user would type it. */
async function workbook(rows: (string | Date | null)[][], header = HEADER): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Đơn vị');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function upload(c: Client, data: Buffer | string, filename = 'don-vi.xlsx', type = XLSX_TYPE) {
  const fd = new FormData();
  fd.append('file', new Blob([data], { type }), filename);
  return c.request('POST', '/api/units/import', undefined, { raw: fd });
}

describe.each(backends())('unit registry Excel export and import on %s', (kind) => {
  let s: TestServer;
  let admin: Client;
  let canbo: Client;

  const state = async () => ({
    units: await snapshotUnits(s.database.db),
    lineage: await snapshotLineage(s.database.db),
    audit: await countRows(s.database.db, 'audit_log'),
  });

  beforeAll(async () => {
    s = await startTestServer(kind);
    admin = await loginAs(s.url, 'admin');
    canbo = await loginAs(s.url, 'quynhon.canbo');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('exports the whole registry as a real .xlsx workbook', async () => {
    const r = await admin.get<Buffer>('/api/units/export.xlsx');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain(XLSX_TYPE);
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="don-vi-2026-03-02.xlsx"');
    expect(Buffer.isBuffer(r.body)).toBe(true);
    const ws = await readSheet(r.body);
    expect(cellText(ws, 1)).toEqual(HEADER);
    expect(ws.actualRowCount).toBe(1 + (await countRows(s.database.db, 'units')));

    const rowOf = (code: string, name: string) => {
      for (let i = 2; i <= ws.rowCount; i++) {
        const t = cellText(ws, i);
        if (t[0] === code && t[1] === name) return t;
      }
      return null;
    };
    // Phường Quy Nhơn: in force from 1/7/2025, open-ended; parent Tỉnh Gia Lai (52)
    expect(rowOf('21583', 'Phường Quy Nhơn')).toEqual(['21583', 'Phường Quy Nhơn', 'Xã, phường', '52', '2025-07-01', null, 'communes', null]);
    // the old ward ends on 30/6/2025 (the sheet shows the last day in force; the database keeps 1/7/2025 exclusive)
    expect(rowOf('21583', 'Phường Thị Nại')).toEqual(['21583', 'Phường Thị Nại', 'Xã, phường', '540', null, '2025-06-30', null, null]);
    expect(rowOf('52', 'Tỉnh Gia Lai')?.slice(0, 6)).toEqual(['52', 'Tỉnh Gia Lai', 'Tỉnh', null, '2025-07-01', null]);
    expect(rowOf('SNV', 'Sở Nội vụ')?.slice(0, 7)).toEqual(['SNV', 'Sở Nội vụ', 'Sở, ban, ngành', '52', '2025-07-01', null, 'agencies']);
    // dates are real Excel dates formatted dd/mm/yyyy
    const cell = (() => {
      for (let i = 2; i <= ws.rowCount; i++) if (ws.getRow(i).getCell(2).value === 'Phường Quy Nhơn') return ws.getRow(i).getCell(5);
      return null;
    })();
    expect(cell?.value).toBeInstanceOf(Date);
    expect(cell?.numFmt).toBe('dd/mm/yyyy');
  });

  it('refuses the export to a focal officer', async () => {
    const r = await canbo.get('/api/units/export.xlsx');
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('forbidden');
  });

  it('round-trips: importing the exported file updates every unit and changes nothing', async () => {
    const before = await state();
    const file = (await admin.get<Buffer>('/api/units/export.xlsx')).body;
    const mark = await lastAuditId(s.database.db);
    const r = await upload(admin, file);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ created: 0, updated: before.units.length });
    const after = await state();
    expect(after.units).toEqual(before.units);
    expect(after.lineage).toEqual(before.lineage);
    // one audit entry per row, marked as coming from an import
    const audit = await auditSince(s.database.db, mark);
    expect(audit).toHaveLength(before.units.length);
    expect(audit.every((a) => a.action === 'unit.update' && a.actor_name === 'admin' && a.after.source === 'import')).toBe(true);
  });

  it('reports every broken row with its row and column and writes nothing', async () => {
    const before = await state();
    const file = await workbook([
      ['MÃ XẤU', 'Xã Mã Sai', 'Xã, phường', '52', '01/01/2026', null, null, null], // row 2: bad code
      ['T.KIND', 'Đơn vị Loại Sai', 'Thôn', '52', '01/01/2026', null, null, null], // row 3: unknown kind
      ['T.DATE', 'Đơn vị Ngày Sai', 'Xã, phường', '52', '31/02/2026', null, null, null], // row 4: bad date
      ['T.PARENT', 'Đơn vị Cấp Trên Sai', 'Sở, ban, ngành', 'KHONGCO', '01/01/2026', null, null, null], // row 5: unknown parent
      ['T.GOOD', 'Đơn vị Hợp Lệ', 'Sở, ban, ngành', '52', '01/01/2026', null, 'Khối sở, ban, ngành', null], // row 6: fine, still not saved
      ['T.CHILD', 'Đơn vị Con', 'Sở, ban, ngành', 'T.DATE', '01/01/2026', null, null, null], // row 7: its parent is row 4, not reported twice
    ]);
    const r = await upload(admin, file);
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('import_failed');
    expect(r.body.detail).toBe('Tệp có 4 lỗi; không có dữ liệu nào được ghi. Xem danh sách lỗi theo dòng/cột.');
    const errors = r.body.errors as { row: number; column: string; message: string }[];
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'Mã đơn vị'],
      [3, 'Loại'],
      [4, 'Hiệu lực từ'],
      [5, 'Mã đơn vị cấp trên'],
    ]);
    expect(errors[0].message).toContain('MÃ XẤU');
    expect(errors[1].message).toContain('Thôn');
    expect(errors[2].message).toContain('31/02/2026');
    expect(errors[3].message).toContain('KHONGCO');
    expect(errors.every((e) => Object.keys(e).sort().join() === 'column,message,row')).toBe(true);
    expect(await state()).toEqual(before);

    // in English on request
    admin.lang = 'en';
    try {
      const en = await upload(admin, file);
      expect(en.body.detail).toBe('The file has 4 error(s); nothing was saved. See the row/column error list.');
      expect(en.body.errors[1].message).toContain('Unknown kind "Thôn"');
    } finally {
      admin.lang = 'vi';
    }
    expect(await state()).toEqual(before);
  });

  it('refuses a file that is not an Excel workbook with a clear message', async () => {
    const before = await state();
    const random = await upload(admin, randomBytes(4096), 'don-vi.xlsx');
    expect(random.status).toBe(422);
    expect(random.body.code).toBe('not_excel');
    expect(random.body.detail).toBe('Tệp tải lên không phải tệp Excel .xlsx hợp lệ. Hãy mở tệp bằng Excel và lưu lại dưới dạng "Excel Workbook (*.xlsx)".');
    const csv = await upload(admin, `${HEADER.join(',')}\n21583,Phường Quy Nhơn,"Xã, phường",52,01/07/2025,,,\n`, 'don-vi.csv', 'text/csv');
    expect(csv.status).toBe(422);
    expect(csv.body.code).toBe('not_excel');
    expect(csv.body.detail).toContain('không phải tệp Excel .xlsx');
    // a zip that is not a workbook
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(200)]);
    expect((await upload(admin, zip)).body.code).toBe('not_excel');
    const empty = await upload(admin, Buffer.alloc(0));
    expect(empty.status).toBe(422);
    expect(empty.body.detail).toBe('Tệp tải lên rỗng (0 byte).');
    // no file part at all; not multipart at all
    const fd = new FormData();
    fd.append('note', 'không có tệp');
    const nofile = await admin.request('POST', '/api/units/import', undefined, { raw: fd });
    expect(nofile.status).toBe(422);
    expect(nofile.body.code).toBe('file_missing');
    const json = await admin.post('/api/units/import', { file: 'x' });
    expect(json.status).toBe(415);
    expect(await state()).toEqual(before);
  });

  it('refuses an upload over 10 MB with 413', async () => {
    const before = await state();
    // a few sizes: where the 10 MB cut falls among the received chunks varies
    for (const extra of [1, 1024, 64 * 1024, 2 * 1024 * 1024]) {
      const big = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(10 * 1024 * 1024 + extra)]);
      const r = await upload(admin, big);
      expect(r.status).toBe(413);
      expect(r.body.code).toBe('body_too_large');
      expect(r.body.detail).toBe('Dữ liệu hoặc tệp gửi lên quá lớn.');
    }
    expect(await state()).toEqual(before);
  });

  it('refuses an import by a non-admin and writes nothing', async () => {
    const before = await state();
    const file = await workbook([['T.NOPE', 'Đơn vị Không Được Nhập', 'Sở, ban, ngành', '52', '01/01/2026', null, null, null]]);
    const r = await upload(canbo, file);
    expect(r.status).toBe(403);
    expect(await state()).toEqual(before);
  });

  it('imports new units, with a parent defined later in the same file, and they are visible afterwards', async () => {
    const province = await unitIdByCode(s.database.db, '52', '2026-01-01');
    const snv = await unitIdByCode(s.database.db, 'SNV', '2026-01-01');
    const unitsBefore = await countRows(s.database.db, 'units');
    const mark = await lastAuditId(s.database.db);
    const file = await workbook([
      ['TT.MOTCUA', 'Bộ phận Một cửa Trung tâm', 'Sở, ban, ngành', 'TTHCC', '01/01/2026', null, null, 'Trực thuộc Trung tâm'],
      ['TTHCC', 'Trung tâm Phục vụ hành chính công', 'agency', '52', new Date(Date.UTC(2026, 0, 1)), '31/12/2030', 'Khối sở, ban, ngành', null],
      // an existing unit is updated in place (matched by its code in force)
      ['SNV', 'Sở Nội vụ', 'Sở, ban, ngành', '52', '2025-07-01', null, 'agencies', 'Cập nhật từ tệp'],
    ]);
    const r = await upload(admin, file);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ created: 2, updated: 1 });
    expect(await countRows(s.database.db, 'units')).toBe(unitsBefore + 2);

    const found = await admin.get(`/api/units?q=TTHCC&date=2026-06-01`);
    expect(found.body.items).toHaveLength(1);
    const center = found.body.items[0];
    // 'Hiệu lực đến' 31/12/2030 is the last day: stored as the exclusive end 2031-01-01
    expect(center).toMatchObject({
      code: 'TTHCC',
      name: 'Trung tâm Phục vụ hành chính công',
      kind: 'agency',
      parentId: province,
      validFrom: '2026-01-01',
      validTo: '2031-01-01',
      groupCodes: ['agencies'],
    });
    const desk = (await admin.get(`/api/units?q=${encodeURIComponent('một cửa')}&date=2026-06-01`)).body.items;
    expect(desk).toHaveLength(1);
    expect(desk[0]).toMatchObject({ code: 'TT.MOTCUA', parentId: center.id, note: 'Trực thuộc Trung tâm', groupCodes: [] });
    const detail = await canbo.get(`/api/units/${desk[0].id}`);
    expect(detail.body.parent.name).toBe('Trung tâm Phục vụ hành chính công');
    // not in force before 2026
    expect((await admin.get('/api/units?q=TTHCC&date=2025-12-31')).body.items).toEqual([]);
    const snvRow = await s.database.db.selectFrom('units').select(['id', 'note']).where('id', '=', snv).executeTakeFirstOrThrow();
    expect(snvRow.note).toBe('Cập nhật từ tệp');

    const audit = await auditSince(s.database.db, mark);
    expect(audit.map((a) => [a.action, a.entity_id]).sort()).toEqual(
      [
        ['unit.create', center.id],
        ['unit.create', desk[0].id],
        ['unit.update', snv],
      ].sort(),
    );
    expect(audit.find((a) => a.entity_id === snv)?.before).toMatchObject({ id: snv, code: 'SNV' });
  });
});
