/**
 * Failures reach a person: the operators' topic and its subscriptions, an alarm for every kind of
 * failure wired to it, dead-letter queues that are alarmed, kept in production and redrivable,
 * the stage dashboard — and the privacy and least-privilege settings that go with them.
 * Synthesized as the CLI does (cdk.json context, a region), with cdk-nag live; Guard runs in
 * synthesis.test.ts.
 */
import { Annotations, Capture, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { DEAD_LETTER_QUEUE_NAMES, redriveOutputKey } from '../../lib/dead-letter-queues.js';
import { cliApp } from '../support/cdk-app.js';

const WITHOUT_GUARD = { guard: 'false' };

function synth(context: Record<string, unknown>) {
  const built = cliApp({ ...WITHOUT_GUARD, ...context }, 'eu-west-1');
  built.app.synth();
  return {
    built,
    data: Template.fromStack(built.data),
    api: Template.fromStack(built.api),
    workflows: Template.fromStack(built.workflows),
  };
}

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
const resources = (template: Template, type: string) =>
  Object.entries(template.findResources(type) as Record<string, Resource>);

/** The one operators' topic of the stage (in the data stack). */
function topicId(data: Template): string {
  const topics = resources(data, 'AWS::SNS::Topic');
  expect(topics).toHaveLength(1);
  return topics[0]?.[0] ?? '';
}

/** An alarm action naming the topic: a Ref in its own stack, an import of its export elsewhere. */
const isTopic = (action: unknown, topic: string) =>
  JSON.stringify(action) === JSON.stringify({ Ref: topic }) ||
  (typeof action === 'object' &&
    action !== null &&
    'Fn::ImportValue' in action &&
    String((action as { 'Fn::ImportValue': unknown })['Fn::ImportValue']).includes(topic));

describe('Operations (a production stage with alert subscriptions)', () => {
  const prod = synth({ config: 'tests/fixtures/operations-stage.json' });
  const templates = { data: prod.data, api: prod.api, workflows: prod.workflows };

  it('subscribes the operators topic to every alert of the configuration, undelivered notifications kept', () => {
    const topic = topicId(prod.data);
    const deadLetters = new Capture();
    prod.data.hasResourceProperties('AWS::SNS::Subscription', {
      TopicArn: { Ref: topic },
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      RedrivePolicy: { deadLetterTargetArn: deadLetters },
    });
    prod.data.hasResourceProperties('AWS::SNS::Subscription', {
      TopicArn: { Ref: topic },
      Protocol: 'https',
      Endpoint: 'https://hooks.example.com/reactivate-alarms',
      RedrivePolicy: { deadLetterTargetArn: Match.objectEquals(deadLetters.asObject()) },
    });
    expect(resources(prod.data, 'AWS::SNS::Subscription')).toHaveLength(2);
    // SNS may write what it could not deliver into that queue, and nothing else may.
    prod.data.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'sqs:SendMessage',
            Principal: { Service: 'sns.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': { Ref: topic } } },
          }),
        ]),
      },
    });
  });

  it('makes every alarm of every stack notify the operators topic when it fires and when it clears', () => {
    const topic = topicId(prod.data);
    let alarms = 0;
    for (const [name, template] of Object.entries(templates))
      for (const [id, alarm] of resources(template, 'AWS::CloudWatch::Alarm')) {
        alarms += 1;
        const { AlarmActions, OKActions } = alarm.Properties as {
          AlarmActions?: unknown[];
          OKActions?: unknown[];
        };
        expect(AlarmActions, `${name}/${id}`).toHaveLength(1);
        expect(OKActions, `${name}/${id}`).toHaveLength(1);
        expect(isTopic(AlarmActions?.[0], topic) && isTopic(OKActions?.[0], topic), `${name}/${id}`).toBe(
          true,
        );
      }
    expect(alarms).toBeGreaterThan(40);
  });

  it('alarms on any failed or timed-out execution of each workflow', () => {
    const machines = resources(prod.workflows, 'AWS::StepFunctions::StateMachine').map(([id]) => id);
    expect(machines).toHaveLength(3);
    const metric = (id: string, name: string, machine: string) =>
      Match.objectLike({
        Id: id,
        MetricStat: Match.objectLike({
          Metric: {
            Namespace: 'AWS/States',
            MetricName: name,
            Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: machine } }],
          },
        }),
      });
    for (const machine of machines)
      prod.workflows.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Metrics: Match.arrayWith([
          Match.objectLike({ Expression: 'FILL(failed, 0) + FILL(timedOut, 0)', ReturnData: true }),
          metric('failed', 'ExecutionsFailed', machine),
          metric('timedOut', 'ExecutionsTimedOut', machine),
        ]),
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
  });

  it("alarms on every function's errors, in every stack (throttles the retries absorb are no alarm)", () => {
    for (const template of [prod.api, prod.workflows])
      for (const [fn] of resources(template, 'AWS::Lambda::Function'))
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn } }],
          Statistic: 'Sum',
          EvaluationPeriods: 3,
          DatapointsToAlarm: 2,
        });
  });

  it("alarms on the API's 5xx share and on SES reputation at the configured levels, below SES's review levels", () => {
    prod.api.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5XXError',
      Dimensions: [{ Name: 'ApiName', Value: 'reactivate-prod' }],
      Statistic: 'Average',
      Threshold: 0.02,
    });
    for (const [metric, threshold] of [
      ['Reputation.BounceRate', 0.03],
      ['Reputation.ComplaintRate', 0.0005],
    ] as const)
      prod.workflows.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SES',
        MetricName: metric,
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
  });

  it('gives every dead-letter queue a depth alarm and keeps it when the stack goes', () => {
    const queues = [
      ...resources(prod.data, 'AWS::SQS::Queue'),
      ...resources(prod.workflows, 'AWS::SQS::Queue'),
    ];
    // The call schedules', the SES feedback's, the scoring schedule's, the undelivered alerts'.
    expect(queues).toHaveLength(4);
    for (const [id, queue] of queues) {
      expect(queue.DeletionPolicy, id).toBe('Retain');
      const template = id.startsWith('Operators') ? prod.data : prod.workflows;
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id, 'QueueName'] } }],
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    }
  });

  it('sends what an asynchronously invoked function fails on to a dead-letter queue', () => {
    const callTask = prod.workflows.findResources('AWS::Lambda::Function', {
      Properties: { Description: 'journey: create the manager call task' },
    });
    const [callTaskId] = Object.keys(callTask);
    // EventBridge Scheduler invokes the call-task creator asynchronously.
    prod.workflows.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: callTaskId },
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^JourneysCallScheduleDeadLetters'), 'Arn'] },
        },
      },
    });
    // So does the EventBridge rule of SES events: its target and the function keep what fails.
    prod.workflows.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^SES feedback'),
      DeadLetterConfig: {
        TargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EmailFeedbackDeadLetters'), 'Arn'] },
      },
    });
    prod.workflows.hasResourceProperties('AWS::Events::Rule', {
      Targets: [
        Match.objectLike({
          DeadLetterConfig: {
            Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EmailFeedbackDeadLetters'), 'Arn'] },
          },
        }),
      ],
    });
  });

  it('names each dead-letter queue and its target in a stack output for `reactivate redrive`', () => {
    const outputs = prod.workflows.toJSON().Outputs as Record<string, { Value: unknown }>;
    for (const [name, target, targetPattern] of [
      ['call-schedules', 'function', /^JourneysCreateCallTaskFunction/],
      ['email-feedback', 'function', /^EmailFeedbackFeedbackFunction/],
      ['scoring-schedule', 'stateMachine', /^ScoringStateMachine/],
    ] as const) {
      const value = JSON.stringify(outputs[redriveOutputKey(name)]?.Value);
      expect(value, name).toContain(`\\"queue\\":\\"${name}\\"`);
      expect(value, name).toContain(`\\"target\\":\\"${target}\\"`);
      expect(value, name).toMatch(new RegExp(`"(Ref|Fn::GetAtt)":\\[?"${targetPattern.source.slice(1)}`));
    }
    expect(DEAD_LETTER_QUEUE_NAMES.map(redriveOutputKey).every((key) => key in outputs)).toBe(true);
  });

  it('lets a function pass the Scheduler role to EventBridge Scheduler and to no other service', () => {
    let passRoles = 0;
    for (const template of Object.values(templates))
      for (const [, policy] of resources(template, 'AWS::IAM::Policy'))
        for (const statement of (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] })
          .Statement)
          if ([statement.Action].flat().includes('iam:PassRole')) {
            passRoles += 1;
            expect(statement.Condition).toEqual({
              StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
            });
          }
    expect(passRoles).toBeGreaterThan(0);
  });

  it("lets only this account's schedules assume a role meant for EventBridge Scheduler", () => {
    let schedulerRoles = 0;
    for (const template of Object.values(templates))
      for (const [, role] of resources(template, 'AWS::IAM::Role'))
        for (const statement of (
          role.Properties.AssumeRolePolicyDocument as {
            Statement: { Principal?: { Service?: unknown }; Condition?: unknown }[];
          }
        ).Statement)
          if ([statement.Principal?.Service].flat().includes('scheduler.amazonaws.com')) {
            schedulerRoles += 1;
            expect(statement.Condition).toMatchObject({
              StringEquals: { 'aws:SourceAccount': expect.anything() },
            });
          }
    expect(schedulerRoles).toBeGreaterThan(0);
  });

  it('keeps client IPs and caller identities out of the API access logs by default', () => {
    const format = new Capture();
    prod.api.hasResourceProperties('AWS::ApiGateway::Stage', { AccessLogSetting: { Format: format } });
    const fields = JSON.parse(format.asString()) as Record<string, string>;
    expect(Object.values(fields)).not.toContain('$context.identity.sourceIp');
    expect(Object.values(fields).filter((v) => v.startsWith('$context.identity.'))).toEqual([]);
    expect(fields).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
  });

  it('charts throughput, sends per channel, journey outcomes and errors on the stage dashboard', () => {
    const body = new Capture();
    prod.workflows.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardName: 'reactivate-prod',
      DashboardBody: body,
    });
    const text = JSON.stringify(body.asObject());
    for (const metric of [
      'ExecutionsStarted',
      'EmailSent',
      'SmsSent',
      'CallScheduled',
      'ExecutionsSucceeded',
      'ExecutionsAborted',
      'ExecutionsFailed',
      'ApproximateNumberOfMessagesVisible',
      '5XXError',
      'Reputation.BounceRate',
    ])
      expect(text, metric).toContain(metric);
    // The API is charted by its name: the dashboard takes no reference on the API's stack.
    expect(text).not.toContain('Fn::ImportValue');
  });

  it('does not warn about alarms nobody hears when someone subscribed', () => {
    Annotations.fromStack(prod.built.data).hasNoWarning('*', Match.stringLikeRegexp('reach nobody'));
  });
});

describe('Operations (other stages)', () => {
  const audit = synth({ config: 'tests/fixtures/client-ip-stage.json' });
  const dev = synth({});

  it('logs the client IP and the caller in API access logs when the stage configuration asks for them', () => {
    const format = new Capture();
    audit.api.hasResourceProperties('AWS::ApiGateway::Stage', { AccessLogSetting: { Format: format } });
    expect(JSON.parse(format.asString())).toMatchObject({
      ip: '$context.identity.sourceIp',
      caller: '$context.identity.caller',
      user: '$context.identity.user',
    });
  });

  it('warns at synthesis when a stage other than dev has no one to alert', () => {
    Annotations.fromStack(audit.built.data).hasWarning(
      '/Reactivate-audit-Data/Operators',
      Match.stringLikeRegexp('no operations.alerts: its alarms reach nobody'),
    );
  });

  it('lets the dead-letter queues of dev go with the stack', () => {
    const queues = resources(dev.workflows, 'AWS::SQS::Queue');
    expect(queues.length).toBeGreaterThan(0);
    for (const [id, queue] of queues) expect(queue.DeletionPolicy, id).toBe('Delete');
    expect(resources(dev.data, 'AWS::SNS::Subscription')).toEqual([]);
  });
});
