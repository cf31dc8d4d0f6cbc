/**
 * How the stage-resources adapter of the readiness check reads CloudFormation, against a mocked
 * SDK client (tests/infra/doctor-layout.test.ts checks the layout against the synthesized stacks;
 * this covers what CloudFormation answers): a stack that does not exist — CloudFormation's
 * ValidationError "Stack with id … does not exist" — is a stack not deployed (status null, none
 * of its resources found, the scheduler role unknown), and every other refusal — another
 * ValidationError, a denied permission, throttling — is passed on unchanged, for the check to
 * report as one it could not make. Plus the exact requests it makes, every page of resources
 * read, and which resources it takes for the stage's tables, state machines and role.
 */
import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStacksCommand,
  ListStackResourcesCommand,
  type ResourceStatus,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CloudFormationStageResources,
  type StageLayout,
} from '../../../functions/adapters/cloudformation-stage-resources.js';

const DATA = 'Reactivate-prod-Data';
const API = 'Reactivate-prod-Api';
const WORKFLOWS = 'Reactivate-prod-Workflows';
const LAYOUT: StageLayout = {
  stacks: { data: DATA, api: API, workflows: WORKFLOWS },
  tables: { customers: 'DataCustomersTable', orders: 'DataOrdersTable' },
  stateMachines: {
    journey: 'JourneysStateMachine',
    campaign: 'CampaignsStateMachine',
    scoring: 'ScoringStateMachine',
  },
  schedulerRole: 'JourneysCallSchedulerRole',
};

/** CloudFormation's errors are unmodelled: a name and a message. */
const cfnError = (name: string, message: string) =>
  new CloudFormationServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });
const notDeployed = (stack: string) => cfnError('ValidationError', `Stack with id ${stack} does not exist`);

const resource = (
  LogicalResourceId: string,
  ResourceType: string,
  ResourceStatus: ResourceStatus = 'CREATE_COMPLETE',
  /** null: none yet (a resource being created). */
  PhysicalResourceId: string | null = `physical-${LogicalResourceId}`,
): StackResourceSummary => ({
  LogicalResourceId,
  ResourceType,
  ResourceStatus,
  ...(PhysicalResourceId === null ? {} : { PhysicalResourceId }),
  LastUpdatedTimestamp: new Date('2026-01-01T00:00:00Z'),
});
const MACHINE = 'AWS::StepFunctions::StateMachine';

describe('CloudFormation stage resources', () => {
  const cfn = mockClient(CloudFormationClient);
  afterEach(() => cfn.reset());
  const locator = () =>
    new CloudFormationStageResources(new CloudFormationClient({ region: 'eu-west-1' }), LAYOUT);

  /** Every stack of the stage deployed (CREATE_COMPLETE). */
  const deployed = () => {
    for (const stack of [DATA, API, WORKFLOWS])
      cfn.on(DescribeStacksCommand, { StackName: stack }).resolves({
        Stacks: [{ StackName: stack, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date() }],
      });
  };
  /** The data and workflow stacks hold these resources (one page each). */
  const holding = (data: StackResourceSummary[], workflows: StackResourceSummary[]) => {
    cfn.on(ListStackResourcesCommand, { StackName: DATA }).resolves({ StackResourceSummaries: data });
    cfn
      .on(ListStackResourcesCommand, { StackName: WORKFLOWS })
      .resolves({ StackResourceSummaries: workflows });
  };

  it("describes the stage's three stacks and reads every page of the data and workflow stacks' resources", async () => {
    // Prepare
    deployed();
    cfn
      .on(ListStackResourcesCommand, { StackName: DATA })
      .resolves({
        StackResourceSummaries: [resource('DataCustomersTable1A2B3C4D', 'AWS::DynamoDB::GlobalTable')],
        NextToken: 'page-2',
      })
      .on(ListStackResourcesCommand, { StackName: DATA, NextToken: 'page-2' })
      .resolves({ StackResourceSummaries: [resource('DataOrdersTable0F1E2D3C', 'AWS::DynamoDB::Table')] });
    cfn.on(ListStackResourcesCommand, { StackName: WORKFLOWS }).resolves({
      StackResourceSummaries: [
        resource('JourneysStateMachineAB12CD34', MACHINE),
        resource('CampaignsStateMachine9F8E7D6C', MACHINE),
        resource('ScoringStateMachine00FF00FF', MACHINE),
        resource('JourneysCallSchedulerRole5E6F7A8B', 'AWS::IAM::Role', 'UPDATE_COMPLETE'),
      ],
    });

    // Act
    const found = await locator().locate();

    // Assess
    expect(found).toEqual({
      stacks: [
        { name: DATA, status: 'CREATE_COMPLETE' },
        { name: API, status: 'CREATE_COMPLETE' },
        { name: WORKFLOWS, status: 'CREATE_COMPLETE' },
      ],
      tables: {
        customers: 'physical-DataCustomersTable1A2B3C4D',
        orders: 'physical-DataOrdersTable0F1E2D3C',
      },
      stateMachines: {
        journey: 'physical-JourneysStateMachineAB12CD34',
        campaign: 'physical-CampaignsStateMachine9F8E7D6C',
        scoring: 'physical-ScoringStateMachine00FF00FF',
      },
      schedulerRole: { name: 'physical-JourneysCallSchedulerRole5E6F7A8B', status: 'UPDATE_COMPLETE' },
    });
    expect(cfn.commandCalls(DescribeStacksCommand).map((c) => c.args[0].input)).toEqual([
      { StackName: DATA },
      { StackName: API },
      { StackName: WORKFLOWS },
    ]);
    // Two pages of the data stack, one of the workflow stack; the API stack holds nothing the check reads.
    const listed = cfn.commandCalls(ListStackResourcesCommand).map((c) => c.args[0].input.StackName);
    expect(listed.sort()).toEqual([DATA, DATA, WORKFLOWS]);
  });

  it('takes a resource only of the right type, with the logical id of its prefix plus an 8-digit hash, and a physical id', async () => {
    // Prepare
    deployed();
    holding(
      [
        resource('DataCustomersTableReplicaA1B2C3D4', 'AWS::DynamoDB::GlobalTable'), // another construct
        resource('DataCustomersTable1a2b3c4d', 'AWS::DynamoDB::GlobalTable'), // not CDK's hash
        resource('DataCustomersTable1A2B3C4D5', 'AWS::DynamoDB::GlobalTable'), // 9 digits
        resource('DataCustomersTable99887766', 'AWS::DynamoDB::GlobalTable'),
        resource('DataOrdersTable1A2B3C4D', 'AWS::IAM::Policy'), // not a table
        resource('DataOrdersTable5A6B7C8D', 'AWS::DynamoDB::Table', 'CREATE_IN_PROGRESS', null), // no name yet
      ],
      [
        resource('JourneysStateMachineAB12CD34', 'AWS::IAM::Role'),
        resource('JourneysCallSchedulerRoleDefaultPolicy1A2B3C4D', 'AWS::IAM::Policy'),
      ],
    );

    // Act
    const found = await locator().locate();

    // Assess
    expect(found.tables).toEqual({ customers: 'physical-DataCustomersTable99887766', orders: null });
    expect(found.stateMachines).toEqual({ journey: null, campaign: null, scoring: null });
    expect(found.schedulerRole).toBeNull();
  });

  it('finds no table or machine that failed to create or is being deleted; hands on the role with its status', async () => {
    // Prepare
    deployed();
    holding(
      [
        resource('DataCustomersTable1A2B3C4D', 'AWS::DynamoDB::GlobalTable', 'CREATE_FAILED'),
        resource('DataOrdersTable0F1E2D3C', 'AWS::DynamoDB::Table', 'DELETE_IN_PROGRESS'),
      ],
      [
        resource('JourneysStateMachineAB12CD34', MACHINE, 'DELETE_COMPLETE'),
        resource('CampaignsStateMachine9F8E7D6C', MACHINE, 'UPDATE_IN_PROGRESS'),
        resource('JourneysCallSchedulerRole5E6F7A8B', 'AWS::IAM::Role', 'DELETE_IN_PROGRESS'),
      ],
    );

    // Act
    const found = await locator().locate();

    // Assess
    expect(found.tables).toEqual({ customers: null, orders: null });
    expect(found.stateMachines).toEqual({
      journey: null,
      campaign: 'physical-CampaignsStateMachine9F8E7D6C',
      scoring: null,
    });
    // The readiness rule judges the role's status.
    expect(found.schedulerRole).toEqual({
      name: 'physical-JourneysCallSchedulerRole5E6F7A8B',
      status: 'DELETE_IN_PROGRESS',
    });
  });

  it('reports a stack that does not exist as not deployed, finds nothing it would hold, and lists none of it', async () => {
    // Prepare: only the API stack is deployed
    cfn
      .on(DescribeStacksCommand, { StackName: DATA })
      .rejects(notDeployed(DATA))
      .on(DescribeStacksCommand, { StackName: API })
      .resolves({ Stacks: [{ StackName: API, StackStatus: 'ROLLBACK_COMPLETE', CreationTime: new Date() }] })
      .on(DescribeStacksCommand, { StackName: WORKFLOWS })
      .rejects(notDeployed(WORKFLOWS));

    // Act
    const found = await locator().locate();

    // Assess
    expect(found).toEqual({
      stacks: [
        { name: DATA, status: null },
        { name: API, status: 'ROLLBACK_COMPLETE' },
        { name: WORKFLOWS, status: null },
      ],
      tables: { customers: null, orders: null },
      stateMachines: { journey: null, campaign: null, scoring: null },
      schedulerRole: 'unknown',
    });
    expect(cfn.commandCalls(ListStackResourcesCommand)).toHaveLength(0);
  });

  it('passes any other refusal of DescribeStacks on unchanged, another ValidationError included', async () => {
    const errors = [
      cfnError(
        'ValidationError',
        "1 validation error detected: Value 'Reactivate-prod-Data' at 'stackName' failed to satisfy constraint",
      ),
      cfnError('AccessDenied', 'User is not authorized to perform: cloudformation:DescribeStacks'),
      cfnError('Throttling', 'Rate exceeded'),
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    ];
    for (const error of errors) {
      cfn.reset();
      cfn.on(DescribeStacksCommand).rejects(error);
      await expect(locator().locate(), error.message).rejects.toBe(error);
    }
  });

  it('passes a refusal of ListStackResources on unchanged, on a later page too', async () => {
    const denied = cfnError(
      'AccessDenied',
      'User is not authorized to perform: cloudformation:ListStackResources',
    );
    const throttled = cfnError('Throttling', 'Rate exceeded');

    deployed();
    cfn.on(ListStackResourcesCommand, { StackName: DATA }).resolves({ StackResourceSummaries: [] });
    cfn.on(ListStackResourcesCommand, { StackName: WORKFLOWS }).rejects(denied);
    await expect(locator().locate()).rejects.toBe(denied);

    cfn.reset();
    deployed();
    cfn.on(ListStackResourcesCommand, { StackName: WORKFLOWS }).resolves({ StackResourceSummaries: [] });
    cfn
      .on(ListStackResourcesCommand, { StackName: DATA })
      .resolves({ StackResourceSummaries: [], NextToken: 'page-2' })
      .on(ListStackResourcesCommand, { StackName: DATA, NextToken: 'page-2' })
      .rejects(throttled);
    await expect(locator().locate()).rejects.toBe(throttled);
  });
});
