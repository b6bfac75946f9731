import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, launchBrowser, loggedInPage, screenshot } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const HEADER =
  'MaHoSo,MaTTHC,MaDonVi,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy,TrangThaiHoSo,KenhThucHien,SoLanBoSung,DuocSoHoa,CoNghiaVuTaiChinh,DuocThanhToanTrucTuyen,NgayCapNhat';
// early, on time, late by 2 working days, in progress (the rows of test/integration/dossiers.test.ts)
const CSV = `${HEADER}
HS001,1.001757,21583,20251006080000,20251008170000,20251007100000,DaTraKetQua,2,0,1,0,,20251007100000
HS002,2.000488,21583,2025-10-06 08:00:00,2025-10-08 17:00:00,2025-10-08 16:00:00,DaTraKetQua,1,0,0,1,1,2025-10-08 16:00:00
HS003,2.000488,21583,06/10/2025 08:00,10/10/2025 17:00,14/10/2025 09:00,DaTraKetQua,1,0,0,1,,14/10/2025 09:00
HS004,1.001757,21583,20251020080000,20260105170000,,DangXuLy,2,0,0,0,,20251020080000
`;

/** The PAR office uploads a dossier file, reads the Decision 766 league table and drills down to the late dossier. */
describe('service index 766 in Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const as = (username: string, width = 1366) => loggedInPage(browser, s.url, username, { width, contexts });
  const shot = screenshot;

  beforeAll(async () => {
    buildWeb();
    s = await startTestServer('pglite', { serveWeb: true });
    browser = await launchBrowser();
    await sql`DELETE FROM procedures WHERE code IN ('1.001757', '2.000488')`.execute(s.database.db);
    await sql`INSERT INTO procedures (code, name, field, level, online_service, has_fee, legal_max, legal_max_unit)
      VALUES ('1.001757', 'Đăng ký khai sinh', 'Hộ tịch', 'commune', 'full', false, 1, 'workingDay'),
             ('2.000488', 'Chứng thực bản sao từ bản chính', 'Chứng thực', 'commune', 'partial', true, 2, 'workingDay')`.execute(s.database.db);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await s?.close();
  });

  it('uploads dossiers, ranks the unit, drills down to the late dossier and exports it', async () => {
    const page = await as('sonoivu');
    await page.getByTestId('nav-serviceIndex').click();
    await page.waitForURL(/\/service-index/);
    await page.getByTestId('nav-serviceIndexImport').click();
    await page.waitForURL(/\/service-index\/import/);
    await expect.poll(() => page.getByTestId('procedure-row-2.000488').isVisible(), { timeout: 15_000 }).toBe(true);

    await page.getByTestId('dossier-file').setInputFiles({ name: 'hoso.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.getByTestId('dossier-upload').click();
    await page.getByTestId('dossier-result').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('dossier-result-rows').textContent()).toBe('4');
    expect(await page.getByTestId('dossier-result-inserted').textContent()).toBe('4');

    // a broken file: the 422 row errors are listed
    await page
      .getByTestId('dossier-file')
      .setInputFiles({ name: 'loi.csv', mimeType: 'text/csv', buffer: Buffer.from(`${HEADER}\nHS009,1.001757,21583,khongphaingay,,,DaTraKetQua,2,0,0,0,,\n`) });
    await page.getByTestId('dossier-upload').click();
    await page.getByTestId('dossier-errors').waitFor({ timeout: 30_000 });

    await page.goto(`${s.url}/service-index`);
    await page.getByTestId('si-period').click();
    await page.getByRole('option', { name: 'Quý IV/2025' }).click();
    await page.waitForURL(/period=2025-Q4/);
    const row = page.getByTestId('si-row-21583');
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain('Phường Quy Nhơn');
    await shot(page, 'service-index-league-desktop');

    await row.click();
    await page.getByTestId('si-unit-total').waitFor();
    expect(await page.getByTestId('si-ind-2.1').textContent()).toContain('15,00');
    // what if all 4 dossiers had been on time: Tiến độ 20 of 20, 5 points more
    const before = Number((await page.getByTestId('si-unit-total').textContent())!.replace(/\./g, '').replace(',', '.'));
    await page.getByTestId('si-whatif-progress-onTime').fill('4');
    await page.getByTestId('si-whatif-compute').click();
    await page.getByTestId('si-whatif-total').waitFor();
    const after = Number((await page.getByTestId('si-whatif-total').textContent())!.replace(/\./g, '').replace(',', '.'));
    expect(after - before).toBeCloseTo(5, 2);

    // the PAR office enters the transparency counts read off the national portal: the group is scored
    await page.getByTestId('si-counts-transparency').click();
    const counts: Record<string, string> = {
      proceduresPublished: '30',
      proceduresPublishedOnTime: '30',
      proceduresToPublicise: '30',
      proceduresPublicisedOnTime: '15',
      proceduresPublic: '89',
      proceduresPublicComplete: '87',
      dossiersSynced: '54',
      dossiersReceivedNationalReport: '100',
      dossiersReceivedDvcqg: '90',
    };
    for (const [k, v] of Object.entries(counts)) await page.getByTestId(`counts-${k}`).fill(v);
    await page.getByTestId('counts-save').click();
    await expect.poll(() => page.getByTestId('si-group-transparency').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByTestId('si-ind-1.3').textContent()).toContain('1,96');

    await page.getByTestId('si-drill-2.1').click();
    await page.getByTestId('drill-row-HS003').waitFor({ timeout: 15_000 });
    const cells = await page.getByTestId('drill-row-HS003').locator('td').allTextContents();
    expect(cells).toContain('06/10/2025 08:00');
    expect(cells).toContain('14/10/2025 09:00');
    expect(cells.at(-1)).toBe('2');
    expect(await page.getByTestId('drill-row-HS001').count()).toBe(0);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('drill-export').click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const ws = wb.worksheets[0];
    expect(ws.getRow(2).getCell(1).value).toBe('HS003');
  });

  it('shows the league table on a phone', async () => {
    const page = await as('sonoivu', 375);
    await page.goto(`${s.url}/service-index?period=2025-Q4`);
    await page.getByTestId('si-row-21583').waitFor({ timeout: 15_000 });
    await shot(page, 'service-index-league-mobile');
  });

  it('the unit’s focal officer sees the overdue dossier and records the apology letter', async () => {
    const page = await as('quynhon.canbo');
    await page.goto(`${s.url}/service-index?period=2025-Q4`);
    const row = page.getByTestId('si-row-21583');
    await row.waitFor({ timeout: 15_000 });
    // only the progress, online and payment groups have counts: the partial total is not classified
    expect(await row.getByTestId('si-class-withheld').textContent()).toBe('chưa xếp loại');
    await row.click();
    await page.getByTestId('si-overdue-link').click();
    await page.waitForURL(/\/overdue/);
    // HS004 was due 05/01/2026; on 02/03/2026 it is 35 working days late (Tết 2026 and weekends do not count)
    const late = page.getByTestId('watch-row-HS004');
    await late.waitFor({ timeout: 15_000 });
    const cells = await late.locator('td').allTextContents();
    expect(cells[4]).toBe('35');
    await page.getByTestId('apology-HS004').click();
    await page.getByTestId('apology-note').fill('Văn bản số 12/VB-UBND ngày 02/03/2026, hẹn trả lại 06/03/2026');
    await page.getByTestId('apology-save').click();
    await expect.poll(() => late.textContent(), { timeout: 15_000 }).toContain('12/VB-UBND');
    await shot(page, 'service-index-overdue-desktop');
  });
});
