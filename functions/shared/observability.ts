/**
 * Powertools Logger, Metrics and Tracer, created once per process. Only identifiers and counts
 * are logged or measured: profiles, emails, phones and request bodies are personal data and never
 * reach logs, metrics or traces. Outside Lambda, tracing is off and the local stack turns metrics
 * off (POWERTOOLS_METRICS_DISABLED), so the same code runs quietly on a laptop.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'reactivate';

export const logger = new Logger({ serviceName });
export const metrics = new Metrics({
  serviceName,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Reactivate',
});
export const tracer = new Tracer({ serviceName });

/** Counts outcomes by status as metrics, e.g. `OrdersAccepted`, `OrdersRejected`, and publishes them. */
export function publishOutcomes(kind: string, outcomes: readonly { status: string }[]): void {
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
  for (const [status, n] of counts) {
    metrics.addMetric(`${kind}${status.charAt(0).toUpperCase()}${status.slice(1)}`, MetricUnit.Count, n);
  }
  if (counts.size > 0) metrics.publishStoredMetrics();
}
