/**
 * The stateless stack: functions and the HTTP API. It can be destroyed and redeployed at will;
 * the data it works on lives in the data stack and arrives here as props.
 */
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { isDevStage, type StageConfig } from '../config.js';
import { HttpApi } from '../constructs/http-api.js';
import type { TableName } from '../table-definitions.js';

export interface ApiStackProps extends StackProps {
  config: StageConfig;
  tables: Record<TableName, ITableV2>;
  /** The user pool the data stack made (Cognito authorisation without a configured pool). */
  userPool?: IUserPool | undefined;
}

export class ApiStack extends Stack {
  readonly httpApi: HttpApi;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      config: props.config,
      tables: props.tables,
      userPool: props.userPool,
      logRetention: props.config.logRetentionDays as RetentionDays,
      removalPolicy: isDevStage(props.config) ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
  }
}
