/**
 * The stateful stack: everything that holds data and must outlive code deployments. Stateless
 * stacks receive these resources as props; construct ids here never change.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { isDevStage, type StageConfig } from '../config.js';
import { DataTables } from '../constructs/data-tables.js';
import { OperatorsTopic } from '../constructs/operations.js';
import type { TableName } from '../table-definitions.js';

export interface DataStackProps extends StackProps {
  config: StageConfig;
}

export class DataStack extends Stack {
  readonly tables: Record<TableName, TableV2>;
  /** Every alarm's destination: subscribers confirm by hand, so it lives with the data. */
  readonly operators: OperatorsTopic;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, { ...props, terminationProtection: !isDevStage(props.config) });
    this.tables = new DataTables(this, 'Data', { disposable: isDevStage(props.config) }).tables;
    this.operators = new OperatorsTopic(this, 'Operators', { config: props.config });
  }
}
