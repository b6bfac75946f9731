import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { repoRoot } from './env.ts';
import { DEMO_PASSWORD } from './server.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with the network chatter a closed machine refuses turned off. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Builds the web app when its sources are newer than the build (the same script `npm start` uses). */
export function buildWeb(): void {
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts/build-web.mjs')], { cwd: repoRoot, stdio: 'inherit' });
}

export const screenshotDir = path.join(repoRoot, '.test-tmp/screenshots');

/** A page logged in as a demo user, in a context of its own (Vietnamese, Asia/Ho_Chi_Minh), `width` px wide. */
export async function loggedInPage(
  browser: Browser,
  baseUrl: string,
  username: string,
  opts: { width?: number; password?: string; contexts?: BrowserContext[] } = {},
): Promise<Page> {
  const ctx = await browser.newContext({
    viewport: { width: opts.width ?? 1366, height: 900 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    acceptDownloads: true,
  });
  opts.contexts?.push(ctx);
  const page = await ctx.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(opts.password ?? DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(`${baseUrl}/`);
  return page;
}

/** A full-page screenshot kept under .test-tmp/screenshots for review. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}
