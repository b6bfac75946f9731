import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, launchBrowser, screenshotDir } from '../support/browser.ts';
import { TEST_ADMIN_PASSWORD } from '../support/env.ts';
import { Client, loginAs, startTestServer, type TestServer } from '../support/server.ts';

/** Picks an option in a Mantine Select / MultiSelect by typing into it. */
async function pick(page: Page, testId: string, search: string | null, option: RegExp | string) {
  const input = page.getByTestId(testId);
  await input.click();
  if (search !== null) await input.fill(search);
  await page.getByRole('option', { name: option }).filter({ visible: true }).first().click();
}

async function shot(page: Page, name: string) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

describe('foundation in Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    buildWeb();
    s = await startTestServer('pglite', { serveWeb: true });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 860 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('refuses a wrong password, then signs the admin in (Vietnamese by default)', async () => {
    await page.goto(`${s.url}/login`);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('vi');
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('Tên đăng nhập hoặc mật khẩu không đúng');
    await shot(page, 'login-error-desktop');
    await page.getByTestId('login-password').fill(TEST_ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`${s.url}/`);
    await expect.poll(() => page.getByText('Quản trị hệ thống').first().isVisible()).toBe(true);
  });

  it('creates a commune in the registry through the form', async () => {
    await page.goto(`${s.url}/units`);
    await page.getByTestId('unit-add-button').click();
    await page.getByTestId('unit-form-code').fill('E2E01');
    await page.getByTestId('unit-form-name').fill('Xã Thử Nghiệm Một');
    await pick(page, 'unit-form-kind', null, /Xã, phường/);
    await pick(page, 'unit-form-parent', 'Tỉnh Gia Lai', /Tỉnh Gia Lai \(52\)/);
    await page.getByTestId('unit-form-valid-from').fill('01/01/2026');
    await page.getByTestId('unit-form-valid-from').press('Tab');
    await page.getByTestId('unit-form-submit').click();
    await expect
      .poll(async () => (await loginAs(s.url, 'admin')).get('/api/units?q=E2E01').then((r) => r.body.items.map((u: { name: string }) => u.name)))
      .toEqual(['Xã Thử Nghiệm Một']);
  });

  it('merges two communes into a new one and shows the lineage', async () => {
    // the second commune through the API, as a script would
    const api = await loginAs(s.url, 'admin');
    const province = (await api.get('/api/units?kind=province&date=2026-01-01')).body.items[0];
    const second = await api.post('/api/units', {
      code: 'E2E02',
      name: 'Xã Thử Nghiệm Hai',
      kind: 'commune',
      parentId: province.id,
      validFrom: '2026-01-01',
      groupCodes: ['communes'],
    });
    expect(second.status).toBe(201);

    await page.goto(`${s.url}/units`);
    await page.getByTestId('merge-button').click();
    await pick(page, 'merge-predecessors', 'E2E01', /Xã Thử Nghiệm Một/);
    await pick(page, 'merge-predecessors', 'E2E02', /Xã Thử Nghiệm Hai/);
    await page.getByTestId('merge-date').fill('01/07/2026');
    await page.getByTestId('merge-date').press('Tab');
    await page.getByTestId('merge-code').fill('E2E03');
    await page.getByTestId('merge-name').fill('Xã Hợp Nhất Thử Nghiệm');
    await pick(page, 'merge-kind', null, /Xã, phường/);
    // the new unit's parent defaults to the predecessors' common parent
    expect(await page.getByTestId('merge-parent').inputValue()).toBe('Tỉnh Gia Lai (52)');
    await shot(page, 'merge-form-desktop');
    await page.getByTestId('merge-submit').click();

    const merged = await expect
      .poll(async () => (await api.get('/api/units?q=E2E03')).body.items.map((u: { name: string; validFrom: string }) => `${u.name} ${u.validFrom}`))
      .toEqual(['Xã Hợp Nhất Thử Nghiệm 2026-07-01']);
    void merged;
    const successor = (await api.get('/api/units?q=E2E03')).body.items[0];
    await page.goto(`${s.url}/units?unit=${successor.id}`);
    await expect.poll(() => page.getByTestId('unit-detail-name').textContent()).toContain('Xã Hợp Nhất Thử Nghiệm');
    await expect.poll(() => page.getByTestId('lineage-predecessor-E2E01').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('lineage-predecessor-E2E02').isVisible()).toBe(true);
    await shot(page, 'units-lineage-desktop');

    // following the lineage link opens the old commune, which ceased on 01/07/2026
    await page.getByTestId('lineage-predecessor-E2E01').click();
    await expect.poll(() => page.getByTestId('unit-detail-name').textContent()).toContain('Xã Thử Nghiệm Một');
    await expect.poll(() => page.getByTestId('unit-detail-validity').textContent()).toContain('30/06/2026');
  });

  it('shows the merge in the audit log', async () => {
    await page.goto(`${s.url}/audit`);
    await expect.poll(() => page.getByText('unit.merge').first().isVisible(), { timeout: 15_000 }).toBe(true);
    await shot(page, 'audit-desktop');
  });

  it('shows the real Gia Lai lineage: Phường Quy Nhơn was formed from four wards', async () => {
    const api = await loginAs(s.url, 'admin');
    const qn = (await api.get('/api/units?q=Phường Quy Nhơn&date=2026-01-01')).body.items.find((u: { code: string }) => u.code === '21583');
    await page.goto(`${s.url}/units?unit=${qn.id}`);
    for (const code of ['21556', '21562', '21580', '21583']) {
      await expect.poll(() => page.getByTestId(`lineage-predecessor-${code}`).isVisible()).toBe(true);
    }
  });

  it('switches to English', async () => {
    await page.goto(`${s.url}/units`);
    await page.getByTestId('lang-en').click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await expect.poll(() => page.getByTestId('nav-units').textContent()).toMatch(/Units/);
    await page.getByTestId('lang-vi').click();
    await expect.poll(() => page.getByTestId('nav-units').textContent()).toMatch(/Đơn vị/);
  });

  it('works at phone width for a unit officer', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 }, locale: 'vi-VN', isMobile: true, hasTouch: true });
    await phone.goto(`${s.url}/login`);
    await phone.getByTestId('login-username').fill('quynhon.canbo');
    await phone.getByTestId('login-password').fill('Demo@2025');
    await phone.getByTestId('login-submit').click();
    await phone.waitForURL(`${s.url}/`);
    await shot(phone, 'dashboard-phone');
    await phone.goto(`${s.url}/units`);
    await expect.poll(() => phone.getByTestId('unit-tree').isVisible()).toBe(true);
    // a focal officer reads the registry but gets no write commands
    expect(await phone.getByTestId('unit-add-button').count()).toBe(0);
    await shot(phone, 'units-phone');
    await phone.close();
    // and the server refuses the write anyway
    const c = new Client(s.url);
    await c.login('quynhon.canbo', 'Demo@2025');
    expect((await c.post('/api/units', { code: 'NOPE1', name: 'Xã Không Được', kind: 'commune', parentId: null, validFrom: '2026-01-01' })).status).toBe(403);
  });
});
