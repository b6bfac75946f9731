import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, launchBrowser, loggedInPage, screenshot } from '../support/browser.ts';
import { PDF } from '../support/par.ts';
import { taskWorkbook } from '../support/plans.ts';
import { type Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';

/**
 * A plan in Chromium, as the province runs one: the PAR office registers Kế hoạch 2126/KH-UBND and imports its task
 * table from Excel (a file with merged cells is refused cell by cell first), Phường Quy Nhơn's focal officer reports
 * progress with evidence from the unit inbox, the reminder before the due date reaches a real local SMTP server, the
 * simulated clock moves past the due date so the task shows on the chasing board with its working days late and the
 * unit leader gets the escalation mail, and a campaign target that lags its pace shows the milestone warning.
 */

interface Mail {
  to: string[];
  text: string;
}

/** Decodes a quoted-printable UTF-8 mail body (nodemailer's encoding of Vietnamese text). */
function decodeQp(raw: string): string {
  const body = raw.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '=' && /^[0-9A-F]{2}$/.test(body.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(body.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

async function startSmtp() {
  const received: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), text: decodeQp(Buffer.concat(chunks).toString('latin1')) });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { received, port: (server.server.address() as AddressInfo).port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const WORK_1 = 'Số hóa hồ sơ, kết quả giải quyết TTHC tại Bộ phận Một cửa';
const ROWS: (string | number)[][] = [
  ['1', WORK_1, '21583', '', 'Chủ tịch UBND phường', '05/03/2026', '', '', '', '', 'Toàn bộ hồ sơ tiếp nhận được số hóa', 100, '%', ''],
  ['1.1', 'Số hóa hồ sơ lĩnh vực đất đai', '21583', '', 'Công chức địa chính', '04/03/2026', '', '', '', '', 'Hồ sơ đất đai được số hóa', '', '', ''],
  [
    '2',
    'Báo cáo định kỳ hằng quý kết quả thực hiện kế hoạch',
    '21583',
    '',
    'Chủ tịch UBND phường',
    '',
    'Hằng quý',
    '02/03/2026',
    '31/12/2026',
    15,
    'Báo cáo quý',
    '',
    '',
    '',
  ],
];

/** A task table copied from Word often merges the lead unit over the rows of one unit. */
const taskTable = (opts: { mergeLeadUnits: boolean }) => taskWorkbook(ROWS, { edit: opts.mergeLeadUnits ? (ws) => ws.mergeCells('C2:C3') : undefined });

describe('plans in Chromium', () => {
  let s: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let browser: Browser;
  let office: Client;
  let quyNhon = '';
  let planId = '';
  const contexts: BrowserContext[] = [];

  const as = (username: string, width = 1366) => loggedInPage(browser, s.url, username, { width, contexts });
  const shot = screenshot;
  const plan = async () => (await office.get(`/api/plans/${planId}`)).body.plan;
  const task = async (ref: string) => (await plan()).tasks.find((t: { ref: string }) => t.ref === ref);

  beforeAll(async () => {
    smtp = await startSmtp();
    buildWeb();
    process.env.CCHC_SMTP_URL = `smtp://127.0.0.1:${smtp.port}`;
    process.env.CCHC_MAIL_FROM = 'CCHC Gia Lai <cchc@gialai.example>';
    s = await startTestServer('pglite', { serveWeb: true });
    delete process.env.CCHC_SMTP_URL;
    delete process.env.CCHC_MAIL_FROM;
    const db = s.database.db;
    quyNhon = (await db.selectFrom('units').select('id').where('code', '=', '21583').executeTakeFirstOrThrow()).id;
    await db.updateTable('users').set({ email: 'canbo@quynhon.example' }).where('username', '=', 'quynhon.canbo').execute();
    await db.updateTable('users').set({ email: 'lanhdao@quynhon.example' }).where('username', '=', 'quynhon.lanhdao').execute();
    office = await loginAs(s.url, 'sonoivu');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await s?.close();
    await smtp?.close();
  });

  it('the PAR office registers a plan and imports its task table from Excel; a table with merged cells is refused cell by cell', async () => {
    const page = await as('sonoivu');
    await page.goto(`${s.url}/plans`);
    await page.getByTestId('plan-new').click();
    await page.getByTestId('plan-number').fill('2126/KH-UBND');
    await page.getByTestId('plan-date').fill('02/03/2026');
    await page.getByTestId('plan-date').press('Tab');
    await page.getByTestId('plan-issuer').fill('UBND tỉnh Gia Lai');
    await page.getByTestId('plan-title').fill('Kế hoạch khắc phục tồn tại, hạn chế, nâng cao Chỉ số CCHC, Chỉ số SIPAS năm 2026');
    await page.getByTestId('plan-save').click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
    planId = page.url().split('/').pop() as string;
    expect((await plan()).date).toBe('2026-03-02');

    await page.getByTestId('plan-import').click();
    await page.getByTestId('task-import-file').setInputFiles({
      name: 'bang-nhiem-vu.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await taskTable({ mergeLeadUnits: true }),
    });
    await page.getByTestId('task-import-upload').click();
    const errors = page.getByTestId('task-import-errors');
    await errors.waitFor({ timeout: 30_000 });
    // the row/cell report names the merged range, and nothing was imported
    expect(await errors.getByTestId('import-errors').textContent()).toContain('C2:C3');
    expect((await plan()).tasks).toHaveLength(0);
    await shot(page, 'plans-import-errors');

    await page.getByTestId('task-import-file').setInputFiles({
      name: 'bang-nhiem-vu.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await taskTable({ mergeLeadUnits: false }),
    });
    await page.getByTestId('task-import-upload').click();
    await page.getByTestId('task-row-1.1').waitFor({ timeout: 30_000 });
    const p = await plan();
    expect(p.tasks.map((t: { ref: string }) => t.ref).sort()).toEqual(['1', '1.1', '2']);
    // 1.1 is a sub-task of 1, shown indented under it
    const t1 = p.tasks.find((t: { ref: string }) => t.ref === '1');
    expect(p.tasks.find((t: { ref: string }) => t.ref === '1.1').parentId).toBe(t1.id);
    expect(await page.getByTestId('task-row-1').textContent()).toContain(WORK_1);
    expect(await page.getByTestId('task-row-2').textContent()).toContain('Hằng quý');
    await shot(page, 'plans-detail');
  });

  it("the unit's focal officer sees the task in the unit inbox and reports progress with evidence", async () => {
    const page = await as('quynhon.canbo');
    await page.goto(`${s.url}/plans/inbox`);
    await page.getByTestId('inbox-item-2126/KH-UBND-1').waitFor();
    await page.getByTestId('inbox-report-2126/KH-UBND-1').click();
    await page.getByTestId('report-percent').fill('60');
    await page.getByTestId('report-text').fill('Đã số hóa 60% hồ sơ tiếp nhận trong tháng 3.');
    await page.getByTestId('report-evidence').setInputFiles({ name: 'Danh sách hồ sơ đã số hóa.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByTestId('report-submit').click();
    const t1 = await task('1');
    await expect
      .poll(
        async () =>
          (await office.get(`/api/plans/tasks/${t1.id}/reports`)).body.items.map((r: { percent: number; evidence: unknown[] }) => [
            r.percent,
            r.evidence.length,
          ]),
        {
          timeout: 15_000,
        },
      )
      .toEqual([[60, 1]]);
    expect((await task('1')).status).toBe('inProgress');
  });

  it('the reminder before the due date reaches the SMTP server; past the due date the task is on the chasing board and the leader gets the escalation', async () => {
    // Monday 2 March: task 1 is due on Thursday 5 March
    let page = await as('sonoivu');
    await page.goto(`${s.url}/plans/chasing`);
    await page.getByTestId('reminders-run').click();
    const reminder = () => smtp.received.find((m) => m.to.includes('canbo@quynhon.example') && m.text.includes(WORK_1));
    await expect.poll(() => reminder()?.text ?? '', { timeout: 15_000 }).toContain('đến hạn ngày 05/03/2026');
    await page.getByTestId('reminder-table').waitFor();

    // ten days later the task, still at 60 %, is overdue
    s.clock.set('2026-03-12T02:00:00Z');
    const board = (await (await loginAs(s.url, 'sonoivu')).get('/api/plans/overdue')).body;
    const unit = board.units.find((u: { unit: { id: string } }) => u.unit.id === quyNhon);
    const item = unit.items.find((i: { ref: string; planNumber: string }) => i.ref === '1' && i.planNumber === '2126/KH-UBND');
    // due Thursday 5 March, seen on Thursday 12 March: 6, 9, 10, 11 and 12 March are working days late
    expect(item.workingDaysLate).toBe(5);
    page = await as('sonoivu');
    await page.goto(`${s.url}/plans/chasing`);
    await page.getByTestId('overdue-unit-21583').click();
    const row = page.getByTestId('overdue-item-2126/KH-UBND-1');
    await row.waitFor();
    expect(await row.textContent()).toContain('5 ngày làm việc');
    const before = smtp.received.length;
    await page.getByTestId('reminders-run').click();
    const escalation = () => smtp.received.slice(before).find((m) => m.to.includes('lanhdao@quynhon.example') && m.text.includes(WORK_1));
    await expect.poll(() => escalation()?.text ?? '', { timeout: 15_000 }).toContain('đã quá hạn từ ngày 05/03/2026');
    await shot(page, 'plans-chasing');
  });

  it('a campaign target that lags its pace shows the milestone warning', async () => {
    office = await loginAs(s.url, 'sonoivu');
    const c = await office.post('/api/plans/campaigns', {
      name: 'Chiến dịch 100 ngày đêm “Nâng cao hiệu quả sử dụng dịch vụ công”',
      planId,
      startDate: '2026-03-02',
      endDate: '2026-06-09',
      targets: [
        {
          unitId: quyNhon,
          name: 'Hồ sơ được số hóa',
          indicator: null,
          unitLabel: '%',
          baseline: '40',
          milestones: [
            { day: 50, value: '60' },
            { day: 100, value: '80' },
          ],
        },
      ],
    });
    expect(c.status).toBe(201);
    const id = c.body.campaign.id;
    const targetId = c.body.campaign.targets[0].id;
    // ten days in, the unit has gained 1 point: at that pace it reaches about 45 % on day 50, not 60 %
    const officer = await loginAs(s.url, 'quynhon.canbo');
    const recorded = await officer.post(`/api/plans/campaigns/targets/${targetId}/values`, { day: '2026-03-12', value: '41' });
    expect([recorded.status, recorded.body.detail]).toEqual([200, undefined]);

    const page = await as('sonoivu');
    await page.goto(`${s.url}/plans/campaigns/${id}`);
    const warnings = page.getByTestId('campaign-warnings');
    await warnings.waitFor();
    expect(await warnings.textContent()).toContain('1 chỉ tiêu có nguy cơ không đạt mốc');
    expect(await page.getByTestId('target-row-21583').getAttribute('data-warning')).toBe('true');
    await page.getByTestId('burnup-chart').locator('canvas').first().waitFor();
    await shot(page, 'plans-campaign');

    // the monitoring dashboard lists the campaign with its warning, and its Excel download opens
    await page.goto(`${s.url}/plans/dashboard`);
    const card = page.getByTestId('dash-campaigns');
    await card.getByText('Chiến dịch 100 ngày đêm', { exact: false }).waitFor();
    expect(await card.textContent()).toContain('1 chỉ tiêu có nguy cơ không đạt mốc');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dash-xlsx').click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(await download.path()) as unknown as ArrayBuffer);
    const text = wb.worksheets.flatMap((ws) => ws.getSheetValues().flat().map(String)).join(' ');
    expect(text).toContain('Phường Quy Nhơn');
    // and the quarterly report comes as a PDF
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dash-pdf').click()]);
    expect(
      fs
        .readFileSync(await pdf.path())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
  });
});
