/** Campaigns: every campaign with its status, audience, sends, responses and lift so far. */
import { Link } from 'wouter-preact';
import { api, call } from '../api/client.js';
import type { Campaign } from '../api/models.js';
import { Async, useLoad, useTitle } from '../components/async.js';
import { count, interval, points } from '../format.js';
import { sentOf } from './campaign-figures.js';

function Lift({ campaign }: { campaign: Campaign }) {
  const lift = campaign.report?.reactivation?.lift;
  if (!lift) return <span class="muted">—</span>;
  return (
    <span title={`95 % interval ${interval(lift.ci95, points)}`}>
      {points(lift.difference)}
      {campaign.report?.reactivation?.significant ? '' : ' (not significant)'}
    </span>
  );
}

export function CampaignsPage() {
  useTitle('Campaigns');
  const state = useLoad(() => call(api.GET('/v1/campaigns')), [], 10_000);
  return (
    <section>
      <div class="page-head">
        <h1>Campaigns</h1>
        <Link href="/campaigns/new" class="button primary">
          New campaign
        </Link>
      </div>
      <Async state={state}>
        {({ campaigns }) =>
          campaigns.length === 0 ? (
            <p>No campaign yet. Create one to preview who it would reach.</p>
          ) : (
            <table>
              <caption class="visually-hidden">Campaigns</caption>
              <thead>
                <tr>
                  <th scope="col">Campaign</th>
                  <th scope="col">Status</th>
                  <th scope="col" class="num">
                    Audience
                  </th>
                  <th scope="col" class="num">
                    Sent
                  </th>
                  <th scope="col" class="num">
                    Responses
                  </th>
                  <th scope="col" class="num">
                    Lift so far
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...campaigns]
                  .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
                  .map((c) => (
                    <tr key={c.campaignId}>
                      <td>
                        <Link
                          href={
                            c.status === 'draft'
                              ? `/campaigns/${c.campaignId}/preview`
                              : `/campaigns/${c.campaignId}`
                          }
                        >
                          {c.name}
                        </Link>
                        <div class="muted small">{c.campaignId}</div>
                      </td>
                      <td>
                        <span class={`status status-${c.status}`}>{c.status}</span>
                      </td>
                      <td class="num">{count(c.launch?.selected)}</td>
                      <td class="num">{count(sentOf(c.report))}</td>
                      <td class="num">{count(c.report?.journeys.endedByCustomer)}</td>
                      <td class="num">
                        <Lift campaign={c} />
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )
        }
      </Async>
    </section>
  );
}
