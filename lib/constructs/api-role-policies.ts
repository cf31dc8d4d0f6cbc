/**
 * Who may call what, in IAM: one managed policy per caller role, allowing `execute-api:Invoke`
 * on exactly the routes that role may call (lib/api-routes.ts). Attach a policy to the IAM
 * users or roles of that job; API Gateway answers 403 for any other route.
 */
import { CfnOutput } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Effect, ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  API_ROUTES,
  CALLER_ROLES,
  type CallerRole,
  type RouteDefinition,
  roleMayCall,
  routePattern,
  shadowedRoutes,
} from '../api-routes.js';
import { acknowledgeWildcardResources } from './wildcard-acknowledgements.js';

export interface ApiRolePoliciesProps {
  api: RestApi;
  stage: string;
}

export class ApiRolePolicies extends Construct {
  readonly policies: Record<CallerRole, ManagedPolicy>;

  constructor(scope: Construct, id: string, props: ApiRolePoliciesProps) {
    super(scope, id);
    this.policies = Object.fromEntries(
      CALLER_ROLES.map((role) => {
        // A path parameter ({customerId}) matches any one value: `*` in the method ARN.
        const asResource = (route: RouteDefinition) => ({
          method: route.method,
          path: `/${routePattern(route)}`,
        });
        const routes = API_ROUTES.filter((route) => !route.public && roleMayCall(role, route)).map(
          asResource,
        );
        const shadowed = shadowedRoutes([role]).map(asResource);
        const policy = new ManagedPolicy(this, `${role}Policy`, {
          managedPolicyName: `reactivate-${props.stage}-api-${role}`,
          description: `Reactivate ${props.stage} API: the routes of the ${role} role`,
          statements: [
            new PolicyStatement({
              effect: Effect.ALLOW,
              actions: ['execute-api:Invoke'],
              resources: routes.map((route) =>
                props.api.arnForExecuteApi(route.method, route.path, props.stage),
              ),
            }),
            // IAM's * crosses "/": deny what an allowed pattern would reach beyond the role's routes.
            ...(shadowed.length > 0
              ? [
                  new PolicyStatement({
                    effect: Effect.DENY,
                    actions: ['execute-api:Invoke'],
                    resources: shadowed.map((route) =>
                      props.api.arnForExecuteApi(route.method, route.path, props.stage),
                    ),
                  }),
                ]
              : []),
          ],
        });
        acknowledgeWildcardResources(
          policy,
          ...routes
            .filter((route) => route.path.includes('*'))
            .map((route) => ({
              resource: props.api.arnForExecuteApi(route.method, route.path, props.stage),
              reason: `The * stands for the path parameter of ${route.method} ${route.path}: the ${role} role may call that route for any resource id; the routes of other roles the pattern would also match are denied explicitly.`,
            })),
        );
        new CfnOutput(this, `${role}PolicyArn`, {
          description: `Attach to the IAM identities of the ${role} role`,
          value: policy.managedPolicyArn,
        });
        return [role, policy];
      }),
    ) as Record<CallerRole, ManagedPolicy>;
  }
}
