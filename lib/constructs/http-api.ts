/**
 * The REST API in front of the API handlers, built from lib/api-routes.ts: one function per
 * route with only the table access that route needs; IAM (SigV4) authorisation on every method
 * by default; with Cognito, the group authoriser (a user's Cognito groups are its roles) or, with
 * `api.cognitoResourceServer`, Cognito's own authoriser asking access tokens for role scopes;
 * stage throttling, JSON access logs, execution logs without request data (bodies hold personal
 * data), X-Ray tracing.
 */
import { type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  type Method,
  MethodLoggingLevel,
  type MethodOptions,
  RequestValidator,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import { type IUserPool, UserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { FUNCTIONS } from '../../functions/manifest/functions.js';
import type { Grant } from '../../functions/manifest/grants.js';
import { API_ROUTES } from '../api-routes.js';
import type { StageConfig } from '../config.js';
import { stageSettings } from '../journey-environment.js';
import type { TableName } from '../table-definitions.js';
import { alarmOnServerErrors } from './alarms.js';
import { ApiRolePolicies } from './api-role-policies.js';
import {
  grantEndingJourneys,
  grantReadingSendQuota,
  grantRunningCampaigns,
  stageResources,
} from './function-grants.js';
import { GroupAuthorizer } from './group-authorizer.js';
import { guardRule } from './guard-rules.js';
import { HouseFunction } from './house-function.js';

export interface HttpApiProps {
  config: StageConfig;
  tables: Record<TableName, ITableV2>;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
  /** The user pool the stage made (data stack) when the config names none. */
  userPool?: IUserPool | undefined;
}

export class HttpApi extends Construct {
  readonly api: RestApi;
  readonly functions: HouseFunction[] = [];
  /** A managed policy per caller role (IAM authorisation). */
  readonly rolePolicies?: ApiRolePolicies;
  /** The user pool whose tokens the API accepts (Cognito authorisation). */
  readonly userPool?: IUserPool;
  /** The Lambda authoriser of Cognito groups (Cognito authorisation without a resource server). */
  readonly groupAuthorizer?: GroupAuthorizer;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const { config } = props;
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });

    this.api = new RestApi(this, 'Api', {
      restApiName: `reactivate-${config.stage}`,
      description: 'Reactivation campaigns: customers, orders (and later campaigns, events, reports)',
      endpointConfiguration: { types: [EndpointType.REGIONAL] },
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: props.removalPolicy,
      deployOptions: {
        stageName: config.stage,
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        throttlingRateLimit: config.api.throttle.rateLimit,
        throttlingBurstLimit: config.api.throttle.burstLimit,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        // The client's IP and the caller's identity are personal data: logged only when configured.
        accessLogFormat: AccessLogFormat.jsonWithStandardFields({
          caller: config.api.accessLogs.includeCaller,
          httpMethod: true,
          ip: config.api.accessLogs.includeClientIp,
          protocol: true,
          requestTime: true,
          resourcePath: true,
          responseLength: true,
          status: true,
          user: config.api.accessLogs.includeCaller,
        }),
      },
    });
    Validations.of(this.api).acknowledge({
      id: guardRule('lambda_function_public_access_prohibited_check'),
      reason:
        "Each function's permission for API Gateway names this API's own method ARN as SourceArn (an Fn::Join of the API id, stage, method and path, which the rule cannot evaluate statically): no other API or account may invoke it.",
    });
    alarmOnServerErrors(this, this.api, config.operations.alarms.apiServerErrorRate);
    const validator = new RequestValidator(this, 'Validator', {
      restApi: this.api,
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    // The API's URL from its id, not from its deployment: a function of this API may not depend on
    // the deployment that depends on its own method.
    const stack = Stack.of(this);
    const ownUrl = `https://${this.api.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}/${config.stage}/`;
    const settings = stageSettings(config, ownUrl);

    if (config.api.authorization === 'cognito') {
      const arn = config.api.cognitoUserPoolArn;
      this.userPool = arn ? UserPool.fromUserPoolArn(this, 'UserPool', arn) : props.userPool;
      if (!this.userPool)
        throw new Error('HttpApi: Cognito authorisation needs a user pool (config or the data stack)');
      if (!config.api.cognitoResourceServer)
        this.groupAuthorizer = new GroupAuthorizer(this, 'GroupAuthorizer', {
          stage: config.stage,
          userPool: this.userPool,
          settings,
          logRetention: props.logRetention,
          removalPolicy: props.removalPolicy,
        });
    }
    const auth: MethodOptions = this.groupAuthorizer
      ? { authorizationType: AuthorizationType.CUSTOM, authorizer: this.groupAuthorizer.authorizer }
      : this.userPool
        ? {
            authorizationType: AuthorizationType.COGNITO,
            authorizer: new CognitoUserPoolsAuthorizer(this, 'Authorizer', {
              cognitoUserPools: [this.userPool],
            }),
          }
        : { authorizationType: AuthorizationType.IAM };
    const resources = stageResources(this, config.stage);
    // One function per manifest entry: a page and the form it posts (GET and POST of one path)
    // may share theirs.
    const made = new Map<string, HouseFunction>();
    for (const route of API_ROUTES) {
      const spec = FUNCTIONS[route.function];
      let fn = made.get(route.function);
      if (!fn) {
        const served = API_ROUTES.filter((r) => r.function === route.function);
        fn = new HouseFunction(this, spec.constructId, {
          spec,
          description: `${served.map((r) => r.method).join(', ')} ${route.path}`,
          tables: props.tables,
          settings,
          resources,
          logRetention: props.logRetention,
          removalPolicy: props.removalPolicy,
        });
        fn.acknowledgeSynchronousInvocation('API Gateway');
        const grants: readonly Grant[] = spec.grants;
        if (grants.includes('endJourneys')) grantEndingJourneys(fn, config.stage);
        if (grants.includes('runCampaigns')) grantRunningCampaigns(fn, config.stage);
        if (grants.includes('readSendQuota')) grantReadingSendQuota(fn);
        this.functions.push(fn);
        made.set(route.function, fn);
      }
      const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => `method.request.path.${m[1]}`);
      const method = this.api.root
        .resourceForPath(route.path)
        .addMethod(route.method, new LambdaIntegration(fn.function), {
          ...(route.public ? { authorizationType: AuthorizationType.NONE } : auth),
          ...(!route.public &&
          auth.authorizationType === AuthorizationType.COGNITO &&
          config.api.cognitoResourceServer
            ? {
                authorizationScopes: ['admin', ...route.roles].map(
                  (role) => `${config.api.cognitoResourceServer}/${role}`,
                ),
              }
            : {}),
          requestValidator: validator,
          requestParameters: Object.fromEntries(pathParameters.map((p) => [p, true])),
        });
      if (route.public) acknowledgePublicLink(method);
    }

    if (config.api.authorization === 'iam')
      this.rolePolicies = new ApiRolePolicies(this, 'RolePolicies', { api: this.api, stage: config.stage });

    if (config.api.webAclArn) {
      new CfnWebACLAssociation(this, 'WebAcl', {
        resourceArn: this.api.deploymentStage.stageArn,
        webAclArn: config.api.webAclArn,
      });
    } else {
      Validations.of(this.api).acknowledge({
        id: 'AwsSolutions-APIG3',
        reason:
          'Every method requires IAM (SigV4) or Cognito authorisation and the stage is throttled; a WAF web ACL is optional and attached when api.webAclArn is configured.',
      });
    }
    if (config.api.authorization === 'iam') {
      Validations.of(this.api).acknowledge({
        id: 'AwsSolutions-COG4',
        reason:
          'The API authorises with IAM SigV4 by design (callers are back-office systems and the CLI with AWS credentials); a Cognito authoriser is used when api.authorization is cognito.',
      });
    } else if (this.groupAuthorizer) {
      Validations.of(this.api).acknowledge({
        id: 'AwsSolutions-COG4',
        reason:
          "Every method but the public links uses the group authoriser, a Lambda authoriser that verifies the Cognito user pool's ID token (aws-jwt-verify: signature, issuer, expiry, token use) and allows only the routes of the roles among the user's Cognito groups; Cognito's own authoriser cannot check groups.",
      });
    }
    Validations.of(this.api.node.findChild('CloudWatchRole')).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        'Only the account-level API Gateway CloudWatch role uses a managed policy (AmazonAPIGatewayPushToCloudWatchLogs), which API Gateway requires for execution logs.',
    });
  }
}

/** The links in messages are opened by customers, who have no credentials for our API. */
function acknowledgePublicLink(method: Method): void {
  const reason =
    'A link in a customer message (click tracking, RFC 8058 one-click unsubscribe) must open without credentials; the unguessable send id in the path is the credential, it acts only on the send it names, and the stage is throttled.';
  Validations.of(method).acknowledge(
    { id: 'AwsSolutions-APIG4', reason },
    { id: 'AwsSolutions-COG4', reason },
  );
}
