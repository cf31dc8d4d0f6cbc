/**
 * Composes the application: the stateful data stack, the stateless API and workflow stacks, the
 * console's stack when the stage enables it, and
 * AWS's own rule sets as validation plugins — the cdk-nag AwsSolutions and Serverless packs and the
 * AWS Control Tower proactive controls in CloudFormation Guard. A finding fails synthesis unless
 * acknowledged with a reason at the construct concerned.
 */

import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, type AppProps, Aspects, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { loadStageConfig, type StageConfig } from './config.js';
import { guardRule } from './constructs/guard-rules.js';
import { NotifyOperators } from './constructs/operations.js';
import { ApiStack } from './stacks/api-stack.js';
import { ConsoleStack } from './stacks/console-stack.js';
import { DataStack } from './stacks/data-stack.js';
import { WorkflowStack } from './stacks/workflow-stack.js';

export interface ReactivateApp {
  app: App;
  config: StageConfig;
  data: DataStack;
  api: ApiStack;
  workflows: WorkflowStack;
  /** Only when `console.enabled`. */
  console?: ConsoleStack;
}

export interface BuildOptions {
  /** An already parsed stage (the local runtime's); otherwise read from CDK context. */
  config?: StageConfig;
  /**
   * Where the stacks go when the config does not say: the CDK CLI's defaults
   * (`CDK_DEFAULT_ACCOUNT`, `CDK_DEFAULT_REGION` — the CLI always sets a region).
   */
  defaultEnv?: { account?: string | undefined; region?: string | undefined };
}

export function buildApp(props: AppProps = {}, options: BuildOptions = {}): ReactivateApp {
  const app = new App(props);
  const config = options.config ?? loadStageConfig((key) => app.node.tryGetContext(key));
  const defaults = options.defaultEnv ?? {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION,
  };
  const env = {
    account: config.account ?? defaults.account,
    region: config.region ?? defaults.region,
  };
  const prefix = `Reactivate-${config.stage}`;
  const data = new DataStack(app, `${prefix}-Data`, {
    config,
    env,
    description: 'Reactivation campaigns: data (tables)',
  });
  const api = new ApiStack(app, `${prefix}-Api`, {
    config,
    env,
    tables: data.tables,
    userPool: data.users?.userPool,
    description: 'Reactivation campaigns: API and functions',
  });
  const workflows = new WorkflowStack(app, `${prefix}-Workflows`, {
    config,
    env,
    tables: data.tables,
    publicUrl: api.httpApi.api.url,
    api: api.httpApi.api,
    description: 'Reactivation campaigns: workflows (scoring, journeys)',
  });
  const consoleStack = config.console.enabled
    ? new ConsoleStack(app, `${prefix}-Console`, {
        config,
        env,
        api: api.httpApi.api,
        userPool: api.httpApi.userPool as NonNullable<typeof api.httpApi.userPool>,
        signInUrl: signInUrl(config, data),
        description: 'Reactivation campaigns: the browser console (CloudFront, S3, Cognito sign-in)',
      })
    : undefined;
  // Every alarm of every stack, wherever it is made, notifies the stage's operators.
  Aspects.of(app).add(new NotifyOperators(data.operators.topic));
  Tags.of(app).add('application', 'reactivate');
  Tags.of(app).add('stage', config.stage);
  for (const stack of [data, api, workflows, ...(consoleStack ? [consoleStack] : [])]) {
    if (config.logRetentionDays < 365)
      Validations.of(stack).acknowledge({
        id: guardRule('cloudwatch_log_group_retention_period_check'),
        reason: `Log retention is the stage's logRetentionDays (${config.logRetentionDays} days): the logs hold identifiers and counts only, and keeping them no longer than needed is data minimisation. Set logRetentionDays to 365 or more to meet this control.`,
      });
    Validations.of(stack).acknowledge({
      id: guardRule('cloudwatch_log_group_encrypted_check'),
      reason:
        config.api.accessLogs.includeClientIp || config.api.accessLogs.includeCaller
          ? 'CloudWatch Logs encrypts every log group at rest with AWS-owned keys. The logs carry identifiers and counts only, except the API access logs, which hold client IPs or callers because api.accessLogs asks for them: the stage config accepts that with AWS-owned-key encryption.'
          : 'CloudWatch Logs encrypts every log group at rest with AWS-owned keys. These logs carry identifiers and counts only, never personal data (no event logging, no execution data, no client IPs in access logs), so a customer-managed KMS key would add key-policy work and cost without protecting personal data.',
    });
  }
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app),
    new ServerlessChecks(app),
    // `-c guard=false` skips the Guard run (about 25 s) while iterating; deploys and CI keep it.
    ...(String(app.node.tryGetContext('guard')) === 'false'
      ? []
      : [new CfnGuardValidator({ maxBuffer: 64 * 1024 * 1024 })]),
  );
  return { app, config, data, api, workflows, ...(consoleStack ? { console: consoleStack } : {}) };
}

/**
 * The managed login of the stage's user pool: the domain the data stack made with the pool, or
 * the existing domain (`console.domainPrefix`) of the pool the config names, in that pool's region.
 */
function signInUrl(config: StageConfig, data: DataStack): string {
  if (data.users?.domain) return data.users.domain.baseUrl();
  const region = config.api.cognitoUserPoolArn?.split(':')[3];
  return `https://${config.console.domainPrefix}.auth.${region}.amazoncognito.com`;
}
