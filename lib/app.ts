/**
 * Composes the application: the stateful data stack, the stateless API and workflow stacks, and the cdk-nag
 * AwsSolutions and Serverless packs as validation plugins (findings fail synthesis unless
 * acknowledged with a reason at the construct concerned).
 */
import { App, type AppProps, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { loadStageConfig, type StageConfig } from './config.js';
import { ApiStack } from './stacks/api-stack.js';
import { DataStack } from './stacks/data-stack.js';
import { WorkflowStack } from './stacks/workflow-stack.js';

export interface ReactivateApp {
  app: App;
  config: StageConfig;
  data: DataStack;
  api: ApiStack;
  workflows: WorkflowStack;
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
    description: 'Reactivation campaigns: API and functions',
  });
  const workflows = new WorkflowStack(app, `${prefix}-Workflows`, {
    config,
    env,
    tables: data.tables,
    publicUrl: api.httpApi.api.url,
    description: 'Reactivation campaigns: workflows (scoring, journeys)',
  });
  Tags.of(app).add('application', 'reactivate');
  Tags.of(app).add('stage', config.stage);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return { app, config, data, api, workflows };
}
