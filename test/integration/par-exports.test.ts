import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPdf } from '../../src/modules/par/exports/pdf.ts';
import { type AnnexInput, buildResultsAnnex } from '../../src/modules/par/exports/results-annex.ts';
import { backends } from '../support/env.ts';
import { importSmallFramework, PDF } from '../support/par.ts';
import { type Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';

// ---- a minimal PDF reader: enough to find the pages and the text pdfkit writes ---------------------------------
// pdfkit embeds subsets of TrueType fonts: text is shown as glyph ids (hex strings in TJ/Tj), and each font carries a
// ToUnicode CMap that maps them back. The streams are Flate-compressed. Nothing here depends on external tools.

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

function pdfObjects(buf: Buffer): Map<number, PdfObject> {
  const text = buf.toString('latin1');
  const out = new Map<number, PdfObject>();
  for (const m of text.matchAll(/(\d+) 0 obj\s*([\s\S]*?)\bendobj/g)) {
    const body = m[2];
    const at = body.indexOf('stream');
    if (at < 0) {
      out.set(Number(m[1]), { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, at);
    let start = at + 'stream'.length;
    if (body[start] === '\r') start++;
    if (body[start] === '\n') start++;
    const length = /\/Length (\d+)(?! \d+ R)/.exec(dict);
    const raw = Buffer.from(length ? body.slice(start, start + Number(length[1])) : body.slice(start, body.lastIndexOf('endstream')), 'latin1');
    out.set(Number(m[1]), { dict, stream: dict.includes('/FlateDecode') ? zlib.inflateSync(raw) : raw });
  }
  return out;
}

function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const hex = (h: string) => String.fromCharCode(...(h.match(/[0-9a-fA-F]{4}/g) ?? []).map((x) => Number.parseInt(x, 16)));
  for (const section of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const r of section[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const lo = Number.parseInt(r[1], 16);
      const hi = Number.parseInt(r[2], 16);
      if (r[3].startsWith('[')) {
        for (const [i, d] of [...r[3].matchAll(/<([0-9a-fA-F]*)>/g)].entries()) map.set(lo + i, hex(d[1]));
      } else {
        const base = Number.parseInt(r[3].slice(1, -1), 16);
        for (let code = lo; code <= hi; code++) map.set(code, String.fromCharCode(base + code - lo));
      }
    }
  }
  for (const section of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const r of section[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(Number.parseInt(r[1], 16), hex(r[2]));
  }
  return map;
}

interface Fragment {
  text: string;
  /** Baseline position in PDF user space: points from the page's left and bottom edges. */
  x: number;
  y: number;
}

/** The text fragments of each page (pdfmake draws word by word), in drawing order, with their positions. */
function pdfFragments(buf: Buffer): Fragment[][] {
  const objects = pdfObjects(buf);
  const fonts = new Map<string, Map<number, string>>();
  for (const o of objects.values()) {
    for (const f of o.dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const font = objects.get(Number(f[2]));
      const ref = font && /\/ToUnicode (\d+) 0 R/.exec(font.dict);
      const cmap = ref && objects.get(Number(ref[1]))?.stream;
      if (cmap) fonts.set(f[1], toUnicode(cmap.toString('latin1')));
    }
  }
  const pages = [...objects.values()].find((o) => /\/Type \/Pages\b/.test(o.dict));
  const kids = [...(/\/Kids \[([^\]]*)\]/.exec(pages?.dict ?? '')?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((k) => Number(k[1]));
  return kids.map((id) => {
    const page = objects.get(id)!;
    const contents = [...(/\/Contents (\[[^\]]*\]|\d+ 0 R)/.exec(page.dict)?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((r) => objects.get(Number(r[1]))!);
    const fragments: Fragment[] = [];
    for (const c of contents) {
      let font: Map<number, string> | undefined;
      let current: Fragment = { text: '', x: 0, y: 0 };
      const ops = /1 0 0 1 ([\d.-]+) ([\d.-]+) Tm|\/(F\d+) [\d.]+ Tf|<([0-9a-fA-F]*)>|\bET\b/g;
      for (const t of (c.stream ?? Buffer.alloc(0)).toString('latin1').matchAll(ops)) {
        if (t[1]) current = { text: '', x: Number(t[1]), y: Number(t[2]) };
        else if (t[3]) font = fonts.get(t[3]);
        else if (t[4] !== undefined) for (const g of t[4].match(/[0-9a-fA-F]{4}/g) ?? []) current.text += font?.get(Number.parseInt(g, 16)) ?? '\uFFFD';
        else fragments.push(current);
      }
    }
    return fragments;
  });
}

/** The text of each page: its fragments in drawing order joined with single spaces. */
function pdfPages(buf: Buffer): string[] {
  return pdfFragments(buf).map((fragments) =>
    fragments
      .map((f) => f.text)
      .reduce((all, f) => (all === '' || /\s$/.test(all) ? all + f : `${all} ${f}`), '')
      .replace(/\s+/g, ' ')
      .replace(/\/ /g, '/') // pdfmake may break a word after a slash ("Tăng/" "giảm"): the pieces are separate fragments
      .normalize('NFC'),
  );
}

function expectPdf(buf: Buffer) {
  expect(buf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(buf.subarray(-8).toString('latin1')).toContain('%%EOF');
}

// ---- the pure document definition -----------------------------------------------------------------------------

describe('ranking annex document (Nghị định 30/2020/NĐ-CP layout)', () => {
  const input = (n: number): AnnexInput => ({
    provinceName: 'Tỉnh Gia Lai',
    day: '2028-02-05',
    year: 2027,
    groupName: 'Khối xã, phường',
    max: '100.00',
    previousYear: 2026,
    rows: Array.from({ length: n }, (_, i) => ({
      rank: i + 1,
      unitName: `Xã Thử Nghiệm ${i + 1}`,
      total: '89.457',
      index: '89.46',
      class: 'Tốt',
      indexChange: i === 0 ? '1.25' : i === 1 ? '-0.50' : null,
      rankChange: i === 0 ? 2 : i === 1 ? -1 : null,
      viaPredecessors: i === 1,
    })),
  });

  it('titles an evaluation of heads of agencies as such, on the same layout', () => {
    const text = (d: any) => JSON.stringify(d.content);
    expect(text(buildResultsAnnex(input(3)))).toContain('KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM');
    const head = text(buildResultsAnnex({ ...input(3), purpose: 'headEvaluation' }));
    expect(head).toContain('KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI NGƯỜI ĐỨNG ĐẦU TRONG THỰC HIỆN CẢI CÁCH HÀNH CHÍNH NĂM');
    expect(head).not.toContain('XẾP HẠNG CHỈ SỐ');
  });

  it('is A4 portrait with the official margins, a repeating table header and page numbers from page 2', () => {
    const d = buildResultsAnnex(input(3)) as any;
    expect(d.pageSize).toBe('A4');
    expect(d.pageOrientation).toBe('portrait');
    // left 30 mm, top 20 mm, right 15 mm, bottom 20 mm, in points
    expect(d.pageMargins.map((v: number) => Math.round((v * 25.4) / 72))).toEqual([30, 20, 15, 20]);
    const table = d.content.find((c: any) => c.table).table;
    expect(table.headerRows).toBe(1);
    expect(table.dontBreakRows).toBe(true);
    expect(table.body[0].map((c: any) => c.text)).toEqual([
      'STT',
      'Xếp hạng',
      'Đơn vị',
      'Tổng điểm',
      'Chỉ số (%)',
      'Xếp loại',
      'Tăng/giảm so với năm trước (2026)',
    ]);
    // numbers with a decimal comma, the change with its sign and the places gained or lost
    expect(table.body[1].map((c: any) => c.text)).toEqual(['1', '1', 'Xã Thử Nghiệm 1', '89,46', '89,46', 'Tốt', '+1,25\ntăng 2 bậc']);
    expect(table.body[2][6].text).toBe('-0,50 (*)\ngiảm 1 bậc');
    expect(table.body[3][6].text).toBe('–');
    expect(d.header(1, 3)).toBeNull();
    expect(d.header(2, 3).text).toBe('2');
    const texts = JSON.stringify(d.content);
    for (const t of [
      'UBND TỈNH GIA LAI',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Gia Lai, ngày 05 tháng 02 năm 2028',
      'PHỤ LỤC',
    ]) {
      expect(texts).toContain(t);
    }
    expect(texts).toContain('KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2027');
    expect(texts).toContain('KHỐI XÃ, PHƯỜNG');
  });

  it('renders to a PDF whose later pages repeat the header row and carry their number', async () => {
    const buf = await renderPdf(buildResultsAnnex(input(70)));
    expectPdf(buf);
    const pages = pdfPages(buf);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages[0]).toContain('KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2027');
    expect(pages[0]).toContain('Gia Lai, ngày 05 tháng 02 năm 2028');
    for (const p of pages) {
      expect(p).toContain('Xếp hạng');
      expect(p).toContain('Tăng/giảm so với năm trước');
    }
    // the page number sits in the top margin (above 841.89 − 20 mm), centred on the text block, from page 2 on
    const numbers = pdfFragments(buf).map((fs) => fs.filter((f) => f.y > 841.89 - 56.69).map((f) => f.text));
    expect(numbers).toEqual(pages.map((_, i) => (i === 0 ? [] : [String(i + 1)])));
    expect(pages.join(' ')).toContain('Xã Thử Nghiệm 70');
  });
});

// ---- the exports on a cycle driven through the API -------------------------------------------------------------

/**
 * Two cycles of a pilot group of three communes: 2026 (published quickly, as last year) and 2027 driven through the
 * API: self-scoring with evidence, appraisal that lowers two leaves of Phường Quy Nhơn, a dispute and re-appraisal,
 * the council, publication. Then every export is opened and read.
 *
 * 2027 final points (1.1.1 | 1.1.2 | 1.1.3 | 2.1.1, the survey leaf 2.1.2 not counted, max 8):
 *   Quy Nhơn 2 | 1.75 | 1 | 1 = 5.75 → 71.88 % (Khá, rank 3); 21553 2 | 2 | 1 | 2 = 7 → 87.50 %; 21601 1 | 2 | 2 | 2 = 7 → 87.50 %.
 * 2026: Quy Nhơn 8 → 100 % (rank 1); 21553 6 → 75 % (rank 3); 21601 7 → 87.50 % (rank 2).
 */
describe.each(backends())('PAR exports on %s', (kind) => {
  let s: TestServer;
  let admin: Client;
  let office: Client;
  let officer: Client;
  let leader: Client;
  let appraiser: Client;
  let council: Client;
  let province: Client;
  const units: Record<string, { id: string; name: string }> = {};
  const last: Record<string, string> = {};
  const assessment: Record<string, string> = {};
  let lastCycleId = '';
  let cycleId = '';

  async function download(c: Client, path: string) {
    const res = await fetch(s.url + path, { headers: { cookie: c.cookie, 'accept-language': 'vi' } });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  }
  async function workbook(buf: Buffer) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as never);
    return wb;
  }
  async function version(c: Client, unit: string, code: string): Promise<number> {
    const r = await c.get(`/api/par/assessments/${assessment[unit]}`);
    return r.body.scores.find((x: { nodeCode: string }) => x.nodeCode === code).version;
  }
  async function setScores(id: string, points: Record<string, string>, finalToo: boolean) {
    for (const [code, p] of Object.entries(points)) {
      await s.database.db
        .updateTable('par_scores')
        .set(finalToo ? { self_points: p, appraised_points: p, final_points: p } : { self_points: p })
        .where('assessment_id', '=', id)
        .where('node_code', '=', code)
        .execute();
    }
  }
  async function openCycle(year: number, name: string) {
    const f = await importSmallFramework(office, 'pilot', year);
    expect(f.status).toBe(201);
    const c = await office.post('/api/par/cycles', { frameworkId: f.body.framework.id, name, surveyIncluded: false });
    expect(c.status).toBe(201);
    const board = await office.get(`/api/par/cycles/${c.body.cycle.id}/board`);
    return {
      id: c.body.cycle.id as string,
      assessments: Object.fromEntries(board.body.items.map((i: any) => [i.unitCode, i.assessmentId])) as Record<string, string>,
    };
  }

  beforeAll(async () => {
    s = await startTestServer(kind);
    // 01:30 on 5 February 2028 in Vietnam is still the 4th in UTC: the document is dated in Vietnam time
    s.clock.set('2028-02-04T18:30:00Z');
    admin = await loginAs(s.url, 'admin');
    office = await loginAs(s.url, 'sonoivu');
    officer = await loginAs(s.url, 'quynhon.canbo');
    leader = await loginAs(s.url, 'quynhon.lanhdao');
    appraiser = await loginAs(s.url, 'thamdinh');
    council = await loginAs(s.url, 'hoidong');
    province = await loginAs(s.url, 'lanhdaotinh');
    expect((await admin.post('/api/unit-groups', { code: 'pilot', name: 'Khối thí điểm', nameEn: 'Pilot group' })).status).toBe(201);
    for (const code of ['21583', '21553', '21601']) {
      const u = (await admin.get(`/api/units?q=${code}&date=2027-01-01`)).body.items[0];
      units[code] = { id: u.id, name: u.name };
      expect((await admin.patch(`/api/units/${u.id}`, { groupCodes: [...u.groupCodes, 'pilot'] })).status).toBe(200);
    }
  });
  afterAll(async () => {
    await s?.close();
  });

  it('last year: the 2026 cycle of the group is published', async () => {
    const c = await openCycle(2026, 'Thí điểm 2026');
    lastCycleId = c.id;
    Object.assign(last, c.assessments);
    await setScores(last['21583'], { '1.1.1': '2', '1.1.2': '2', '1.1.3': '2', '2.1.1': '2' }, true);
    await setScores(last['21553'], { '1.1.1': '2', '1.1.2': '2', '1.1.3': '0', '2.1.1': '2' }, true);
    await setScores(last['21601'], { '1.1.1': '1', '1.1.2': '2', '1.1.3': '2', '2.1.1': '2' }, true);
    await s.database.db.updateTable('par_assessments').set({ status: 'finalised' }).where('cycle_id', '=', lastCycleId).execute();
    await s.database.db.updateTable('par_cycles').set({ stage: 'council' }).where('id', '=', lastCycleId).execute();
    expect((await office.post(`/api/par/cycles/${lastCycleId}/publish`)).status).toBe(200);
  });

  it('2027: self-assessment with evidence; the ranking annex is refused before publication', async () => {
    const c = await openCycle(2027, 'Thí điểm 2027');
    cycleId = c.id;
    Object.assign(assessment, c.assessments);
    const id = assessment['21583'];
    const put = (code: string, body: object) => officer.request('PUT', `/api/par/assessments/${id}/leaves/${code}/self`, { ...body, version: 1 });
    expect((await put('1.1.1', { input: { level: 0 } })).status).toBe(200);
    expect((await put('1.1.2', { points: '1,75', note: 'Thiếu báo cáo quý IV' })).status).toBe(200);
    expect((await put('1.1.3', { input: { percent: 85 } })).status).toBe(200);
    expect((await put('2.1.1', { input: { yes: true } })).status).toBe(200);
    const form = new FormData();
    form.append('file', new Blob([PDF]), 'Quyết định kế hoạch CCHC.pdf');
    expect((await officer.request('POST', `/api/par/assessments/${id}/leaves/1.1.1/evidence`, undefined, { raw: form })).status).toBe(201);
    expect((await leader.post(`/api/par/assessments/${id}/submit`)).status).toBe(204);
    await setScores(assessment['21553'], { '1.1.1': '2', '1.1.2': '2', '1.1.3': '1', '2.1.1': '2' }, false);
    await setScores(assessment['21601'], { '1.1.1': '1', '1.1.2': '2', '1.1.3': '2', '2.1.1': '2' }, false);
    for (const u of ['21553', '21601'])
      await s.database.db.updateTable('par_assessments').set({ status: 'submitted' }).where('id', '=', assessment[u]).execute();

    const early = await download(office, `/api/par/cycles/${cycleId}/results.pdf`);
    expect(early.status).toBe(409);
    expect(early.headers.get('content-type')).toContain('application/problem+json');
    const problem = JSON.parse(early.body.toString('utf8'));
    expect(problem.code).toBe('par_not_published');
    expect(problem.detail).toContain('chưa công bố');
  });

  it('appraisal lowers two leaves; a dispute is re-appraised; the council finalises and the office publishes', async () => {
    expect((await office.post(`/api/par/cycles/${cycleId}/advance`)).body.cycle.stage).toBe('appraisal');
    const me = (await appraiser.get('/api/auth/me')).body.user.id;
    const assignments = Object.values(units).map((u) => ({ userId: me, unitId: u.id }));
    expect((await office.request('PUT', `/api/par/cycles/${cycleId}/appraisers`, { assignments })).status).toBe(204);
    const id = assessment['21583'];
    const appraise = async (code: string, points: string, reason: string) =>
      appraiser.request('PUT', `/api/par/assessments/${id}/leaves/${code}/appraisal`, { points, reason, version: await version(appraiser, '21583', code) });
    expect((await appraise('1.1.2', '1.5', 'Báo cáo quý IV gửi chậm')).status).toBe(200);
    expect((await appraise('2.1.1', '1', 'Chưa công khai đầy đủ TTHC trên Cổng dịch vụ công')).status).toBe(200);
    for (const u of ['21583', '21553', '21601']) expect((await appraiser.post(`/api/par/assessments/${assessment[u]}/appraised`)).status).toBe(204);

    expect((await office.post(`/api/par/cycles/${cycleId}/advance`)).body.cycle.stage).toBe('explanation');
    const dispute = await officer.request('PUT', `/api/par/assessments/${id}/leaves/1.1.2/explanation`, {
      status: 'disputed',
      text: 'Đã gửi báo cáo quý IV ngày 15/12',
      version: await version(officer, '21583', '1.1.2'),
    });
    expect(dispute.status).toBe(200);
    expect((await leader.post(`/api/par/assessments/${id}/explained`)).status).toBe(204);
    expect((await office.post(`/api/par/cycles/${cycleId}/advance`)).body.cycle.stage).toBe('reappraisal');
    const re = await appraiser.request('PUT', `/api/par/assessments/${id}/leaves/1.1.2/reappraisal`, {
      points: '1.75',
      reason: 'Chấp nhận một phần giải trình',
      version: await version(appraiser, '21583', '1.1.2'),
    });
    expect(re.status).toBe(200);
    expect((await office.post(`/api/par/cycles/${cycleId}/advance`)).body.cycle.stage).toBe('council');
    for (const u of ['21583', '21553', '21601']) expect((await council.post(`/api/par/assessments/${assessment[u]}/finalise`)).status).toBe(204);
    expect((await office.post(`/api/par/cycles/${cycleId}/publish`)).status).toBe(200);
  });

  it('the ranking annex is a PDF in the official layout with the published figures', async () => {
    const r = await download(office, `/api/par/cycles/${cycleId}/results.pdf`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(r.headers.get('content-disposition')).toContain('attachment; filename="Phu-luc-xep-hang-Chi-so-CCHC-2027.pdf"');
    expectPdf(r.body);
    const pages = pdfPages(r.body);
    expect(pages.length).toBe(1);
    const text = pages[0];
    for (const t of [
      'UBND TỈNH GIA LAI',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Gia Lai, ngày 05 tháng 02 năm 2028',
      'PHỤ LỤC',
      'KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2027',
      'KHỐI THÍ ĐIỂM',
      'Tăng/giảm so với năm trước (2026)',
      'Điểm tối đa: 8,00 điểm',
    ]) {
      expect(text).toContain(t);
    }
    // rows in rank order: the two tied units first (rank 1), then Quy Nhơn (rank 3) with its drop since 2026
    const qn = units['21583'].name;
    expect(text).toContain(`3 3 ${qn} 5,75 71,88 Khá -28,12 giảm 2 bậc`);
    expect(text).toContain(`${units['21553'].name} 7,00 87,50 Tốt +12,50 tăng 2 bậc`);
    expect(text).toContain(`${units['21601'].name} 7,00 87,50 Tốt 0,00 tăng 1 bậc`);
    expect(text.indexOf(`${units['21553'].name} 7,00`)).toBeLessThan(text.indexOf(`${qn} 5,75`));
  });

  it('a unit sees only its own row in the annex; unknown and malformed ids are refused', async () => {
    const r = await download(officer, `/api/par/cycles/${cycleId}/results.pdf`);
    expect(r.status).toBe(200);
    const text = pdfPages(r.body).join(' ');
    expect(text).toContain(units['21583'].name);
    expect(text).not.toContain(units['21553'].name);
    expect(text).not.toContain(units['21601'].name);
    expect((await download(office, '/api/par/cycles/00000000-0000-4000-8000-000000000000/results.pdf')).status).toBe(404);
    expect((await download(office, '/api/par/cycles/nope/results.pdf')).status).toBe(400);
    expect((await fetch(`${s.url}/api/par/cycles/${cycleId}/results.pdf`)).status).toBe(401);
  });

  it('the detailed scoring sheet holds every stage, the reasons, the evidence and the totals', async () => {
    const r = await officer.get(`/api/par/assessments/${assessment['21583']}/sheet.xlsx`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('spreadsheetml');
    const ws = (await workbook(r.body)).getWorksheet('Phiếu chấm điểm')!;
    expect(ws.getCell('A1').value).toBe('PHIẾU CHẤM ĐIỂM CHI TIẾT CHỈ SỐ CẢI CÁCH HÀNH CHÍNH');
    expect(String(ws.getCell('A2').value)).toContain(units['21583'].name);
    expect(String(ws.getCell('A3').value)).toContain('Thí điểm 2027');
    expect((ws.getRow(6).values as unknown[]).slice(1)).toEqual([
      'Mã',
      'Nội dung tiêu chí, tiêu chí thành phần',
      'Điểm tối đa',
      'Điểm tự chấm',
      'Điểm thẩm định',
      'Điểm thẩm định lại',
      'Điểm cuối cùng',
      'Lý do, giải trình',
      'Tài liệu kiểm chứng',
    ]);
    const rows = new Map<string, ExcelJS.Row>();
    ws.eachRow((row, n) => {
      if (n > 6) rows.set(String(row.getCell(1).value || row.getCell(2).value), row);
    });
    const values = (code: string) => [3, 4, 5, 6, 7].map((i) => rows.get(code)!.getCell(i).value);
    expect([...rows.keys()]).toEqual(['1', '1.1', '1.1.1', '1.1.2', '1.1.3', '2', '2.1', '2.1.1', '2.1.2', 'TỔNG ĐIỂM', 'CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (%)']);
    expect(values('1.1.2')).toEqual([2, 1.75, 1.5, 1.75, 1.75]);
    expect(values('2.1.1')).toEqual([2, 2, 1, null, 1]);
    expect(values('1')).toEqual([6, 4.75, 4.5, null, 4.75]);
    expect(values('TỔNG ĐIỂM')).toEqual([8, 6.75, 5.5, null, 5.75]);
    expect(values('CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (%)')).toEqual([100, 84.38, 68.75, null, 71.88]);
    const reasons = String(rows.get('1.1.2')!.getCell(8).value);
    expect(reasons).toContain('Tự chấm: Thiếu báo cáo quý IV');
    expect(reasons).toContain('Thẩm định: Báo cáo quý IV gửi chậm');
    expect(reasons).toContain('Giải trình: Đã gửi báo cáo quý IV ngày 15/12');
    expect(reasons).toContain('Thẩm định lại: Chấp nhận một phần giải trình');
    expect(String(rows.get('2.1.2')!.getCell(8).value)).toContain('Không tính điểm');
    expect(rows.get('1.1.1')!.getCell(9).value).toBe('Quyết định kế hoạch CCHC.pdf');
    expect(rows.get('1.1.1')!.getCell(2).alignment.indent).toBe(2);
    expect(rows.get('1.1.2')!.getCell(4).numFmt).toBe('0.00');
    expect(rows.get('1')!.getCell(2).font.bold).toBe(true);
  });

  it("another unit's sheet, weak list and plan are refused; the office reads any of them", async () => {
    for (const p of ['sheet.xlsx', 'weak', 'remedial-plan.xlsx']) {
      const r = await officer.get(`/api/par/assessments/${assessment['21553']}/${p}`);
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('forbidden_unit');
    }
    expect((await office.get(`/api/par/assessments/${assessment['21553']}/sheet.xlsx`)).status).toBe(200);
    expect((await office.get('/api/par/assessments/00000000-0000-4000-8000-000000000000/sheet.xlsx')).status).toBe(404);
  });

  it('weak criteria are ranked by points lost, then by the gap to the group average, with last year beside them', async () => {
    const r = await officer.get(`/api/par/assessments/${assessment['21583']}/weak`);
    expect(r.status).toBe(200);
    expect(r.body.previousCycle).toMatchObject({ id: lastCycleId, year: 2026 });
    expect(r.body.groupSize).toBe(3);
    expect(r.body.totalLost).toBe('2.25');
    expect(r.body.items.map((i: any) => [i.code, i.lost, i.groupAverage, i.vsGroupAverage, i.lastYear, i.vsLastYear])).toEqual([
      // 2.1.1: 1 of 2, the group averages 5/3; 1.1.3: 1 of 2, average 4/3; 1.1.2: 1.75 of 2
      ['2.1.1', '1', '1.67', '-0.67', '2', '-1'],
      ['1.1.3', '1', '1.33', '-0.33', '2', '-1'],
      ['1.1.2', '0.25', '1.92', '-0.17', '2', '-0.25'],
    ]);
    // the other units' scores are not listed, only the group average
    expect(JSON.stringify(r.body)).not.toContain(assessment['21553']);
  });

  it('the remedial plan draft has one task per weak criterion, with the "5 rõ" columns', async () => {
    const r = await leader.get(`/api/par/assessments/${assessment['21583']}/remedial-plan.xlsx`);
    expect(r.status).toBe(200);
    const ws = (await workbook(r.body)).getWorksheet('Kế hoạch khắc phục')!;
    expect(ws.getCell('A1').value).toBe('KẾ HOẠCH KHẮC PHỤC TỒN TẠI, HẠN CHẾ');
    expect(String(ws.getCell('A2').value)).toContain('Thí điểm 2027');
    expect(String(ws.getCell('A3').value)).toContain(units['21583'].name);
    expect((ws.getRow(6).values as unknown[]).slice(1)).toEqual([
      'STT',
      'Tiêu chí, tiêu chí thành phần',
      'Điểm bị trừ',
      'Nội dung nhiệm vụ khắc phục',
      'Đơn vị chủ trì',
      'Đơn vị phối hợp',
      'Thời hạn hoàn thành',
      'Kết quả dự kiến (sản phẩm)',
    ]);
    const task = ws.getRow(7);
    expect(task.getCell(1).value).toBe(1);
    expect(task.getCell(2).value).toBe('2.1.1. Công khai đầy đủ TTHC');
    expect(task.getCell(3).value).toBe(1);
    expect(task.getCell(3).numFmt).toBe('0.00');
    expect(task.getCell(4).value).toBe('Khắc phục hạn chế: Công khai đầy đủ TTHC');
    expect(task.getCell(5).value).toBe(units['21583'].name);
    expect(task.getCell(6).value ?? '').toBe('');
    const deadline = task.getCell(7).value as Date;
    expect(deadline).toBeInstanceOf(Date);
    expect(deadline.toISOString().slice(0, 10)).toBe('2028-06-30');
    expect(task.getCell(7).numFmt).toBe('dd/mm/yyyy');
    expect(task.getCell(8).value ?? '').toBe('');
    expect(ws.getRow(9).getCell(2).value).toBe('1.1.2. Báo cáo CCHC định kỳ');
    expect(ws.getRow(9).getCell(3).value).toBe(0.25);
    expect(ws.getRow(10).getCell(1).value ?? null).toBeNull();
  });

  it('appraisal gaps per leaf and per appraiser, for the PAR office and read-all leaders only', async () => {
    const r = await office.get(`/api/par/cycles/${cycleId}/appraisal-gaps`);
    expect(r.status).toBe(200);
    const leaf = (code: string) => r.body.leaves.find((l: any) => l.code === code);
    expect(r.body.leaves.map((l: any) => l.code)).toEqual(['1.1.1', '1.1.2', '1.1.3', '2.1.1']);
    expect(leaf('1.1.2')).toMatchObject({ appraised: 3, changed: 1, lowered: 1, raised: 0, pointsRemoved: '0.25', meanGap: '0.25' });
    expect(leaf('2.1.1')).toMatchObject({ appraised: 3, changed: 1, pointsRemoved: '1', meanGap: '1' });
    expect(leaf('1.1.1')).toMatchObject({ appraised: 3, changed: 0, pointsRemoved: '0', meanGap: null });
    expect(r.body.total).toMatchObject({ appraised: 12, changed: 2, pointsRemoved: '1.25', meanGap: '0.625', meanGapRounded: '0.63', units: 3 });
    expect(r.body.appraisers).toHaveLength(1);
    expect(r.body.appraisers[0]).toMatchObject({
      username: 'thamdinh',
      units: 3,
      appraised: 12,
      changed: 2,
      lowered: 2,
      pointsRemoved: '1.25',
      meanGap: '0.625',
    });
    expect((await province.get(`/api/par/cycles/${cycleId}/appraisal-gaps`)).status).toBe(200);
    for (const who of [officer, appraiser, council]) {
      const no = await who.get(`/api/par/cycles/${cycleId}/appraisal-gaps`);
      expect(no.status).toBe(403);
      expect(no.body.code).toBe('par_gaps_forbidden');
    }
  });
});
