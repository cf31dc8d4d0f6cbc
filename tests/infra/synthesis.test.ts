/**
 * Synthesis as DevOps run it: through the app's entry point with cdk.json's context and a region
 * (the CDK CLI always sets one), for the dev default and the documented production config, in
 * three regions — with every validation plugin live — and the state machines as deployed checked
 * by asl-validator, the Amazon States Language validator.
 */

import aslValidator from 'asl-validator';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.js';
import { cliApp, NO_BUNDLING, SYNTH_REGIONS, synthesizeLikeCli } from '../support/cdk-app.js';
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

  for (const [name, context] of Object.entries(CONFIGS))
    it(`passes the AWS Control Tower Guard rules for ${name} with every finding acknowledged`, () => {
      expect(() => synthesizeLikeCli({ ...context, guard: true }, 'eu-west-1')).not.toThrow();
    }, 180_000);

  it('fails synthesis on a Guard finding that nobody acknowledged (the Guard plugin is live)', () => {
    // Prepare: a queue without a dead-letter queue of its own in the workflow stack
    const built = cliApp({ guard: true }, 'eu-west-1');
    new Queue(built.workflows, 'Careless');

    // Act / Assess
    expect(() => built.app.synth()).toThrow(/CT\.SQS\.PR\.1/);
  }, 180_000);

  it('matches every acknowledgement without a region too (an in-process build, the local stack)', () => {
    expect(() =>
      buildApp({ context: { ...NO_BUNDLING, guard: false } }, { defaultEnv: {} }).app.synth(),
    ).not.toThrow();
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

  for (const [id, definition] of Object.entries(definitions)) {
    const name = id.replace(/StateMachine.*$/, '');
    it(`${name} passes asl-validator, ARNs and paths checked`, () => {
      const { isValid, errorsText } = aslValidator(definition, { checkArn: true, checkPaths: true });
      expect(isValid, errorsText('\n')).toBe(true);
    });

    it(`${name}: every task has a timeout, retries Lambda's transient faults with backoff and jitter, and a Catch`, () => {
      const tasks = tasksOf(definition.States);
      expect(tasks.length).toBeGreaterThan(0);
      for (const [state, task] of tasks) {
        const retried = (task.Retry ?? []).filter(
          (r: AslRetrier) => r.MaxAttempts !== 0 && r.BackoffRate > 1 && r.JitterStrategy === 'FULL',
        );
        const errors = retried.flatMap((r: AslRetrier) => r.ErrorEquals);
        expect(errors, state).toEqual(expect.arrayContaining(TRANSIENT_ERRORS));
        expect(task.TimeoutSeconds, state).toBeGreaterThan(0);
        // Nothing gets past a Catch of every error: no execution is left stuck between steps.
        expect(
          (task.Catch ?? []).some((c: { ErrorEquals: string[] }) => c.ErrorEquals.includes('States.ALL')),
          state,
        ).toBe(true);
      }
    });
  }
});

interface AslRetrier {
  ErrorEquals: string[];
  MaxAttempts?: number;
  BackoffRate: number;
  JitterStrategy?: string;
}

/** The errors every task must retry by name (docs/deploy.md, reliability). */
const TRANSIENT_ERRORS = [
  'Lambda.TooManyRequestsException',
  'Lambda.ServiceException',
  'Lambda.SdkClientException',
  'States.Timeout',
];

/** Every Task state, inside Map iterations too, by name. */
// biome-ignore lint/suspicious/noExplicitAny: an ASL document is free-form JSON
function tasksOf(states: Record<string, any>): [string, any][] {
  return Object.entries(states).flatMap(([name, state]) => {
    if (state.Type === 'Task') return [[name, state]];
    if (state.Type === 'Map') return tasksOf((state.ItemProcessor ?? state.Iterator).States);
    return [];
  });
}
