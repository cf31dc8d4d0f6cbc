/** Manager call tasks on DynamoDB: created once per schedule name; open tasks by due time. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CallTask, CallTaskStore } from '../ports/journey-store.js';
import { putIfAbsent, queryPages, toItem } from './dynamodb-batch.js';

export class DynamoCallTaskStore implements CallTaskStore {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly table: string,
  ) {}

  create(task: CallTask): Promise<'created' | 'exists'> {
    return putIfAbsent(this.db, this.table, { ...task }, 'taskId');
  }

  async list(status: CallTask['status'] = 'open'): Promise<CallTask[]> {
    const tasks: CallTask[] = [];
    for await (const page of queryPages<CallTask>(this.db, {
      TableName: this.table,
      IndexName: 'byStatus',
      KeyConditionExpression: '#status = :status',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: toItem({ ':status': status }),
    }))
      tasks.push(...page);
    return tasks;
  }
}
