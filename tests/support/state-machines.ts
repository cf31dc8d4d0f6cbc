/**
 * State machine definitions as deployed: the template's `DefinitionString` with its tokens
 * resolved the way CloudFormation resolves them in an account (pseudo-parameters filled in, a
 * function's `Arn` attribute a real Lambda ARN), so validators see what Step Functions will see.
 */

import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

// biome-ignore lint/suspicious/noExplicitAny: an ASL document is free-form JSON
export type AslDefinition = any;

/** The account the resolved ARNs name (any 12 digits: nothing is deployed). */
export const TEST_ACCOUNT = '123456789012';

/** Resolves one part of an `Fn::Join` in `region`; throws on an intrinsic it does not know. */
function resolvePart(part: unknown, region: string): string {
  if (typeof part === 'string') return part;
  const ref = (part as { Ref?: string }).Ref;
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::Region': region,
    'AWS::AccountId': TEST_ACCOUNT,
    'AWS::URLSuffix': 'amazonaws.com',
  };
  if (ref && pseudo[ref]) return pseudo[ref];
  const getAtt = (part as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
  if (getAtt?.[1] === 'Arn') return `arn:aws:lambda:${region}:${TEST_ACCOUNT}:function:${getAtt[0]}`;
  throw new Error(`cannot resolve ${JSON.stringify(part)} in a state machine definition`);
}

/** Every state machine of the stack, by logical id, resolved as deployed in the stack's region. */
export function deployedDefinitions(stack: Stack): Record<string, AslDefinition> {
  const region = stack.resolve(stack.region);
  const resolvedRegion = typeof region === 'string' ? region : 'us-east-1';
  return Object.fromEntries(
    Object.entries(Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine')).map(
      ([id, machine]) => {
        const body = machine.Properties.DefinitionString;
        const text =
          typeof body === 'string'
            ? body
            : (body['Fn::Join'][1] as unknown[]).map((part) => resolvePart(part, resolvedRegion)).join('');
        return [id, JSON.parse(text)];
      },
    ),
  );
}

/** The definition of the state machine whose logical id starts with `construct` (e.g. 'Scoring'). */
export function synthesizedDefinition(stack: Stack, construct: string): AslDefinition {
  const match = Object.entries(deployedDefinitions(stack)).find(([id]) => id.startsWith(construct));
  if (!match) throw new Error(`no ${construct} state machine in ${stack.stackName}`);
  return match[1];
}
