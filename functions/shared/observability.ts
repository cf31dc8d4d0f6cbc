/**
 * Powertools Logger, Metrics and Tracer, created once per process. Only identifiers and counts
 * are logged or measured: profiles, emails, phones and request bodies are personal data and never
 * reach logs, metrics or traces. Outside Lambda, tracing is off and the local stack turns metrics
 * off (POWERTOOLS_METRICS_DISABLED), so the same code runs quietly on a laptop.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'reactivate';

export const logger = new Logger({ serviceName });
export const metrics = new Metrics({
  serviceName,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Reactivate',
});
/** What the handlers use of the tracer: SDK clients traced as X-Ray subsegments. */
export interface ClientTracer {
  captureAWSv3Client<T>(client: T): T;
}

/**
 * Loaded in Lambda only: the X-Ray SDK under the tracer tracks every promise with async hooks,
 * which cost the local stack (hundreds of journeys in one process) a tenth of its CPU for traces
 * nobody collects there.
 */
export const tracer: ClientTracer = process.env.AWS_LAMBDA_FUNCTION_NAME
  ? new (await import('@aws-lambda-powertools/tracer')).Tracer({ serviceName })
  : { captureAWSv3Client: (client) => client };

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
