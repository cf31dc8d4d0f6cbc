/**
 * The console in a real browser (Chromium, driven by Playwright) against the local stack: a
 * marketer creates a campaign (the API's validation messages shown at their fields), previews it,
 * starts it and watches the funnel move without a reload, sees a purchase posted through the API
 * counted as a response, reads and exports the report; an agent works a call task; each role sees
 * only its pages; markup is shown as text; an expired token and a lost connection say so and
 * recover; and every page passes an axe scan with no serious or critical violation.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerInput } from '../../functions/domain/customer-input.js';
import { consoleContentSecurityPolicy } from '../../lib/console-security-policy.js';
import type { LocalStack } from '../../lib/local/local-stack.js';
import { launchChromium, newPage, seriousViolations, signIn } from '../support/browser.js';
import { seedConsoleShop } from '../support/console-shop.js';
import { api, startTestStack, TOKEN } from '../support/local-stack.js';
import { schemaErrors } from '../support/schema-conformance.js';

const CAMPAIGN = 'spring';
const NAME = 'Spring <img src=x onerror=alert(1)> win-back';

describe('The console in Chromium', () => {
  let stack: LocalStack & { dataDir: string };
  let browser: Browser;
  let marketer: Page;
  let customers: CustomerInput[];
  /** A customer whose journey a purchase ended (the run test). */
  let buyerId: string;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  const violations: Record<string, string[]> = {};

  const scan = async (page: Page, name: string) => {
    violations[name] = await seriousViolations(page);
  };
  const figure = async (page: Page, step: string) =>
    Number((await page.locator(`[data-step="${step}"] dd`).innerText()).replace(/\D/g, ''));

  beforeAll(async () => {
    browser = await launchChromium();
    stack = await startTestStack();
    customers = await seedConsoleShop(stack, 200);
    marketer = await newPage(browser);
    marketer.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    marketer.on('pageerror', (e) => pageErrors.push(e.message));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('signs a marketer in with the printed token and lands on the campaigns', async () => {
    await marketer.goto(`${stack.apiUrl}/console/`);
    await scan(marketer, 'sign-in');
    await marketer.getByLabel('Token').fill('not-a-token');
    await marketer.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => marketer.getByRole('alert').innerText())
      .toContain('not one the local stack printed');
    await signIn(marketer, stack.apiUrl, stack.tokens.marketer, 'mia');
    await marketer.getByRole('heading', { name: 'Campaigns' }).waitFor();
    await marketer.getByText('No campaign yet').waitFor();
    expect(await marketer.getByRole('link', { name: 'Call queue' }).count()).toBe(0);
    await scan(marketer, 'campaigns (empty)');
  });

  it("shows the API's validation messages next to their fields, then creates the campaign", async () => {
    await marketer.getByRole('link', { name: 'New campaign' }).click();
    await marketer.getByLabel('Campaign id').fill(CAMPAIGN);
    await marketer.getByLabel('Name', { exact: true }).fill(NAME);
    await marketer.getByLabel('Subject').fill('Hello {{nickname}}');
    await marketer
      .getByLabel('SMS text')
      .fill('Привет! Мы скучаем по вам. Вот скидка 15 % на ваш следующий заказ у нас!!');
    // The SMS is Cyrillic: UCS-2, 70 characters a part.
    await expect.poll(() => marketer.getByTestId('sms-parts').innerText()).toMatch(/2 parts billed/);
    expect(await marketer.locator('iframe').getAttribute('title')).toBe('Rendered HTML email');
    expect(await marketer.locator('iframe').getAttribute('sandbox')).toBe('');
    await scan(marketer, 'new campaign');
    await marketer.getByRole('button', { name: 'Create and preview' }).click();
    const error = marketer.getByTestId('error-subject');
    await error.waitFor();
    expect(await error.innerText()).toContain('unknown template variable {{nickname}}');
    expect(await marketer.getByLabel('Subject').getAttribute('aria-invalid')).toBe('true');
    await scan(marketer, 'new campaign (invalid)');

    await marketer.getByLabel('Subject').fill('We miss you, {{firstName}}');
    await marketer
      .getByLabel('SMS text')
      .fill('{{firstName}}, we miss you: {{offer}} with code {{offerCode}}.');
    await marketer.getByLabel('Render for customer').fill(customers[1]?.customerId as string);
    await marketer.getByRole('button', { name: 'Show' }).click();
    await expect
      .poll(() => marketer.getByTestId('rendered-subject').innerText())
      .toBe(`We miss you, ${customers[1]?.firstName}`);
    await marketer.getByRole('button', { name: 'Create and preview' }).click();
    await marketer.getByRole('heading', { name: /^Preview:/ }).waitFor();
  });

  it("previews the audience, the warnings and the planned sends, in the customers' own zones", async () => {
    await marketer.getByTestId('reached').waitFor({ timeout: 30_000 });
    const preview = (await api(stack)('POST', `/v1/campaigns/${CAMPAIGN}/preview`)).body;
    expect(await marketer.getByTestId('reached').innerText()).toBe(
      preview.audience.reached.toLocaleString('en-US'),
    );
    expect(preview.audience.reached).toBeGreaterThan(0);
    // The console reads the fields the OpenAPI document names: the answer keeps to them.
    expect(schemaErrors('Preview', preview)).toEqual([]);
    // The name is shown as text: the markup is neither rendered nor run.
    expect(await marketer.getByRole('heading', { name: /^Preview:/ }).innerText()).toContain('<img src=x');
    expect(await marketer.locator('img').count()).toBe(0);
    // The page previewed a moment before this request: a journey that can start at once is planned
    // from the clock, so the two can lie a minute apart (CI met it). Same step, same local time
    // to within two minutes.
    const first = preview.sample[0].timeline[0];
    const shown = await marketer
      .getByText(new RegExp(`^${first.step}: \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} their time`))
      .first()
      .innerText();
    const shownLocal = /: (\S+ \S+) their time/.exec(shown)?.[1] ?? '';
    const minute = (local: string) => Date.parse(`${local.replace(' ', 'T')}:00Z`);
    expect(Math.abs(minute(shownLocal) - minute(first.local))).toBeLessThanOrEqual(120_000);
    await expect.poll(() => marketer.locator('canvas[aria-label^="Planned sends per day"]').count()).toBe(1);
    await scan(marketer, 'preview');
  });

  it('edits the draft in the same form, keeping what the form does not show', async () => {
    await marketer.getByRole('link', { name: 'Edit' }).click();
    await marketer.getByRole('heading', { name: /^Edit / }).waitFor();
    expect(await marketer.getByLabel('Campaign id').getAttribute('readonly')).not.toBeNull();
    await marketer.getByLabel('Offer', { exact: true }).fill('20 % off this week');
    await marketer.getByRole('button', { name: 'Save and preview' }).click();
    await marketer.getByRole('heading', { name: /^Preview:/ }).waitFor();
    const stored = (await api(stack)('GET', `/v1/campaigns/${CAMPAIGN}`)).body;
    expect(stored.offer.description).toBe('20 % off this week');
    expect(stored.name).toBe(NAME);
    // Set only by the API's defaults at creation, not in the form: kept.
    expect(stored.email.responseWindowHours).toBe(72);
    // Someone else saves while this form is open: the console says so instead of overwriting.
    await marketer.getByRole('link', { name: 'Edit' }).click();
    await marketer.getByRole('heading', { name: /^Edit / }).waitFor();
    const { status, createdAt: _c, updatedAt: _u, ...definition } = stored;
    expect(status).toBe('draft');
    expect(
      (await api(stack)('PUT', `/v1/campaigns/${CAMPAIGN}`, { ...definition, priority: 3 })).status,
    ).toBe(200);
    await marketer.getByLabel('Code', { exact: true }).fill('LATE20');
    await marketer.getByRole('button', { name: 'Save and preview' }).click();
    await expect
      .poll(() => marketer.getByRole('alert').first().innerText())
      .toContain('Precondition Failed (412)');
    expect((await api(stack)('GET', `/v1/campaigns/${CAMPAIGN}`)).body).toMatchObject({
      priority: 3,
      offer: { code: 'BACK15' },
    });
    await marketer.getByRole('link', { name: 'Campaigns' }).click();
    await marketer.getByRole('link', { name: NAME }).click();
    await marketer.getByTestId('reached').waitFor({ timeout: 30_000 });
  });

  it('starts the campaign and moves the funnel without a reload; a purchase shows as a response', async () => {
    // Synthesis before the clock runs fast, then a day per second.
    await stack.stepFunctions();
    stack.clock.setScale(86_400);
    await marketer.getByRole('button', { name: 'Start the campaign' }).click();
    await marketer.getByTestId('funnel').waitFor({ timeout: 30_000 });
    const loads: string[] = [];
    marketer.on('framenavigated', (f) => loads.push(f.url()));
    await expect.poll(() => figure(marketer, 'emailed'), { timeout: 60_000 }).toBeGreaterThan(0);
    await scan(marketer, 'run');

    // A customer whose journey is under way buys: the response ends it, and the page shows it.
    const store = (await (await fetch(`${stack.sesUrl}/store`)).json()) as {
      emails: { destination: { to: string[] } }[];
    };
    const emailed = new Set(store.emails.flatMap((e) => e.destination.to));
    const buyer = customers.find((c) => c.email && emailed.has(c.email)) as CustomerInput;
    buyerId = buyer.customerId;
    const before = await figure(marketer, 'responded');
    const posted = await api(stack)('POST', '/v1/orders/batch', {
      orders: [
        {
          orderId: 'console-purchase-1',
          customerId: buyer.customerId,
          orderedAt: new Date(stack.clock.now()).toISOString(),
          amount: 42,
          currency: 'USD',
        },
      ],
    });
    expect(posted.status).toBe(200);
    await expect.poll(() => figure(marketer, 'responded'), { timeout: 15_000 }).toBeGreaterThan(before);
    expect(await marketer.getByTestId('responses').innerText()).toMatch(/purchase \d/);
    expect(loads.filter((u) => !u.includes('#/campaigns/'))).toEqual([]);
  });

  it('reads the report against the control group and exports it as CSV', async () => {
    await marketer.getByRole('link', { name: 'Report' }).click();
    await marketer.getByTestId('lift').waitFor();
    const report = (await api(stack)('GET', `/v1/campaigns/${CAMPAIGN}/report`)).body;
    expect(schemaErrors('Report', report)).toEqual([]);
    expect(schemaErrors('Campaign', (await api(stack)('GET', `/v1/campaigns/${CAMPAIGN}`)).body)).toEqual([]);
    expect(await marketer.getByTestId('reactivation').innerText()).toContain(
      `of ${report.reactivation.enrolled.of}`,
    );
    await expect.poll(() => marketer.locator('canvas[aria-label^="Reactivation:"]').count()).toBe(1);
    const [download] = await Promise.all([
      marketer.waitForEvent('download'),
      marketer.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${CAMPAIGN}-report.csv`);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('section,figure,value');
    expect(csv).toContain(`campaign,campaignId,${CAMPAIGN}`);
    expect(csv).toMatch(/journeys,enrolled,\d+/);
    await scan(marketer, 'report');
  });

  it('shows a customer with scores, P(alive) over time against the threshold, and their journeys', async () => {
    const id = buyerId;
    await marketer.goto(`${stack.apiUrl}/console/#/customers/${id}`);
    await marketer.getByTestId('consent').waitFor();
    const customer = (await api(stack)('GET', `/v1/customers/${id}`)).body;
    expect(schemaErrors('Customer', customer)).toEqual([]);
    expect(await marketer.getByTestId('churn-moment').innerText()).toContain(
      customer.scores.churnMomentOn ?? 'not within',
    );
    await expect.poll(() => marketer.locator('canvas[aria-label^="P(alive)"]').count()).toBe(1);
    const timeline = (await api(stack)('GET', `/v1/customers/${id}/timeline`)).body;
    expect(schemaErrors('CustomerTimeline', timeline)).toEqual([]);
    expect(timeline.pAlive.points.length).toBeGreaterThan(10);
    // The purchase ended the journey: the page lists it with its steps.
    const journeys = marketer.getByTestId('journeys');
    await journeys.waitFor();
    expect(await journeys.innerText()).toContain(NAME);
    expect(await journeys.innerText()).toMatch(/email: sent/);
    expect(timeline.journeys[0]).toMatchObject({
      campaignId: CAMPAIGN,
      status: 'ended',
      exitReason: expect.stringContaining('purchase'),
    });
    await scan(marketer, 'customer');
  });

  it('shows the scoring model and how far to trust it: its backtest against recency, calibration by frequency and P(alive) matrix', async () => {
    await marketer.getByRole('link', { name: 'Model' }).click();
    await marketer.getByTestId('model').waitFor();
    const model = (await api(stack)('GET', '/v1/scoring-model')).body;
    expect(schemaErrors('ScoringModel', model)).toEqual([]);
    expect(await marketer.getByTestId('model').innerText()).toContain(model.version);
    expect(model.backtest.auc.model).toBeGreaterThan(0.5);
    expect(await marketer.getByTestId('verdict').innerText()).toContain(
      `AUC ${model.backtest.auc.model.toFixed(3)}`,
    );
    await expect
      .poll(() => marketer.locator('canvas[aria-label^="Cumulative repeat purchases"]').count())
      .toBe(1);
    // Calibration against the holdout: the chart, and its table for screen readers, row by row.
    const byFrequency: { frequency: string; customers: number }[] = model.backtest.byFrequency;
    expect(byFrequency.length).toBeGreaterThan(1);
    await expect
      .poll(() => marketer.locator('canvas[aria-label^="Mean repeat purchases in the holdout"]').count())
      .toBe(1);
    await marketer.getByText('Calibration against the holdout, as a table').click();
    const calibration = marketer.getByTestId('calibration');
    expect(await calibration.locator('tbody th').allInnerTexts()).toEqual(
      byFrequency.map((r) => r.frequency),
    );
    // The P(alive) matrix: a table named by its caption, a row per frequency, each cell's value as text.
    const matrix: { frequencies: number[]; recencies: number[]; pAlive: number[][] } = model.aliveMatrix;
    const heatmap = marketer.getByRole('table', { name: /^P\(alive\) of a customer observed/ });
    await heatmap.waitFor();
    expect(await heatmap.locator('tbody tr').count()).toBe(matrix.frequencies.length);
    const corner = heatmap.locator('tbody tr').last().locator('td').last();
    expect(await corner.innerText()).toBe(`${((matrix.pAlive.at(-1)?.at(-1) as number) * 100).toFixed(0)} %`);
    await scan(marketer, 'model');
  });

  it('lets an agent claim a call task and record its outcome, and keeps the marketer pages from them', async () => {
    const agent = await newPage(browser);
    try {
      await signIn(agent, stack.apiUrl, stack.tokens.agent, 'ola');
      await agent.getByRole('heading', { name: 'Call queue' }).waitFor();
      expect(await agent.getByRole('link', { name: 'Campaigns' }).count()).toBe(0);
      // The journeys reach their call a few simulated days after the SMS.
      await expect
        .poll(
          async () => {
            await agent.reload();
            await agent.getByRole('heading', { name: 'Call queue' }).waitFor();
            return agent.locator('tbody tr').count();
          },
          { timeout: 60_000, interval: 2_000 },
        )
        .toBeGreaterThan(0);
      await scan(agent, 'call queue');
      const first = agent.locator('tbody tr').first().getByRole('button');
      await first.click();
      await agent.getByRole('button', { name: 'Claim' }).click();
      await expect.poll(() => agent.locator('article.task').innerText()).toContain('Assigned to you');
      await agent.getByLabel('Result').selectOption('not-interested');
      await agent.getByLabel('Why they left').selectOption('price');
      await agent.getByLabel('Note').fill('<script>alert(1)</script> too expensive');
      await scan(agent, 'call task');
      await agent.getByRole('button', { name: 'Record the outcome' }).click();
      // New tasks keep arriving as time runs: the one recorded is found by its assignee.
      const done = async () => (await api(stack)('GET', '/v1/call-tasks?status=done')).body.tasks;
      await expect.poll(async () => (await done()).length).toBe(1);
      expect(await done()).toEqual([
        expect.objectContaining({
          assignee: 'ola',
          outcome: expect.objectContaining({ leavingReason: 'price', by: 'ola' }),
        }),
      ]);
      // The recorded task leaves the queue.
      await expect.poll(() => agent.getByRole('button', { name: 'Record the outcome' }).count()).toBe(0);

      // A marketer page by URL: the console says the role may not see it.
      await agent.goto(`${stack.apiUrl}/console/#/campaigns`);
      expect(await agent.getByRole('alert').innerText()).toContain('Not allowed (403)');
    } finally {
      await agent.context().close();
    }
  });

  it('says so when the token is refused and comes back to the page after signing in again', async () => {
    await marketer.goto(`${stack.apiUrl}/console/#/campaigns`);
    await marketer.getByRole('heading', { name: 'Campaigns' }).waitFor();
    await marketer.evaluate(`{
      const s = JSON.parse(sessionStorage.getItem('reactivate.session'));
      sessionStorage.setItem('reactivate.session', JSON.stringify({ ...s, token: 'expired' }));
    }`);
    await marketer.reload();
    await marketer.getByRole('heading', { name: 'Sign in to Reactivate' }).waitFor();
    expect(await marketer.getByRole('status').innerText()).toContain('session has expired');
    await marketer.getByLabel('Token').fill(TOKEN);
    await marketer.getByRole('button', { name: 'Sign in' }).click();
    await marketer.getByRole('heading', { name: 'Campaigns' }).waitFor();
    expect(await marketer.getByRole('link', { name: /Spring/ }).innerText()).toBe(NAME);
  });

  it('signs in through Cognito managed login (authorization code + PKCE): groups are roles, the ID token goes to the API', async () => {
    // Cognito stands behind Playwright's network layer: the console's own code runs the flow.
    const LOGIN = 'https://login.example.test';
    // The managed login sends the browser back with a new navigation (Playwright does not route
    // the request a fulfilled 302 leads to, and the console's page must get its CSP from us).
    const redirectTo = (url: URL) => ({
      contentType: 'text/html',
      body: `<meta http-equiv="refresh" content="0;url=${url.toString().replace(/&/g, '&amp;')}">`,
    });
    const page = await newPage(browser);
    const seen: { challenge?: string; verified?: boolean; bearer?: string } = {};
    const idToken = [
      { alg: 'RS256' },
      {
        sub: 'u-42',
        email: 'mia@example.com',
        'cognito:groups': ['marketer', 'sales'],
        exp: Math.floor(Date.now() / 1000) + 3600,
      },
      'signature',
    ]
      .map((part) =>
        Buffer.from(typeof part === 'string' ? part : JSON.stringify(part)).toString('base64url'),
      )
      .join('.');
    try {
      // As CloudFront serves it in AWS: the policy names the managed login's origin.
      await page.route(
        (url) => url.pathname === '/console/',
        async (route) => {
          const response = await route.fetch();
          await route.fulfill({
            response,
            headers: {
              ...response.headers(),
              'content-security-policy': consoleContentSecurityPolicy(LOGIN),
            },
          });
        },
      );
      await page.route('**/console/config.json', (route) =>
        route.fulfill({
          json: {
            auth: {
              kind: 'cognito',
              domain: LOGIN,
              clientId: 'client-1',
              redirectUri: `${stack.apiUrl}/console/`,
              scopes: ['openid', 'email'],
            },
          },
        }),
      );
      await page.route(`${LOGIN}/oauth2/authorize**`, (route) => {
        const url = new URL(route.request().url());
        seen.challenge = url.searchParams.get('code_challenge') ?? undefined;
        expect(url.searchParams.get('code_challenge_method')).toBe('S256');
        expect(url.searchParams.get('client_id')).toBe('client-1');
        const back = new URL(url.searchParams.get('redirect_uri') as string);
        back.search = new URLSearchParams({
          code: 'code-1',
          state: url.searchParams.get('state') as string,
        }).toString();
        return route.fulfill(redirectTo(back));
      });
      await page.route(`${LOGIN}/oauth2/token`, (route) => {
        const form = new URLSearchParams(route.request().postData() ?? '');
        const verifier = form.get('code_verifier') as string;
        seen.verified =
          createHash('sha256').update(verifier).digest('base64url') === seen.challenge &&
          form.get('code') === 'code-1';
        return route.fulfill({
          json: { id_token: idToken, access_token: 'a.b.c', expires_in: 3600, token_type: 'Bearer' },
          headers: { 'access-control-allow-origin': '*' },
        });
      });
      // The local API knows its own tokens, not Cognito's: note what came, pass the marketer's.
      await page.route('**/v1/**', (route) => {
        seen.bearer = route.request().headers().authorization;
        return route.continue({
          headers: { ...route.request().headers(), authorization: `Bearer ${stack.tokens.marketer}` },
        });
      });
      await page.goto(`${stack.apiUrl}/console/`);
      await page.getByRole('button', { name: 'Sign in with your account' }).click();
      await page.getByRole('heading', { name: 'Campaigns' }).waitFor();
      expect(seen.verified).toBe(true);
      await page.getByRole('link', { name: NAME }).waitFor();
      expect(seen.bearer).toBe(`Bearer ${idToken}`);
      expect(await page.locator('header .who').innerText()).toBe('mia@example.com (marketer)');
      expect(new URL(page.url()).search).toBe('');
      // Signing out ends the managed login's session too.
      const logout = page.waitForRequest(`${LOGIN}/logout**`);
      await page.route(`${LOGIN}/logout**`, (route) => route.fulfill({ body: 'signed out' }));
      await page.getByRole('button', { name: 'Sign out' }).click();
      const url = new URL((await logout).url());
      expect(url.searchParams.get('logout_uri')).toBe(`${stack.apiUrl}/console/`);

      // Cognito refusing (?error=…) is said, not swallowed.
      await page.unroute(`${LOGIN}/oauth2/authorize**`);
      await page.route(`${LOGIN}/oauth2/authorize**`, (route) => {
        const url = new URL(route.request().url());
        const back = new URL(url.searchParams.get('redirect_uri') as string);
        back.search = new URLSearchParams({
          error: 'access_denied',
          error_description: 'User is disabled',
          state: url.searchParams.get('state') as string,
        }).toString();
        return route.fulfill(redirectTo(back));
      });
      await page.goto(`${stack.apiUrl}/console/`);
      await page.getByRole('button', { name: 'Sign in with your account' }).click();
      expect(await page.getByRole('alert').innerText()).toContain('Sign-in refused: User is disabled');
    } finally {
      await page.context().close();
    }
  });

  it('skips to the content from the keyboard without leaving the page', async () => {
    await marketer.goto('about:blank');
    await marketer.goto(`${stack.apiUrl}/console/#/campaigns/${CAMPAIGN}/report`);
    await marketer.getByTestId('lift').waitFor();
    await marketer.keyboard.press('Tab');
    expect(await marketer.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    await marketer.keyboard.press('Enter');
    expect(await marketer.evaluate('document.activeElement.id')).toBe('main');
    expect(new URL(marketer.url()).hash).toBe(`#/campaigns/${CAMPAIGN}/report`);
  });

  it('says the connection is lost and recovers without a reload', async () => {
    await marketer.goto(`${stack.apiUrl}/console/#/campaigns/${CAMPAIGN}`);
    await marketer.getByTestId('funnel').waitFor();
    await marketer.route('**/v1/**', (route) => route.abort('internetdisconnected'));
    await marketer.getByText('Connection lost').first().waitFor({ timeout: 10_000 });
    await marketer.unroute('**/v1/**');
    await expect.poll(() => marketer.getByText('Connection lost').count(), { timeout: 10_000 }).toBe(0);
  });

  it('has no serious or critical accessibility violation on any page, ran no injected script and threw nothing', () => {
    expect(Object.keys(violations).length).toBeGreaterThanOrEqual(9);
    expect(violations).toEqual(Object.fromEntries(Object.keys(violations).map((k) => [k, []])));
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
