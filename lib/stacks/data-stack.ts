/**
 * The stateful stack: everything that holds data and must outlive code deployments. Stateless
 * stacks receive these resources as props; construct ids here never change.
 */
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { isDevStage, type StageConfig } from '../config.js';
import { ApiUserPool } from '../constructs/api-user-pool.js';
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
  /** The API's users, when Cognito authorises and the config names no pool of its own. */
  readonly users?: ApiUserPool;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, { ...props, terminationProtection: !isDevStage(props.config) });
    this.tables = new DataTables(this, 'Data', { disposable: isDevStage(props.config) }).tables;
    this.operators = new OperatorsTopic(this, 'Operators', { config: props.config });
    const { api, console } = props.config;
    if (api.authorization === 'cognito' && !api.cognitoUserPoolArn)
      this.users = new ApiUserPool(this, 'Users', {
        stage: props.config.stage,
        domainPrefix: console.domainPrefix,
        removalPolicy: isDevStage(props.config) ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
        deletionProtection: !isDevStage(props.config),
      });
  }
}
