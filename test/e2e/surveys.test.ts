import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, launchBrowser, loggedInPage, screenshot } from '../support/browser.ts';
import { type Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';

const HEADER =
  'MaHoSo,MaTTHC,MaDonVi,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy,TrangThaiHoSo,KenhThucHien,SoLanBoSung,DuocSoHoa,CoNghiaVuTaiChinh,DuocThanhToanTrucTuyen,NgayCapNhat';
// three dossiers of Phường Quy Nhơn finished in October 2025: the sampling frame
const CSV = `${HEADER}
SV001,1.001757,21583,20251006080000,20251008170000,20251007100000,DaTraKetQua,2,0,1,0,,20251007100000
SV002,2.000488,21583,2025-10-06 08:00:00,2025-10-08 17:00:00,2025-10-08 16:00:00,DaTraKetQua,1,0,0,1,1,2025-10-08 16:00:00
SV003,2.000488,21583,06/10/2025 08:00,10/10/2025 17:00,14/10/2025 09:00,DaTraKetQua,1,0,0,1,,14/10/2025 09:00
`;

/** Picks an option in a Mantine Select / MultiSelect, typing a search first when given. */
async function pick(page: Page, testId: string, search: string | null, option: RegExp | string) {
  const input = page.getByTestId(testId);
  await input.click();
  if (search !== null) await input.fill(search);
  await page.getByRole('option', { name: option }).filter({ visible: true }).first().click();
}

/** Picks options in a Mantine MultiSelect (its pill box, not the inner field, takes the click); the list stays open. */
async function pickMany(page: Page, testId: string, search: string | null, options: (RegExp | string)[]) {
  const input = page.getByTestId(testId);
  await input.locator('xpath=ancestor::div[contains(@class, "mantine-MultiSelect-input")]').click();
  if (search !== null) await input.fill(search);
  for (const option of options) await page.getByRole('option', { name: option }).filter({ visible: true }).first().click();
  await page.keyboard.press('Escape');
}

/**
 * The PAR office builds a small SIPAS questionnaire (one scale question, one open question shown only to the
 * dissatisfied), plans a survey of one ward, draws the sample and opens it; a respondent answers on a phone through
 * the single-use link and the index moves. A focal officer keys a form offline; it syncs twice and is stored once.
 */
describe('surveys in Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  let office: Client;
  let surveyId = '';
  let link = '';
  /** the dossier whose link the respondent answers (one response per dossier: the kiosk takes another one) */
  let linkDossier = '';
  const contexts: BrowserContext[] = [];

  const as = (username: string, width = 1366) => loggedInPage(browser, s.url, username, { width, contexts });
  const shot = screenshot;
  const overall = async () => (await office.get(`/api/surveys/${surveyId}/indices`)).body.province.overall;

  beforeAll(async () => {
    buildWeb();
    s = await startTestServer('pglite', { serveWeb: true });
    browser = await launchBrowser();
    office = await loginAs(s.url, 'sonoivu');
    await sql`DELETE FROM procedures WHERE code IN ('1.001757', '2.000488')`.execute(s.database.db);
    await sql`INSERT INTO procedures (code, name, field, level, online_service, has_fee, legal_max, legal_max_unit)
      VALUES ('1.001757', 'Đăng ký khai sinh', 'Hộ tịch', 'commune', 'full', false, 1, 'workingDay'),
             ('2.000488', 'Chứng thực bản sao từ bản chính', 'Chứng thực', 'commune', 'partial', true, 2, 'workingDay')`.execute(s.database.db);
    const form = new FormData();
    form.append('file', new Blob([CSV], { type: 'text/csv' }), 'hoso.csv');
    const up = await office.request('POST', '/api/service-index/dossiers/import', undefined, { raw: form });
    expect(up.status).toBe(200);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await s?.close();
  });

  it('the PAR office builds a questionnaire with a branch in the builder', async () => {
    const page = await as('sonoivu');
    await page.getByTestId('nav-surveys').click();
    await page.getByTestId('tab-questionnaires').click();
    await page.getByTestId('questionnaire-create').click();
    await page.waitForURL(/\/surveys\/questionnaires\/new/);
    await page.getByTestId('q-code').fill('E2E-SIPAS');
    await page.getByTestId('q-title-vi').fill('Phiếu thử nghiệm');
    await page.getByTestId('q-title-en').fill('Test form');
    await page.getByTestId('section-0-title-vi').fill('Tiếp cận dịch vụ');
    await page.getByTestId('section-0-title-en').fill('Access to services');
    await page.getByTestId('section-0-add-question').click();
    await page.getByTestId('question-0-0-text-vi').fill('Ông/bà hài lòng với nơi ngồi chờ?');
    await page.getByTestId('question-0-0-text-en').fill('Are you satisfied with the waiting area?');
    await page.getByTestId('section-0-add-question').click();
    await pick(page, 'question-0-1-type', null, 'Văn bản');
    await page.getByTestId('question-0-1-text-vi').fill('Vì sao ông/bà chưa hài lòng?');
    await page.getByTestId('question-0-1-text-en').fill('Why are you not satisfied?');
    await pick(page, 'question-0-1-showif', null, /^q1 —/);
    await pickMany(page, 'question-0-1-showif-values', null, [/^1 —/, /^2 —/]);
    expect(await page.getByTestId('questionnaire-problems').count()).toBe(0);
    await shot(page, 'surveys-builder-desktop');
    await page.getByTestId('questionnaire-save').click();
    await page.waitForURL(/\/surveys\/questionnaires\/[0-9a-f-]{36}$/);
    const list = (await office.get('/api/surveys/questionnaires')).body.items;
    const q = list.find((x: { code: string }) => x.code === 'E2E-SIPAS');
    const detail = (await office.get(`/api/surveys/questionnaires/${q.id}`)).body;
    const questions = detail.versions[0].content.sections[0].questions;
    expect(questions.map((x: { id: string; type: string }) => `${x.id}:${x.type}`)).toEqual(['q1:scale5', 'q2:text']);
    expect(questions[1].showIf).toEqual({ questionId: 'q1', in: [1, 2] });
    await page.getByTestId('questionnaire-preview').click();
    await page.getByTestId('preview-hidden').waitFor();
    await shot(page, 'surveys-preview-desktop');
  });

  it('plans a survey of one ward, draws a sample with links and QR codes, and opens it', async () => {
    const page = await as('sonoivu');
    await page.goto(`${s.url}/surveys`);
    await page.getByTestId('survey-create').click();
    await page.getByTestId('survey-name').fill('SIPAS thử nghiệm quý IV/2025');
    await page.getByTestId('survey-year').fill('2025');
    await pick(page, 'survey-questionnaire', null, /E2E-SIPAS/);
    await page.getByTestId('survey-from').fill('01/10/2025');
    await page.getByTestId('survey-from').press('Tab');
    await page.getByTestId('survey-to').fill('31/12/2025');
    await page.getByTestId('survey-to').press('Tab');
    await pickMany(page, 'survey-units', '21583', [/\(21583\)/]);
    await page.getByTestId('survey-target').fill('2');
    await page.getByTestId('survey-create-submit').click();
    await page.waitForURL(/\/surveys\/[0-9a-f-]{36}$/);
    surveyId = page.url().split('/').pop() ?? '';

    await page.getByTestId('survey-tab-sample').click();
    await page.getByTestId('sample-seed').fill('e2e-2025');
    await page.getByTestId('sample-draw').click();
    await page.getByTestId('sample-result').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('sample-link').count()).toBe(2);
    expect(await page.getByTestId('qr-code').count()).toBe(2);
    link = (await page.getByTestId('sample-link-url').first().getAttribute('href')) ?? '';
    linkDossier = (await page.getByTestId('sample-link').first().getAttribute('data-dossier')) ?? '';
    expect(['SV001', 'SV002', 'SV003']).toContain(linkDossier);
    expect(link).toMatch(/\/s\/[^/]+$/);
    await shot(page, 'surveys-sample-desktop');

    await page.getByTestId('survey-open').click();
    await page.getByTestId('confirm-button').click();
    await expect.poll(() => page.getByTestId('survey-status').first().getAttribute('data-status'), { timeout: 15_000 }).toBe('open');
    await page.getByTestId('survey-tab-indices').click();
    await page.getByTestId('indices-province').waitFor();
    expect((await overall()).value).toBeNull();
  });

  it('a respondent answers on a phone through the single-use link and the index moves', async () => {
    const ctx = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, locale: 'vi-VN' });
    contexts.push(ctx);
    const phone = await ctx.newPage();
    await phone.goto(link);
    await expect.poll(() => phone.locator('h1').textContent(), { timeout: 15_000 }).toBe('Phiếu thử nghiệm');
    // the language switch re-renders the form in English and back
    await phone.locator('button[data-lang="en"]').click();
    expect(await phone.locator('h1').textContent()).toBe('Test form');
    await phone.locator('button[data-lang="vi"]').click();
    // sending nothing: the required question is flagged in the browser, nothing reaches the server
    await phone.locator('button.send').click();
    expect(await phone.locator('#e_q1').textContent()).toBe('Vui lòng trả lời câu hỏi này.');
    expect((await overall()).n).toBe(0);
    // branching live: "dissatisfied" reveals the open question, "very satisfied" hides it again
    expect(await phone.locator('#q_q2').isHidden()).toBe(true);
    await phone.locator('#q_q1 .opt.l2').tap();
    expect(await phone.locator('#q_q2').isVisible()).toBe(true);
    await phone.locator('#i_q2').fill('<script>alert(1)</script> chờ lâu');
    await shot(phone, 'surveys-public-phone-branch');
    await phone.locator('#q_q1 .opt.l5').tap();
    expect(await phone.locator('#q_q2').isHidden()).toBe(true);
    await phone.locator('button.send').tap();
    await phone.locator('[data-state="thanks"]').waitFor({ timeout: 15_000 });
    await shot(phone, 'surveys-public-phone-thanks');

    // the index moved: one valid answer, all satisfied
    expect(await overall()).toMatchObject({ value: '100.00', n: 1 });
    const staff = await as('sonoivu');
    await staff.goto(`${s.url}/surveys/${surveyId}?tab=indices`);
    await expect.poll(() => staff.getByTestId('indices-province-overall').getAttribute('data-n'), { timeout: 15_000 }).toBe('1');
    expect(await staff.getByTestId('indices-province-overall').textContent()).toContain('100,00');
    await shot(staff, 'surveys-indices-desktop');

    // the link is single-use: opening it again says so
    await phone.goto(link);
    await phone.locator('[data-state="error"]').waitFor({ timeout: 15_000 });
    expect(await phone.locator('[data-state="error"]').getAttribute('data-code')).toBe('survey_token_used');
  });

  it('a form keyed offline is queued, synced, synced again, and stored exactly once', async () => {
    const page = await as('quynhon.canbo');
    await page.goto(`${s.url}/surveys/${surveyId}?tab=collect`);
    await page.getByText('Ngoại tuyến (xếp hàng, đồng bộ sau)').click();
    await page.getByTestId('entry-focus-q1').waitFor();
    await page.context().setOffline(true);
    await expect.poll(() => page.getByTestId('queue-online').getAttribute('data-online')).toBe('no');

    // keyboard entry: "4" answers the scale question and moves on; Ctrl+Enter saves into the queue
    await page.getByTestId('entry-focus-q1').focus();
    await page.keyboard.press('4');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('queue-row').count()).toBe(1);
    expect(await page.getByTestId('queue-row').getAttribute('data-status')).toBe('pending');

    // a sync attempt while offline fails and keeps the form
    await page.getByTestId('queue-sync').click();
    await expect.poll(() => page.getByTestId('queue-message').textContent()).toContain('Chưa đồng bộ được');
    expect(await page.getByTestId('queue-row').getAttribute('data-status')).toBe('pending');

    await page.context().setOffline(false);
    await expect.poll(() => page.getByTestId('queue-online').getAttribute('data-online')).toBe('yes');
    await page.getByTestId('queue-sync').click();
    await expect.poll(() => page.getByTestId('queue-row').getAttribute('data-status'), { timeout: 15_000 }).toBe('synced');
    // the same form sent again (as after a lost reply) is acknowledged, not stored twice
    await page.getByTestId('queue-resend').click();
    await expect.poll(() => page.getByTestId('queue-message').textContent(), { timeout: 15_000 }).toContain('1 được nhận');
    await shot(page, 'surveys-offline-desktop');

    const responses = (await office.get(`/api/surveys/${surveyId}/responses`)).body.items as { channel: string; answers: Record<string, unknown> }[];
    const offline = responses.filter((r) => r.channel === 'offline');
    expect(offline).toHaveLength(1);
    expect(offline[0].answers).toEqual({ q1: 4 });
    expect(responses).toHaveLength(2);
    expect(await overall()).toMatchObject({ value: '100.00', n: 2 });
  });
  it('a paper form keyed twice: a mismatch is listed and nothing stored, an agreeing second keying stores it', async () => {
    const page = await as('quynhon.canbo');
    await page.goto(`${s.url}/surveys/${surveyId}?tab=collect`);
    await page.getByTestId('entry-focus-q1').waitFor();
    await page.getByTestId('entry-double').check();
    const key = async (form: string, level: string) => {
      await page.getByTestId('entry-form-number').fill(form);
      await page.getByTestId('entry-focus-q1').focus();
      await page.keyboard.press(level);
      await page.keyboard.press('Control+Enter');
    };
    await key('P-001', '3');
    await expect.poll(() => page.getByTestId('paper-result').getAttribute('data-status'), { timeout: 15_000 }).toBe('awaiting');
    await key('P-001', '5');
    await expect.poll(() => page.getByTestId('paper-result').getAttribute('data-status'), { timeout: 15_000 }).toBe('mismatch');
    expect(await page.getByTestId('paper-result').textContent()).toContain('q1');
    const paper = async () =>
      ((await office.get(`/api/surveys/${surveyId}/responses`)).body.items as { channel: string }[]).filter((r) => r.channel === 'paper').length;
    expect(await paper()).toBe(0);
    await key('P-001', '3');
    await expect.poll(() => page.getByTestId('paper-result').getAttribute('data-status'), { timeout: 15_000 }).toBe('stored');
    expect(await paper()).toBe(1);
  });

  it('a counter kiosk takes one response per dossier and clears itself for the next person', async () => {
    const page = await as('quynhon.canbo');
    await page.goto(`${s.url}/surveys/${surveyId}?tab=collect`);
    await page.getByTestId('kiosk-open').click();
    const url = (await page.getByTestId('kiosk-url').getAttribute('href')) ?? '';
    const dossier = ['SV001', 'SV002', 'SV003'].find((d) => d !== linkDossier) ?? '';
    expect(url).toMatch(/\/k\/[^/]+$/);
    await shot(page, 'surveys-collect-desktop');

    const ctx = await browser.newContext({ viewport: { width: 800, height: 1280 }, hasTouch: true, locale: 'vi-VN' });
    contexts.push(ctx);
    const tablet = await ctx.newPage();
    await tablet.goto(url);
    await tablet.locator('[data-state="kiosk-start"]').waitFor({ timeout: 15_000 });
    // nothing typed: the code is asked for
    await tablet.locator('.kiosk-start button.send').click();
    expect(await tablet.locator('#dossier_err').textContent()).toBe('Vui lòng nhập mã hồ sơ.');
    await tablet.locator('#dossier').fill(dossier);
    await tablet.locator('.kiosk-start button.send').click();
    await tablet.locator('#q_q1 .opt.l4').tap();
    await shot(tablet, 'surveys-kiosk-tablet');
    await tablet.locator('form.form button.send').tap();
    await tablet.locator('[data-state="thanks"]').waitFor({ timeout: 15_000 });
    await tablet.locator('[data-state="thanks"] button.send').tap();
    // the same dossier again is refused by the server and the start screen says why
    await tablet.locator('#dossier').fill(dossier);
    await tablet.locator('.kiosk-start button.send').click();
    await tablet.locator('#q_q1 .opt.l5').tap();
    await tablet.locator('form.form button.send').tap();
    await expect.poll(() => tablet.locator('#dossier_err').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await tablet.locator('#dossier_err').textContent()).toContain(dossier);
    const kiosk = ((await office.get(`/api/surveys/${surveyId}/responses`)).body.items as { channel: string; dossierCode: string }[]).filter(
      (r) => r.channel === 'kiosk',
    );
    expect(kiosk.map((r) => r.dossierCode)).toEqual([dossier]);
  });

  it('survey staff exclude a response with a reason and the index leaves it out', async () => {
    const before = await overall();
    const page = await as('sonoivu');
    await page.goto(`${s.url}/surveys/${surveyId}?tab=responses`);
    const paperRow = page.locator('[data-testid="response-row"][data-channel="paper"]');
    await paperRow.getByTestId('response-exclude').click();
    await page.getByTestId('exclude-reason').fill('Phiếu giấy nhập nhầm đơn vị');
    await page.getByTestId('exclude-confirm').click();
    await expect.poll(() => paperRow.getAttribute('data-excluded'), { timeout: 15_000 }).toBe('yes');
    expect(await paperRow.textContent()).toContain('Phiếu giấy nhập nhầm đơn vị');
    await shot(page, 'surveys-responses-desktop');
    expect((await overall()).n).toBe(before.n - 1);
  });

  it('the staff screens fit a phone', async () => {
    const page = await as('sonoivu', 375);
    await page.goto(`${s.url}/surveys`);
    await page.getByTestId('surveys-table').waitFor();
    await shot(page, 'surveys-list-phone');
    await page.goto(`${s.url}/surveys/${surveyId}?tab=board`);
    await page.getByTestId('quota-board').waitFor();
    await shot(page, 'surveys-board-phone');
    await page.goto(`${s.url}/surveys/${surveyId}?tab=indices`);
    await page.getByTestId('indices-province').waitFor();
    await shot(page, 'surveys-indices-phone');
    await page.goto(`${s.url}/surveys?tab=questionnaires`);
    await page.getByTestId('questionnaire-card-E2E-SIPAS').getByRole('link').click();
    await page.getByTestId('version-state').waitFor();
    await shot(page, 'surveys-builder-phone');
  });
});
