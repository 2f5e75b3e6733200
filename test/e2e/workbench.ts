import type { Page } from 'playwright-core';

/** Runs a command from the Command Palette, as a user does (F1, type, Enter). */
export async function palette(page: Page, command: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type(command);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** A notification with `text`, as a toast or (toasts may be collapsed) in the notification center. */
export async function notification(page: Page, text: RegExp, timeout = 30_000): Promise<string> {
  for (const t0 = Date.now(); Date.now() - t0 < timeout; await page.waitForTimeout(500)) {
    await palette(page, 'Notifications: Show Notifications');
    const center = page.locator('.notifications-center');
    await center.waitFor({ timeout: 5_000 }).catch(() => undefined);
    // Short timeouts: an absent element would otherwise be waited for (30 s) before the catch.
    const all = `${await page.locator('.notifications-toasts').innerText({ timeout: 1_000 }).catch(() => '')}\n${await center.innerText({ timeout: 1_000 }).catch(() => '')}`;
    await page.keyboard.press('Escape');
    const line = all.split('\n').find((l) => text.test(l));
    if (line) return line;
  }
  throw new Error(`no notification matching ${text}`);
}

/** Picks a colour theme as a user does (Preferences: Color Theme), by the name the picker shows. */
export async function setTheme(page: Page, name: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await page.keyboard.press('F1');
  await input.fill('>Preferences: Color Theme');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Preferences: Color Theme' }).first().click();
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Clicks a notification's button, on its toast or (toasts may be collapsed or held back) in the notification center. */
export async function clickNotificationButton(page: Page, label: string, timeout = 30_000): Promise<void> {
  const button = (where: string) => page.locator(`${where} .notification-list-item .monaco-button`, { hasText: label }).first();
  for (const t0 = Date.now(); Date.now() - t0 < timeout; await page.waitForTimeout(500)) {
    if (await button('.notifications-toasts').isVisible()) return button('.notifications-toasts').click();
    await palette(page, 'Notifications: Show Notifications');
    const inCenter = await button('.notifications-center').waitFor({ timeout: 2_000 }).then(() => true, () => false);
    if (inCenter) return button('.notifications-center').click();
    await page.keyboard.press('Escape');
  }
  throw new Error(`no notification with a "${label}" button`);
}
