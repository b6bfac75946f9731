import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, launchBrowser, loggedInPage, screenshot } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * The evaluation of heads of agencies in Chromium: the PAR office opens the round from its own menu entry, updates
 * the data-fed criteria and sees each figure with its source; the ward chair (unit leader) opens their own
 * evaluation on a phone and finds the data-fed criterion with the same source, on the PAR screens.
 */
describe('evaluation of heads of agencies in Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const as = (username: string, width = 1366) => loggedInPage(browser, s.url, username, { width, contexts });
  const shot = screenshot;

  beforeAll(async () => {
    buildWeb();
    s = await startTestServer('pglite', { serveWeb: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await s?.close();
  });

  it('the PAR office updates the data-fed criteria of the round and sees each figure with its source', async () => {
    const page = await as('sonoivu');
    await page.getByRole('link', { name: 'Đánh giá người đứng đầu' }).first().click();
    await page.waitForURL(`${s.url}/head-evaluation`);
    await expect.poll(() => page.getByRole('heading', { level: 2 }).first().textContent()).toBe('Đánh giá người đứng đầu trong thực hiện CCHC');
    // only the evaluation round is listed here, not the PAR Index cycles
    const cards = page.locator('[data-testid^="cycle-card-"]');
    await expect.poll(() => cards.count()).toBe(1);
    expect(await cards.first().textContent()).toContain('Đánh giá người đứng đầu trong thực hiện CCHC năm 2026');
    await cards.first().getByTestId('cycle-open-board').click();
    await page.waitForURL(/\/par\/cycles\/[0-9a-f-]{36}$/);
    await page.getByTestId('cycle-data-feed').click();
    const result = page.getByTestId('data-feed-result');
    await result.waitFor();
    const fed = page.getByTestId('data-feed-fed');
    await fed.waitFor();
    const text = (await fed.textContent()) ?? '';
    expect(text).toContain('Nhiệm vụ CCHC năm 2026 đến ngày 02/03/2026');
    expect(text).toContain('Chỉ số CCHC năm 2025');
    // points with a decimal comma
    expect(text).toMatch(/\d+,\d\d/);
    await shot(page, 'head-evaluation-data-feed');
    // the breadcrumb leads back to the evaluation, not to the PAR Index
    await page.keyboard.press('Escape');
    await page.locator('nav[aria-label="breadcrumb"] a, .mantine-Breadcrumbs-root a').first().click();
    await page.waitForURL(`${s.url}/head-evaluation`);
    // opening a round from the form proposes an evaluation's name and no survey switch
    await page.locator('[data-testid^="framework-menu-"]').first().click();
    await page.getByTestId('framework-open-cycle').click();
    const name = page.getByTestId('cycle-name');
    await name.waitFor();
    expect(await name.inputValue()).toBe('Đánh giá người đứng đầu trong thực hiện CCHC năm 2026 – Khối xã, phường');
    expect(await page.getByTestId('cycle-survey').count()).toBe(0);
  });

  it('the ward chair opens their own evaluation on a phone and sees the data-fed criterion with its source', async () => {
    const page = await as('quynhon.lanhdao', 375);
    await page.goto(`${s.url}/head-evaluation`);
    await page.getByTestId('par-my-assessment').click();
    await page.waitForURL(/\/par\/assessments\/[0-9a-f-]{36}/);
    // on a phone the criteria tree opens in a drawer
    await page.getByTestId('tree-open').click();
    await page.getByTestId('leaf-2.1.1').click();
    const panel = page.locator('[data-testid="leaf-panel"][data-code="2.1.1"]');
    await panel.waitFor();
    await expect.poll(async () => (await panel.textContent()) ?? '').toContain('Nhiệm vụ CCHC năm 2026 đến ngày 02/03/2026');
    // a data-fed criterion offers no self-scoring field
    expect(await panel.getByTestId('leaf-points').count()).toBe(0);
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(375);
    await shot(page, 'head-evaluation-leader-phone');
  });
});
