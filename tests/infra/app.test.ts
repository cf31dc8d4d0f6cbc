import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../lib/api-routes.js';
import { buildApp } from '../../lib/app.js';
import { TABLE_NAMES, TABLES } from '../../lib/table-definitions.js';
import { synthesizedDefinition } from '../support/state-machines.js';

/** Synthesis without esbuild bundling: these tests are about the template, not the bundles. */
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

function synth(context: Record<string, unknown> = {}) {
  const built = buildApp({ context: { ...NO_BUNDLING, ...context } });
  built.app.synth();
  return { ...built, data: Template.fromStack(built.data), api: Template.fromStack(built.api) };
}

describe('CDK app', () => {
  it('synthesizes with zero unacknowledged cdk-nag findings (AwsSolutions and Serverless)', () => {
    expect(() => synth()).not.toThrow();
    expect(() => synth({ stage: 'prod' })).not.toThrow();
    expect(() => synth({ stage: 'prod', config: 'tests/fixtures/cognito-stage.json' })).not.toThrow();
  });

  it('fails synthesis on a finding that nobody acknowledged (the plugins are live)', () => {
    // Prepare: a table without point-in-time recovery
    const app = new App({ context: NO_BUNDLING });
    const stack = new Stack(app, 'Careless');
    new Table(stack, 'T', { partitionKey: { name: 'id', type: AttributeType.STRING } });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));

    // Act / Assess
    expect(() => app.synth()).toThrow(/point-in-time recovery/i);
  });
});

describe('Stack: Data', () => {
  it('creates every table from the shared definitions: on demand, PITR, encrypted, protected', () => {
    const { data } = synth({ stage: 'prod' });
    for (const name of TABLE_NAMES) {
      data.hasResource('AWS::DynamoDB::GlobalTable', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [{ AttributeName: TABLES[name].partitionKey.name, KeyType: 'HASH' }],
          SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
          Replicas: [
            Match.objectLike({
              PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
              DeletionProtectionEnabled: true,
            }),
          ],
        }),
      });
    }
  });

  it('lets dev tables go with the stack', () => {
    const { data } = synth({ stage: 'dev' });
    data.allResources('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Delete' });
  });
});

describe('Stack: Api', () => {
  it('puts IAM authorisation on every method of every route', () => {
    const { api } = synth();
    const methods = api.findResources('AWS::ApiGateway::Method');
    expect(
      Object.values(methods)
        .map((m) => m.Properties.HttpMethod)
        .sort(),
    ).toEqual(API_ROUTES.map((r) => r.method).sort());
    for (const method of Object.values(methods)) expect(method.Properties.AuthorizationType).toBe('AWS_IAM');
  });

  it('uses the Cognito user pool authoriser when configured', () => {
    const { api } = synth({ config: 'tests/fixtures/cognito-stage.json' });
    api.allResourcesProperties('AWS::ApiGateway::Method', { AuthorizationType: 'COGNITO_USER_POOLS' });
    api.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'COGNITO_USER_POOLS' });
  });

  it('throttles the stage and logs access as JSON without request data', () => {
    const { api } = synth();
    api.hasResourceProperties('AWS::ApiGateway::Stage', {
      TracingEnabled: true,
      AccessLogSetting: Match.objectLike({ Format: Match.stringLikeRegexp('"requestId"') }),
      MethodSettings: [
        Match.objectLike({
          ThrottlingRateLimit: 50,
          ThrottlingBurstLimit: 100,
          DataTraceEnabled: false,
          LoggingLevel: 'ERROR',
        }),
      ],
    });
  });

  it('runs every function on Node.js 24, arm64, traced, with JSON logs and explicit limits', () => {
    const { api } = synth();
    const functions = Object.values(api.findResources('AWS::Lambda::Function')).filter(
      (f) => f.Properties.Runtime === 'nodejs24.x',
    );
    expect(functions).toHaveLength(API_ROUTES.length);
    for (const f of functions) {
      expect(f.Properties).toMatchObject({
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON' },
        Timeout: 10,
        MemorySize: 512,
      });
    }
  });

  it('grants each function only the item actions it needs, on its own tables', () => {
    const { api } = synth();
    const policies = Object.values(api.findResources('AWS::IAM::Policy'));
    const statements = policies.flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    );
    const dynamo = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
    for (const s of dynamo) {
      expect([s.Action].flat()).not.toContain('dynamodb:*');
      expect([s.Action].flat()).not.toContain('dynamodb:DeleteItem');
      // Named indexes only, never all of a table's indexes or all tables.
      expect(JSON.stringify(s.Resource)).not.toMatch(/index\/\*|"\*"/);
    }
    const getCustomer = policies.find((p) =>
      JSON.stringify(p.Properties.Roles).includes('GetCustomerFunction'),
    );
    expect(getCustomer).toBeDefined();
    const ownStatements = (getCustomer?.Properties.PolicyDocument.Statement ?? []) as {
      Action: string | string[];
    }[];
    const actions = ownStatements.flatMap((s) => [s.Action].flat());
    expect([...new Set(actions.filter((a) => a.startsWith('dynamodb:')))].sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:DescribeTable',
      'dynamodb:GetItem',
      'dynamodb:Query',
    ]);
  });
});

describe('Stack: Workflows (scoring)', () => {
  const synthWorkflows = (context: Record<string, unknown> = {}) => {
    const built = buildApp({ context: { ...NO_BUNDLING, ...context } });
    built.app.synth();
    return Template.fromStack(built.workflows);
  };
  /** The DynamoDB actions a scoring function's role has, by the table export it names. */
  const dynamoGrants = (template: Template, functionId: string) => {
    const policy = Object.values(template.findResources('AWS::IAM::Policy')).find((p) =>
      JSON.stringify(p.Properties.Roles).includes(functionId),
    );
    const grants: Record<string, string[]> = {};
    for (const s of policy?.Properties.PolicyDocument.Statement ?? []) {
      const actions = [s.Action].flat().filter((a: string) => a.startsWith('dynamodb:'));
      if (actions.length === 0) continue;
      const table = /(Customers|Scores|Models|Orders)Table/.exec(JSON.stringify(s.Resource))?.[1] ?? '?';
      grants[table] = [...(grants[table] ?? []), ...actions].sort();
    }
    return grants;
  };

  it('fits, scores the segments in a parallel Map and publishes, in a traced, logged Standard state machine', () => {
    const built = buildApp({ context: NO_BUNDLING });
    built.app.synth();
    const definition = synthesizedDefinition(built.workflows, 'Scoring');
    const [machine] = Object.values(
      Template.fromStack(built.workflows).findResources('AWS::StepFunctions::StateMachine'),
    );
    expect(definition.StartAt).toBe('FitModel');
    expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    expect(definition.States.FitModel.Next).toBe('AnythingToScore');
    expect(definition.States.AnythingToScore).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.run.customers', NumericEquals: 0, Next: 'NothingToScore' }],
      Default: 'ScoreSegments',
    });
    expect(definition.States.ScoreSegments).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.run.segments',
      MaxConcurrency: 8,
      Next: 'PublishModel',
    });
    expect(definition.States.PublishModel.End).toBe(true);
    expect(machine?.Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
    });
  });

  it('lets each step touch only the tables it needs: scan customers, write models or scores, never customers', () => {
    const template = synthWorkflows();
    const read = ['dynamodb:BatchGetItem', 'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:Query'];
    const write = ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
    expect(dynamoGrants(template, 'ScoringFitFunction')).toEqual({
      Customers: [...read, 'dynamodb:Scan'].sort(),
      Models: [...read, ...write].sort(),
    });
    expect(dynamoGrants(template, 'ScoringScoreFunction')).toEqual({
      Customers: [...read, 'dynamodb:Scan'].sort(),
      Scores: [...read, ...write].sort(),
      Models: read,
    });
    expect(dynamoGrants(template, 'ScoringPublishFunction')).toEqual({ Models: [...read, ...write].sort() });
  });

  it('runs nightly on the configured schedule with a dead-letter queue, or only on demand', () => {
    const scheduled = synthWorkflows();
    scheduled.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 2 * * ? *)',
      ScheduleExpressionTimezone: 'UTC',
      Target: { DeadLetterConfig: { Arn: Match.anyValue() }, RetryPolicy: { MaximumRetryAttempts: 3 } },
    });
    const onDemand = synthWorkflows({ config: 'tests/fixtures/on-demand-scoring-stage.json' });
    onDemand.resourceCountIs('AWS::Scheduler::Schedule', 0);
    // Still both state machines: scoring runs on demand, journeys start from campaigns.
    onDemand.resourceCountIs('AWS::StepFunctions::StateMachine', 2);
  });
});

describe('Stage configuration', () => {
  it('fails synthesis with a message that names every wrong value', () => {
    expect(() => buildApp({ context: { ...NO_BUNDLING, config: 'tests/fixtures/bad-stage.json' } })).toThrow(
      /stage: must be 2-20 lower-case[\s\S]*defaults\.timeZone: 'Moon\/Base' is not an IANA time zone[\s\S]*api\.cognitoUserPoolArn: cognitoUserPoolArn is required when authorization is cognito[\s\S]*logRetentionDays: must be one of/,
    );
  });
});
