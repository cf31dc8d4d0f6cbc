/**
 * Chromium for the console's browser tests, driven by Playwright (playwright-core: no browser
 * download). The browser is the machine's own (Debian's `chromium`); without one the tests fail
 * with the command that installs it — they are never skipped.
 */
import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';

const VIEWPORT = { width: 1366, height: 900 };

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function chromiumPath(): string {
  const found = CANDIDATES.find((p): p is string => !!p && existsSync(p));
  if (!found)
    throw new Error(
      'The console tests need Chromium and none was found. Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu; `.ci/run` does this itself) or point CHROMIUM_PATH at a Chromium or Chrome binary.',
    );
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    // As root in a container Chromium needs --no-sandbox; the rest keep it off the network.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function signIn(page: Page, apiUrl: string, token: string, name: string): Promise<void> {
  await page.goto(`${apiUrl}/console/`);
  await page.getByLabel('Token').fill(token);
  await page.getByLabel('Your name (how call tasks name you)').fill(name);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The axe-core violations a user would meet (serious or critical), WCAG 2.1 A and AA. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // The rendered email's sandboxed frame runs no script, axe's included: scanning into it waits
  // 30 s and then finds nothing. Its content is the marketer's own email, not the console's; the
  // tests check the frame's title themselves.
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .exclude('iframe')
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** A page in a context of its own (axe needs one), laptop-sized, failing fast rather than at 30 s. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}
