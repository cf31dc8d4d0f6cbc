/**
 * The DynamoDB tables, built from lib/table-definitions.ts: on-demand capacity, point-in-time
 * recovery, encryption with the AWS managed key, deletion protection and RETAIN outside dev.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_NAMES, TABLES, type TableName } from '../table-definitions.js';

export interface DataTablesProps {
  /** Disposable stage: tables are deleted with the stack and unprotected. */
  disposable: boolean;
}

const attributeType = (t: 'S' | 'N') => (t === 'S' ? AttributeType.STRING : AttributeType.NUMBER);
const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

export class DataTables extends Construct {
  readonly tables: Record<TableName, TableV2>;

  constructor(scope: Construct, id: string, props: DataTablesProps) {
    super(scope, id);
    this.tables = Object.fromEntries(
      TABLE_NAMES.map((name) => {
        const def = TABLES[name];
        const table = new TableV2(this, `${pascal(name)}Table`, {
          partitionKey: { name: def.partitionKey.name, type: attributeType(def.partitionKey.type) },
          ...(def.sortKey
            ? { sortKey: { name: def.sortKey.name, type: attributeType(def.sortKey.type) } }
            : {}),
          ...(def.timeToLiveAttribute ? { timeToLiveAttribute: def.timeToLiveAttribute } : {}),
          billing: Billing.onDemand(),
          encryption: TableEncryptionV2.awsManagedKey(),
          pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
          deletionProtection: !props.disposable,
          removalPolicy: props.disposable ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
          globalSecondaryIndexes: def.globalIndexes.map((index) => ({
            indexName: index.indexName,
            partitionKey: { name: index.partitionKey.name, type: attributeType(index.partitionKey.type) },
            ...(index.sortKey
              ? { sortKey: { name: index.sortKey.name, type: attributeType(index.sortKey.type) } }
              : {}),
          })),
        });
        return [name, table];
      }),
    ) as Record<TableName, TableV2>;
  }
}
