import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/env.ts';
import { TASK_HEADERS, taskWorkbook } from '../support/plans.ts';
import { type Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';

const TITLE = 'KẾ HOẠCH khắc phục tồn tại, hạn chế Chỉ số CCHC';
const HEADER = TASK_HEADERS;
const workbook = (rows: (string | number | Date | null)[][], edit?: (ws: ExcelJS.Worksheet) => void, header = HEADER) =>
  taskWorkbook(rows, { title: TITLE, header, edit });

async function upload(c: Client, planId: string, buf: Buffer) {
  const fd = new FormData();
  fd.append('file', new Blob([buf]), 'nhiem-vu.xlsx');
  return c.request('POST', `/api/plans/${planId}/import`, undefined, { raw: fd });
}

describe.each(backends())('plan task table in Excel on %s', (kind) => {
  let s: TestServer;
  let office: Client;
  let planId = '';
  let qnName = '';

  beforeAll(async () => {
    s = await startTestServer(kind);
    // start from no plans: the demo seed's illustrative plan and campaign would be due, late and reminded too
    await s.database.db.deleteFrom('campaigns').where('illustrative', '=', true).execute();
    await s.database.db.deleteFrom('plans').where('illustrative', '=', true).execute();
    await s.database.db.deleteFrom('inspection_plans').where('illustrative', '=', true).execute();
    office = await loginAs(s.url, 'sonoivu');
    qnName = (await s.database.db.selectFrom('units').select('name').where('code', '=', '21583').executeTakeFirstOrThrow()).name;
    const p = await office.post('/api/plans', { number: '416/KH-UBND', date: '2026-03-01', issuer: 'UBND tỉnh', title: 'Nâng cao Chỉ số CCHC năm 2026' });
    planId = p.body.plan.id;
  });
  afterAll(async () => {
    await s?.close();
  });

  const good: (string | number | Date | null)[][] = [
    [
      '1',
      'Rà soát, chuẩn hóa thủ tục hành chính',
      '21583',
      '',
      'Chủ tịch UBND phường',
      '30/06/2026',
      '',
      '',
      '',
      '',
      '100% TTHC được rà soát',
      '100',
      '%',
      '1.2',
    ],
    ['1.1', 'Công khai TTHC trên Cổng DVC', '21583', '', '', new Date(Date.UTC(2026, 4, 15)), '', '', '', '', '', '', '', ''],
    ['2', 'Báo cáo kết quả thực hiện kế hoạch', 'Phường Quy Nhơn', '', 'Văn phòng', '', 'Hằng quý', '01/01/2026', '31/12/2026', 15, 'Báo cáo quý', '', '', ''],
  ];

  it('imports the table: sub-tasks by STT, units by code or name, quarterly reports', async () => {
    const r = await upload(office, planId, await workbook(good));
    expect(r.status).toBe(200);
    const t = r.body.plan.tasks;
    expect(t.map((x: { ref: string }) => x.ref)).toEqual(['1', '1.1', '2']);
    expect(t[1].parentId).toBe(t[0].id);
    expect(t[0]).toMatchObject({ leadUnit: { code: '21583', name: qnName }, expected: { targetValue: '100', targetUnit: '%' }, criterionCodes: ['1.2'] });
    expect(t[1].schedule).toEqual({ kind: 'once', dueDate: '2026-05-15' });
    expect(t[2].schedule).toEqual({ kind: 'recurring', frequency: 'quarterly', from: '2026-01-01', until: '2026-12-31', dueDay: 15 });
    expect(t[2].occurrences).toHaveLength(4);
  });

  it('refuses merged cells and missing columns with their addresses; nothing changes', async () => {
    const merged = await upload(
      office,
      planId,
      await workbook([...good, ['3', 'Tuyên truyền CCHC', '21583', '', '', '30/09/2026', '', '', '', '', '', '', '', '']], (ws) => ws.mergeCells('C3:C4')),
    );
    expect(merged.status).toBe(422);
    expect(merged.body.errors).toEqual([
      {
        row: 3,
        column: 'C',
        message: 'Ô gộp C3:C4: hãy bỏ gộp ô và ghi đủ giá trị vào từng dòng.',
      },
    ]);
    const missing = await upload(
      office,
      planId,
      await workbook(
        [],
        undefined,
        HEADER.filter((h) => h !== 'Đơn vị chủ trì'),
      ),
    );
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e: { row: number; message: string }) => [e.row, e.message])).toEqual([[2, 'Thiếu cột "Đơn vị chủ trì".']]);
    expect((await office.get(`/api/plans/${planId}`)).body.plan.tasks).toHaveLength(3);
  });

  it('lists every bad cell at once; a due date before the plan date is refused', async () => {
    const r = await upload(
      office,
      planId,
      await workbook([
        ['1', 'Việc một', 'XYZ', '', '', '31/02/2026', '', '', '', '', '', '', '', ''],
        ['2', '', '21583', '', '', '', '', '', '', '', '', 'chín mươi', '', ''],
        ['2', 'Việc ba', '21583', '', '', '', 'Hằng tuần', '01/01/2026', '', '', '', '', '', ''],
        ['4.1', 'Việc con', '21583', '', '', '01/04/2026', '', '', '', '', '', '', '', ''],
      ]),
    );
    expect(r.status).toBe(422);
    expect(r.body.detail).toBe(`Tệp có ${r.body.errors.length} lỗi; không có dữ liệu nào được ghi. Xem danh sách lỗi theo dòng/cột.`);
    expect(r.body.errors.map((e: { message: string }) => e.message)).toEqual([
      'Ô C3: Không có đơn vị "XYZ" (ghi mã hoặc đúng tên đơn vị).',
      'Ô F3: Ngày "31/02/2026" không hợp lệ (dạng dd/mm/yyyy).',
      'Ô B4: Cần ghi rõ nội dung công việc (rõ việc).',
      'Ô F4: Cần có hạn hoàn thành hoặc lịch báo cáo định kỳ (rõ thời gian).',
      'Ô L4: Chỉ tiêu phải là một số (ví dụ 90 hoặc 12,5).',
      'Ô A5: Số thứ tự 2 bị lặp.',
      'Ô G5: Lịch định kỳ "Hằng tuần" không hợp lệ (hằng tháng, hằng quý, 6 tháng, hằng năm).',
      'Ô I5: Ngày "" không hợp lệ (dạng dd/mm/yyyy).',
      'Ô A6: Không có nhiệm vụ cha 4 trong bảng.',
    ]);
    const early = await upload(office, planId, await workbook([['1', 'Việc một', '21583', '', '', '01/02/2026', '', '', '', '', '', '', '', '']]));
    expect(early.status).toBe(422);
    expect(early.body.errors[0].message).toBe('Dòng 3: Hạn hoàn thành 2026-02-01 trước ngày ban hành kế hoạch 2026-03-01.');
    expect((await office.get(`/api/plans/${planId}`)).body.plan.tasks).toHaveLength(3);
  });

  it('exports a table that imports back into another plan unchanged', async () => {
    const x = await office.get(`/api/plans/${planId}/export.xlsx`);
    expect(x.status).toBe(200);
    const p2 = await office.post('/api/plans', { number: '417/KH-UBND', date: '2026-03-01', issuer: 'UBND tỉnh', title: 'Bản sao' });
    const r = await upload(office, p2.body.plan.id, x.body as Buffer);
    expect(r.status).toBe(200);
    const strip = (
      ts: {
        ref: string;
        work: string;
        leadUnit: unknown;
        supportUnits: unknown;
        responsiblePerson: unknown;
        schedule: unknown;
        expected: unknown;
        criterionCodes: unknown;
      }[],
    ) => ts.map((t) => [t.ref, t.work, t.leadUnit, t.supportUnits, t.responsiblePerson, t.schedule, t.expected, t.criterionCodes]);
    expect(strip(r.body.plan.tasks)).toEqual(strip((await office.get(`/api/plans/${planId}`)).body.plan.tasks));
    const tpl = await office.get('/api/plans/template.xlsx');
    expect(tpl.status).toBe(200);
    const empty = await upload(office, p2.body.plan.id, tpl.body as Buffer);
    expect(empty.status).toBe(422);
    expect(empty.body.errors[0].message).toBe('Ô 4: Bảng nhiệm vụ không có dòng nào.');
  });

  it('re-importing keeps reports of tasks still in the table and refuses to drop reported ones', async () => {
    const plan = (await office.get(`/api/plans/${planId}`)).body.plan;
    const t1 = plan.tasks.find((t: { ref: string }) => t.ref === '1');
    const officer = await loginAs(s.url, 'quynhon.canbo');
    expect((await officer.post(`/api/plans/tasks/${t1.id}/reports`, { occurrenceId: t1.occurrences[0].id, status: 'inProgress', percent: 30 })).status).toBe(
      201,
    );
    const edited = good.map((r) => (r[0] === '1' ? [...r.slice(0, 1), 'Rà soát, chuẩn hóa TTHC (sửa)', ...r.slice(2)] : r));
    const again = await upload(office, planId, await workbook(edited));
    expect(again.status).toBe(200);
    const t1b = again.body.plan.tasks.find((t: { ref: string }) => t.ref === '1');
    expect([t1b.id, t1b.work, t1b.percent]).toEqual([t1.id, 'Rà soát, chuẩn hóa TTHC (sửa)', 30]);
    const dropped = await upload(office, planId, await workbook(good.filter((r) => r[0] === '2')));
    expect(dropped.status).toBe(409);
    expect(dropped.body.detail).toBe('Kế hoạch đã có báo cáo tiến độ; không thể thay cả bảng nhiệm vụ.');
  });
});
