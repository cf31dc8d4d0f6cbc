/**
 * The API's Cognito group authoriser: a Lambda TOKEN authoriser (functions/handlers/
 * authorize-caller-handler.ts) that verifies the caller's Cognito ID token and allows exactly the
 * routes of the roles among the user's groups. Cognito's own user pool authoriser cannot do this:
 * without scopes it lets any valid token call any route, and scopes come only in access tokens,
 * which carry no groups.
 *
 * API Gateway caches each answer by token for five minutes (the policy names every route of the
 * roles, not just the one called), so a request costs an invocation only when its token is new.
 * A user removed from a group keeps that role until the ID token expires (an hour by default).
 */
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { IdentitySource, TokenAuthorizer } from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { SettingValues } from '../../functions/manifest/environment.js';
import { FUNCTIONS } from '../../functions/manifest/functions.js';
import { guardRule } from './guard-rules.js';
import { HouseFunction } from './house-function.js';

export interface GroupAuthorizerProps {
  stage: string;
  /** The pool whose ID tokens are accepted (from any of its app clients). */
  userPool: IUserPool;
  settings: SettingValues;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
}

/** `Bearer <JWT>` as the console sends it, or the bare JWT that Cognito's authoriser accepted. */
const TOKEN_SHAPE = '^(Bearer )?[-0-9A-Za-z_]+\\.[-0-9A-Za-z_]+\\.[-0-9A-Za-z_]+$';

export class GroupAuthorizer extends Construct {
  readonly authorizer: TokenAuthorizer;
  readonly function: HouseFunction<typeof FUNCTIONS.authorizeCaller>;

  constructor(scope: Construct, id: string, props: GroupAuthorizerProps) {
    super(scope, id);
    this.function = new HouseFunction(this, FUNCTIONS.authorizeCaller.constructId, {
      spec: FUNCTIONS.authorizeCaller,
      tables: {},
      settings: props.settings,
      resources: { USER_POOL_ID: props.userPool.userPoolId },
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.function.acknowledgeSynchronousInvocation('API Gateway (as the authoriser)');
    this.authorizer = new TokenAuthorizer(this, 'Authorizer', {
      authorizerName: `reactivate-${props.stage}-groups`,
      handler: this.function.function,
      identitySource: IdentitySource.header('Authorization'),
      // A header of another shape is a 401 from API Gateway itself, without an invocation.
      validationRegex: TOKEN_SHAPE,
      resultsCacheTtl: Duration.minutes(5),
    });
    Validations.of(this.function.function).acknowledge({
      id: guardRule('lambda_function_public_access_prohibited_check'),
      reason:
        "API Gateway's permission to invoke the authoriser names this API's own authoriser ARN as SourceArn (an Fn::Join of the API and authoriser ids, which the rule cannot evaluate statically): no other API or account may invoke it.",
    });
  }
}
