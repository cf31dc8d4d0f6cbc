/**
 * The browser console's stack (made when `console.enabled`): its hosting and its sign-in app
 * client. Stateless like the API stack; CloudFront's slow deployments stay out of the API's.
 *
 * The console is built from console/ at synthesis (esbuild, a second or two), so there is no
 * build step to forget and no stale copy to deploy. When the stack's assets are not being
 * bundled (`cdk synth` of another stack, in-process tests: CDK's `bundlingRequired`), a
 * placeholder page stands in for the build, as NodejsFunction skips esbuild then.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { buildConsoleSync } from '../../console/build.js';
import { isDevStage, type StageConfig } from '../config.js';
import { ConsoleHosting } from '../constructs/console-hosting.js';

export interface ConsoleStackProps extends StackProps {
  config: StageConfig;
  api: RestApi;
  userPool: IUserPool;
  /** Base URL of the user pool's managed login. */
  signInUrl: string;
}

export class ConsoleStack extends Stack {
  readonly hosting: ConsoleHosting;

  constructor(scope: Construct, id: string, props: ConsoleStackProps) {
    super(scope, id, props);
    this.hosting = new ConsoleHosting(this, 'Console', {
      stage: props.config.stage,
      assetDir: this.consoleBuild(),
      api: props.api,
      userPool: props.userPool,
      signInUrl: props.signInUrl,
      logRetentionDays: props.config.logRetentionDays,
      removalPolicy: isDevStage(props.config) ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
  }

  /** A fresh directory holding the built console (or the placeholder, when not bundling). */
  private consoleBuild(): string {
    const dir = mkdtempSync(join(tmpdir(), 'reactivate-console-'));
    if (this.bundlingRequired) buildConsoleSync(dir);
    else writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Reactivate</title>\n');
    return dir;
  }
}
