/**
 * `reactivate score --local` as a user runs it: a local stack process, CDNOW imported through the
 * CLI, the stored customers scored, the scores read back through the HTTP API, and a re-run that
 * changes nothing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reactivateCli } from '../support/cli.js';
import { CDNOW_SAMPLE } from '../support/order-files.js';
import { type StackProcess, spawnStack } from '../support/stack-process.js';

interface AudienceCounts {
  scanned: number;
  selected: number;
  excluded: Record<string, number>;
}

/** Runs the real CLI against a stack found through its data folder, as a user's would be. */
const reactivate = (dataDir: string, ...args: string[]) => reactivateCli('--data-dir', dataDir, ...args);

describe('CLI: reactivate score --local', () => {
  let stack: StackProcess;
  let apiUrl: string;

  beforeAll(async () => {
    stack = spawnStack(['--api-port', '0', '--token', 'tok-score']);
    await stack.ready();
    apiUrl = /HTTP API\s+(\S+)\/v1/.exec(stack.output())?.[1] ?? '';
  });
  afterAll(async () => {
    stack.child.kill('SIGINT');
    await stack.exited;
  });

  it('says there is nothing to score before any order is imported, with exit code 2', async () => {
    const { code, stderr } = await reactivate(stack.dataDir, 'score', '--local');
    expect(code).toBe(2);
    expect(stderr).toMatch(/no customer has a purchase yet: import orders first/);
  });

  it('scores every stored customer, serves the scores through the API, and a re-run writes nothing', async () => {
    // Prepare
    const imported = await reactivate(stack.dataDir, 'import', '--orders', CDNOW_SAMPLE, '--format', 'cdnow');
    expect(imported.code).toBe(0);

    // Act
    const first = await reactivate(stack.dataDir, 'score', '--local', '--as-of', '1998-06-30', '--json');
    const customer = await fetch(`${apiUrl}/v1/customers/00004`, {
      headers: { authorization: 'Bearer tok-score' },
    });
    const again = await reactivate(stack.dataDir, 'score', '--local', '--as-of', '1998-06-30', '--json');
    const human = await reactivate(stack.dataDir, 'score', '--local', '--as-of', '1998-06-30');

    // Assess
    expect(first.code).toBe(0);
    const run1 = JSON.parse(first.stdout);
    expect(run1).toMatchObject({
      customers: 2357,
      scored: 2357,
      unchanged: 0,
      published: true,
      asOf: '1998-06-30',
    });
    const body = (await customer.json()) as { scores: Record<string, unknown> };
    expect(body.scores).toMatchObject({
      model: 'pareto',
      modelVersion: run1.version,
      asOf: '1998-06-30',
      churnThreshold: 0.5,
      statsRev: expect.any(Number),
      inputs: { firstPurchaseOn: '1997-01-01' },
    });
    expect(body.scores.pAlive).toBeGreaterThanOrEqual(0);
    expect(body.scores.pAlive).toBeLessThanOrEqual(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ version: run1.version, scored: 0, unchanged: 2357 });
    expect(human.stdout).toMatch(/0 written, 2,357 already current/);
    expect(human.stdout).toMatch(new RegExp(`model ${run1.version} is now current`));

    // A campaign judged by its own model (BG/NBD, where Pareto/NBD scored them): the preview fits
    // it on the stored scores and selects by it.
    const post = (path: string, body?: unknown) =>
      fetch(`${apiUrl}${path}`, {
        method: 'POST',
        headers: { authorization: 'Bearer tok-score', 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const definition = (campaignId: string, model?: string) => ({
      campaignId,
      name: 'At-risk CDNOW buyers',
      holdoutPercent: 0,
      audience: { minChurnRisk: 0.6 },
      ...(model ? { model } : {}),
      email: { subject: 'Hi', html: '<p>{{offer}}</p>', text: '{{offer}}' },
      sms: { text: 'Hi' },
    });
    const preview = async (campaignId: string, model?: string) => {
      expect((await post('/v1/campaigns', definition(campaignId, model))).status).toBe(201);
      return (
        (await (await post(`/v1/campaigns/${campaignId}/preview`)).json()) as {
          audience: AudienceCounts;
        }
      ).audience;
    };
    const byStored = await preview('stored-model');
    const byOwn = await preview('own-model', 'bgnbd');
    for (const audience of [byStored, byOwn]) {
      expect(audience.scanned).toBe(2357);
      expect(audience.excluded['not scored by a stored model']).toBeUndefined();
      expect(audience.selected).toBeGreaterThan(0);
    }
    expect(byOwn.selected).not.toBe(byStored.selected);

    // The CLI's preview is the API's, warnings included; a campaign that does not exist is named.
    const cli = await reactivate(stack.dataDir, 'preview', 'stored-model', '--json');
    const readable = await reactivate(stack.dataDir, 'preview', 'stored-model');
    const missing = await reactivate(stack.dataDir, 'preview', 'no-such-campaign');
    expect(cli.code).toBe(0);
    const fromCli = JSON.parse(cli.stdout) as {
      audience: AudienceCounts;
      warnings: { code: string; count: number }[];
    };
    expect(fromCli.audience).toEqual(byStored);
    // CDNOW has purchases only: every reachable customer would get only a manager call.
    expect(fromCli.warnings).toContainEqual(expect.objectContaining({ code: 'mostly-call-only' }));
    expect(readable.stdout).toMatch(/^Preview of 'stored-model'/);
    expect(readable.stdout).toMatch(/Warning {5}mostly-call-only: /);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no campaign 'no-such-campaign'/);
  });

  it('takes the model and threshold from the stage configuration unless flags say otherwise', async () => {
    const config = join(mkdtempSync(join(tmpdir(), 'score-config-')), 'local.json');
    writeFileSync(config, JSON.stringify({ scoring: { model: 'bgnbd', churnThreshold: 0.3 } }));
    const asOf = ['score', '--local', '--as-of', '1998-06-30', '--json'];

    const fromConfig = await reactivate(stack.dataDir, '--config', config, ...asOf);
    const fromFlag = await reactivate(stack.dataDir, '--config', config, ...asOf, '--threshold', '0.6');

    expect(JSON.parse(fromConfig.stdout).settings).toMatchObject({ model: 'bgnbd', churnThreshold: 0.3 });
    expect(JSON.parse(fromFlag.stdout).settings).toMatchObject({ model: 'bgnbd', churnThreshold: 0.6 });
  });

  it('refuses --orders with --local and a date that does not exist, with exit code 2', async () => {
    const both = await reactivate(stack.dataDir, 'score', '--local', '--orders', CDNOW_SAMPLE);
    const badDay = await reactivate(stack.dataDir, 'score', '--local', '--as-of', '1998-02-30');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--local scores the stored customers: leave out --orders/);
    expect(badDay.code).toBe(2);
    expect(badDay.stderr).toMatch(/--as-of '1998-02-30' is not a date/);
  });

  it('says how to start a stack when none is running', async () => {
    const { code, stderr } = await reactivate(mkdtempSync(join(tmpdir(), 'no-stack-')), 'score', '--local');
    expect(code).toBe(2);
    expect(stderr).toMatch(/no local stack is running/);
  });
});
