/**
 * Campaigns through the API on the local stack, with time running a day per second: a draft is
 * checked when created, a start launches one journey per selected customer (the holdout gets a
 * record and nothing else) however often it is repeated, the campaign completes when its last
 * journey ends, and a cancel reaches journeys that are already waiting.
 */
import { BatchWriteItemCommand, DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toItem } from '../../functions/adapters/dynamodb-batch.js';
import { DynamoCampaignStore } from '../../functions/adapters/dynamodb-campaign-store.js';
import { DynamoJourneyStore } from '../../functions/adapters/dynamodb-journey-store.js';
import type { JourneyRecord } from '../../functions/domain/journey/journey.js';
import { LOCAL_CLIENT } from '../../lib/local/local-client.js';
import type { LocalStack } from '../../lib/local/local-stack.js';
import { api, startTestStack } from '../support/local-stack.js';

const DAY = 86_400_000;
const ZONES = ['America/New_York', 'Europe/Berlin', 'Asia/Tokyo', 'Australia/Sydney'];

const definition = (campaignId: string, category: string) => ({
  campaignId,
  name: `Win back ${category} buyers`,
  leadDays: 0,
  holdoutPercent: 20,
  audience: { horizonDays: 30, lapsedCategories: [category] },
  offer: { description: '15% off your next order', code: 'BACK15' },
  email: {
    subject: 'We miss you, {{firstName}}',
    html: '<p>Hi {{firstName}}, {{offer}}: <a href="{{link}}">shop now</a></p>',
    text: 'Hi {{firstName}}, {{offer}}: {{link}}',
  },
  sms: { text: '{{offer}} with code {{offerCode}}' },
});

describe('Campaigns on the local stack (a day per second)', () => {
  let stack: LocalStack & { dataDir: string };
  let call: ReturnType<typeof api>;
  let db: DynamoDBClient;

  /** Customers with scores: `category` lapsed, churn moment `inDays` from now. */
  const seed = async (prefix: string, count: number, category: string, inDays: number) => {
    const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
    const customers = ids.map((customerId, i) => ({
      customerId,
      email: `${customerId}@example.com`,
      phone: '+14155552671',
      firstName: 'Sam',
      timeZone: ZONES[i % ZONES.length],
      consent: { email: true, sms: true },
    }));
    expect((await call('POST', '/v1/customers/batch', { customers })).status).toBe(200);
    const churnMomentOn = new Date(stack.clock.now() + inDays * DAY).toISOString().slice(0, 10);
    for (let i = 0; i < ids.length; i += 25)
      await db.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [stack.tables.scores]: ids.slice(i, i + 25).map((customerId) => ({
              PutRequest: {
                Item: toItem({
                  customerId,
                  churnMomentOn,
                  pAlive: 0.3,
                  clv365Days: 120,
                  rfm: { segment: 'at-risk' },
                  lapsedCategories: [category],
                }),
              },
            })),
          },
        }),
      );
    return ids;
  };

  const inbox = async () => {
    const store = (await (await fetch(`${stack.sesUrl}/store`)).json()) as {
      emails: { destination: { to: string[] } }[];
    };
    return store.emails.flatMap((e) => e.destination.to);
  };
  const until = async (what: () => Promise<boolean> | boolean, realMs = 40_000) => {
    const deadline = Date.now() + realMs;
    while (!(await what())) {
      if (Date.now() > deadline) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const journeysOf = async (campaignId: string) => {
    const all: JourneyRecord[] = [];
    for await (const page of new DynamoJourneyStore(db, stack.tables.journeys).list(campaignId))
      all.push(...page);
    return all;
  };
  const status = async (campaignId: string) => (await call('GET', `/v1/campaigns/${campaignId}`)).body.status;

  beforeAll(async () => {
    stack = await startTestStack({ timeScale: 86_400 });
    call = api(stack);
    db = new DynamoDBClient({ ...LOCAL_CLIENT, endpoint: stack.dynamodbEndpoint });
  }, 60_000);
  afterAll(async () => {
    db.destroy();
    await stack.close();
  });

  it('serves its OpenAPI document, with this server and the campaign schema', async () => {
    const doc = await call('GET', '/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.servers[0].url).toBe(stack.apiUrl);
    expect(
      doc.body.paths['/v1/campaigns'].post.requestBody.content['application/json'].schema.required,
    ).toContain('campaignId');
  });

  it('answers a repeated POST with the same Idempotency-Key from the first answer, and refuses the key with another body', async () => {
    const draft = definition('keyed', 'keyed');
    const key = { 'Idempotency-Key': 'create-keyed-1' };
    const first = await call('POST', '/v1/campaigns', draft, key);
    expect(first.status).toBe(201);
    // Without the key the second create would be a 409 (the id exists): with it, the first answer.
    const again = await call('POST', '/v1/campaigns', draft, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await call('POST', '/v1/campaigns', { ...draft, name: 'Another name' }, key);
    expect(other.status).toBe(422);
    expect(other.type).toBe('application/problem+json');
    expect((await call('POST', '/v1/campaigns', draft)).status).toBe(409);
    // A request refused as invalid keeps nothing: the key may be used again once it is fixed.
    const bad = { 'Idempotency-Key': 'create-keyed-2' };
    expect(
      (await call('POST', '/v1/campaigns', { ...draft, campaignId: 'keyed-2', leadDays: -1 }, bad)).status,
    ).toBe(400);
    expect((await call('POST', '/v1/campaigns', { ...draft, campaignId: 'keyed-2' }, bad)).status).toBe(201);
    expect((await call('POST', '/v1/campaigns', draft, { 'Idempotency-Key': 'x'.repeat(300) })).status).toBe(
      400,
    );
  });

  it('does a keyed request once when two copies arrive at the same moment: the other is a 409 or the same answer', async () => {
    // Act: the same keyed create, twice at once (a client that retried too eagerly)
    const key = { 'Idempotency-Key': 'racing-key-1' };
    const [a, b] = await Promise.all([
      call('POST', '/v1/campaigns', definition('racing', 'racing'), key),
      call('POST', '/v1/campaigns', definition('racing', 'racing'), key),
    ]);

    // Assess: one created it; the other was told it is in progress, or got the first answer
    const statuses = [a.status, b.status].sort();
    expect([
      [201, 201],
      [201, 409],
    ]).toContainEqual(statuses);
    if (statuses[1] === 409)
      expect([a, b].find((r) => r.status === 409)?.body.type).toBe('urn:reactivate:problem:idempotency-key');
    expect(
      (await call('GET', '/v1/campaigns')).body.campaigns.filter(
        (c: { campaignId: string }) => c.campaignId === 'racing',
      ),
    ).toHaveLength(1);
  });

  it("keeps each caller's Idempotency-Keys its own: the same key from another caller is another request", async () => {
    // Prepare: the admin creates a campaign with a key
    const key = { 'Idempotency-Key': 'shared-key-1' };
    expect((await call('POST', '/v1/campaigns', definition('mine', 'mine'), key)).status).toBe(201);

    // Act: a marketer sends the same key with another campaign
    const marketer = { ...key, authorization: `Bearer ${stack.tokens.marketer}` };
    const theirs = await call('POST', '/v1/campaigns', definition('theirs', 'theirs'), marketer);

    // Assess: created, not the admin's answer replayed nor a 422 for a "different body"
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.body.campaignId).toBe('theirs');
    expect((await call('GET', '/v1/campaigns/theirs')).status).toBe(200);
  });

  it('previews a draft: audience, open channels, first-email days and sample timelines with rendered messages, writing nothing', async () => {
    const ids = await seed('pv', 20, 'preview', 2);
    expect((await call('POST', '/v1/campaigns', definition('dry-run', 'preview'))).status).toBe(201);
    const preview = await call('POST', '/v1/campaigns/dry-run/preview');
    expect(preview.status).toBe(200);
    const { audience, channels, firstEmailDays, sample } = preview.body;
    expect(audience.selected).toBe(ids.length);
    expect(audience.heldOut + audience.reached).toBe(ids.length);
    expect(audience.heldOut).toBeGreaterThan(0);
    expect(audience.bySegment).toEqual({ 'at-risk': ids.length });
    expect(channels).toMatchObject({ email: audience.reached, sms: audience.reached, callOnly: 0 });
    expect(Object.values(firstEmailDays as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(
      audience.reached,
    );
    expect(sample).toHaveLength(5);
    const first = sample[0];
    expect(first.timeline.map((t: { step: string }) => t.step)).toEqual(['email', 'sms', 'call']);
    expect(first.timeline[0].local).toMatch(/^\d{4}-\d\d-\d\d (09|1\d):\d\d$/);
    expect(first.email.subject).toBe('We miss you, Sam');
    expect(first.sms).toBe('15% off your next order with code BACK15 Reply STOP to opt out.');
    // A dry run: the campaign is still a draft with no journey.
    expect(await status('dry-run')).toBe('draft');
    expect(await journeysOf('dry-run')).toEqual([]);
    expect((await call('POST', '/v1/campaigns/no-such/preview')).status).toBe(404);
  });

  it('refuses a draft whose template uses an unknown variable, or with unknown fields, naming them', async () => {
    const bad = definition('bad-template', 'garden');
    bad.email.subject = 'Hi {{firstName}}, take {{discount}}';
    const response = await call('POST', '/v1/campaigns', bad);
    expect(response.status).toBe(400);
    expect(response.type).toContain('application/problem+json');
    expect(response.body.detail).toContain('discount');
    const unknown = await call('POST', '/v1/campaigns', { ...definition('bad-field', 'garden'), budget: 5 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toContain('budget');
    expect((await call('GET', '/v1/campaigns/bad-template')).status).toBe(404);
  });

  it('launches one journey per selected customer however often it is started, holds out the control group, and completes', async () => {
    const garden = await seed('g', 30, 'garden', 0);
    await seed('far', 5, 'garden', 200); // beyond the 30-day horizon
    const created = await call('POST', '/v1/campaigns', definition('autumn', 'garden'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ campaignId: 'autumn', status: 'draft' });
    expect((await call('POST', '/v1/campaigns', definition('autumn', 'garden'))).status).toBe(409);
    expect((await call('POST', '/v1/campaigns/autumn/pause')).status).toBe(409);

    // Act: a start, repeated twice (a client retrying)
    const starts = await Promise.all([1, 2, 3].map(() => call('POST', '/v1/campaigns/autumn/start')));
    expect(starts.map((s) => s.status)).toEqual([202, 202, 202]);
    await until(async () => (await status('autumn')) === 'completed');
    // …and its run has built the report and ended.
    const sfn = await stack.stepFunctions();
    const launchRun = () =>
      sfn.list(stack.campaigns.stateMachineArn).filter((e) => e.name === 'launch-autumn');
    await until(() => launchRun().every((e) => e.status !== 'RUNNING'));

    // Assess: the holdout got a record and nothing else; everyone else exactly one journey and one email
    const journeys = await journeysOf('autumn');
    const heldOut = journeys.filter((j) => j.status === 'held-out').map((j) => j.customerId);
    const reached = journeys.filter((j) => j.status !== 'held-out').map((j) => j.customerId);
    expect(journeys).toHaveLength(garden.length);
    expect(heldOut.length).toBeGreaterThan(0);
    expect(reached.length).toBeGreaterThan(heldOut.length);
    expect(journeys.every((j) => j.customerId.startsWith('g-'))).toBe(true);
    const emails = await inbox();
    for (const id of heldOut) expect(emails).not.toContain(`${id}@example.com`);
    for (const id of reached) expect(emails.filter((to) => to === `${id}@example.com`)).toHaveLength(1);
    const journeyRuns = sfn.list(stack.journeys.stateMachineArn).filter((e) => e.name.includes('-autumn-'));
    expect(journeyRuns).toHaveLength(reached.length);
    const launches = launchRun();
    expect(launches).toHaveLength(1);
    expect(launches[0]?.status).toBe('SUCCEEDED');
    // The campaign run built the report at its last check, as it does for campaigns of millions.
    const built = (await new DynamoCampaignStore(db, stack.tables.campaigns).get('autumn'))?.report;
    expect(built).toMatchObject({
      builtBy: 'campaign run',
      status: 'completed',
      journeys: { enrolled: reached.length, heldOut: heldOut.length, active: 0 },
      steps: { email: { sent: reached.length } },
    });
    const campaign = (await call('GET', '/v1/campaigns/autumn')).body;
    expect(campaign.launch).toMatchObject({
      selected: garden.length,
      started: reached.length,
      heldOut: heldOut.length,
      excluded: { 'beyond horizon': 5 },
    });
    expect((await call('POST', '/v1/campaigns/autumn/start')).status).toBe(409);
  }, 60_000);

  it('pauses and resumes, and a cancel ends journeys that are already waiting: executions stopped, nothing sent', async () => {
    const kitchen = await seed('k', 12, 'kitchen', 20); // their email is 20 days away
    expect((await call('POST', '/v1/campaigns', definition('winter', 'kitchen'))).status).toBe(201);
    expect((await call('POST', '/v1/campaigns/winter/start')).status).toBe(202);
    const sfn = await stack.stepFunctions();
    const waiting = () => sfn.list(stack.journeys.stateMachineArn).filter((e) => e.name.includes('-winter-'));
    await until(async () => (await journeysOf('winter')).length === kitchen.length && waiting().length > 0);
    const reached = (await journeysOf('winter')).filter((j) => j.status === 'active');

    expect((await call('POST', '/v1/campaigns/winter/pause')).body.status).toBe('paused');
    expect((await call('POST', '/v1/campaigns/winter/pause')).status).toBe(200);
    expect((await call('POST', '/v1/campaigns/winter/resume')).body.status).toBe('running');
    const cancelled = await call('POST', '/v1/campaigns/winter/cancel');
    expect(cancelled.status).toBe(202);
    expect(cancelled.body.status).toBe('cancelled');

    await until(async () =>
      (await journeysOf('winter')).every(
        (j) => j.status === 'held-out' || j.exitReason === 'campaign cancelled',
      ),
    );
    await until(() => waiting().every((e) => e.status !== 'RUNNING'));
    expect(waiting()).toHaveLength(reached.length);
    expect(waiting().every((e) => e.status === 'ABORTED')).toBe(true);
    const emails = await inbox();
    for (const id of kitchen) expect(emails).not.toContain(`${id}@example.com`);
    expect((await call('POST', '/v1/campaigns/winter/resume')).status).toBe(409);
    expect(await status('winter')).toBe('cancelled');

    // The cancel run sweeps again and rebuilds the report once every journey has ended: the
    // stored report and the one a request builds say the same, the cancel under "ended by the campaign".
    await until(() =>
      sfn
        .list(stack.campaigns.stateMachineArn)
        .some((e) => e.name === 'cancel-winter' && e.status === 'SUCCEEDED'),
    );
    const stored = (await new DynamoCampaignStore(db, stack.tables.campaigns).get('winter'))?.report;
    const asked = (await call('GET', '/v1/campaigns/winter/report')).body;
    for (const report of [stored, asked])
      expect(report?.journeys).toMatchObject({
        enrolled: reached.length,
        active: 0,
        waiting: 0,
        contacted: 0,
        endedByCampaign: reached.length,
        endedByCustomer: 0,
      });
    expect(stored?.stopped).toEqual({ 'campaign cancelled': reached.length });
  }, 60_000);

  it('follows the links in a message: a click ends the journey and lands, one-click unsubscribe is a POST, forged links are 404', async () => {
    const [clicker, leaver, zoneless] = (await seed('ln', 3, 'links', 0)) as [string, string, string];
    // A zone this runtime does not know (stored before a tzdata change, say): the default is used.
    await db.send(
      new UpdateItemCommand({
        TableName: stack.tables.customers,
        Key: toItem({ customerId: zoneless }),
        UpdateExpression: 'SET #tz = :tz',
        ExpressionAttributeNames: { '#tz': 'timeZone' },
        ExpressionAttributeValues: toItem({ ':tz': 'Mars/Olympus_Mons' }),
      }),
    );
    const links = {
      ...definition('links', 'links'),
      holdoutPercent: 0,
      landingUrl: 'https://shop.example/back',
      // Five days (seconds here) before the SMS: room for a busy machine to see the emails land.
      email: { ...definition('links', 'links').email, responseWindowHours: 120 },
    };
    expect((await call('POST', '/v1/campaigns', links)).status).toBe(201);
    expect((await call('POST', '/v1/campaigns/links/start')).status).toBe(202);
    const emailTo = async (to: string) => {
      const store = (await (await fetch(`${stack.sesUrl}/store`)).json()) as {
        emails: {
          destination: { to: string[] };
          body: { text: string };
          headers?: { name: string; value: string }[];
        }[];
      };
      return store.emails.find((e) => e.destination.to.includes(to));
    };
    await until(async () =>
      Boolean((await emailTo(`${clicker}@example.com`)) && (await emailTo(`${leaver}@example.com`))),
    );
    await until(async () => Boolean((await journeysOf('links')).find((j) => j.customerId === zoneless)));
    // The clock stands still while the customers act, as it does while any step runs: however slow
    // the machine, every response comes on the day its email did.
    await stack.clock.whileWorking(async () => {
      const linkIn = async (to: string, kind: 'l' | 'u') =>
        new RegExp(`(http\\S+/${kind}/[0-9a-f-]{36})`).exec(
          (await emailTo(to))?.body.text ?? '',
        )?.[1] as string;
      const journey = async (id: string) => (await journeysOf('links')).find((j) => j.customerId === id);

      // A click, without any credentials: recorded, journey ended, customer sent on to the landing page.
      const click = await fetch(await linkIn(`${clicker}@example.com`, 'l'), { redirect: 'manual' });
      expect(click.status).toBe(302);
      expect(click.headers.get('location')).toBe('https://shop.example/back');
      expect(await journey(clicker)).toMatchObject({ status: 'ended', exitReason: 'click' });

      // The visible unsubscribe link: a GET only shows the button (mail scanners fetch links).
      const unsubscribeUrl = await linkIn(`${leaver}@example.com`, 'u');
      // …the same URL the List-Unsubscribe header gives mailbox providers for one-click.
      const headers = (await emailTo(`${leaver}@example.com`))?.headers ?? [];
      expect(headers.find((h) => h.name === 'List-Unsubscribe')?.value).toBe(`<${unsubscribeUrl}>`);
      const page = await fetch(unsubscribeUrl);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<form method="post">');
      expect(await journey(leaver)).toMatchObject({ status: 'active' });
      // RFC 8058 one-click: the mailbox provider POSTs; twice is the same as once.
      for (let i = 0; i < 2; i++) {
        const posted = await fetch(unsubscribeUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        });
        expect(posted.status).toBe(200);
      }
      expect(await journey(leaver)).toMatchObject({ status: 'ended', exitReason: 'unsubscribe' });
      const profile = (await call('GET', `/v1/customers/${leaver}`)).body;
      expect(profile.suppressed).toMatchObject({ email: expect.anything() });

      // Forged, mistyped or never-sent ids say so as problem+json.
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-send', '../v1/customers']) {
        const forged = await fetch(`${stack.apiUrl}/l/${encodeURIComponent(id)}`, { redirect: 'manual' });
        expect(forged.status).toBe(404);
        expect(forged.headers.get('content-type')).toBe('application/problem+json');
      }

      // A survey answer: kept on the journey, counted in the report, and the journey ends.
      const survey = {
        customerId: zoneless,
        type: 'survey',
        campaignId: 'links',
        answer: { leavingReason: 'price' },
      };
      expect((await call('POST', '/v1/events', survey)).body).toEqual({
        customerId: zoneless,
        ended: ['links'],
      });
      expect((await call('POST', '/v1/events', { ...survey, campaignId: 'never-ran' })).status).toBe(404);
      expect(
        (await call('POST', '/v1/events', { ...survey, answer: { leavingReason: 'weather' } })).status,
      ).toBe(400);
      expect((await journey(zoneless))?.survey).toMatchObject({ leavingReason: 'price' });
      const report = (await call('GET', '/v1/campaigns/links/report')).body;
      expect(report.surveys).toEqual({ answers: 1, leavingReasons: { price: 1 } });
      expect(report.responses).toMatchObject({ click: 1, unsubscribe: 1, survey: 1 });

      // The customer whose zone is unknown here was planned in the default zone, and told so.
      const start = (await journey(zoneless))?.timeline.find((t) => t.outcome.startsWith('email due'));
      expect(start?.reason).toMatch(
        /time zone 'Mars\/Olympus_Mons' unknown here: windows read in the default Europe\/Berlin/,
      );
    });
  }, 60_000);
});
