/**
 * `reactivate doctor` finds a deployed stage's resources in its CloudFormation stacks by type and
 * logical id (lib/cli/doctor-command.ts `stageLayout`). Here the stacks are those of the
 * production config — every CloudFormation resource with the logical id synthesis gives it —
 * served page by page by a stand-in for CloudFormation, so renaming a construct that doctor relies
 * on fails this test rather than a user's readiness check. (Read from the construct tree: a full
 * synthesis would only add minutes.)
 */
import {
  CloudFormationClient,
  DescribeStacksCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { CfnResource, type Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CloudFormationStageResources } from '../../functions/adapters/cloudformation-stage-resources.js';
import type { ReactivateApp } from '../../lib/app.js';
import { stageLayout } from '../../lib/cli/doctor-command.js';
import { TABLE_NAMES } from '../../lib/table-definitions.js';
import { cliApp } from '../support/cdk-app.js';

const REGION = 'eu-west-1';
const PAGE = 20;

/** What CloudFormation would name a resource: its own name if it sets one, else stack-logicalId-suffix. */
const physicalId = (stack: string, logicalId: string, name?: unknown) =>
  typeof name === 'string' ? name : `${stack}-${logicalId}-1A2B3C4D`;

const logicalId = (construct: IConstruct) => {
  const stack = construct.node.scopes.find((s): s is Stack => 'stackName' in s) as Stack;
  return stack.resolve(
    stack.getLogicalId((construct.node.defaultChild ?? construct) as CfnResource),
  ) as string;
};

/** A CloudFormation client answering DescribeStacks and ListStackResources for these stacks, as deployed. */
function cloudFormationOf(stacks: Stack[]): CloudFormationClient {
  const client = new CloudFormationClient({
    region: REGION,
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  });
  const summaries = new Map(
    stacks.map((stack) => [
      stack.stackName,
      stack.node
        .findAll()
        .filter(CfnResource.isCfnResource)
        .map((r) => {
          const id = logicalId(r);
          const name = (r as CfnResource & { stateMachineName?: unknown }).stateMachineName;
          return {
            LogicalResourceId: id,
            ResourceType: r.cfnResourceType,
            PhysicalResourceId: physicalId(stack.stackName, id, stack.resolve(name)),
            ResourceStatus: 'CREATE_COMPLETE',
          };
        }),
    ]),
  );
  client.send = (async (command: unknown) => {
    if (command instanceof DescribeStacksCommand) {
      const name = command.input.StackName ?? '';
      if (!summaries.has(name))
        throw Object.assign(new Error(`Stack with id ${name} does not exist`), { name: 'ValidationError' });
      return { Stacks: [{ StackName: name, StackStatus: 'CREATE_COMPLETE' }] };
    }
    if (command instanceof ListStackResourcesCommand) {
      const all = summaries.get(command.input.StackName ?? '') ?? [];
      const from = Number(command.input.NextToken ?? 0);
      const next = from + PAGE < all.length ? String(from + PAGE) : undefined;
      return { StackResourceSummaries: all.slice(from, from + PAGE), ...(next ? { NextToken: next } : {}) };
    }
    throw new Error('not served here');
  }) as CloudFormationClient['send'];
  return client;
}

describe('doctor: the stage layout', () => {
  let stage: ReactivateApp;
  beforeAll(() => {
    stage = cliApp({ stage: 'prod', config: 'config/prod.json' }, REGION);
  });

  it('finds every table, state machine and the call scheduler role of the deployed stacks', async () => {
    // Prepare
    const { data, api, workflows } = stage;
    const cfn = cloudFormationOf([data, api, workflows]);

    // Act
    const found = await new CloudFormationStageResources(cfn, stageLayout('prod')).locate();

    // Assess
    expect(found.stacks).toEqual([
      { name: 'Reactivate-prod-Data', status: 'CREATE_COMPLETE' },
      { name: 'Reactivate-prod-Api', status: 'CREATE_COMPLETE' },
      { name: 'Reactivate-prod-Workflows', status: 'CREATE_COMPLETE' },
    ]);
    for (const table of TABLE_NAMES)
      expect(found.tables[table], table).toBe(physicalId(data.stackName, logicalId(data.tables[table])));
    expect(found.stateMachines).toEqual({
      journey: 'reactivate-prod-journey',
      campaign: 'reactivate-prod-campaign',
      scoring: physicalId(workflows.stackName, logicalId(workflows.scoring.stateMachine)),
    });
    const role = workflows.journeys.node.findChild('CallSchedulerRole');
    expect(found.schedulerRole).toEqual({
      name: physicalId(workflows.stackName, logicalId(role)),
      status: 'CREATE_COMPLETE',
    });
  });

  it('says which stacks are not deployed, and finds nothing they would hold', async () => {
    // Prepare: only the API stack exists
    const { api } = stage;

    // Act
    const found = await new CloudFormationStageResources(
      cloudFormationOf([api]),
      stageLayout('prod'),
    ).locate();

    // Assess
    expect(found.stacks.map((s) => [s.name, s.status])).toEqual([
      ['Reactivate-prod-Data', null],
      ['Reactivate-prod-Api', 'CREATE_COMPLETE'],
      ['Reactivate-prod-Workflows', null],
    ]);
    expect(Object.values(found.tables).every((name) => name === null)).toBe(true);
    expect(found.schedulerRole).toBe('unknown');
  });
});
