/** Journey: re-check the customer and send the campaign's SMS (SNS), once. */

import { DynamoOfferCodeStore } from '../adapters/dynamodb-offer-code-store.js';
import { DynamoSlotBook } from '../adapters/dynamodb-slot-book.js';
import { SnsSmsSender } from '../adapters/sns-senders.js';
import { journeyStores } from '../composition/journey-stores.js';
import { unavailableQuota, unavailableSender } from '../composition/unavailable-sender.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { createSnsClient } from '../shared/clients/sns.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { publishStepOutcome } from '../shared/observability.js';
import { workflowTask } from '../shared/workflow-task.js';
import { contactStep } from '../use-cases/journey-steps.js';
import { journeyTaskInput } from './journey-task-input.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.sendSms, (env) => {
  const db = createDynamoClient();
  const deps = {
    ...journeyStores(db, env),
    codes: new DynamoOfferCodeStore(db, env.OFFER_CODES_TABLE),
    slots: new DynamoSlotBook(db, env.SLOTS_TABLE),
    settings: env.JOURNEY_SETTINGS,
    email: unavailableSender('email'),
    quota: unavailableQuota,
    sms: new SnsSmsSender(createSnsClient(), {
      smsType: env.SMS_TYPE,
      ...(env.SMS_ORIGINATION_NUMBER ? { originationNumber: env.SMS_ORIGINATION_NUMBER } : {}),
    }),
  };
  return workflowTask('send sms', journeyTaskInput, async (input) => {
    const result = await contactStep(deps, { ...input, step: 'sms' });
    publishStepOutcome('Sms', result.outcome);
    return result;
  });
});
