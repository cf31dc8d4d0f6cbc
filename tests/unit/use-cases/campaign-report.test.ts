/**
 * The report use case over paged journeys: a report request reads a small campaign live; the
 * campaign run builds the report across invocations (the tally handed on through the state as
 * JSON) and keeps it, which is what a large campaign's request answers with.
 */
import { describe, expect, it } from 'vitest';
import type { Campaign } from '../../../functions/domain/journey/campaign.js';
import { type CampaignReport, campaignReport } from '../../../functions/domain/journey/campaign-report.js';
import { reportTaskInput } from '../../../functions/handlers/campaign-task-input.js';
import type { CampaignStore } from '../../../functions/ports/campaign-store.js';
import {
  buildReport,
  type ReportDeps,
  type ReportProgress,
  reportCampaign,
} from '../../../functions/use-cases/campaign-report.js';
import { CampaignError } from '../../../functions/use-cases/manage-campaigns.js';
import { summerCampaign } from '../../support/campaign-reports.js';

const PRICES = { email: 0.0001, sms: 0.01, perJourney: 0.0004 };
const PAGE = 7;

describe('Use case: campaign report', () => {
  const fixture = summerCampaign();
  const now = new Date(fixture.at(40));

  /** In-memory stores: journeys in pages of 7, purchases and tasks from the fixture. */
  const storesFor = (campaign: Campaign, liveJourneys: number) => {
    let stored: CampaignReport | undefined;
    const pages: number[] = [];
    const deps: ReportDeps & { campaigns: Pick<CampaignStore, 'recordReport'> } = {
      campaigns: {
        get: async () => ({ ...campaign, ...(stored ? { report: stored } : {}) }),
        recordReport: async (_: string, report: CampaignReport) => {
          stored = report;
        },
      },
      journeys: {
        page: async (_: string, cursor?: string) => {
          const from = Number(cursor ?? 0);
          pages.push(from);
          const next = from + PAGE;
          return {
            items: fixture.journeys.slice(from, next),
            ...(next < fixture.journeys.length ? { cursor: String(next) } : {}),
          };
        },
      },
      customers: {
        purchasesOf: async (ids: readonly string[]) =>
          new Map(
            ids.flatMap((id) => {
              const bought = fixture.purchases.get(id);
              return bought ? [[id, bought] as const] : [];
            }),
          ),
      },
      tasks: {
        ofCampaign: async (campaignId: string) => fixture.tasks.filter((t) => t.campaignId === campaignId),
      },
      settings: { prices: PRICES, liveJourneys },
      clock: () => now,
    };
    return { deps, pages, stored: () => stored };
  };
  const inMemory = campaignReport({ ...fixture, prices: PRICES, now });

  it('reads a small campaign page by page when asked, to the same report as all journeys at once', async () => {
    const { deps, pages } = storesFor(fixture.campaign, 20_000);
    const report = await reportCampaign(deps, 'summer');
    expect(pages).toHaveLength(Math.ceil(fixture.journeys.length / PAGE));
    expect(report).toEqual(inMemory);
    expect(report.builtBy).toBe('request');
  });

  it('builds the report across invocations, its tally handed on as JSON, and keeps it on the campaign', async () => {
    const { deps, stored } = storesFor(fixture.campaign, 20_000);
    const run = { ...deps, workBudgetMs: 0 };
    let progress: ReportProgress = { campaignId: 'summer', done: false };
    let invocations = 0;
    while (!progress.done) {
      // What the state machine hands the next invocation, validated as the handler validates it.
      const input = reportTaskInput.parse({
        campaignId: 'summer',
        progress: JSON.parse(JSON.stringify(progress)),
      });
      progress = await buildReport(run, input);
      invocations++;
    }
    expect(invocations).toBe(Math.ceil(fixture.journeys.length / PAGE));
    expect(stored()).toEqual({ ...inMemory, builtBy: 'campaign run' });
  });

  it("answers a large campaign's request with the report its run built, and says so when there is none yet", async () => {
    const large = {
      ...fixture.campaign,
      launch: {
        launchedAt: fixture.at(0),
        scanned: 200,
        selected: 200,
        started: 100,
        heldOut: 100,
        excluded: {},
      },
    };
    const { deps, pages } = storesFor(large, 150);
    await expect(reportCampaign(deps, 'summer')).rejects.toThrow(CampaignError);
    await expect(reportCampaign(deps, 'summer')).rejects.toThrow(
      /more than 150 journeys: its report is built by its campaign run/,
    );
    expect(pages).toEqual([]); // the launch summary said so: no journey was read
    await buildReport({ ...deps, workBudgetMs: 60_000 }, { campaignId: 'summer' });
    const answered = await reportCampaign(deps, 'summer');
    expect(answered.builtBy).toBe('campaign run');
    expect(answered.reactivation).toEqual(inMemory.reactivation);

    // A launch still under way, its summary not yet written: the limit is found while reading.
    const launching = storesFor(fixture.campaign, 150);
    await expect(reportCampaign(launching.deps, 'summer')).rejects.toThrow(/more than 150 journeys/);
    expect(launching.pages.length).toBeLessThanOrEqual(Math.ceil(151 / PAGE));
  });
});
