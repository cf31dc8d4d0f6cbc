/** State machine definitions as synthesized, parsed: ARNs (CloudFormation tokens) become 'arn'. */

import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

// biome-ignore lint/suspicious/noExplicitAny: an ASL document is free-form JSON
export type AslDefinition = any;

/** The definition of the state machine whose logical id starts with `construct` (e.g. 'Scoring'). */
export function synthesizedDefinition(stack: Stack, construct: string): AslDefinition {
  const [machine] = Object.entries(
    Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine'),
  )
    .filter(([id]) => id.startsWith(construct))
    .map(([, resource]) => resource);
  if (!machine) throw new Error(`no ${construct} state machine in ${stack.stackName}`);
  const parts = machine.Properties.DefinitionString['Fn::Join'][1] as unknown[];
  return JSON.parse(parts.map((part) => (typeof part === 'string' ? part : 'arn')).join(''));
}
