/**
 * CloudFormation Guard (the AWS Control Tower proactive controls, run by
 * @cdklabs/cdk-validator-cfnguard as a validation plugin): the ids to acknowledge its findings by.
 */
const PLUGIN = 'cdk-validator-cfnguard';

/** The acknowledgement id of a Control Tower Guard rule, e.g. `lambda_inside_vpc_check`. */
export const guardRule = (rule: string) => `${PLUGIN}::${rule}`;
