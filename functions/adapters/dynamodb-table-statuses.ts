/**
 * A table's status and point-in-time recovery as the readiness check reads them (DescribeTable,
 * DescribeContinuousBackups). Read-only.
 */
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  TableNotFoundException,
} from '@aws-sdk/client-dynamodb';
import type { TableFacts } from '../domain/readiness/stage-readiness.js';
import type { TableStatuses } from '../ports/readiness.js';

export class DynamoTableStatuses implements TableStatuses {
  constructor(private readonly db: DynamoDBClient) {}

  async describe(tableName: string): Promise<TableFacts | null> {
    try {
      const { Table } = await this.db.send(new DescribeTableCommand({ TableName: tableName }));
      const { ContinuousBackupsDescription: backups } = await this.db.send(
        new DescribeContinuousBackupsCommand({ TableName: tableName }),
      );
      return {
        status: Table?.TableStatus ?? 'UNKNOWN',
        pointInTimeRecovery: backups?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus === 'ENABLED',
      };
    } catch (error) {
      if (error instanceof ResourceNotFoundException || error instanceof TableNotFoundException) return null;
      throw error;
    }
  }
}
