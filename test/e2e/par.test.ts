import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, launchBrowser, screenshot, screenshotDir } from '../support/browser.ts';
import { TEST_ADMIN_PASSWORD } from '../support/env.ts';
import { importSmallFramework, PDF } from '../support/par.ts';
import { type Client, DEMO_PASSWORD, loginAs, startTestServer, type TestServer } from '../support/server.ts';

/**
 * One whole PAR cycle in Chromium with three communes of a pilot group: self-score with evidence, submit, appraise
 * with one unit returned, explanation, finalise, publish, a ranking with a tie, and the Excel export opened.
 * Steps the demo has no user for (the two other communes) go through the API; everything Phường Quy Nhơn's people,
 * the appraiser, the council and the PAR office do is done in the browser.
 */
describe('PAR cycle in Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  let office: Client;
  let appraiserApi: Client;
  const units: Record<string, string> = {};
  const assessment: Record<string, string> = {};
  let cycleId = '';
  const contexts: BrowserContext[] = [];

  async function as(username: string): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true });
    contexts.push(ctx);
    const page = await ctx.newPage();
    await page.goto(`${s.url}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(username === 'admin' ? TEST_ADMIN_PASSWORD : DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`${s.url}/`);
    return page;
  }
  /** Opens a leaf and waits until its panel is the one shown. */
  async function openLeaf(page: Page, code: string) {
    await page.getByTestId(`leaf-${code}`).click();
    await page.locator(`[data-testid="leaf-panel"][data-code="${code}"]`).waitFor();
  }
  /** Saves the open leaf and waits until the server has the points. */
  async function saveLeaf(page: Page, unit: string, code: string, points: string) {
    await page.getByTestId('leaf-save').click();
    await expect
      .poll(
        async () =>
          (await office.get(`/api/par/assessments/${assessment[unit]}`)).body.scores.find((x: { nodeCode: string }) => x.nodeCode === code).selfPoints,
        {
          timeout: 15_000,
        },
      )
      .toBe(points);
  }
  const status = async (code: string) => (await office.get(`/api/par/assessments/${assessment[code]}`)).body.assessment.status;
  const shot = screenshot;

  beforeAll(async () => {
    buildWeb();
    s = await startTestServer('pglite', { serveWeb: true });
    browser = await launchBrowser();
    const admin = await loginAs(s.url, 'admin');
    office = await loginAs(s.url, 'sonoivu');
    appraiserApi = await loginAs(s.url, 'thamdinh');
    await admin.post('/api/unit-groups', { code: 'pilot', name: 'Khối thí điểm', nameEn: 'Pilot group' });
    for (const code of ['21583', '21553', '21601']) {
      const u = (await admin.get(`/api/units?q=${code}&date=2027-01-01`)).body.items[0];
      units[code] = u.id;
      await admin.patch(`/api/units/${u.id}`, { groupCodes: [...u.groupCodes, 'pilot'] });
    }
    const f = await importSmallFramework(office, 'pilot');
    const c = await office.post('/api/par/cycles', {
      frameworkId: f.body.framework.id,
      name: 'Thí điểm 2027',
      surveyIncluded: false,
      selfDeadline: '2027-12-15',
    });
    cycleId = c.body.cycle.id;
    for (const i of (await office.get(`/api/par/cycles/${cycleId}/board`)).body.items) assessment[i.unitCode] = i.assessmentId;
    const me = (await appraiserApi.get('/api/auth/me')).body.user.id;
    await office.request('PUT', `/api/par/cycles/${cycleId}/appraisers`, { assignments: Object.values(units).map((unitId) => ({ userId: me, unitId })) });
    // the two other communes score 2 + 2 + 1 + 2 = 7 of 8 and submit
    for (const code of ['21553', '21601']) {
      for (const [leaf, points] of [
        ['1.1.1', '2'],
        ['1.1.2', '2'],
        ['1.1.3', '1'],
        ['2.1.1', '2'],
      ] as const) {
        await s.database.db
          .updateTable('par_scores')
          .set({ self_points: points })
          .where('assessment_id', '=', assessment[code])
          .where('node_code', '=', leaf)
          .execute();
      }
      await s.database.db.updateTable('par_assessments').set({ status: 'submitted' }).where('id', '=', assessment[code]).execute();
    }
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await s?.close();
  });

  it('the focal officer self-scores in the browser and attaches evidence', async () => {
    const page = await as('quynhon.canbo');
    await page.goto(`${s.url}/par/assessments/${assessment['21583']}`);
    await openLeaf(page, '1.1.1');
    await page.getByTestId('level-0').click();
    await saveLeaf(page, '21583', '1.1.1', '2');
    // the panel re-renders after the save; upload only once it has settled, and wait for the upload itself
    await page.waitForLoadState('networkidle');
    const [uploaded] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/evidence') && r.request().method() === 'POST', { timeout: 30_000 }),
      page.getByTestId('evidence-upload').setInputFiles({ name: 'Quyết định ban hành kế hoạch CCHC.pdf', mimeType: 'application/pdf', buffer: PDF }),
    ]);
    expect(uploaded.ok()).toBe(true);
    try {
      await expect.poll(() => page.getByText('Quyết định ban hành kế hoạch CCHC.pdf').first().isVisible(), { timeout: 40_000 }).toBe(true);
    } catch (e) {
      // keep what the page showed, for the failure report
      await shot(page, 'par-evidence-failure');
      fs.writeFileSync(path.join(screenshotDir, 'par-evidence-failure.txt'), await page.locator('body').innerText());
      throw e;
    }
    await openLeaf(page, '1.1.2');
    await page.getByTestId('leaf-points').fill('1,75');
    await saveLeaf(page, '21583', '1.1.2', '1.75');
    await openLeaf(page, '1.1.3');
    await page.getByTestId('leaf-points').fill('85');
    await saveLeaf(page, '21583', '1.1.3', '1');
    await openLeaf(page, '2.1.1');
    await page.getByTestId('bool-yes').click();
    await saveLeaf(page, '21583', '2.1.1', '2');
    // 2 + 1.75 + 1 + 2 = 6.75 of 8 (no survey this cycle) → 84,38 %
    await expect.poll(() => page.getByTestId('assessment-total').textContent(), { timeout: 15_000 }).toContain('6,75');
    await expect.poll(() => page.getByTestId('assessment-index').textContent()).toContain('84,38');
    await shot(page, 'par-self-score-desktop');
  });

  it('the unit leader submits', async () => {
    const page = await as('quynhon.lanhdao');
    await page.goto(`${s.url}/par/assessments/${assessment['21583']}`);
    await page.getByTestId('assessment-submit').click();
    await page.getByTestId('confirm-button').click();
    await expect.poll(() => status('21583')).toBe('submitted');
  });

  it('the PAR office opens the appraisal stage from the board', async () => {
    const page = await as('sonoivu');
    await page.goto(`${s.url}/par/cycles/${cycleId}`);
    await expect.poll(() => page.getByTestId('board-row-21583').first().isVisible()).toBe(true);
    await page.getByTestId('cycle-advance').click();
    await page.getByTestId('confirm-button').click();
    await expect.poll(async () => (await office.get(`/api/par/cycles/${cycleId}/board`)).body.cycle.stage).toBe('appraisal');
    await shot(page, 'par-board-desktop');
  });

  it('the appraiser lowers a score with a reason and returns one unit for supplementation', async () => {
    const page = await as('thamdinh');
    await page.goto(`${s.url}/par/assessments/${assessment['21583']}`);
    await openLeaf(page, '1.1.2');
    // the field starts with the self-score; replace it the way a person does
    await page.getByTestId('appraisal-points').click();
    await page.getByTestId('appraisal-points').press('Control+a');
    await page.getByTestId('appraisal-points').pressSequentially('1,5');
    expect(await page.getByTestId('appraisal-points').inputValue()).toBe('1,5');
    await page.getByTestId('appraisal-reason').fill('Báo cáo quý IV gửi chậm');
    await page.getByTestId('appraisal-save').click();
    await expect
      .poll(
        async () =>
          (await office.get(`/api/par/assessments/${assessment['21583']}`)).body.scores.find((x: { nodeCode: string }) => x.nodeCode === '1.1.2')
            .appraisedPoints,
      )
      .toBe('1.5');
    await shot(page, 'par-appraisal-desktop');
    await page.getByTestId('assessment-appraised').click();
    await page.getByTestId('confirm-button').click();
    await expect.poll(() => status('21583')).toBe('appraised');

    await page.goto(`${s.url}/par/assessments/${assessment['21601']}`);
    await page.getByTestId('assessment-return').click();
    await page.getByTestId('return-reason').fill('Thiếu tài liệu kiểm chứng tiêu chí 1.1.1');
    await page.getByTestId('return-confirm').click();
    await expect.poll(() => status('21601')).toBe('returned');
    // the returned commune resubmits (no demo user for it) and is appraised
    await s.database.db.updateTable('par_assessments').set({ status: 'submitted' }).where('id', '=', assessment['21601']).execute();
    for (const code of ['21553', '21601']) expect((await appraiserApi.post(`/api/par/assessments/${assessment[code]}/appraised`)).status).toBe(204);
  });

  it('the unit disputes the lowered score in the explanation round; the appraiser accepts it', async () => {
    expect((await office.post(`/api/par/cycles/${cycleId}/advance`)).body.cycle.stage).toBe('explanation');
    const page = await as('quynhon.canbo');
    await page.goto(`${s.url}/par/assessments/${assessment['21583']}`);
    await openLeaf(page, '1.1.2');
    await page.getByTestId('explanation-dispute').click();
    await page.getByTestId('explanation-text').fill('Báo cáo quý IV đã gửi ngày 15/12, có dấu công văn đến');
    await page.getByTestId('explanation-save').click();
    await expect
      .poll(
        async () =>
          (await office.get(`/api/par/assessments/${assessment['21583']}`)).body.scores.find((x: { nodeCode: string }) => x.nodeCode === '1.1.2')
            .explanationStatus,
      )
      .toBe('disputed');
    const leader = await as('quynhon.lanhdao');
    await leader.goto(`${s.url}/par/assessments/${assessment['21583']}`);
    await leader.getByTestId('assessment-explained').click();
    await leader.getByTestId('confirm-button').click();
    await expect.poll(() => status('21583')).toBe('explained');
    expect((await office.post(`/api/par/cycles/${cycleId}/advance`)).body.cycle.stage).toBe('reappraisal');
    const v = (await appraiserApi.get(`/api/par/assessments/${assessment['21583']}`)).body.scores.find(
      (x: { nodeCode: string }) => x.nodeCode === '1.1.2',
    ).version;
    expect(
      (
        await appraiserApi.request('PUT', `/api/par/assessments/${assessment['21583']}/leaves/1.1.2/reappraisal`, {
          points: '2',
          reason: 'Chấp nhận giải trình',
          version: v,
        })
      ).status,
    ).toBe(200);
  });

  it('the council finalises and the PAR office publishes; the ranking shows the tie and exports to Excel', async () => {
    expect((await office.post(`/api/par/cycles/${cycleId}/advance`)).body.cycle.stage).toBe('council');
    const council = await as('hoidong');
    await council.goto(`${s.url}/par/assessments/${assessment['21583']}`);
    await council.getByTestId('assessment-finalise').click();
    await council.getByTestId('confirm-button').click();
    await expect.poll(() => status('21583')).toBe('finalised');
    const councilApi = await loginAs(s.url, 'hoidong');
    for (const code of ['21553', '21601']) expect((await councilApi.post(`/api/par/assessments/${assessment[code]}/finalise`)).status).toBe(204);

    const page = await as('sonoivu');
    await page.goto(`${s.url}/par/cycles/${cycleId}`);
    await page.getByTestId('cycle-publish').click();
    await page.getByTestId('confirm-button').click();
    await expect.poll(async () => (await office.get(`/api/par/cycles/${cycleId}/board`)).body.cycle.stage).toBe('published');

    await page.goto(`${s.url}/par/cycles/${cycleId}/results`);
    // all three at 7 of 8 = 87,50 %: one shared rank
    for (const code of ['21583', '21553', '21601']) {
      const row = page.getByTestId(`result-row-${code}`).filter({ visible: true }).first();
      await expect.poll(() => row.getByTestId('result-rank').textContent(), { timeout: 15_000 }).toBe('1');
      await expect.poll(() => row.textContent()).toContain('87,50');
    }
    await shot(page, 'par-results-desktop');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('results-export').click()]);
    const file = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('Bảng tổng hợp')!;
    const rows = [4, 5, 6].map((i) => [ws.getRow(i).getCell(1).value, ws.getRow(i).getCell(3).value, ws.getRow(i).getCell(6).value]);
    expect(rows.map((r) => r[0])).toEqual([1, 1, 1]);
    expect(rows.map((r) => r[1])).toContain('Phường Quy Nhơn');
    expect(rows.map((r) => r[2])).toEqual([87.5, 87.5, 87.5]);
  });
});
