/** State machine definitions as synthesized, parsed: ARNs (CloudFormation tokens) become 'arn'. */

import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

// biome-ignore lint/suspicious/noExplicitAny: an ASL document is free-form JSON
export type AslDefinition = any;

export function synthesizedDefinition(stack: Stack): AslDefinition {
  const [machine] = Object.values(
    Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine'),
  );
  if (!machine) throw new Error(`no state machine in ${stack.stackName}`);
  const parts = machine.Properties.DefinitionString['Fn::Join'][1] as unknown[];
  return JSON.parse(parts.map((part) => (typeof part === 'string' ? part : 'arn')).join(''));
}
