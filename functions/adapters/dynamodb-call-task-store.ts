/** Manager call tasks on DynamoDB: created once per schedule name; open tasks by due time. */
import { type DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { CallOutcome, CallTaskFilter } from '../domain/journey/call-outcome.js';
import type { CallTask } from '../domain/journey/call-task.js';
import type { CallTaskStore } from '../ports/call-task-store.js';
import { conditionHeld, getItem, putIfAbsent, queryPages, toItem } from './dynamodb-batch.js';

export class DynamoCallTaskStore implements CallTaskStore {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly table: string,
  ) {}

  create(task: CallTask): Promise<'created' | 'exists'> {
    return putIfAbsent(this.db, this.table, { ...task }, 'taskId');
  }

  get(taskId: string): Promise<CallTask | undefined> {
    return getItem<CallTask>(this.db, this.table, { taskId });
  }

  async list(filter: CallTaskFilter): Promise<CallTask[]> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ':status': filter.status };
    let key = '#status = :status';
    if (filter.dueBefore) {
      names['#due'] = 'dueAt';
      values[':due'] = new Date(filter.dueBefore).toISOString();
      key += ' AND #due <= :due';
    }
    if (filter.assignee) {
      names['#assignee'] = 'assignee';
      values[':assignee'] = filter.assignee;
    }
    const tasks: CallTask[] = [];
    for await (const page of queryPages<CallTask>(this.db, {
      TableName: this.table,
      IndexName: 'byStatus',
      KeyConditionExpression: key,
      ...(filter.assignee ? { FilterExpression: '#assignee = :assignee' } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: toItem(values),
    }))
      tasks.push(...page);
    return tasks;
  }

  async ofCampaign(campaignId: string): Promise<CallTask[]> {
    const tasks: CallTask[] = [];
    for await (const page of queryPages<CallTask>(this.db, {
      TableName: this.table,
      IndexName: 'byCampaign',
      KeyConditionExpression: '#campaign = :campaign',
      ExpressionAttributeNames: { '#campaign': 'campaignId' },
      ExpressionAttributeValues: toItem({ ':campaign': campaignId }),
    }))
      tasks.push(...page);
    return tasks;
  }

  assign(taskId: string, assignee: string): Promise<boolean> {
    return this.update(taskId, 'SET #assignee = :assignee', 'attribute_exists(#id)', {
      names: { '#assignee': 'assignee', '#id': 'taskId' },
      values: { ':assignee': assignee },
    });
  }

  close(taskId: string, outcome: CallOutcome & { recordedAt: string }): Promise<boolean> {
    return this.update(taskId, 'SET #status = :done, #outcome = :outcome', '#status = :open', {
      names: { '#status': 'status', '#outcome': 'outcome' },
      values: { ':done': 'done', ':open': 'open', ':outcome': outcome },
    });
  }

  private async update(
    taskId: string,
    expression: string,
    condition: string,
    { names, values }: { names: Record<string, string>; values: Record<string, unknown> },
  ): Promise<boolean> {
    return conditionHeld(() =>
      this.db.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: toItem({ taskId }),
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: toItem(values),
        }),
      ),
    );
  }
}
