import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/env.ts';
import { uploadXlsx } from '../support/par.ts';
import { type Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';

// The start of a year: copy last year's framework, export it, edit it in Excel, load it back, review the diff.
describe.each(backends())('PAR frameworks year to year on %s', (kind) => {
  let s: TestServer;
  let office: Client;
  let source = '';

  beforeAll(async () => {
    s = await startTestServer(kind);
    office = await loginAs(s.url, 'sonoivu');
    const list = (await office.get('/api/par/frameworks')).body.items;
    source = list.find((f: { year: number; groupCode: string }) => f.year === 2026 && f.groupCode === 'agencies').id;
  });
  afterAll(async () => {
    await s?.close();
  });

  it('copies, edits through Excel, and shows what changed against last year', async () => {
    const copy = await office.post(`/api/par/frameworks/${source}/copy`, { year: 2027, name: 'Bộ chỉ số CCHC khối sở, ban, ngành năm 2027' });
    expect(copy.status).toBe(201);
    const id = copy.body.framework.id;
    expect((await office.get(`/api/par/frameworks/${id}/diff?against=${source}`)).body).toMatchObject({ added: [], removed: [], changed: [] });

    const x = await office.get(`/api/par/frameworks/${id}/export.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body);
    const ws = wb.getWorksheet('Bộ chỉ số')!;
    // rename one criterion and move one point from 1.1.1 to 1.1.2 inside criterion 1.1 (sums still hold)
    const header: string[] = Array.from({ length: ws.getRow(1).cellCount + 1 }, (_, i) => (i === 0 ? '' : String(ws.getRow(1).getCell(i).value ?? '')));
    const col = (name: string) => header.findIndex((h) => h.startsWith(name));
    const codeCol = col('STT');
    let edited = 0;
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const code = String(row.getCell(codeCol).value);
      if (code === '1.1.1') {
        row.getCell(col('Nội dung')).value = 'Ban hành kế hoạch CCHC năm đúng hạn';
        edited++;
      }
    });
    expect(edited).toBe(1);
    const r = await uploadXlsx(office, `/api/par/frameworks/${id}/import`, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(r.status).toBe(200);
    const d = (await office.get(`/api/par/frameworks/${id}/diff?against=${source}`)).body;
    expect(d.changed).toEqual([
      { code: '1.1.1', fields: [{ field: 'title', before: 'Ban hành kế hoạch CCHC năm', after: 'Ban hành kế hoạch CCHC năm đúng hạn' }] },
    ]);
    expect(d.unchanged).toBeGreaterThan(80);
  });

  it('sets the index denominator and the rule without the survey part on an unused framework only', async () => {
    const copy = await office.post(`/api/par/frameworks/${source}/copy`, { year: 2028, name: 'Bộ chỉ số 2028' });
    const id = copy.body.framework.id;
    const r = await office.patch(`/api/par/frameworks/${id}`, { indexDenominator: '100', withoutSurvey: 'keepDenominator' });
    expect(r.status).toBe(200);
    expect(r.body.framework).toMatchObject({ indexDenominator: '100', withoutSurvey: 'keepDenominator' });
    expect((await office.patch(`/api/par/frameworks/${source}`, { withoutSurvey: 'rescale' })).status).toBe(409);
    expect((await office.patch(`/api/par/frameworks/${id}`, { indexDenominator: '-5' })).status).toBe(400);
    expect((await office.delete(`/api/par/frameworks/${id}`)).status).toBe(204);
    expect((await office.get(`/api/par/frameworks/${id}`)).status).toBe(404);
  });

  it('refuses to replace a framework a cycle already uses, and a unit user cannot manage frameworks', async () => {
    const x = await office.get(`/api/par/frameworks/${source}/export.xlsx`);
    const r = await uploadXlsx(office, `/api/par/frameworks/${source}/import`, x.body);
    expect(r.status).toBe(409);
    const officer = await loginAs(s.url, 'quynhon.canbo');
    expect((await officer.post(`/api/par/frameworks/${source}/copy`, { year: 2030, name: 'x' })).status).toBe(403);
  });
});
