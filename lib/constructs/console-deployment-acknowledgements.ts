/**
 * The findings on the functions CDK brings along with the console's buckets, run by
 * CloudFormation at deployments only: BucketDeployment's singleton (Python with the AWS CLI
 * layer, CDK's own code and role), which copies the console's files into its bucket, and in dev
 * the provider that empties the buckets before the stack deletes them (autoDeleteObjects).
 * Acknowledged on those functions and roles, each with why it is acceptable there.
 */
import { type Stack, Validations } from 'aws-cdk-lib';
import { Policy } from 'aws-cdk-lib/aws-iam';
import type { BucketDeployment } from 'aws-cdk-lib/aws-s3-deployment';
import type { IConstruct } from 'constructs';
import { guardRule } from './guard-rules.js';
import { acknowledgeWildcardResources } from './wildcard-acknowledgements.js';

/** The actions CDK grants it with wildcards: its grantRead of the assets and grantReadWrite of the bucket. */
const WILDCARD_ACTIONS = ['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'];

/** The id prefix of CDK's singleton deployment function (`Custom::CDKBucketDeployment<uuid>`). */
const DEPLOYMENT_FUNCTION = 'Custom::CDKBucketDeployment';
/** The id of CDK's provider that empties a bucket before its deletion (dev stages). */
const AUTO_DELETE_PROVIDER = 'Custom::S3AutoDeleteObjectsCustomResourceProvider';
const NO_VPC =
  'It reaches only S3 and CloudFront APIs, at deployments: no private resource, so a VPC would add NAT or endpoints and no isolation.';

export function acknowledgeDeploymentFunction(stack: Stack, deployments: BucketDeployment[]): void {
  const functions = stack.node.children.filter((c: IConstruct) => c.node.id.startsWith(DEPLOYMENT_FUNCTION));
  for (const fn of functions)
    Validations.of(fn).acknowledge(
      {
        id: 'AwsSolutions-L1',
        reason:
          "CDK's BucketDeployment function: its runtime is the Python version CDK pins for its AWS CLI layer, updated with aws-cdk-lib.",
      },
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          'Invoked synchronously by CloudFormation as a custom resource, which reports its failure and rolls the deployment back; a dead-letter queue only applies to asynchronous invocations.',
      },
      {
        id: 'Serverless-LambdaLatestVersion',
        reason:
          "CDK's BucketDeployment function: its runtime is the Python version CDK pins for its AWS CLI layer, updated with aws-cdk-lib.",
      },
      {
        id: 'Serverless-LambdaTracing',
        reason:
          'Runs only while CloudFormation deploys the console (an S3 copy and an invalidation): a trace would show nothing to act on.',
      },
      {
        id: 'Serverless-LambdaStructuredLogging',
        reason: "CDK's own deployment code (Python) writes plain log lines; its log group is the function's.",
      },
      {
        id: guardRule('lambda_inside_vpc_check'),
        reason:
          'It reaches only S3 and CloudFront APIs, at deployments: no private resource, so a VPC would add NAT or endpoints and no isolation.',
      },
      {
        id: guardRule('lambda_concurrency_check'),
        reason:
          'CloudFormation invokes it once per deployment of the console: reserved concurrency would only hold capacity back from the functions that serve requests.',
      },
    );
  const autoDelete = stack.node.tryFindChild(AUTO_DELETE_PROVIDER);
  if (autoDelete)
    Validations.of(autoDelete).acknowledge({ id: guardRule('lambda_inside_vpc_check'), reason: NO_VPC });
  for (const role of new Set(deployments.map((d) => d.handlerRole))) {
    Validations.of(role).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          "CDK's BucketDeployment role writes its logs through AWSLambdaBasicExecutionRole, as CDK makes it.",
      },
      ...WILDCARD_ACTIONS.map((action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: `CDK's BucketDeployment grant (${action}): it reads its staged asset and copies a whole build into the console's bucket, objects it cannot name in advance.`,
      })),
    );
    // Its resources as the role's policy names them: CDK's assets bucket (object keys known only
    // once published), every object of the console's bucket, and `*` for CloudFront invalidation.
    const policy = role.node.tryFindChild('DefaultPolicy');
    if (!(policy instanceof Policy)) continue;
    const statements = policy.document.toJSON()?.Statement as { Resource?: string | string[] }[] | undefined;
    const wildcards = new Set(
      (statements ?? []).flatMap((s) => [s.Resource ?? []].flat()).filter((r) => r.includes('*')),
    );
    acknowledgeWildcardResources(
      policy,
      ...[...wildcards].map((resource) => ({
        resource,
        reason:
          resource === '*'
            ? "cloudfront:CreateInvalidation and GetInvalidation, which CDK grants on * for the console's invalidation after each deployment."
            : "The objects of a bucket CDK's BucketDeployment reads from (its staged assets) or writes to (the console's files): their keys are the build's, unknown in advance.",
      })),
    );
  }
}
