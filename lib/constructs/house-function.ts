/**
 * The house Lambda function: `NodejsFunction` with the project's defaults — Node.js 24 on arm64,
 * ESM bundle with source maps, JSON logs into its own log group with retention, X-Ray tracing,
 * explicit timeout and memory, and its own role that starts with no permissions at all (no
 * managed policy): every permission comes from an intent method or a `grant*` call.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { TableAccess } from '../api-routes.js';
import { alarmOnFunctionFailures } from './alarms.js';
import { guardRule } from './guard-rules.js';

const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:DescribeTable',
];
const TABLE_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'];

export interface HouseFunctionProps {
  /** Path of the handler module. */
  entry: string;
  description: string;
  logRetention: RetentionDays;
  /** Environment variables beyond the tables bound with `bindTable`. */
  environment?: Record<string, string>;
  /** @default 10 seconds */
  timeout?: Duration;
  /** @default 512 MB (arm64: more memory is more CPU, and the SDK's cold start is CPU-bound) */
  memorySize?: number;
  /** Log groups are kept unless the stage is disposable. @default RemovalPolicy.RETAIN */
  removalPolicy?: RemovalPolicy;
  /** Where asynchronous invocations that still fail after Lambda's retries are kept. */
  deadLetterQueue?: IQueue;
}

export class HouseFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  /** The handler module: the local runtime runs it in-process for this function. */
  readonly entry: string;

  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    super(scope, id);
    this.entry = props.entry;
    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.description}`,
    });
    // Write access to its own log group only (instead of AWSLambdaBasicExecutionRole, which is *).
    logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'reactivate',
        POWERTOOLS_METRICS_NAMESPACE: 'Reactivate',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        // Some dependencies are CommonJS and call require(): give the ESM bundle one.
        banner:
          "import { createRequire as __createRequire } from 'module'; const require = __createRequire(import.meta.url);",
      },
    });
    Validations.of(this.function).acknowledge({
      id: guardRule('lambda_inside_vpc_check'),
      reason:
        'The functions reach only AWS service endpoints (DynamoDB, SES, SNS, Scheduler, Step Functions) and no private resource: a VPC would add NAT gateways or interface endpoints, cold-start latency and cost, and no isolation that IAM does not already give.',
    });
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) is granted on *: X-Ray has no resource-level permissions.',
    });
    // Every function alarms on its own errors and throttles (the operators' topic hears it).
    alarmOnFunctionFailures(this, this.function, props.description);
  }

  /** For functions that API Gateway invokes synchronously: failures go back to the caller. */
  acknowledgeSynchronousInvocation(caller: string): this {
    Validations.of(this.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason: `Invoked synchronously by ${caller}, which returns every failure to its caller; a dead-letter queue only applies to asynchronous invocations.`,
    });
    return this;
  }

  /**
   * Sets `variable` to the table's name and grants exactly the item actions the code uses, on the
   * table itself: `grantReadWriteData` would also grant every index and actions we never call.
   */
  bindTable(variable: string, table: ITableV2, access: TableAccess, indexes: readonly string[] = []): this {
    this.function.addEnvironment(variable, table.tableName);
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [
          ...TABLE_READ_ACTIONS,
          ...(access === 'scan' ? ['dynamodb:Scan'] : []),
          ...(access === 'readWrite' || access === 'readWriteDelete' ? TABLE_WRITE_ACTIONS : []),
          ...(access === 'readWriteDelete' ? ['dynamodb:DeleteItem'] : []),
        ],
        resources: [table.tableArn],
      }),
    );
    // Named indexes only (no `index/*`): Query is all the code does on them.
    if (indexes.length > 0)
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: indexes.map((index) => `${table.tableArn}/index/${index}`),
        }),
      );
    return this;
  }
}
