// The console in a real browser: Debian's Chromium driven by playwright-core, against an engine whose API (and the
// built console) listens on a loopback port. Screenshots go to test/screenshots/ (kept out of git) to be looked at.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { App } from '../../api/app';
import { freePort } from './ports';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const SCREENSHOTS = join(import.meta.dirname, '..', 'screenshots');

export interface ConsoleUnderTest {
  url: string;
  browser: Browser;
  stop(): Promise<void>;
}

/** Serves `app` (built with consoleDir) on a loopback port and launches Chromium. */
export async function openConsole(app: App): Promise<ConsoleUnderTest> {
  const port = await freePort();
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, () => resolve(s));
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    url: `http://127.0.0.1:${port}`,
    browser,
    async stop() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Signs in through the console's login page. */
export async function signInPage(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(`${url}/#/login`);
  await page.locator('input[name="username"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL((u) => !u.hash.startsWith('#/login'));
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
