/**
 * cdk-nag's IAM5 finding names a wildcard resource the way it reads it from the resolved policy:
 * `AwsSolutions-IAM5[Resource::arn:aws:states:eu-west-1:<AWS::AccountId>:execution:…:*]`. What
 * that string holds depends on how the app is synthesized — the CDK CLI always sets a region
 * (partition and region become literals), an in-process test may not (`<AWS::Partition>`,
 * `<AWS::Region>`). An acknowledgement written by hand matches only one of them, so each one here
 * is derived from the very resource expression the policy uses, resolved the way cdk-nag resolves
 * it. The resource must belong to the scope's own stack (a cross-stack reference resolves to an
 * import only at synthesis).
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

export interface WildcardResource {
  /** The resource exactly as the policy statement names it (tokens and all). */
  resource: string;
  /** Why the wildcard is as narrow as it can be. */
  reason: string;
}

/** The IAM5 finding id cdk-nag reports for a wildcard resource of a policy in the scope's stack. */
export function wildcardResourceFinding(scope: IConstruct, resource: string): string {
  return `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(scope).resolve(resource))}]`;
}

/** Acknowledges the IAM5 findings of these wildcard resources on the construct (a role, a policy). */
export function acknowledgeWildcardResources(scope: IConstruct, ...wildcards: WildcardResource[]): void {
  Validations.of(scope).acknowledge(
    ...wildcards.map(({ resource, reason }) => ({ id: wildcardResourceFinding(scope, resource), reason })),
  );
}
