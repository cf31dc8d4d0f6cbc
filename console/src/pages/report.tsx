/**
 * A campaign's report: reactivation of the contacted against the control group with 95 %
 * intervals, revenue, cost and ROI with its uncertainty, why customers left, per-step figures;
 * exported as CSV.
 */
import { Link } from 'wouter-preact';
import { api, call } from '../api/client.js';
import type { Report } from '../api/models.js';
import { Async, useLoad, useTitle } from '../components/async.js';
import { IntervalChart } from '../components/interval-chart.js';
import { breakdown, count, interval, money, number, percent, points } from '../format.js';
import { reportCsv } from './report-csv.js';

function download(report: Report) {
  const url = URL.createObjectURL(new Blob([reportCsv(report)], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${report.campaignId}-report.csv`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

function ReactivationChart({ report }: { report: Report }) {
  const r = report.reactivation;
  if (!r) return null;
  const groups = [
    { label: 'Contacted (enrolled)', rate: r.enrolled },
    { label: 'Control (held out)', rate: r.heldOut },
  ];
  return (
    <IntervalChart
      label={`Reactivation: ${groups.map((g) => `${g.label} ${percent(g.rate.rate)} (95 % interval ${interval(g.rate.ci95, (n) => percent(n))})`).join('; ')}`}
      valueLabel="Reactivation rate"
      axis={{ title: '% reactivated' }}
      estimates={groups.map((g) => ({
        label: g.label,
        value: g.rate.rate === null ? null : g.rate.rate * 100,
        interval: g.rate.ci95 ? [g.rate.ci95.low * 100, g.rate.ci95.high * 100] : null,
      }))}
    />
  );
}

function ReportBody({ report }: { report: Report }) {
  const { reactivation: r, revenue, cost, roi, journeys, steps, kpis: k } = report;
  return (
    <>
      <section aria-labelledby="lift-title">
        <h2 id="lift-title">Reactivation against the control group</h2>
        <div class="two-columns">
          <dl class="figures" data-testid="reactivation">
            <div>
              <dt>Contacted</dt>
              <dd>
                {percent(r?.enrolled.rate)} of {count(r?.enrolled.of)}{' '}
                <span class="muted">({interval(r?.enrolled.ci95, (n) => percent(n))})</span>
              </dd>
            </div>
            <div>
              <dt>Control</dt>
              <dd>
                {percent(r?.heldOut.rate)} of {count(r?.heldOut.of)}{' '}
                <span class="muted">({interval(r?.heldOut.ci95, (n) => percent(n))})</span>
              </dd>
            </div>
            <div>
              <dt>Lift</dt>
              <dd data-testid="lift">
                {r?.lift ? (
                  <>
                    {points(r.lift.difference)}{' '}
                    <span class="muted">(95 %: {interval(r.lift.ci95, points)})</span>
                    {r.significant ? '' : ' — not significant'}
                  </>
                ) : (
                  'not measurable yet'
                )}
              </dd>
            </div>
          </dl>
          <ReactivationChart report={report} />
        </div>
      </section>
      <section aria-labelledby="money-title">
        <h2 id="money-title">Revenue, cost and return</h2>
        <dl class="figures">
          <div>
            <dt>Revenue per contacted customer</dt>
            <dd>{money(revenue?.meanA)}</dd>
          </div>
          <div>
            <dt>Revenue per control customer</dt>
            <dd>{money(revenue?.meanB)}</dd>
          </div>
          <div>
            <dt>Incremental revenue</dt>
            <dd>
              {money(revenue?.incremental)}{' '}
              {revenue?.ci95 && (
                <span class="muted">(per customer 95 %: {interval(revenue.ci95, (n) => money(n))})</span>
              )}
            </dd>
          </div>
          <div>
            <dt>Cost</dt>
            <dd>
              {money(cost?.total)}{' '}
              <span class="muted">
                (email {money(cost?.email)}, SMS {money(cost?.sms)}, calls {money(cost?.calls)}, AWS{' '}
                {money(cost?.aws)}, discounts {money(cost?.discounts)})
              </span>
            </dd>
          </div>
          <div>
            <dt>Incremental reactivations</dt>
            <dd data-testid="incremental">
              {k?.incrementalReactivations ? (
                <>
                  {number(k.incrementalReactivations.value)}{' '}
                  <span class="muted">(95 %: {interval(k.incrementalReactivations.ci95, number)})</span>
                </>
              ) : (
                'not measurable yet'
              )}
            </dd>
          </div>
          <div>
            <dt>Cost per incremental reactivation</dt>
            <dd>
              {k?.costPerIncrementalReactivation ? (
                <>
                  {money(k.costPerIncrementalReactivation.value)}{' '}
                  <span class="muted">
                    (95 %: {money(k.costPerIncrementalReactivation.ci95.low)} –{' '}
                    {k.costPerIncrementalReactivation.ci95.high === null
                      ? 'unbounded'
                      : money(k.costPerIncrementalReactivation.ci95.high)}
                    )
                  </span>
                </>
              ) : (
                'no positive lift yet'
              )}
            </dd>
          </div>
          <div>
            <dt>Average order of the reactivated</dt>
            <dd>
              {money(k?.averageOrderValue.enrolled ?? undefined)}{' '}
              <span class="muted">(control: {money(k?.averageOrderValue.heldOut ?? undefined)})</span>
            </dd>
          </div>
          <div>
            <dt>Value of those who came back</dt>
            <dd>
              {money(k?.expectedValueOfReactivated)}{' '}
              <span class="muted">(the model's 365-day value at enrolment)</span>
            </dd>
          </div>
          <div>
            <dt>ROI</dt>
            <dd data-testid="roi">
              {roi ? (
                <>
                  {number(roi.value)}× <span class="muted">(95 %: {interval(roi.ci95, number)})</span>
                  {roi.significant
                    ? ''
                    : ' — the interval includes 0: the campaign may as well have lost money'}
                </>
              ) : (
                'not measurable yet'
              )}
            </dd>
          </div>
        </dl>
      </section>
      {report.offers &&
      report.offers.codesGiven + report.offers.fellBack.sharedCode + report.offers.fellBack.noMessage > 0 ? (
        <section aria-labelledby="codes-title">
          <h2 id="codes-title">Personal codes</h2>
          <dl class="figures" data-testid="offer-codes">
            <div>
              <dt>Codes given</dt>
              <dd>{count(report.offers.codesGiven)}</dd>
            </div>
            <div>
              <dt>Pool ran out</dt>
              <dd>
                {count(report.offers.fellBack.sharedCode)} got the shared code,{' '}
                {count(report.offers.fellBack.noMessage)} no message
              </dd>
            </div>
            <div>
              <dt>Redemptions</dt>
              <dd>
                {count(report.offers.redemptions)} of {count(report.offers.redeemedCodes)} codes{' '}
                <span class="muted">({count(report.offers.redeemedByOthers)} by someone else)</span>
              </dd>
            </div>
            <div>
              <dt>Discounts given</dt>
              <dd>{money(report.offers.discountGiven)}</dd>
            </div>
          </dl>
        </section>
      ) : null}
      {report.variants ? <VariantsSection variants={report.variants} /> : null}
      <section aria-labelledby="reasons-title">
        <h2 id="reasons-title">Why customers left</h2>
        {report.leavingReasons && Object.keys(report.leavingReasons).length > 0 ? (
          <table data-testid="leaving-reasons">
            <thead>
              <tr>
                <th scope="col">Reason</th>
                <th scope="col" class="num">
                  Survey answers
                </th>
                <th scope="col" class="num">
                  Calls
                </th>
                <th scope="col" class="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(report.leavingReasons)
                .sort(([, a], [, b]) => b.total - a.total)
                .map(([reason, n]) => (
                  <tr key={reason}>
                    <th scope="row">{reason}</th>
                    <td class="num">{count(n.survey)}</td>
                    <td class="num">{count(n.call)}</td>
                    <td class="num">{count(n.total)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        ) : (
          <p>
            No reasons yet: neither survey answers ({count(report.surveys?.answers)}) nor calls have given
            one.
          </p>
        )}
      </section>
      <section aria-labelledby="steps-title">
        <h2 id="steps-title">Per step</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col" class="num">
                Came to it
              </th>
              <th scope="col" class="num">
                Sent
              </th>
              <th scope="col">Skipped</th>
              <th scope="col" class="num">
                Responded after it
              </th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Email</th>
              <td class="num">{count(steps.email?.eligible)}</td>
              <td class="num">{count(steps.email?.sent)}</td>
              <td>{breakdown(steps.email?.skipped)}</td>
              <td class="num">{count(steps.email?.responded)}</td>
            </tr>
            <tr>
              <th scope="row">SMS</th>
              <td class="num">{count(steps.sms?.eligible)}</td>
              <td class="num">
                {count(steps.sms?.sent)}
                {steps.sms?.parts !== undefined && steps.sms.parts !== steps.sms.sent ? (
                  <span class="muted"> ({count(steps.sms.parts)} billed parts)</span>
                ) : null}
              </td>
              <td>{breakdown(steps.sms?.skipped)}</td>
              <td class="num">{count(steps.sms?.responded)}</td>
            </tr>
            <tr>
              <th scope="row">Call</th>
              <td class="num">{count(steps.call?.scheduled)}</td>
              <td class="num">{count(steps.call?.tasks)}</td>
              <td>{breakdown(steps.call?.skipped)}</td>
              <td class="num">{count(steps.call?.done)}</td>
            </tr>
          </tbody>
        </table>
        <p>
          Journeys: {count(journeys.enrolled)} enrolled, {count(journeys.contacted)} contacted,{' '}
          {count(journeys.active)} still running, {count(journeys.failed)} failed.
        </p>
      </section>
    </>
  );
}

export function ReportPage({ campaignId }: { campaignId: string }) {
  useTitle(`Report ${campaignId}`);
  const state = useLoad(
    () => call(api.GET('/v1/campaigns/{campaignId}/report', { params: { path: { campaignId } } })),
    [campaignId],
    10_000,
  );
  return (
    <section>
      <div class="page-head">
        <h1>Report: {campaignId}</h1>
        <button type="button" disabled={!state.data} onClick={() => state.data && download(state.data)}>
          Export CSV
        </button>
      </div>
      <nav aria-label="Campaign" class="tabs">
        <Link href={`/campaigns/${campaignId}`}>Run</Link>
        <Link href={`/campaigns/${campaignId}/preview`}>Preview</Link>
        <Link href={`/campaigns/${campaignId}/report`} aria-current="page">
          Report
        </Link>
      </nav>
      <Async state={state}>{(r) => <ReportBody report={r} />}</Async>
    </section>
  );
}

function VariantsSection({ variants }: { variants: NonNullable<Report['variants']> }) {
  return (
    <section aria-labelledby="variants-title">
      <h2 id="variants-title">Variants against the control group</h2>
      <p data-testid="variant-winner">
        {variants.winner
          ? `Winner: ${variants.winner} — its reactivation interval lies above every other variant's.`
          : "No winner yet: no variant's reactivation interval lies above all the others'."}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col" class="num">
              Share
            </th>
            <th scope="col" class="num">
              Enrolled
            </th>
            <th scope="col">Reactivated (95 %)</th>
            <th scope="col">Lift over control (95 %)</th>
          </tr>
        </thead>
        <tbody>
          {variants.variants.map((v) => (
            <tr key={v.id}>
              <th scope="row">{v.name ? `${v.id} (${v.name})` : v.id}</th>
              <td class="num">{v.share} %</td>
              <td class="num">{count(v.enrolled)}</td>
              <td>
                {percent(v.reactivation.rate)}{' '}
                <span class="muted">({interval(v.reactivation.ci95, (n) => percent(n))})</span>
              </td>
              <td>
                {v.lift ? (
                  <>
                    {points(v.lift.difference)} <span class="muted">({interval(v.lift.ci95, points)})</span>
                    {v.lift.significant ? '' : ' — not significant'}
                  </>
                ) : (
                  'not measurable yet'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {variants.pairwise.length > 0 ? (
        <ul class="muted">
          {variants.pairwise.map((p) => (
            <li key={`${p.a}-${p.b}`}>
              {p.a} − {p.b}: {points(p.difference)} (95 %: {interval(p.ci95, points)})
              {p.significant ? '' : ', not significant'}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
