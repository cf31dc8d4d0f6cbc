/**
 * The house Lambda function, made from its manifest entry (functions/manifest/functions.ts):
 * `NodejsFunction` with the project's defaults — Node.js 24 on arm64, a minified ESM bundle, JSON
 * logs into its own log group with retention, active X-Ray tracing, the entry's memory and
 * timeout, and its own role that starts with no permissions at all (no managed policy): it gets
 * exactly the table actions its entry names, and its grants from lib/constructs/function-grants.ts.
 * Its environment holds the variables its entry names and nothing else; the constructor's types
 * make the caller supply every one.
 */
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { NUMBERING_PLANS_FILE } from '../../functions/domain/numbering-plans.js';
import {
  environmentFor,
  type ResourceValuesOf,
  type SettingValues,
} from '../../functions/manifest/environment.js';
import type { FunctionSpec } from '../../functions/manifest/functions.js';
import { INDEXES, type TableAccess, type TableName } from '../../functions/manifest/tables.js';
import { alarmOnFunctionFailures } from './alarms.js';
import { guardRule } from './guard-rules.js';

const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:DescribeTable',
];
const TABLE_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'];

const HANDLERS_DIR = fileURLToPath(new URL('../../functions/handlers/', import.meta.url));

export interface HouseFunctionProps<S extends FunctionSpec> {
  /** The function's manifest entry. */
  spec: S;
  /** At least the tables its entry names. */
  tables: { readonly [T in keyof S['tables']]: ITableV2 };
  /** The stage's settings (lib/journey-environment.ts `stageSettings`); it takes the ones it reads. */
  settings: SettingValues;
  /** The resource names and ARNs its grants and variables need. */
  resources: ResourceValuesOf<S>;
  logRetention: RetentionDays;
  /** Overrides the entry's description (the API names the route). */
  description?: string;
  /** Log groups are kept unless the stage is disposable. @default RemovalPolicy.RETAIN */
  removalPolicy?: RemovalPolicy;
  /** Where asynchronous invocations that still fail after Lambda's retries are kept. */
  deadLetterQueue?: IQueue;
}

export class HouseFunction<S extends FunctionSpec = FunctionSpec> extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly spec: S;

  constructor(scope: Construct, id: string, props: HouseFunctionProps<S>) {
    super(scope, id);
    const { spec } = props;
    this.spec = spec;
    const description = props.description ?? spec.description;
    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${description}`,
    });
    // Write access to its own log group only (instead of AWSLambdaBasicExecutionRole, which is *).
    logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: `${HANDLERS_DIR}${spec.handler}.ts`,
      description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memorySize,
      timeout: Duration.seconds(spec.timeoutSeconds),
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: {
        ...RUNTIME_VARIABLES,
        ...environmentFor(spec, {
          tables: tableNames(props.tables as Partial<Record<TableName, ITableV2>>),
          settings: props.settings,
          resources: props.resources,
        }),
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        // The source map ships beside the bundle but is not loaded: Node's --enable-source-maps
        // would read and parse it at every cold start. A logged stack trace (minified positions)
        // is mapped back with the map from the function's code package when someone needs it.
        sourceMap: true,
        mainFields: ['module', 'main'],
        // Some dependencies are CommonJS and call require(): give the ESM bundle one.
        banner:
          "import { createRequire as __createRequire } from 'module'; const require = __createRequire(import.meta.url);",
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          // Data read at run time, beside the bundle (with node, so it runs wherever CDK bundles).
          afterBundling: (inputDir, outputDir) =>
            spec.numberingPlans
              ? [
                  `node -e "require('node:fs').copyFileSync(process.argv[1], process.argv[2])" "${inputDir}/node_modules/libphonenumber-js/metadata.max.json" "${outputDir}/${NUMBERING_PLANS_FILE}"`,
                ]
              : [],
        },
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
    alarmOnFunctionFailures(this, this.function, description);
    for (const [name, access] of Object.entries(spec.tables) as [TableName, TableAccess][]) {
      const table = (props.tables as Partial<Record<TableName, ITableV2>>)[name];
      if (!table)
        throw new Error(`${id}: its manifest entry names the ${name} table, which it was not given`);
      this.bindTable(name, table, access);
    }
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
   * Grants exactly the item actions its entry names on the table itself (`grantReadWriteData`
   * would also grant every index and actions we never call), and Query on the indexes it names.
   */
  private bindTable(name: TableName, table: ITableV2, access: TableAccess): void {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [
          ...TABLE_READ_ACTIONS,
          ...(access === 'scan' ? ['dynamodb:Scan'] : []),
          ...(access === 'readUpdate' ? ['dynamodb:UpdateItem'] : []),
          ...(access === 'readWrite' || access === 'readWriteDelete' ? TABLE_WRITE_ACTIONS : []),
          ...(access === 'readWriteDelete' ? ['dynamodb:DeleteItem'] : []),
        ],
        resources: [table.tableArn],
      }),
    );
    const indexes = this.spec.indexes.filter((index) => INDEXES[index] === name);
    if (indexes.length > 0)
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: indexes.map((index) => `${table.tableArn}/index/${index}`),
        }),
      );
  }
}

/** Variables every function has, whatever its entry: Lambda's and Powertools' own. */
export const RUNTIME_VARIABLES = {
  POWERTOOLS_SERVICE_NAME: 'reactivate',
  POWERTOOLS_METRICS_NAMESPACE: 'Reactivate',
};

const tableNames = (tables: Partial<Record<TableName, ITableV2>>) =>
  Object.fromEntries(
    Object.entries(tables).map(([name, table]) => [name, (table as ITableV2).tableName]),
  ) as Record<TableName, string>;
