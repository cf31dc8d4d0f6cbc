/**
 * Powertools Metrics, one per process: counts by outcome, never personal data. Outside Lambda the
 * local stack turns metrics off (POWERTOOLS_METRICS_DISABLED), so the same code runs quietly on a
 * laptop.
 *
 * Tracing: Lambda's active tracing records each invocation in X-Ray without any code here. The
 * X-Ray SDK (and Powertools Tracer, built on it) is not used: AWS put it in maintenance mode on
 * 25 February 2026 (end of support 25 February 2027) in favour of OpenTelemetry, and it was a
 * third of every bundle and of its cold start. docs/architecture.md says how to add OpenTelemetry.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { serviceName } from './logger.js';

export const metrics = new Metrics({
  serviceName,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Reactivate',
});

/** Publishes counts by outcome, e.g. `{ accepted: 3 }` of `Orders` as the metric `OrdersAccepted`. */
export function publishOutcomes(kind: string, counts: Readonly<Record<string, number>>): void {
  const entries = Object.entries(counts);
  for (const [status, n] of entries) {
    metrics.addMetric(`${kind}${status.charAt(0).toUpperCase()}${status.slice(1)}`, MetricUnit.Count, n);
  }
  if (entries.length > 0) metrics.publishStoredMetrics();
}

/**
 * Counts a journey step's outcome under its channel — `EmailSent`, `SmsSkipped`, `CallScheduled` —
 * per function (`function_name`, as Powertools' cold-start metric), so that each stage's
 * dashboard reads the counts of its own functions.
 */
export function publishStepOutcome(channel: 'Email' | 'Sms' | 'Call', outcome: string): void {
  const name = outcome.replace(/(?:^|[\s-]+)(\w)/g, (_, c: string) => c.toUpperCase());
  const metric = metrics.singleMetric();
  metric.addDimension('function_name', process.env.AWS_LAMBDA_FUNCTION_NAME ?? serviceName);
  metric.addMetric(name.startsWith(channel) ? name : `${channel}${name}`, MetricUnit.Count, 1);
}
