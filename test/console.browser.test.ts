// The staff console in Chromium: signing in and out through its own pages, against a real engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaffMember } from '../api/auth/staffAccounts';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { openConsole, screenshot, signInPage, type ConsoleUnderTest } from './helpers/browser';
import { TEST_PASSWORD } from './helpers/staff';

let engine: TestEngine;
let ui: ConsoleUnderTest;
beforeAll(async () => {
  engine = await startTestEngine({ ownDatabase: true, inProcessWorkers: false, console: true });
  ui = await openConsole(engine.app);
  await addStaffMember(engine.db, { email: 'mona@practice.test', name: 'Mona Manager', role: 'manager', password: TEST_PASSWORD }, 'test');
});
afterAll(async () => {
  await ui?.stop();
  await engine?.stop();
});

describe('signing in to the console', () => {
  it('refuses a wrong password on the login page, signs in with the right one, and signs out', async () => {
    const page = await ui.browser.newPage();
    await page.goto(ui.url);
    await page.waitForURL((u) => u.hash.startsWith('#/login'));
    await page.locator('input[name="username"]').fill('mona@practice.test');
    await page.locator('input[name="password"]').fill('not the password');
    await page.getByRole('button', { name: /sign in/i }).click();
    await expect.poll(() => page.getByText(/do not match an active member of staff/i).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await screenshot(page, 'login-refused');

    await signInPage(page, ui.url, 'mona@practice.test', TEST_PASSWORD);
    await expect.poll(() => page.getByText('Mona Manager (manager)').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'pe_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await screenshot(page, 'signed-in');

    await page.getByRole('button', { name: /profile/i }).click();
    await page.getByRole('menuitem', { name: /logout/i }).click();
    await page.waitForURL((u) => u.hash.startsWith('#/login'));
    const after = await page.request.get(`${ui.url}/api/auth/me`);
    expect(after.status()).toBe(401);
  });
});
