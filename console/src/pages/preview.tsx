/**
 * A campaign's preview: who it would reach by segment, who is skipped and why, the warnings, the
 * planned sends per day by channel, and sample customers' timelines in their own time zones —
 * then Start.
 */
import { useState } from 'preact/hooks';
import { Link, useLocation } from 'wouter-preact';
import { api, call } from '../api/client.js';
import { idempotencyKey, type Preview } from '../api/models.js';
import { Async, ErrorPanel, useLoad, useTitle } from '../components/async.js';
import { Chart } from '../components/chart.js';
import { breakdown, count, instant } from '../format.js';

const CHANNELS = [
  { key: 'email', label: 'Emails', color: '#2f6db5' },
  { key: 'sms', label: 'SMS', color: '#b5562f' },
  { key: 'call', label: 'Calls', color: '#3a8a3a' },
] as const;

function PlannedChart({ preview }: { preview: Preview }) {
  const planned = preview.plannedByDay;
  const days = [...new Set(CHANNELS.flatMap((c) => Object.keys(planned[c.key])))].sort();
  if (days.length === 0) return <p>Nothing planned: nobody in the audience would be contacted.</p>;
  return (
    <>
      <Chart
        label={`Planned sends per day by channel over ${days.length} days`}
        config={{
          type: 'bar',
          data: {
            labels: days,
            datasets: CHANNELS.map((c) => ({
              label: c.label,
              data: days.map((d) => planned[c.key][d] ?? 0),
              backgroundColor: c.color,
            })),
          },
          options: { scales: { x: { stacked: true }, y: { stacked: true } } },
        }}
      />
      <details>
        <summary>Planned sends per day, as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {CHANNELS.map((c) => (
                <th scope="col" class="num" key={c.key}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d}>
                <th scope="row">{d}</th>
                {CHANNELS.map((c) => (
                  <td class="num" key={c.key}>
                    {count(planned[c.key][d] ?? 0)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}

function PreviewBody({ preview, campaignId }: { preview: Preview; campaignId: string }) {
  const { audience, channels } = preview;
  return (
    <>
      <section aria-labelledby="audience-title">
        <h2 id="audience-title">Audience</h2>
        <dl class="figures" data-testid="audience">
          <div>
            <dt>Scored customers looked at</dt>
            <dd>{count(audience.scanned)}</dd>
          </div>
          <div>
            <dt>Selected</dt>
            <dd>{count(audience.selected)}</dd>
          </div>
          <div>
            <dt>Control group (held out)</dt>
            <dd>{count(audience.heldOut)}</dd>
          </div>
          <div>
            <dt>Would be reached</dt>
            <dd data-testid="reached">{count(audience.reached)}</dd>
          </div>
          <div>
            <dt>By email</dt>
            <dd>{count(channels.email)}</dd>
          </div>
          <div>
            <dt>By SMS</dt>
            <dd>{count(channels.sms)}</dd>
          </div>
          <div>
            <dt>Call only</dt>
            <dd>{count(channels.callOnly)}</dd>
          </div>
        </dl>
        {channels.estimatedFrom && (
          <p class="muted">
            Channel figures estimated from {count(channels.estimatedFrom.profiles)} of{' '}
            {count(channels.estimatedFrom.of)} profiles.
          </p>
        )}
        <h3>By segment</h3>
        <p>{breakdown(audience.bySegment)}</p>
        <h3>Skipped, by reason</h3>
        <ul class="plain">
          <li>Not in the audience: {breakdown(audience.excluded)}</li>
          <li>No email: {breakdown(channels.skipped?.email)}</li>
          <li>No SMS: {breakdown(channels.skipped?.sms)}</li>
          <li>Not enrolled at start: {breakdown(channels.notEnrolled)}</li>
        </ul>
      </section>
      <section aria-labelledby="warnings-title">
        <h2 id="warnings-title">Warnings</h2>
        {preview.warnings?.length ? (
          <ul class="warnings" data-testid="warnings">
            {preview.warnings.map((w) => (
              <li key={w.code} data-code={w.code}>
                <strong>{w.code}</strong> ({count(w.count)}): {w.message}
              </li>
            ))}
          </ul>
        ) : (
          <p>None.</p>
        )}
      </section>
      <section aria-labelledby="planned-title">
        <h2 id="planned-title">Planned sends per day</h2>
        <p class="muted">If nobody responds: every later step is cancelled by a response.</p>
        <PlannedChart preview={preview} />
      </section>
      <section aria-labelledby="sample-title">
        <h2 id="sample-title">Sample customers</h2>
        {(preview.sample ?? []).length === 0 ? (
          <p>No sample: nobody would be enrolled.</p>
        ) : (
          <ul class="samples">
            {(preview.sample ?? []).map((s) => (
              <li key={s.customerId}>
                <Link href={`/customers/${encodeURIComponent(s.customerId)}`}>{s.customerId}</Link> (
                {s.timeZone})
                <ol>
                  {s.timeline.map((t) => (
                    <li key={t.step}>
                      {t.step}: {t.local} their time <span class="muted">({instant(t.at)} yours)</span>
                    </li>
                  ))}
                </ol>
                {s.email && <p class="muted small">Subject: {s.email.subject}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <p class="muted small">
        Preview of {campaignId} made {instant(preview.generatedAt)}.
      </p>
    </>
  );
}

export function PreviewPage({ campaignId }: { campaignId: string }) {
  useTitle(`Preview ${campaignId}`);
  const [, navigate] = useLocation();
  const campaign = useLoad(
    () => call(api.GET('/v1/campaigns/{campaignId}', { params: { path: { campaignId } } })),
    [campaignId],
  );
  const preview = useLoad(
    () => call(api.POST('/v1/campaigns/{campaignId}/preview', { params: { path: { campaignId } } })),
    [campaignId],
  );
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  async function start() {
    setStarting(true);
    setError(undefined);
    try {
      await call(
        api.POST('/v1/campaigns/{campaignId}/{action}', {
          params: { path: { campaignId, action: 'start' }, header: idempotencyKey() },
        }),
      );
      navigate(`/campaigns/${campaignId}`);
    } catch (e) {
      setError(e as Error);
      setStarting(false);
    }
  }
  return (
    <section>
      <div class="page-head">
        <h1>Preview: {campaign.data?.name ?? campaignId}</h1>
        {campaign.data?.status === 'draft' && (
          <Link href={`/campaigns/${campaignId}/edit`} class="button">
            Edit
          </Link>
        )}
        {campaign.data?.status === 'draft' && (
          <button
            type="button"
            class="primary"
            disabled={starting || !preview.data}
            onClick={() => void start()}
          >
            {starting ? 'Starting…' : 'Start the campaign'}
          </button>
        )}
      </div>
      <nav aria-label="Campaign" class="tabs">
        <Link href={`/campaigns/${campaignId}`}>Run</Link>
        <Link href={`/campaigns/${campaignId}/preview`} aria-current="page">
          Preview
        </Link>
        <Link href={`/campaigns/${campaignId}/report`}>Report</Link>
      </nav>
      {error && <ErrorPanel error={error} />}
      <Async state={preview}>{(p) => <PreviewBody preview={p} campaignId={campaignId} />}</Async>
    </section>
  );
}
