import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/db/schema.ts';
import { auditSince, lastAuditId } from '../support/data.ts';
import { backends } from '../support/env.ts';
import { type Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';

// The procedure catalogue (danh mục TTHC) of the Decision 766 module: list and search, Excel/CSV export and the
// all-or-nothing import (src/modules/serviceIndex/catalogue*.ts).

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const BASE = '/api/service-index/procedures';
const H = {
  code: 'Mã TTHC',
  name: 'Tên thủ tục',
  field: 'Lĩnh vực',
  level: 'Cấp thực hiện',
  online: 'Dịch vụ công trực tuyến (Toàn trình / Một phần / Không)',
  fee: 'Có phí, lệ phí (Có/Không)',
  amount: 'Thời hạn giải quyết',
  unit: 'Đơn vị thời hạn (Giờ / Ngày / Ngày làm việc / Tháng)',
  published: 'Ngày công bố (dd/mm/yyyy)',
  illustrative: 'Dữ liệu minh họa (Có/Không)',
};
/** The nine columns of the brief; export adds the optional 'Dữ liệu minh họa'. */
const HEADER9 = [H.code, H.name, H.field, H.level, H.online, H.fee, H.amount, H.unit, H.published];
const HEADER = [...HEADER9, H.illustrative];
const DEMO_COUNT = 45;

type Cell = string | number | Date | null;

async function workbook(rows: Cell[][], header: string[] = HEADER9): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Thủ tục hành chính');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function upload(c: Client, data: Buffer | string, filename = 'thu-tuc.xlsx', type = XLSX_TYPE) {
  const fd = new FormData();
  fd.append('file', new Blob([data], { type }), filename);
  return c.request('POST', `${BASE}/import`, undefined, { raw: fd });
}

/** The raw bytes of a download (the test client would decode text and drop the BOM). */
async function download(c: Client, path: string) {
  const res = await fetch(c.base + path, { headers: { cookie: c.cookie } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The whole catalogue without timestamps, by code. */
async function catalogue(db: Kysely<DB>) {
  const r = await sql<Record<string, unknown>>`
    SELECT code, name, field, level, online_service, has_fee, legal_max::text AS legal_max, legal_max_unit,
           published_on::text AS published_on, illustrative
    FROM procedures ORDER BY code`.execute(db);
  return r.rows;
}

async function auditCount(db: Kysely<DB>): Promise<number> {
  const r = await sql<{ n: string }>`SELECT count(*)::text AS n FROM audit_log`.execute(db);
  return Number(r.rows[0].n);
}

const cellText = (ws: ExcelJS.Worksheet, row: number) =>
  HEADER.map((_, i) => {
    const v = ws.getRow(row).getCell(i + 1).value;
    return v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? null : v;
  });

describe.each(backends())('procedure catalogue on %s', (kind) => {
  let s: TestServer;
  let admin: Client;
  let parOffice: Client;
  let canbo: Client;
  const state = async () => ({ catalogue: await catalogue(s.database.db), audit: await auditCount(s.database.db) });

  beforeAll(async () => {
    s = await startTestServer(kind);
    admin = await loginAs(s.url, 'admin');
    parOffice = await loginAs(s.url, 'sonoivu');
    canbo = await loginAs(s.url, 'quynhon.canbo');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('holds the illustrative demo catalogue, paged by code', async () => {
    const r = await canbo.get(`${BASE}?limit=10`);
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(DEMO_COUNT);
    expect(r.body.items).toHaveLength(10);
    expect(r.body.items[0]).toEqual({
      code: '9.000101',
      name: 'Đăng ký khai sinh',
      field: 'Hộ tịch',
      level: 'commune',
      onlineService: 'full',
      hasFee: false,
      legalMax: 1,
      legalMaxUnit: 'workingDay',
      publishedOn: '2025-06-27',
      illustrative: true,
      updatedAt: '2026-03-02T02:00:00.000Z',
    });
    const all = (await admin.get(`${BASE}?limit=500`)).body.items as { code: string; illustrative: boolean }[];
    expect(all.every((p) => p.illustrative)).toBe(true);
    expect(all.map((p) => p.code)).toEqual([...all.map((p) => p.code)].sort());
    const last = await admin.get(`${BASE}?limit=10&offset=40`);
    expect(last.body.items.map((p: { code: string }) => p.code)).toEqual(all.slice(40).map((p) => p.code));
    expect(last.body).toMatchObject({ total: DEMO_COUNT, limit: 10, offset: 40 });
    expect((await admin.get(`${BASE}?limit=501`)).status).toBe(400);
  });

  it('searches names without regard to diacritics or case, and filters by field', async () => {
    const names = async (query: string) => ((await canbo.get(`${BASE}?${query}`)).body.items as { name: string }[]).map((p) => p.name);
    const births = ['Đăng ký khai sinh', 'Đăng ký khai sinh kết hợp nhận cha, mẹ, con', 'Đăng ký khai sinh có yếu tố nước ngoài'];
    expect(await names(`q=${encodeURIComponent('dang ky khai sinh')}`)).toEqual(births);
    expect(await names(`q=${encodeURIComponent('ĐĂNG KÝ KHAI SINH')}`)).toEqual(births);
    expect(await names(`q=${encodeURIComponent('giay phep xay dung')}`)).toHaveLength(5);
    expect(await names(`field=${encodeURIComponent('ho tich')}`)).toHaveLength(13);
    expect(await names(`field=${encodeURIComponent('Hộ tịch')}&q=${encodeURIComponent('ket hon')}`)).toEqual([
      'Đăng ký kết hôn',
      'Đăng ký kết hôn có yếu tố nước ngoài',
    ]);
    // a field is matched whole
    expect(await names(`field=${encodeURIComponent('ho')}`)).toEqual([]);
    // by code
    expect(await names('q=9.00040')).toHaveLength(5);
    // LIKE wildcards are searched for as characters
    expect(await names('q=%25')).toEqual([]);
    expect(await names('q=_')).toEqual([]);
    expect((await canbo.get(`${BASE}?level=province&onlineService=full`)).body.total).toBe(3);
  });

  it('exports the catalogue as an .xlsx workbook', async () => {
    const r = await canbo.get<Buffer>(`${BASE}/export.xlsx`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain(XLSX_TYPE);
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="thu-tuc-hanh-chinh-2026-03-02.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Thủ tục hành chính');
    if (!ws) throw new Error('no sheet');
    expect(cellText(ws, 1)).toEqual(HEADER);
    expect(ws.actualRowCount).toBe(1 + DEMO_COUNT);
    expect(cellText(ws, 2)).toEqual(['9.000101', 'Đăng ký khai sinh', 'Hộ tịch', 'Cấp xã', 'Toàn trình', 'Không', 1, 'Ngày làm việc', '2025-06-27', 'Có']);
    expect(ws.getRow(2).getCell(9).numFmt).toBe('dd/mm/yyyy');
    expect(ws.getRow(2).getCell(1).numFmt).toBe('@');
    const last = cellText(ws, 1 + DEMO_COUNT);
    expect(last.slice(0, 2)).toEqual(['9.000901', 'Thủ tục tặng Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã về thành tích thực hiện nhiệm vụ chính trị']);
    expect(last.slice(6, 9)).toEqual([null, null, null]);
  });

  it('exports the catalogue as UTF-8 CSV with a BOM', async () => {
    const r = await download(canbo, `${BASE}/export.csv`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="thu-tuc-hanh-chinh-2026-03-02.csv"');
    expect([...r.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = r.bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines).toHaveLength(DEMO_COUNT + 2); // header, rows, and the empty string after the last CRLF
    expect(lines[0]).toBe(
      'Mã TTHC,Tên thủ tục,Lĩnh vực,Cấp thực hiện,Dịch vụ công trực tuyến (Toàn trình / Một phần / Không),"Có phí, lệ phí (Có/Không)",' +
        'Thời hạn giải quyết,Đơn vị thời hạn (Giờ / Ngày / Ngày làm việc / Tháng),Ngày công bố (dd/mm/yyyy),Dữ liệu minh họa (Có/Không)',
    );
    expect(lines).toContain('9.000109,Cấp bản sao Trích lục hộ tịch,Hộ tịch,"Cấp tỉnh, cấp xã",Toàn trình,Có,0.5,Ngày làm việc,27/06/2025,Có');
    expect(lines).toContain('9.000604,Giải quyết chế độ ưu đãi đối với Bà mẹ Việt Nam anh hùng,Người có công,Cấp tỉnh,Một phần,Không,1,Tháng,,Có');
  });

  it('a focal officer cannot import, and nothing is written', async () => {
    const before = await state();
    const file = await workbook([['1.000999', 'Thủ tục không được nhập', 'Hộ tịch', 'Cấp xã', 'Toàn trình', 'Không', 1, 'Ngày', null]]);
    const r = await upload(canbo, file);
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('forbidden');
    expect(await state()).toEqual(before);
  });

  it('imports an .xlsx file: creates new codes, updates a changed one, audited once', async () => {
    const mark = await lastAuditId(s.database.db);
    const file = await workbook([
      // a new code with its body suffix, an Excel date
      [
        '2.000488.000.00.00.H21',
        'Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ',
        'Hoạt động xây dựng',
        'Cấp xã',
        'Một phần',
        'Có',
        15,
        'Ngày',
        new Date(Date.UTC(2025, 6, 1)),
      ],
      // Excel made the code '1.001750' a number; decimal comma; the level in another spelling; no date
      [1.00175, 'Đăng ký kết hôn', 'Hộ tịch', 'Cấp tỉnh và cấp xã', 'DVCTT toàn trình', 'Không', '0,5', 'Ngày làm việc', null],
      // the unit written in the amount cell; no legal max at all is allowed too
      ['1.001757', 'Chứng thực chữ ký', 'Chứng thực', 'Xã', 'Không', 'Có', '4 giờ', null, '2025-07-15'],
      // an existing demo code, changed: it is real data now (no 'Dữ liệu minh họa' column)
      ['9.000101', 'Đăng ký khai sinh', 'Hộ tịch', 'Cấp xã', 'Toàn trình', 'Không', 3, 'Ngày làm việc', '27/06/2025'],
      ['1.000100', 'Thủ tục tặng Giấy khen', 'Thi đua, khen thưởng', 'Cấp xã', 'Không', 'Không', null, null, null],
      // blank rows are skipped
      [null, null, null, null, null, null, null, null, null],
    ]);
    const r = await upload(parOffice, file);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ format: 'xlsx', rows: 5, created: 4, updated: 1, unchanged: 0 });

    const rows = Object.fromEntries((await catalogue(s.database.db)).map((p) => [p.code, p]));
    expect(rows['2.000488.000.00.00.H21']).toEqual({
      code: '2.000488.000.00.00.H21',
      name: 'Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ',
      field: 'Hoạt động xây dựng',
      level: 'commune',
      online_service: 'partial',
      has_fee: true,
      legal_max: '15.00',
      legal_max_unit: 'day',
      published_on: '2025-07-01',
      illustrative: false,
    });
    expect(rows['1.001750']).toMatchObject({
      level: 'both',
      online_service: 'full',
      has_fee: false,
      legal_max: '0.50',
      legal_max_unit: 'workingDay',
      published_on: null,
    });
    expect(rows['1.001757']).toMatchObject({ level: 'commune', online_service: 'none', legal_max: '4.00', legal_max_unit: 'hour', published_on: '2025-07-15' });
    expect(rows['9.000101']).toMatchObject({ legal_max: '3.00', illustrative: false });
    expect(rows['1.000100']).toMatchObject({ legal_max: null, legal_max_unit: null });
    expect(Object.keys(rows)).toHaveLength(DEMO_COUNT + 4);

    const audit = await auditSince(s.database.db, mark);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'serviceIndex.procedures.import', entity_type: 'procedureCatalogue', actor_name: 'sonoivu' });
    expect(audit[0].after).toEqual({
      format: 'xlsx',
      rows: 5,
      created: 4,
      updated: 1,
      unchanged: 0,
      fileName: 'thu-tuc.xlsx',
      illustrativeColumn: false,
      createdCodes: ['2.000488.000.00.00.H21', '1.001750', '1.001757', '1.000100'],
      updatedCodes: ['9.000101'],
      codesTruncated: false,
    });

    const found = (await canbo.get(`${BASE}?q=${encodeURIComponent('chung thuc chu ky')}`)).body.items;
    expect(found.map((p: { code: string }) => p.code)).toEqual(['1.001757', '9.000202']);
  });

  it('imports CSV: UTF-8 with BOM and ",", and ";" without BOM, with short headers', async () => {
    const comma =
      '\uFEFFMã TTHC,Tên thủ tục,Lĩnh vực,Cấp thực hiện,Dịch vụ công trực tuyến,"Có phí, lệ phí",Thời hạn giải quyết,Đơn vị thời hạn,Ngày công bố\r\n' +
      '1.002001,"Đăng ký thành lập hộ kinh doanh",Thành lập và hoạt động của hộ kinh doanh,Cấp xã,Toàn trình,Có,3,Ngày làm việc,01/07/2025\r\n' +
      '1.002002,"Thủ tục có ""ngoặc kép"", dấu phẩy\nvà xuống dòng",Khác,Cấp tỉnh,Một phần,Không,1.5,Tháng,\r\n';
    const r1 = await upload(admin, Buffer.from(comma, 'utf8'), 'danh-muc.csv', 'text/csv');
    expect(r1.status).toBe(200);
    expect(r1.body).toEqual({ format: 'csv', rows: 2, created: 2, updated: 0, unchanged: 0 });

    const semicolon = `${HEADER9.join(';')}\n1.002003;Đăng ký khai tử;Hộ tịch;Cấp tỉnh, cấp xã;Toàn trình;Không;0,5;Ngày làm việc;\n1.002001;Đăng ký thành lập hộ kinh doanh;Thành lập và hoạt động của hộ kinh doanh;Cấp xã;Toàn trình;Có;5;Ngày làm việc;01/07/2025\n`;
    const r2 = await upload(admin, semicolon, 'danh-muc.csv', 'text/csv');
    expect(r2.status).toBe(200);
    expect(r2.body).toEqual({ format: 'csv', rows: 2, created: 1, updated: 1, unchanged: 0 });

    const rows = Object.fromEntries((await catalogue(s.database.db)).map((p) => [p.code, p]));
    expect(rows['1.002001']).toMatchObject({ legal_max: '5.00', legal_max_unit: 'workingDay', published_on: '2025-07-01', online_service: 'full' });
    expect(rows['1.002002']).toMatchObject({
      name: 'Thủ tục có "ngoặc kép", dấu phẩy và xuống dòng',
      legal_max: '1.50',
      legal_max_unit: 'month',
      level: 'province',
    });
    expect(rows['1.002003']).toMatchObject({ level: 'both', legal_max: '0.50' });

    // Excel's 'sep=' hint line, and UTF-16 text as Excel saves "Unicode text" (tab separated)
    const hinted = `sep=;\r\n${HEADER9.join(';')}\r\n1.002003;Đăng ký khai tử;Hộ tịch;Cấp tỉnh, cấp xã;Toàn trình;Không;0,5;Ngày làm việc;\r\n`;
    expect((await upload(admin, hinted, 'a.csv', 'text/csv')).body).toEqual({ format: 'csv', rows: 1, created: 0, updated: 0, unchanged: 1 });
    const tabbed = `${HEADER9.join('\t')}\r\n1.002004\tĐăng ký giám hộ\tHộ tịch\tCấp xã\tMột phần\tCó\t3\tNgày làm việc\t\r\n`;
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tabbed, 'utf16le')]);
    expect((await upload(admin, utf16, 'a.txt', 'text/plain')).body).toEqual({ format: 'csv', rows: 1, created: 1, updated: 0, unchanged: 0 });
  });

  it('round-trips: importing the export changes nothing, from .xlsx and from CSV', async () => {
    const before = await catalogue(s.database.db);
    expect(before.some((p) => p.illustrative) && before.some((p) => !p.illustrative) && before.some((p) => p.legal_max === null)).toBe(true);
    for (const format of ['xlsx', 'csv'] as const) {
      const file = (await download(admin, `${BASE}/export.${format}`)).bytes;
      const mark = await lastAuditId(s.database.db);
      const r = await upload(admin, file, `export.${format}`, format === 'csv' ? 'text/csv' : XLSX_TYPE);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ format, rows: before.length, created: 0, updated: 0, unchanged: before.length });
      expect(await catalogue(s.database.db)).toEqual(before);
      const audit = await auditSince(s.database.db, mark);
      expect(audit).toHaveLength(1);
      expect(audit[0].after).toMatchObject({ created: 0, updated: 0, unchanged: before.length, createdCodes: [], updatedCodes: [], illustrativeColumn: true });
    }
  });

  it('reports every broken row with its row and column, and writes nothing', async () => {
    const before = await state();
    const ok = ['Hộ tịch', 'Cấp xã', 'Một phần', 'Có'];
    const file = await workbook([
      ['1.00175X', 'Mã sai', ...ok, 1, 'Ngày làm việc', null], // 2: bad code
      ['1.000001', 'Hợp lệ', ...ok, 3, 'Ngày làm việc', '01/07/2025'], // 3: fine, still not saved
      ['1.000001', 'Trùng mã', ...ok, 3, 'Ngày làm việc', null], // 4: same code as row 3
      ['1.000002', 'DVC sai', 'Hộ tịch', 'Cấp xã', 'Mức độ 4', 'Có', 3, 'Ngày làm việc', null], // 5: unknown online-service label
      ['1.000003', 'Số sai', ...ok, 'mười lăm', 'Ngày', null], // 6: not a number
      ['1.000004', 'Số âm', ...ok, -2, 'Ngày', null], // 7: not positive
      ['1.000005', 'Ba số lẻ', ...ok, 1.255, 'Giờ', null], // 8: three decimals
      ['1.000006', 'Đơn vị sai', ...ok, 5, 'Tuần', null], // 9: unknown unit
      ['1.000007', 'Thiếu đơn vị', ...ok, 5, null, null], // 10: amount without unit
      ['1.000008', 'Thiếu thời hạn', ...ok, null, 'Ngày', null], // 11: unit without amount
      ['1.000009', null, ...ok, 1, 'Ngày', null], // 12: no name
      ['1.000010', 'Cấp sai', 'Hộ tịch', 'Cấp huyện', 'Một phần', 'Có', 1, 'Ngày', null], // 13: unknown level
      ['1.000011', 'Phí sai', 'Hộ tịch', 'Cấp xã', 'Một phần', 'Tùy', 1, 'Ngày', null], // 14: fee neither Có nor Không
      ['1.000012', 'Ngày sai', ...ok, 1, 'Ngày', '31/02/2025'], // 15: no such day
    ]);
    const r = await upload(admin, file);
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('import_failed');
    expect(r.body.detail).toBe('Tệp có 13 lỗi; không có dữ liệu nào được ghi. Xem danh sách lỗi theo dòng/cột.');
    const errors = r.body.errors as { row: number; column: string; message: string }[];
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [2, H.code],
      [4, H.code],
      [5, H.online],
      [6, H.amount],
      [7, H.amount],
      [8, H.amount],
      [9, H.unit],
      [10, H.unit],
      [11, H.amount],
      [12, H.name],
      [13, H.level],
      [14, H.fee],
      [15, H.published],
    ]);
    expect(errors[0].message).toContain('1.00175X');
    expect(errors[1].message).toBe('Mã TTHC "1.000001" trùng với dòng 3; mỗi thủ tục chỉ được có một dòng.');
    expect(errors[2].message).toBe('Mức dịch vụ công trực tuyến "Mức độ 4" không hợp lệ; chọn một trong: "Toàn trình", "Một phần", "Không".');
    expect(errors[3].message).toContain('"mười lăm"');
    expect(errors[6].message).toContain('"Tuần"');
    expect(errors[9].message).toBe('Thiếu tên thủ tục.');
    expect(errors[12].message).toContain('31/02/2025');
    expect(errors.every((e) => Object.keys(e).sort().join() === 'column,message,row')).toBe(true);
    expect(await state()).toEqual(before);

    admin.lang = 'en';
    try {
      const en = await upload(admin, file);
      expect(en.body.detail).toBe('The file has 13 error(s); nothing was saved. See the row/column error list.');
      expect(en.body.errors[2].message).toBe('Unknown online service "Mức độ 4"; use one of: "Toàn trình", "Một phần", "Không" (or full, partial, none).');
      expect(en.body.errors[9].message).toBe('The procedure name is missing.');
    } finally {
      admin.lang = 'vi';
    }

    // the same checks on CSV, where rows are records
    const csv = `${HEADER9.join(';')}\n1.000020;Hợp lệ;Hộ tịch;Cấp xã;Toàn trình;Không;1;Ngày;\nABC;Mã sai;Hộ tịch;Cấp xã;Toàn trình;Không;1;Ngày;\n1.000020;Trùng;Hộ tịch;Cấp xã;Toàn phần;Không;1,234;Ngày;\n`;
    const rc = await upload(admin, csv, 'a.csv', 'text/csv');
    expect(rc.status).toBe(422);
    expect(rc.body.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [3, H.code],
      [4, H.code],
      [4, H.online],
      [4, H.amount],
    ]);

    // a header without the required columns
    const noHeader = await upload(admin, await workbook([['1.000030', 'Tên']], ['Mã TTHC', 'Tên thủ tục']));
    expect(noHeader.status).toBe(422);
    expect(noHeader.body.errors).toEqual([
      {
        row: 1,
        column: `${H.field}, ${H.level}, ${H.online}, ${H.fee}`,
        message: `Dòng tiêu đề thiếu cột: "${H.field}", "${H.level}", "${H.online}", "${H.fee}".`,
      },
    ]);
    const noKnown = await upload(admin, 'a,b,c\n1,2,3\n', 'a.csv', 'text/csv');
    expect(noKnown.status).toBe(422);
    expect(noKnown.body.errors[0]).toMatchObject({ row: 1, column: '' });
    expect(noKnown.body.errors[0].message).toContain('Không tìm thấy dòng tiêu đề');
    expect(await state()).toEqual(before);
  });

  it('refuses a file that is neither .xlsx nor CSV with 422 and a clear message', async () => {
    const before = await state();
    // random bytes (0x80 cannot start UTF-8, and keeps the start from looking like a zip or a UTF-16 BOM)
    const noise = () => Buffer.concat([Buffer.from([0x80]), randomBytes(4096)]);
    const random = await upload(admin, noise(), 'thu-tuc.xlsx');
    expect(random.status).toBe(422);
    expect(random.body.code).toBe('procedure_file_unreadable');
    expect(random.body.detail).toContain('không phải tệp Excel .xlsx, cũng không phải tệp CSV mã hóa UTF-8');
    // a PDF, a zip that is not a workbook, an Excel 97-2003 file, a CSV saved in a legacy code page (Windows-1258)
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), randomBytes(256)]);
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(200)]);
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), randomBytes(512)]);
    const cp1258 = Buffer.from('M\xe3 TTHC,T\xean th\xf9 t\xf5c\r\n', 'latin1');
    for (const [buf, name] of [
      [pdf, 'a.pdf'],
      [zip, 'a.xlsx'],
      [xls, 'a.xls'],
      [cp1258, 'a.csv'],
    ] as const) {
      const r = await upload(admin, buf, name, 'application/octet-stream');
      expect([name, r.status, r.body.code]).toEqual([name, 422, 'procedure_file_unreadable']);
    }
    expect((await upload(admin, xls, 'a.xls')).body.detail).toContain('Excel 97-2003 (.xls)');
    const empty = await upload(admin, Buffer.alloc(0));
    expect(empty.status).toBe(422);
    expect(empty.body.detail).toBe('Tệp tải lên rỗng (0 byte).');
    admin.lang = 'en';
    try {
      expect((await upload(admin, noise())).body.detail).toContain('neither an Excel .xlsx workbook nor a UTF-8 CSV file');
    } finally {
      admin.lang = 'vi';
    }
    const fd = new FormData();
    fd.append('note', 'không có tệp');
    expect((await admin.request('POST', `${BASE}/import`, undefined, { raw: fd })).body.code).toBe('file_missing');
    expect((await admin.post(`${BASE}/import`, { file: 'x' })).status).toBe(415);
    expect(await state()).toEqual(before);
  });

  it('keeps the audit entry short on a large import: counts in full, code lists truncated', async () => {
    const lines = Array.from({ length: 150 }, (_, i) => `1.${String(300000 + i)},Thủ tục số ${i + 1},Khác,Cấp tỉnh,Không,Không,,,`);
    const mark = await lastAuditId(s.database.db);
    const r = await upload(admin, `${HEADER9.map((h) => `"${h}"`).join(',')}\n${lines.join('\n')}\n`, 'lon.csv', 'text/csv');
    expect(r.body).toEqual({ format: 'csv', rows: 150, created: 150, updated: 0, unchanged: 0 });
    const [entry] = await auditSince(s.database.db, mark);
    expect(entry.after).toMatchObject({ created: 150, codesTruncated: true });
    expect(entry.after.createdCodes).toHaveLength(100);
    expect(entry.after.createdCodes[0]).toBe('1.300000');
  });
});
