/**
 * What counts as a failure worth a person's attention, one alarm helper per kind. Each alarm is
 * made next to the resource it watches (the house function, the API, the SES feedback, every
 * dead-letter queue, every state machine); `NotifyOperators` (operations.ts) sends them all to
 * the operators' topic.
 */
import { Duration } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config.js';

const FIVE_MINUTES = Duration.minutes(5);

/** Any message in a dead-letter queue: something failed for good and waits for a redrive. */
export function alarmOnDeadLetters(scope: Construct, queue: IQueue, of: string): Alarm {
  return new Alarm(scope, 'DepthAlarm', {
    alarmDescription: `A message is waiting in the dead-letter queue of ${of}: find the cause in the logs, fix it, then \`reactivate redrive\` (docs/deploy.md)`,
    metric: queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
    threshold: 0,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}

/**
 * A function that errs in two of three five-minute periods: a lasting problem, not one failure
 * its caller retried. Throttles are not counted here: a launch that starts thousands of journeys
 * is throttled by design and its retries absorb it; throttling that outlives the retries shows up
 * as a failed execution, a dead letter or an API 5xx, each alarmed on its own, and the dashboard
 * charts throttles next to errors.
 */
export function alarmOnFunctionFailures(scope: Construct, fn: IFunction, description: string): Alarm {
  return new Alarm(scope, 'FailureAlarm', {
    alarmDescription: `${description}: errors in 2 of the last 3 five-minute periods — see its log group`,
    metric: fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
    threshold: 1,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}

/** The share of API requests answered with a 5xx (the 5XXError average), in 2 of 3 periods. */
export function alarmOnServerErrors(scope: Construct, api: RestApi, rate: number): Alarm {
  return new Alarm(scope, 'ServerErrorAlarm', {
    alarmDescription: `More than ${rate * 100}% of API requests answered 5xx in 2 of the last 3 five-minute periods — see the API functions' alarms and logs`,
    metric: api.metricServerError({ period: FIVE_MINUTES, statistic: 'Average' }),
    threshold: rate,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}

/** The account's SES reputation, which SES reviews at 5% bounces and 0.1% complaints. */
export const sesReputation = {
  bounceRate: new Metric({
    namespace: 'AWS/SES',
    metricName: 'Reputation.BounceRate',
    statistic: 'Maximum',
    period: Duration.hours(1),
  }),
  complaintRate: new Metric({
    namespace: 'AWS/SES',
    metricName: 'Reputation.ComplaintRate',
    statistic: 'Maximum',
    period: Duration.hours(1),
  }),
};

/**
 * Alarms before SES does: the account-wide rates (SES judges the account, so other senders in it
 * count too), at the thresholds of `operations.alarms`, below SES's review levels.
 */
export function alarmOnSesReputation(
  scope: Construct,
  thresholds: StageConfig['operations']['alarms'],
): Alarm[] {
  const alarm = (id: string, metric: Metric, threshold: number, what: string, review: string) =>
    new Alarm(scope, id, {
      alarmDescription: `The account's SES ${what} rate reached ${threshold * 100}% (SES reviews the account at ${review}): campaigns pause themselves at their own limits; find the sending campaign and its list`,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  return [
    alarm('BounceRateAlarm', sesReputation.bounceRate, thresholds.sesBounceRate, 'bounce', '5%'),
    alarm(
      'ComplaintRateAlarm',
      sesReputation.complaintRate,
      thresholds.sesComplaintRate,
      'complaint',
      '0.1%',
    ),
  ];
}
