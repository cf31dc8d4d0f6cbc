/**
 * Finds a deployed stage's resources in its CloudFormation stacks (DescribeStacks,
 * ListStackResources — read-only). CloudFormation names the tables and the scoring state machine,
 * so their physical names are read from the stacks: each resource is recognised by its type and
 * the logical id CDK derives from its construct path (a prefix plus an 8-digit hash).
 */
import {
  type CloudFormationClient,
  DescribeStacksCommand,
  paginateListStackResources,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import type { StageResources, WorkflowName } from '../domain/readiness/stage-readiness.js';
import type { StageResourceLocator } from '../ports/readiness.js';

/** Where a stage's resources live, as the CDK app lays them out. */
export interface StageLayout {
  /** The stage's stack names. */
  stacks: { data: string; api: string; workflows: string };
  /** Logical-id prefix of each table in the data stack, by logical table name. */
  tables: Record<string, string>;
  /** Logical-id prefix of each state machine in the workflow stack. */
  stateMachines: Record<WorkflowName, string>;
  /** Logical-id prefix of the role Scheduler assumes for call schedules (workflow stack). */
  schedulerRole: string;
}

const TABLE_TYPES = new Set(['AWS::DynamoDB::GlobalTable', 'AWS::DynamoDB::Table']);
const GONE = /^(CREATE_FAILED|DELETE_COMPLETE|DELETE_IN_PROGRESS)$/;

const isMissingStack = (error: unknown) =>
  error instanceof Error && error.name === 'ValidationError' && /does not exist/.test(error.message);

export class CloudFormationStageResources implements StageResourceLocator {
  constructor(
    private readonly cfn: CloudFormationClient,
    private readonly layout: StageLayout,
  ) {}

  private async status(stackName: string): Promise<string | null> {
    try {
      const { Stacks } = await this.cfn.send(new DescribeStacksCommand({ StackName: stackName }));
      return Stacks?.[0]?.StackStatus ?? null;
    } catch (error) {
      if (isMissingStack(error)) return null;
      throw error;
    }
  }

  private async resources(stackName: string, status: string | null): Promise<StackResourceSummary[]> {
    if (status === null) return [];
    const all: StackResourceSummary[] = [];
    for await (const page of paginateListStackResources({ client: this.cfn }, { StackName: stackName }))
      all.push(...(page.StackResourceSummaries ?? []));
    return all;
  }

  async locate(): Promise<StageResources> {
    const { stacks } = this.layout;
    const names = [stacks.data, stacks.api, stacks.workflows];
    const statuses = await Promise.all(names.map((name) => this.status(name)));
    const [data, workflows] = await Promise.all([
      this.resources(stacks.data, statuses[0] ?? null),
      this.resources(stacks.workflows, statuses[2] ?? null),
    ]);
    const find = (resources: StackResourceSummary[], prefix: string, types: Set<string>) =>
      resources.find(
        (r) =>
          types.has(r.ResourceType ?? '') &&
          new RegExp(`^${prefix}[0-9A-F]{8}$`).test(r.LogicalResourceId ?? '') &&
          r.PhysicalResourceId,
      );
    const physical = (r: StackResourceSummary | undefined) =>
      r && !GONE.test(r.ResourceStatus ?? '') ? (r.PhysicalResourceId ?? null) : null;
    const role = find(workflows, this.layout.schedulerRole, new Set(['AWS::IAM::Role']));
    return {
      stacks: names.map((name, i) => ({ name, status: statuses[i] ?? null })),
      tables: Object.fromEntries(
        Object.entries(this.layout.tables).map(([table, prefix]) => [
          table,
          physical(find(data, prefix, TABLE_TYPES)),
        ]),
      ),
      stateMachines: Object.fromEntries(
        Object.entries(this.layout.stateMachines).map(([workflow, prefix]) => [
          workflow,
          physical(find(workflows, prefix, new Set(['AWS::StepFunctions::StateMachine']))),
        ]),
      ),
      // Without its stack the role is not discoverable; the stack's own check says so.
      schedulerRole:
        statuses[2] == null
          ? 'unknown'
          : role?.PhysicalResourceId && role.ResourceStatus
            ? { name: role.PhysicalResourceId, status: role.ResourceStatus }
            : null,
    };
  }
}
