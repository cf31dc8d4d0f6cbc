/**
 * The names and function environment of the journey resources, shared by the CDK constructs and
 * the local runtime so both give the handlers the same settings. Names are fixed per stage, so
 * functions of other stacks (the API's, which end journeys on responses) can be granted the
 * journey state machine and schedule group without a cross-stack reference.
 */
import type { z } from 'zod';
import type { journeySettingsSchema } from '../functions/shared/environment.js';
import type { StageConfig } from './config.js';

export const journeyResourceNames = (stage: string) => ({
  stateMachine: `reactivate-${stage}-journey`,
  scheduleGroup: `reactivate-${stage}-calls`,
  configurationSet: `reactivate-${stage}`,
});

/** `JOURNEY_SETTINGS` of every journey function: the stage's rules plus the public link base. */
export function journeySettings(
  config: StageConfig,
  publicUrl: string,
): z.input<typeof journeySettingsSchema> {
  const j = config.journeys;
  return {
    windows: j.windows,
    manager: j.manager,
    frequencyCap: j.frequencyCap,
    pausedRecheckHours: j.pausedRecheckHours,
    publicUrl: j.publicUrl ?? publicUrl,
    postalAddress: j.postalAddress,
  };
}
