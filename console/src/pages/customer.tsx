/**
 * A customer: profile, consent, purchases and scores with their inputs — P(alive) now, in 90 days
 * and at the churn moment against the threshold, the RFM segment, regularity, lapsed categories.
 */
import { useState } from 'preact/hooks';
import { useLocation } from 'wouter-preact';
import { api, call } from '../api/client.js';
import type { Customer } from '../api/models.js';
import { Async, useLoad, useTitle } from '../components/async.js';
import { Chart } from '../components/chart.js';
import { count, instant, money, number, percent } from '../format.js';

const DAY = 86_400_000;

function AliveChart({ scores }: { scores: NonNullable<Customer['scores']> }) {
  const asOf = Date.parse(scores.asOf);
  const points = [
    { label: `Scored (${scores.asOf})`, day: 0, p: scores.pAlive },
    { label: '90 days later, no purchase', day: 90, p: scores.pAliveIn90Days ?? null },
    ...(scores.churnMomentOn
      ? [
          {
            label: `Churn moment (${scores.churnMomentOn})`,
            day: (Date.parse(scores.churnMomentOn) - asOf) / DAY,
            p: scores.churnThreshold,
          },
        ]
      : []),
  ].filter((p): p is { label: string; day: number; p: number } => p.p !== null && p.p !== undefined);
  const last = Math.max(120, ...points.map((p) => p.day));
  return (
    <Chart
      label={`P(alive) if no purchase comes: ${points.map((p) => `${p.label} ${percent(p.p)}`).join(', ')}; threshold ${percent(scores.churnThreshold)}`}
      config={{
        type: 'scatter',
        data: {
          datasets: [
            {
              label: 'P(alive) without a purchase',
              data: points.map((p) => ({ x: p.day, y: p.p * 100 })),
              pointRadius: 6,
              backgroundColor: '#2f6db5',
            },
            {
              type: 'line',
              label: `Threshold θ = ${percent(scores.churnThreshold, 0)}`,
              data: [
                { x: 0, y: scores.churnThreshold * 100 },
                { x: last, y: scores.churnThreshold * 100 },
              ],
              borderColor: '#b5562f',
              borderDash: [6, 4],
              pointRadius: 0,
            },
          ],
        },
        options: {
          scales: {
            x: {
              type: 'linear',
              min: 0,
              max: last,
              title: { display: true, text: `days after ${scores.asOf}` },
            },
            y: { min: 0, max: 100, title: { display: true, text: 'P(alive) %' } },
          },
        },
      }}
    />
  );
}

function CustomerBody({ c }: { c: Customer }) {
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
            <AliveChart scores={s} />
          </div>
        )}
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
  return (
    <section>
      <h1>Customer {customerId}</h1>
      <Async state={state}>{(c) => <CustomerBody c={c} />}</Async>
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
