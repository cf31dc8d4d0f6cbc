/**
 * A campaign's run: a live funnel per step (refreshed every two seconds while journeys run, no
 * reload), the reasons journeys ended, and pause, resume and cancel with a confirmation.
 */
import { useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { ApiError, api, call } from '../api/client.js';
import { type Campaign, type CampaignAction, idempotencyKey, type Report } from '../api/models.js';
import { Async, ErrorPanel, useLoad, useTitle } from '../components/async.js';
import { Chart } from '../components/chart.js';
import { Confirm } from '../components/confirm.js';
import { breakdown, count, instant } from '../format.js';
import { funnelOf } from './campaign-figures.js';

const LIVE_MS = 2_000;

function Funnel({ report }: { report: Report }) {
  const steps = funnelOf(report);
  return (
    <section aria-labelledby="funnel-title">
      <h2 id="funnel-title">Journeys, step by step</h2>
      <div class="two-columns">
        <dl class="figures" data-testid="funnel">
          {steps.map((s) => (
            <div key={s.key} data-step={s.key}>
              <dt>{s.label}</dt>
              <dd>{count(s.value)}</dd>
            </div>
          ))}
        </dl>
        <Chart
          label={`Funnel: ${steps.map((s) => `${s.label} ${s.value}`).join(', ')}`}
          config={{
            type: 'bar',
            data: {
              labels: steps.map((s) => s.label),
              datasets: [{ label: 'Journeys', data: steps.map((s) => s.value), backgroundColor: '#2f6db5' }],
            },
            options: { indexAxis: 'y', plugins: { legend: { display: false } } },
          }}
        />
      </div>
      <h3>Why journeys ended</h3>
      <ul class="plain">
        <li>
          By the customer: <span data-testid="responses">{breakdown(report.responses)}</span>
        </li>
        <li>By the campaign: {breakdown(report.stopped)}</li>
        <li>Failed: {breakdown(report.journeys.failures)}</li>
        <li>Calls not placed: {breakdown(report.steps.call?.skipped)}</li>
      </ul>
    </section>
  );
}

const ACTIONS: Record<Campaign['status'], CampaignAction[]> = {
  draft: [],
  running: ['pause', 'cancel'],
  paused: ['resume', 'cancel'],
  cancelled: [],
  completed: [],
};

function Actions({ campaign, onDone }: { campaign: Campaign; onDone: () => void }) {
  const [confirming, setConfirming] = useState<CampaignAction | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);
  async function act(action: CampaignAction) {
    setConfirming(undefined);
    setBusy(true);
    setError(undefined);
    try {
      await call(
        api.POST('/v1/campaigns/{campaignId}/{action}', {
          params: { path: { campaignId: campaign.campaignId, action }, header: idempotencyKey() },
        }),
      );
      onDone();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }
  const actions = ACTIONS[campaign.status];
  return (
    <div class="actions">
      {actions.map((action) => (
        <button
          key={action}
          type="button"
          class={action === 'cancel' ? 'danger' : ''}
          disabled={busy}
          onClick={() =>
            action === 'cancel' || action === 'pause' ? setConfirming(action) : void act(action)
          }
        >
          {action[0]?.toUpperCase() + action.slice(1)}
        </button>
      ))}
      <Confirm
        open={confirming !== undefined}
        title={confirming === 'cancel' ? `Cancel ${campaign.name}?` : `Pause ${campaign.name}?`}
        confirmLabel={confirming === 'cancel' ? 'Cancel the campaign' : 'Pause'}
        onCancel={() => setConfirming(undefined)}
        onConfirm={() => confirming && void act(confirming)}
      >
        {confirming === 'cancel' ? (
          <p>
            Cancelling is final: no customer is enrolled any more and no message leaves. Journeys under way
            end now; the report keeps what was done.
          </p>
        ) : (
          <p>Pausing holds every journey where it is: nothing is sent until you resume.</p>
        )}
      </Confirm>
      {error && <ErrorPanel error={error} />}
    </div>
  );
}

export function CampaignPage({ campaignId }: { campaignId: string }) {
  const campaign = useLoad(
    () => call(api.GET('/v1/campaigns/{campaignId}', { params: { path: { campaignId } } })),
    [campaignId],
    LIVE_MS * 5,
  );
  useTitle(campaign.data?.name ?? campaignId);
  const live = campaign.data?.status !== 'completed' && campaign.data?.status !== 'draft';
  const report = useLoad(
    async () => {
      try {
        return await call(api.GET('/v1/campaigns/{campaignId}/report', { params: { path: { campaignId } } }));
      } catch (error) {
        // A draft has no report yet: nothing to show, not an error.
        if (error instanceof ApiError && error.problem.status === 409) return undefined;
        throw error;
      }
    },
    [campaignId, live],
    live ? LIVE_MS : undefined,
  );
  return (
    <Async state={campaign}>
      {(c) => (
        <section>
          <div class="page-head">
            <h1>{c.name}</h1>
            <span class={`status status-${c.status}`} data-testid="campaign-status">
              {c.status}
            </span>
          </div>
          <nav aria-label="Campaign" class="tabs">
            <Link href={`/campaigns/${campaignId}`} aria-current="page">
              Run
            </Link>
            <Link href={`/campaigns/${campaignId}/preview`}>Preview</Link>
            <Link href={`/campaigns/${campaignId}/report`}>Report</Link>
          </nav>
          {c.runFailure && (
            <p class="problem" role="alert">
              The {c.runFailure.run} run stopped at {instant(c.runFailure.at)}: {c.runFailure.reason}
            </p>
          )}
          {c.launch && (
            <p>
              Launched {instant(c.launch.launchedAt)}: {count(c.launch.started)} journeys started,{' '}
              {count(c.launch.heldOut)} held out as the control group, {count(c.launch.scanned)} customers
              looked at.
            </p>
          )}
          <Actions campaign={c} onDone={() => void campaign.reload().then(report.reload)} />
          <Async state={report}>
            {(r) =>
              r ? (
                <>
                  <Funnel report={r} />
                  <p class="muted small" aria-live="polite">
                    Updated {report.updatedAt?.toLocaleTimeString()}
                    {live ? ' · refreshes every 2 s' : ''}
                  </p>
                </>
              ) : (
                <p>
                  Not started yet. <Link href={`/campaigns/${campaignId}/preview`}>Preview and start it</Link>
                  .
                </p>
              )
            }
          </Async>
        </section>
      )}
    </Async>
  );
}
