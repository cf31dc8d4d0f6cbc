import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { API_ROUTES, CALLER_ROLES, roleMayCall } from '../../lib/api-routes.js';
import { TABLE_NAMES, TABLES } from '../../lib/table-definitions.js';
import { cliApp, NO_BUNDLING } from '../support/cdk-app.js';
import { synthesizedDefinition } from '../support/state-machines.js';

function synth(context: Record<string, unknown> = {}) {
  const built = cliApp(context);
  built.app.synth();
  return { ...built, data: Template.fromStack(built.data), api: Template.fromStack(built.api) };
}

describe('CDK app', () => {
  it('synthesizes the Cognito variant with zero unacknowledged cdk-nag findings (AwsSolutions and Serverless)', () => {
    // The dev default and the production config in three regions: synthesis.test.ts.
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
          KeySchema: [
            { AttributeName: TABLES[name].partitionKey.name, KeyType: 'HASH' },
            ...(TABLES[name].sortKey
              ? [{ AttributeName: TABLES[name].sortKey?.name, KeyType: 'RANGE' }]
              : []),
          ],
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
  const authorisationTypes = (api: Template): string[] =>
    Object.values(api.findResources('AWS::ApiGateway::Method')).map((m) => m.Properties.AuthorizationType);

  it('puts IAM authorisation on every method of every route but the public links of messages', () => {
    const { api } = synth();
    const methods = Object.values(api.findResources('AWS::ApiGateway::Method'));
    expect(methods.map((m) => m.Properties.HttpMethod).sort()).toEqual(
      API_ROUTES.map((r) => r.method).sort(),
    );
    const types = authorisationTypes(api);
    const publicRoutes = API_ROUTES.filter((r) => r.public);
    expect(publicRoutes.map((r) => r.path).sort()).toEqual([
      '/l/{sendId}',
      '/r/{sendId}/{reason}',
      '/r/{sendId}/{reason}',
      '/u/{sendId}',
      '/u/{sendId}',
    ]);
    expect(types.filter((t) => t === 'NONE')).toHaveLength(publicRoutes.length);
    expect(types.filter((t) => t === 'AWS_IAM')).toHaveLength(API_ROUTES.length - publicRoutes.length);
  });

  it('uses the Cognito user pool authoriser when configured', () => {
    const { api } = synth({ config: 'tests/fixtures/cognito-stage.json' });
    const types = authorisationTypes(api);
    expect(types.filter((t) => t === 'COGNITO_USER_POOLS')).toHaveLength(
      API_ROUTES.filter((r) => !r.public).length,
    );
    expect(types.filter((t) => t !== 'COGNITO_USER_POOLS').every((t) => t === 'NONE')).toBe(true);
    api.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'COGNITO_USER_POOLS' });
  });

  it("authorises every method with the group authoriser (a user's Cognito groups) without a resource server", () => {
    const { api } = synth({ config: 'tests/fixtures/console-imported-pool-stage.json' });
    const types = authorisationTypes(api);
    expect(types.filter((t) => t === 'CUSTOM')).toHaveLength(API_ROUTES.filter((r) => !r.public).length);
    expect(types.filter((t) => t !== 'CUSTOM').every((t) => t === 'NONE')).toBe(true);
    api.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.Authorization',
      IdentityValidationExpression: Match.stringLikeRegexp('Bearer'),
      AuthorizerResultTtlInSeconds: 300,
    });
    api.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ USER_POOL_ID: 'eu-west-1_AbCdEf123' }) },
    });
  });

  it('gives each caller role a managed policy that reaches its routes and no other', () => {
    const { api } = synth();
    const policies = Object.values(api.findResources('AWS::IAM::ManagedPolicy'));
    // The method ARN a request is authorised against, for a route with its parameters filled in.
    const requestArn = (method: string, path: string) =>
      `${method}/${path.replace(/\{\w+\}/g, 'x-1').slice(1)}`;
    for (const role of CALLER_ROLES) {
      const policy = policies.find((p) => p.Properties.ManagedPolicyName === `reactivate-dev-api-${role}`);
      expect(policy, role).toBeDefined();
      const statements = (policy?.Properties.PolicyDocument.Statement ?? []) as {
        Effect: string;
        Action: string;
        Resource: { 'Fn::Join': [string, unknown[]] }[];
      }[];
      for (const statement of statements) expect(statement.Action).toBe('execute-api:Invoke');
      // IAM's `*` matches any characters, slashes included: read each resource as such a pattern.
      const patternsOf = (effect: string) =>
        statements
          .filter((st) => st.Effect === effect)
          .flatMap((st) => st.Resource)
          .map((r) => {
            const tail = String(r['Fn::Join'][1].at(-1)).replace(/^\/dev\//, '');
            return new RegExp(`^${tail.replace(/[.+?^$()|[\]\\{}]/g, '\\$&').replaceAll('*', '.*')}$`);
          });
      const patterns = patternsOf('Allow');
      const denials = patternsOf('Deny');
      for (const route of API_ROUTES.filter((r) => !r.public)) {
        const arn = requestArn(route.method, route.path);
        // An explicit Deny wins over any Allow.
        const reached = patterns.some((p) => p.test(arn)) && !denials.some((p) => p.test(arn));
        expect(reached, `${role} ${route.method} ${route.path}`).toBe(roleMayCall(role, route));
      }
    }
  });

  it('asks Cognito access tokens for the scope of a role that may call the method, when configured', () => {
    const { api } = synth({ config: 'tests/fixtures/cognito-stage.json' });
    const scopes = Object.values(api.findResources('AWS::ApiGateway::Method'))
      .map((m) => m.Properties)
      .filter((p) => p.AuthorizationType === 'COGNITO_USER_POOLS')
      .map((p) => p.AuthorizationScopes as string[]);
    expect(scopes).toContainEqual(['reactivate/admin', 'reactivate/marketer']);
    expect(scopes).toContainEqual(['reactivate/admin']); // erasure
    expect(scopes.every((s) => s[0] === 'reactivate/admin')).toBe(true);
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
    expect(functions).toHaveLength(new Set(API_ROUTES.map((r) => r.function)).size);
    for (const f of functions) {
      expect(f.Properties).toMatchObject({
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON' },
      });
      // Each function's own limits are its manifest entry's (tests/infra/function-manifest.test.ts);
      // none may outlast the HTTP API's 30-second integration timeout.
      expect(f.Properties.Timeout).toBeLessThanOrEqual(29);
      expect(f.Properties.MemorySize).toBeGreaterThanOrEqual(512);
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
      // Deleting only where Powertools gives back the claim of a failed keyed request.
      if ([s.Action].flat().includes('dynamodb:DeleteItem'))
        expect(JSON.stringify(s.Resource)).toMatch(/IdempotencyTable/);
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
    const built = cliApp(context);
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
    const built = cliApp();
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
    // Still every state machine: scoring runs on demand, journeys start from campaigns.
    onDemand.resourceCountIs('AWS::StepFunctions::StateMachine', 3);
  });
});

describe('Stack: Workflows (campaigns)', () => {
  const built = cliApp();
  built.app.synth();
  const workflows = Template.fromStack(built.workflows);
  const api = Template.fromStack(built.api);
  /** Step Functions actions in a function's policy, with the resources they name. */
  const statesGrants = (template: Template, functionId: string) =>
    Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(functionId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((s) => [s.Action].flat().some((a: string) => a.startsWith('states:')))
      .map((s) => ({ actions: [s.Action].flat(), resource: JSON.stringify(s.Resource) }));

  it('launches in parallel segments that continue page by page, then waits for the last journey; cancel ends them all', () => {
    const definition = synthesizedDefinition(built.workflows, 'Campaigns');
    expect(definition.StartAt).toBe('Action');
    expect(definition.States.Action).toMatchObject({
      Choices: [{ Variable: '$.action', StringEquals: 'cancel', Next: 'EndJourneys' }],
      Default: 'PrepareLaunch',
    });
    expect(definition.States.EnrolSegments).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.launch.segments',
      MaxConcurrency: 4,
      Next: 'RecordLaunch',
    });
    const segment = definition.States.EnrolSegments.ItemProcessor;
    expect(segment.States.SegmentDone.Default).toBe('EnrolSegment');
    expect(definition.States.Finished.Choices[0]).toMatchObject({
      StringEquals: 'waiting',
      Next: 'WaitForJourneys',
    });
    expect(definition.States.WaitForJourneys).toMatchObject({
      TimestampPath: '$.check.wakeAt',
      Next: 'CheckCampaign',
    });
    expect(definition.States.AllEnded.Default).toBe('EndJourneys');
    workflows.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'reactivate-dev-campaign',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
    });
  });

  it('lets a launch start journeys and nothing else, and the API start campaign runs and nothing else', () => {
    const enrol = statesGrants(workflows, 'CampaignsEnrolFunction');
    expect(enrol).toHaveLength(1);
    expect(enrol[0]?.actions).toEqual(['states:StartExecution']);
    expect(enrol[0]?.resource).toContain('JourneysStateMachine');
    expect(statesGrants(workflows, 'CampaignsPrepareFunction')).toEqual([]);
    const action = statesGrants(api, 'CampaignActionFunction');
    expect(action).toEqual([
      {
        actions: ['states:StartExecution'],
        resource: expect.stringContaining(':stateMachine:reactivate-dev-campaign'),
      },
    ]);
    expect(statesGrants(api, 'CreateCampaignFunction')).toEqual([]);
    // Ending a journey: stop its execution; only the reconciler (the completion check) describes one.
    expect(statesGrants(workflows, 'CampaignsEndJourneysFunction').map((g) => g.actions)).toEqual([
      ['states:StopExecution'],
    ]);
    expect(statesGrants(workflows, 'CampaignsCheckFunction').map((g) => g.actions)).toEqual([
      ['states:DescribeExecution', 'states:StopExecution'],
    ]);
  });
});

describe('Stage configuration', () => {
  it('fails synthesis with a message that names every wrong value', () => {
    expect(() => cliApp({ config: 'tests/fixtures/bad-stage.json' })).toThrow(
      /stage: must be 2-20 lower-case[\s\S]*defaults\.timeZone: 'Moon\/Base' is not an IANA time zone[\s\S]*api\.cognitoResourceServer: cognitoResourceServer names a resource server of your own user pool[\s\S]*logRetentionDays: must be one of/,
    );
  });

  it('names an unknown region, a sender that is no address and alert endpoints that are no address or https URL', () => {
    // Thrown while the configuration is read, before any stack exists.
    expect(() => cliApp({ config: 'tests/fixtures/bad-operations-stage.json' })).toThrow(
      new RegExp(
        [
          "region: 'eu-middle-7' is not an AWS region",
          "journeys\\.emailFrom: 'Example Shop <winback@>' is not an email address",
          'operations\\.alerts\\.0\\.email: must be an email address',
          'operations\\.alerts\\.1\\.https: must be an https:// URL',
          "unknown field 'sms' in operations\\.alerts\\.2",
          'operations\\.alerts\\.2: needs exactly one of email or https',
          "operations\\.alarms\\.sesComplaintRate: must be below SES's review level of 0\\.001",
        ].join('[\\s\\S]*'),
      ),
    );
  });
});

describe('Stack: Workflows (email feedback)', () => {
  const built = cliApp();
  built.app.synth();
  const workflows = Template.fromStack(built.workflows);

  it("publishes the configuration set's email events to EventBridge and routes ours to the feedback function, with a dead-letter queue", () => {
    workflows.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: Match.stringLikeRegexp('^JourneysConfigurationSet') },
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: [
          'SEND',
          'DELIVERY',
          'BOUNCE',
          'COMPLAINT',
          'REJECT',
          'OPEN',
          'CLICK',
          'SUBSCRIPTION',
        ],
        EventBridgeDestination: { EventBusArn: Match.anyValue() },
      }),
    });
    workflows.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ses'],
        detail: {
          eventType: Match.arrayWith(['Bounce', 'Complaint', 'Subscription']),
          mail: {
            tags: { 'ses:configuration-set': [{ Ref: Match.stringLikeRegexp('^JourneysConfigurationSet') }] },
          },
        },
      },
      Targets: [Match.objectLike({ DeadLetterConfig: Match.anyValue(), RetryPolicy: Match.anyValue() })],
    });
    workflows.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^SES feedback'),
      DeadLetterConfig: Match.anyValue(),
      Environment: {
        Variables: Match.objectLike({
          FEEDBACK_LIMITS: JSON.stringify({ bounceRate: 0.02, complaintRate: 0.0008, minSent: 200 }),
        }),
      },
    });
  });
});
