/**
 * Synthesis as DevOps run it: through the app's entry point with cdk.json's context and a region
 * (the CDK CLI always sets one), for the dev default and the documented production config, in
 * three regions — with every validation plugin live — and the state machines as deployed checked
 * by asl-validator, the Amazon States Language validator.
 */
import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.js';
import { NO_BUNDLING, SYNTH_REGIONS, synthesizeLikeCli } from '../support/cdk-app.js';
import { deployedDefinitions } from '../support/state-machines.js';

const CONFIGS = {
  'the dev default': {},
  'the documented production config (config/prod.json)': { config: 'config/prod.json' },
} as const;

describe('Synthesis as the CDK CLI runs it', () => {
  for (const region of SYNTH_REGIONS)
    for (const [name, context] of Object.entries(CONFIGS))
      it(`synthesizes ${name} in ${region} with zero unacknowledged findings`, () => {
        expect(() => synthesizeLikeCli(context, region)).not.toThrow();
      });

  it('matches every acknowledgement without a region too (an in-process build, the local stack)', () => {
    expect(() => buildApp({ context: NO_BUNDLING }, { defaultEnv: {} }).app.synth()).not.toThrow();
  });
});

describe('State machine definitions as deployed', () => {
  const built = synthesizeLikeCli({ config: 'config/prod.json' }, 'eu-west-1');
  const definitions = deployedDefinitions(built.workflows);

  it('are the scoring, journey and campaign workflows', () => {
    expect(Object.keys(definitions).map((id) => id.replace(/StateMachine.*$/, ''))).toEqual([
      'Scoring',
      'Journeys',
      'Campaigns',
    ]);
  });

  for (const [id, definition] of Object.entries(definitions))
    it(`${id.replace(/StateMachine.*$/, '')} passes asl-validator, ARNs and paths checked`, () => {
      const { isValid, errorsText } = aslValidator(definition, { checkArn: true, checkPaths: true });
      expect(isValid, errorsText('\n')).toBe(true);
    });
});
