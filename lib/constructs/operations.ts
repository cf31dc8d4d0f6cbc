/**
 * Operations: who hears about a failure, what counts as one, and where operators look.
 *
 * - `OperatorsTopic` (stateful stack) is the stage's SNS topic for operators, subscribed from
 *   `operations.alerts`. It lives with the data because its subscribers confirm by hand: a
 *   redeployed stateless stack must not ask them again.
 * - `NotifyOperators` is an Aspect that gives every CloudWatch alarm of the app the topic as its
 *   alarm and OK action, so an alarm added anywhere reaches a person without being wired by hand.
 * - What counts as a failure is in alarms.ts; each alarm is made next to what it watches.
 * - `OperationsDashboard` (workflow stack) charts campaign throughput, sends per channel, journey
 *   outcomes and errors for the stage.
 * - `declareRedrive` publishes a dead-letter queue and its target for `reactivate redrive`.
 */
import {
  Annotations,
  CfnOutput,
  Duration,
  type IAspect,
  RemovalPolicy,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type GraphWidgetProps,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { type IFunction, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { type ITopic, SubscriptionProtocol, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, UrlSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { type IQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, type IConstruct } from 'constructs';
import { isDevStage, type StageConfig } from '../config.js';
import { type DeadLetterQueueName, type RedriveOutput, redriveOutputKey } from '../dead-letter-queues.js';
import { sesReputation } from './alarms.js';
import { deadLetterQueue } from './workflow-parts.js';

/** Powertools metrics of the handlers (functions/shared/observability.ts). */
const METRICS_NAMESPACE = 'Reactivate';
const FIVE_MINUTES = Duration.minutes(5);

export interface OperatorsTopicProps {
  config: StageConfig;
}

/** The operators' topic and its subscriptions from `operations.alerts`. */
export class OperatorsTopic extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: OperatorsTopicProps) {
    super(scope, id);
    const { config } = props;
    this.topic = new Topic(this, 'Topic', {
      displayName: `Reactivate ${config.stage}: alarms`,
      enforceSSL: true,
    });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry alarm names, metric values and thresholds — no personal data; CloudWatch cannot publish to a topic under the AWS-managed SNS key, so encryption would need a customer-managed key and key policy for nothing to protect.',
    });
    if (config.operations.alerts.length === 0) {
      if (!isDevStage(config))
        Annotations.of(this).addWarningV2(
          'reactivate:no-alert-subscription',
          `Stage ${config.stage} has no operations.alerts: its alarms reach nobody until someone subscribes to the operators topic.`,
        );
      return;
    }
    // A notification SNS could not deliver (an HTTPS endpoint down) is kept, and its queue's own
    // alarm reaches the subscribers that still work.
    const undelivered = deadLetterQueue(
      this,
      'UndeliveredAlerts',
      "the operators topic's subscriptions",
      isDevStage(config) ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    );
    for (const alert of config.operations.alerts) {
      if (alert.email)
        this.topic.addSubscription(new EmailSubscription(alert.email, { deadLetterQueue: undelivered }));
      else if (alert.https)
        this.topic.addSubscription(
          new UrlSubscription(alert.https, {
            protocol: SubscriptionProtocol.HTTPS,
            deadLetterQueue: undelivered,
          }),
        );
    }
  }
}

/** Every alarm in the scope notifies the operators' topic when it fires and when it clears. */
export class NotifyOperators implements IAspect {
  private readonly action: SnsAction;

  constructor(topic: ITopic) {
    this.action = new SnsAction(topic);
  }

  visit(node: IConstruct): void {
    if (node instanceof Alarm) {
      node.addAlarmAction(this.action);
      node.addOkAction(this.action);
    }
  }
}

/**
 * Publishes where a dead-letter queue is and what takes its messages back, as the stack output
 * `Redrive<Name>` that `reactivate redrive` reads.
 */
export function declareRedrive(
  queue: IQueue,
  name: DeadLetterQueueName,
  target: { function: IFunction } | { stateMachine: IStateMachine },
): CfnOutput {
  const value: RedriveOutput = {
    queue: name,
    queueUrl: queue.queueUrl,
    ...('function' in target
      ? { target: 'function', targetArn: target.function.functionArn }
      : { target: 'stateMachine', targetArn: target.stateMachine.stateMachineArn }),
  };
  const output = new CfnOutput(queue, 'Redrive', {
    description: `reactivate redrive --queue ${name}: the dead-letter queue and its target`,
    value: Stack.of(queue).toJsonString(value),
  });
  output.overrideLogicalId(redriveOutputKey(name));
  return output;
}

export interface OperationsDashboardProps {
  config: StageConfig;
  /** The journey functions whose step outcomes are the sends per channel. */
  senders: { email: IFunction; sms: IFunction; call: IFunction };
  stateMachines: { journeys: IStateMachine; campaigns: IStateMachine; scoring: IStateMachine };
  /** Charted by its name (a literal), so the dashboard takes no reference on the API's stack. */
  api: RestApi;
}

/**
 * The stage's dashboard, `reactivate-<stage>`. Create it last in its stack: it charts every
 * function, dead-letter queue and alarm the stack holds by then.
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const { config, senders, stateMachines: machines, api } = props;
    const stack = Stack.of(this);
    const inStack = stack.node.findAll();
    const functions = inStack.filter((c): c is LambdaFunction => c instanceof LambdaFunction);
    // Every queue of the workflow stack is a dead-letter queue (deadLetterQueue in workflow-parts.ts).
    const queues = inStack.filter((c): c is Queue => c instanceof Queue);
    const alarms = inStack.filter((c): c is Alarm => c instanceof Alarm);

    const sum = (label: string) => ({ statistic: 'Sum', period: FIVE_MINUTES, label });
    const sends = (fn: IFunction, metricName: string, label: string) =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        // Powertools' service dimension, and the function's name: each stage reads its own counts.
        dimensionsMap: { service: 'reactivate', function_name: fn.functionName },
        statistic: 'Sum',
        period: FIVE_MINUTES,
        label,
      });
    const graph = (title: string, left: IMetric[], extra: Partial<GraphWidgetProps> = {}) =>
      new GraphWidget({ title, left, width: 8, height: 6, ...extra });

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `reactivate-${config.stage}`,
      defaultInterval: Duration.days(1),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: [
          `# Reactivate ${config.stage}`,
          'Every alarm notifies the operators topic (`operations.alerts` of the stage configuration). ' +
            'A message in a dead-letter queue: find the cause in the logs, fix it, then ' +
            `\`reactivate redrive --stage ${config.stage} --queue <name>\` (docs/deploy.md, "Alarms, dashboard and redrive").`,
        ].join('\n\n'),
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      graph('Campaign throughput: journeys started', [
        machines.journeys.metricStarted(sum('Journeys started')),
        machines.journeys.metricThrottled(sum('Journey starts throttled')),
        machines.campaigns.metricStarted(sum('Campaign runs started')),
      ]),
      graph(
        'Sends per channel',
        [
          sends(senders.email, 'EmailSent', 'Emails sent'),
          sends(senders.sms, 'SmsSent', 'SMS sent'),
          sends(senders.call, 'CallScheduled', 'Calls scheduled'),
        ],
        { stacked: true },
      ),
      graph(
        'Journey outcomes',
        [
          machines.journeys.metricSucceeded(sum('Ran their course')),
          machines.journeys.metricAborted(sum('Ended by a response or a cancel')),
          machines.journeys.metricFailed(sum('Failed')),
          machines.journeys.metricTimedOut(sum('Timed out')),
        ],
        { stacked: true },
      ),
    );
    this.dashboard.addWidgets(
      graph('Failed executions per workflow', [
        machines.journeys.metricFailed(sum('Journeys')),
        machines.campaigns.metricFailed(sum('Campaign runs')),
        machines.scoring.metricFailed(sum('Scoring runs')),
      ]),
      graph(
        'Workflow function errors and throttles',
        // Metric ids are per graph: each function's pair gets its own.
        functions.map(
          (fn, i) =>
            new MathExpression({
              expression: `FILL(e${i}, 0) + FILL(t${i}, 0)`,
              usingMetrics: {
                [`e${i}`]: fn.metricErrors({ period: FIVE_MINUTES }),
                [`t${i}`]: fn.metricThrottles({ period: FIVE_MINUTES }),
              },
              label: fn.node.scope?.node.id ?? fn.node.id,
              period: FIVE_MINUTES,
            }),
        ),
      ),
      graph(
        'Dead-letter queues: messages waiting',
        queues.map((q) =>
          q.metricApproximateNumberOfMessagesVisible({
            period: FIVE_MINUTES,
            statistic: 'Maximum',
            label: `${q.node.scope?.node.id}/${q.node.id}`,
          }),
        ),
      ),
    );
    this.dashboard.addWidgets(
      graph(
        'API: requests and 5xx share',
        [api.metricCount({ period: FIVE_MINUTES, statistic: 'Sum', label: 'Requests' })],
        {
          right: [
            api.metricServerError({ period: FIVE_MINUTES, statistic: 'Average', label: '5xx share' }),
            api.metricClientError({ period: FIVE_MINUTES, statistic: 'Average', label: '4xx share' }),
          ],
          rightAnnotations: [{ value: config.operations.alarms.apiServerErrorRate, label: '5xx alarm' }],
        },
      ),
      graph(
        'SES reputation (account)',
        [
          sesReputation.bounceRate.with({ label: 'Bounce rate' }),
          sesReputation.complaintRate.with({ label: 'Complaint rate' }),
        ],
        {
          leftAnnotations: [
            { value: config.operations.alarms.sesBounceRate, label: 'bounce alarm' },
            { value: config.operations.alarms.sesComplaintRate, label: 'complaint alarm' },
          ],
        },
      ),
      new AlarmStatusWidget({ title: 'Workflow alarms', alarms, width: 8, height: 6 }),
    );
  }
}
