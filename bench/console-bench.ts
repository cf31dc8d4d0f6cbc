/**
 * `npm run bench:console`: the console in Chromium against the local stack (in this process),
 * with a generated shop of 400 scored customers and a running campaign. Prints:
 * - the JavaScript the first page ships, gzipped (target ≤ 200 KB), and what later pages add;
 * - per page, the time from loading its URL (a full page load: script, config, data) to usable
 *   (its data shown), median of 5 (target ≤ 1 s);
 * - how long the run page takes to show a purchase posted through the API (target ≤ 5 s).
 * `--screenshots <dir>` also saves a screenshot of every page there (docs/console/).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { launchChromium, newPage, signIn } from '../tests/support/browser.js';
import { seedConsoleShop } from '../tests/support/console-shop.js';
import { api, startTestStack } from '../tests/support/local-stack.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
const shotsAt = process.argv.indexOf('--screenshots');
const shots = shotsAt > 0 ? process.argv[shotsAt + 1] : undefined;
if (shots) mkdirSync(shots, { recursive: true });

const CAMPAIGN = 'autumn-winback';
const stack = await startTestStack();
const browser = await launchChromium();
try {
  const customers = await seedConsoleShop(stack, 400);
  const call = api(stack);
  await call('POST', '/v1/campaigns', {
    campaignId: CAMPAIGN,
    name: 'Autumn win-back',
    leadDays: 3,
    holdoutPercent: 10,
    offer: { description: '15 % off your next order', code: 'COMEBACK15' },
    email: {
      subject: '{{firstName}}, we saved something for you',
      html: '<p>Hi {{firstName}},</p><p>Here is {{offer}} with code <b>{{offerCode}}</b>.</p><p><a href="{{link}}">Come back</a></p>',
      text: 'Hi {{firstName}}, here is {{offer}} with code {{offerCode}}: {{link}}',
    },
    sms: { text: '{{firstName}}, {{offer}} with code {{offerCode}}' },
  });
  await call('POST', '/v1/campaigns', {
    campaignId: 'vip-draft',
    name: 'VIP win-back (draft)',
    audience: { segments: ['cant-lose', 'at-risk'] },
    email: { subject: 'We miss you, {{firstName}}', html: '<p>{{offer}}</p>', text: '{{offer}}' },
    sms: { text: '{{offer}}' },
  });
  await stack.stepFunctions();
  stack.clock.setScale(86_400);
  await call('POST', `/v1/campaigns/${CAMPAIGN}/start`);
  // Let the journeys reach their calls (a few simulated days), then time runs at an hour a second.
  for (let i = 0; i < 40; i++) {
    const tasks = (await call('GET', '/v1/call-tasks?status=open')).body.tasks.length;
    if (tasks >= 5) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  stack.clock.setScale(3_600);

  // First page: what the browser downloads to show the sign-in and the campaigns.
  const page = await newPage(browser);
  const scripts = new Map<string, number>();
  page.on('response', async (r) => {
    if (!r.url().endsWith('.js') || scripts.has(r.url())) return;
    // A body is gone once the page navigates away: the first load of each file is what counts.
    const body = await r.body().catch(() => undefined);
    if (body) scripts.set(r.url(), gzipSync(body, { level: 9 }).length);
  });
  await signIn(page, stack.apiUrl, stack.tokens.admin, 'kim');
  await page.getByRole('link', { name: 'Autumn win-back' }).waitFor();
  const firstPage = [...scripts.values()].reduce((a, b) => a + b, 0);
  const firstFiles = scripts.size;

  const customerId = customers[1]?.customerId as string;
  const pages: [string, string, (p: Page) => Promise<unknown>][] = [
    ['campaigns', '#/campaigns', (p) => p.getByRole('link', { name: 'Autumn win-back' }).waitFor()],
    ['new campaign', '#/campaigns/new', (p) => p.getByTestId('sms-parts').waitFor()],
    ['preview', '#/campaigns/vip-draft/preview', (p) => p.getByTestId('reached').waitFor()],
    ['run', `#/campaigns/${CAMPAIGN}`, (p) => p.getByTestId('funnel').waitFor()],
    ['report', `#/campaigns/${CAMPAIGN}/report`, (p) => p.getByTestId('lift').waitFor()],
    ['customer', `#/customers/${customerId}`, (p) => p.getByTestId('scores').waitFor()],
    ['call queue', '#/calls', (p) => p.locator('tbody tr').first().waitFor()],
    ['model', '#/model', (p) => p.getByTestId('verdict').waitFor()],
  ];
  const rows: string[] = [];
  for (const [name, hash, usable] of pages) {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.goto('about:blank');
      const started = performance.now();
      await page.goto(`${stack.apiUrl}/console/${hash}`);
      await usable(page);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    rows.push(
      `  ${name.padEnd(13)} ${Math.round(times[2] as number)} ms (best ${Math.round(times[0] as number)}, worst ${Math.round(times[4] as number)})`,
    );
    if (shots) {
      if (name === 'call queue') await page.locator('tbody tr').first().getByRole('button').click();
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(shots, `${name.replace(/ /g, '-')}.png`), fullPage: true });
    }
  }
  const allScripts = [...scripts.values()].reduce((a, b) => a + b, 0);

  // A purchase posted through the API, seen on the run page.
  await page.goto(`${stack.apiUrl}/console/#/campaigns/${CAMPAIGN}`);
  await page.getByTestId('funnel').waitFor();
  const responded = async () =>
    Number((await page.locator('[data-step="responded"] dd').innerText()).replace(/\D/g, ''));
  const store = (await (await fetch(`${stack.sesUrl}/store`)).json()) as {
    emails: { destination: { to: string[] } }[];
  };
  const emailed = new Set(store.emails.flatMap((e) => e.destination.to));
  const journeys = (await call('GET', `/v1/campaigns/${CAMPAIGN}/report`)).body.journeys;
  const buyer = customers.find((c) => c.email && emailed.has(c.email));
  let reflected = Number.NaN;
  if (buyer && journeys.active > 0) {
    const before = await responded();
    const posted = performance.now();
    await call('POST', '/v1/orders/batch', {
      orders: [
        {
          orderId: 'bench-purchase',
          customerId: buyer.customerId,
          orderedAt: new Date(stack.clock.now()).toISOString(),
          amount: 30,
          currency: 'USD',
        },
      ],
    });
    while ((await responded()) <= before && performance.now() - posted < 30_000)
      await page.waitForTimeout(50);
    reflected = performance.now() - posted;
  }
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`Console on the local stack (${customers.length} customers, Chromium ${browser.version()})
JavaScript, gzipped:
  first page     ${kb(firstPage)} in ${firstFiles} file(s)  (target ≤ 200 KB)
  every page     ${kb(allScripts)} in ${scripts.size} file(s) (charts load on the first page that draws one)
Loading a page URL to usable (full load), median of 5 (target ≤ 1000 ms):
${rows.join('\n')}
Purchase posted through the API → shown as a response on the run page: ${Number.isNaN(reflected) ? 'not measured (no journey running)' : `${Math.round(reflected)} ms`} (target ≤ 5000 ms)${shots ? `\nScreenshots in ${shots}/` : ''}`);
} finally {
  await browser.close();
  await stack.close();
}
