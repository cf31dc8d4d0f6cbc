/** The figures a campaign's pages show, read from its report: one definition for list, run and report. */
import type { Report } from '../api/models.js';

/** Messages sent so far: emails and SMS. */
export const sentOf = (report: Report | undefined) =>
  report ? (report.steps.email?.sent ?? 0) + (report.steps.sms?.sent ?? 0) : undefined;

/** The funnel of a running campaign, step by step, in the order a journey meets them. */
export function funnelOf(report: Report): { key: string; label: string; value: number }[] {
  const { journeys, steps } = report;
  return [
    { key: 'enrolled', label: 'Enrolled', value: journeys.enrolled },
    { key: 'waiting', label: 'Waiting for their moment', value: journeys.waiting },
    { key: 'emailed', label: 'Emailed', value: steps.email?.sent ?? 0 },
    { key: 'sms', label: 'SMS sent', value: steps.sms?.sent ?? 0 },
    { key: 'call', label: 'Call scheduled', value: steps.call?.scheduled ?? 0 },
    { key: 'responded', label: 'Responded', value: journeys.endedByCustomer },
    { key: 'ended', label: 'Ended by the campaign', value: journeys.endedByCampaign },
    { key: 'completed', label: 'Completed', value: journeys.completed },
    { key: 'failed', label: 'Failed', value: journeys.failed },
  ];
}
