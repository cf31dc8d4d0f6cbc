/**
 * A customer: profile, consent, purchases and scores with their inputs — P(alive) now, in 90 days
 * and at the churn moment against the threshold, the RFM segment, regularity, lapsed categories.
 */
import { useState } from 'preact/hooks';
import { Link, useLocation } from 'wouter-preact';
import { api, call } from '../api/client.js';
import type { Customer, CustomerTimeline } from '../api/models.js';
import { Async, ErrorPanel, useLoad, useTitle } from '../components/async.js';
import { Chart } from '../components/chart.js';
import { count, instant, instantIn, money, number, percent } from '../format.js';

type Timeline = CustomerTimeline;
type Scores = NonNullable<Customer['scores']>;

/** Where the churn moment came from, in a marketer's words. */
function churnMethod(s: Scores): string {
  const cycle = s.inputs?.purchaseCycle;
  if (s.churnMomentMethod === 'purchase-cycle' && cycle)
    return `from their own purchase cycle (usually every ${Math.round(cycle.usualGapDays)} days)`;
  return s.modelFit === 'shrunk-to-prior'
    ? `from the ${s.model} model, fitted with published parameters to lean on (too few customers to fit alone)`
    : `from the ${s.model} model`;
}

function AliveChart({ curve }: { curve: NonNullable<Timeline['pAlive']> }) {
  const labels = curve.points.map((p) => p.on);
  const churnAt = curve.churnMomentOn ? labels.findIndex((d) => d >= (curve.churnMomentOn as string)) : -1;
  const theta = curve.churnThreshold * 100;
  return (
    <Chart
      label={`P(alive) if no purchase comes, from ${labels[0]} to ${labels.at(-1)}: ${percent(curve.points[0]?.pAlive)} falling to ${percent(curve.points.at(-1)?.pAlive)}; threshold ${percent(curve.churnThreshold, 0)}; churn moment ${curve.churnMomentOn ?? 'none within the horizon'}`}
      config={{
        type: 'line',
        data: {
          labels,
          datasets: [
            {
              label: 'P(alive) without a purchase',
              data: curve.points.map((p) => p.pAlive * 100),
              borderColor: '#2f6db5',
              pointRadius: 0,
            },
            {
              label: `Threshold θ = ${percent(curve.churnThreshold, 0)}`,
              data: labels.map(() => theta),
              borderColor: '#b5562f',
              borderDash: [6, 4],
              pointRadius: 0,
            },
            {
              label: `Churn moment${curve.churnMomentOn ? ` (${curve.churnMomentOn})` : ''}`,
              data: labels.map((_, i) => (i === churnAt ? theta : null)),
              showLine: false,
              pointRadius: 8,
              pointStyle: 'triangle',
              backgroundColor: '#1d232b',
            },
          ],
        },
        options: { scales: { y: { min: 0, max: 100, title: { display: true, text: 'P(alive) %' } } } },
      }}
    />
  );
}

function Journeys({ timeline, timeZone }: { timeline: Timeline; timeZone?: string }) {
  if (timeline.journeys.length === 0) return <p>No campaign has enrolled this customer.</p>;
  return (
    <ol class="journeys" data-testid="journeys">
      {timeline.journeys.map((j) => (
        <li key={j.campaignId}>
          <h3>
            <Link href={`/campaigns/${encodeURIComponent(j.campaignId)}`}>{j.campaignName}</Link>{' '}
            <span class={`status status-${j.status}`}>{j.status}</span>
            {j.exitReason ? <span class="muted small"> · {j.exitReason}</span> : null}
          </h3>
          <ol class="steps">
            {j.timeline.map((t) => (
              <li key={`${t.at}-${t.step}-${t.outcome}`}>
                {timeZone ? instantIn(t.at, timeZone) : instant(t.at)} — {t.step}: {t.outcome}
                {t.reason ? ` (${t.reason})` : ''}
              </li>
            ))}
          </ol>
        </li>
      ))}
    </ol>
  );
}

function CustomerBody({ c, timeline }: { c: Customer; timeline?: Timeline }) {
  const s = c.scores;
  return (
    <>
      <section aria-labelledby="profile-title">
        <h2 id="profile-title">Profile</h2>
        <dl class="figures">
          <div>
            <dt>Name</dt>
            <dd>{c.firstName ?? '—'}</dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd>{c.email ?? '—'}</dd>
          </div>
          <div>
            <dt>Phone</dt>
            <dd>{c.phone ?? '—'}</dd>
          </div>
          <div>
            <dt>Time zone</dt>
            <dd>{c.timeZone ?? '—'}</dd>
          </div>
          <div>
            <dt>Consent</dt>
            <dd data-testid="consent">
              email {c.consent.email ? 'yes' : 'no'} · SMS {c.consent.sms ? 'yes' : 'no'}
            </dd>
          </div>
          <div>
            <dt>Orders</dt>
            <dd>
              {count(c.purchases?.orders)} · {money(c.purchases?.spend)}
            </dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="scores-title">
        <h2 id="scores-title">Scores</h2>
        {!s ? (
          <p>Not scored yet: run `reactivate score` or the scoring workflow.</p>
        ) : (
          <div class="two-columns">
            <dl class="figures" data-testid="scores">
              <div>
                <dt>P(alive) now</dt>
                <dd>{percent(s.pAlive)}</dd>
              </div>
              <div>
                <dt>Churn moment</dt>
                <dd data-testid="churn-moment">
                  {s.churnMomentOn ?? 'not within the horizon'} (P(alive) below {percent(s.churnThreshold, 0)}
                  )
                  <span class="muted small" data-testid="churn-method">
                    {' '}
                    {churnMethod(s)}
                  </span>
                </dd>
              </div>
              <div>
                <dt>Expected next order</dt>
                <dd>{s.expectedNextOrderOn ?? '—'}</dd>
              </div>
              <div>
                <dt>Value, next 365 days</dt>
                <dd>{money(s.clv365Days)}</dd>
              </div>
              <div>
                <dt>RFM segment</dt>
                <dd>
                  {s.rfm.segment} (R{s.rfm.recency} F{s.rfm.frequency} M{s.rfm.monetary})
                </dd>
              </div>
              <div>
                <dt>Regularity</dt>
                <dd>
                  {s.regularity ?? '—'}{' '}
                  {s.gapCv !== null && s.gapCv !== undefined ? `(gap CV ${number(s.gapCv)})` : ''}
                </dd>
              </div>
              <div>
                <dt>Lapsed categories</dt>
                <dd>{s.lapsedCategories?.length ? s.lapsedCategories.join(', ') : 'none'}</dd>
              </div>
              <div>
                <dt>Inputs</dt>
                <dd>
                  {count(s.inputs?.repeatPurchases)} repeat purchases, last {s.inputs?.lastPurchaseOn ?? '—'},
                  observed {count(s.inputs?.observedDays)} days
                </dd>
              </div>
              <div>
                <dt>Model</dt>
                <dd>
                  {s.model} {s.modelVersion.slice(0, 12)}, scored {instant(s.scoredAt)}
                </dd>
              </div>
            </dl>
            {timeline?.pAlive ? <AliveChart curve={timeline.pAlive} /> : null}
          </div>
        )}
      </section>
      <section aria-labelledby="journeys-title">
        <h2 id="journeys-title">Journeys</h2>
        {timeline ? <Journeys timeline={timeline} timeZone={c.timeZone} /> : <p class="loading">Loading…</p>}
      </section>
    </>
  );
}

export function CustomerPage({ customerId }: { customerId: string }) {
  useTitle(`Customer ${customerId}`);
  const state = useLoad(
    () => call(api.GET('/v1/customers/{customerId}', { params: { path: { customerId } } })),
    [customerId],
  );
  const timeline = useLoad(
    () => call(api.GET('/v1/customers/{customerId}/timeline', { params: { path: { customerId } } })),
    [customerId],
  );
  return (
    <section>
      <h1>Customer {customerId}</h1>
      <Async state={state}>{(c) => <CustomerBody c={c} timeline={timeline.data} />}</Async>
      {timeline.error && state.data ? <ErrorPanel error={timeline.error} /> : null}
    </section>
  );
}

export function CustomerSearchPage() {
  useTitle('Customers');
  const [, navigate] = useLocation();
  const [id, setId] = useState('');
  return (
    <section>
      <h1>Customers</h1>
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          if (id.trim()) navigate(`/customers/${encodeURIComponent(id.trim())}`);
        }}
      >
        <label for="customer-id">Customer id</label>
        <input id="customer-id" value={id} onInput={(e) => setId(e.currentTarget.value)} required />
        <button type="submit">Open</button>
      </form>
    </section>
  );
}
