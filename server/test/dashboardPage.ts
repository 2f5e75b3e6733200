import type { Page } from 'playwright-core';

/**
 * Opens the dashboard as an admin in a `width`-px window with the system's colour scheme, and waits
 * until `ready` (a selector of the part the test is about) has rows. The window is 900 px high unless said.
 */
export async function openDashboard(page: Page, url: string, token: string, width: number, scheme: 'light' | 'dark', ready: string, height = 900): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme });
  await page.setViewportSize({ width, height });
  await page.goto(`${url}/dashboard`);
  await page.locator('#token').fill(token);
  await page.locator('#login button').click();
  await page.locator('#dash').waitFor({ state: 'visible' });
  await page.locator(ready).first().waitFor();
}
