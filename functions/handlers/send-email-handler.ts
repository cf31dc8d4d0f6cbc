/** Journey: re-check the customer and send the campaign's email (SES v2), once. */

import { DynamoOfferCodeStore } from '../adapters/dynamodb-offer-code-store.js';
import { DynamoSharedSendQuota } from '../adapters/dynamodb-shared-send-quota.js';
import { DynamoSlotBook } from '../adapters/dynamodb-slot-book.js';
import { SesEmailSender } from '../adapters/ses-email-sender.js';
import { SesSendQuota } from '../adapters/ses-send-quota.js';
import { journeyStores } from '../composition/journey-stores.js';
import { unavailableSender } from '../composition/unavailable-sender.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { createSesClient } from '../shared/clients/ses.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { publishStepOutcome } from '../shared/observability.js';
import { workflowTask } from '../shared/workflow-task.js';
import { contactStep } from '../use-cases/journey-steps.js';
import { journeyTaskInput } from './journey-task-input.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.sendEmail, (env) => {
  const db = createDynamoClient();
  const deps = {
    ...journeyStores(db, env),
    codes: new DynamoOfferCodeStore(db, env.OFFER_CODES_TABLE),
    slots: new DynamoSlotBook(db, env.SLOTS_TABLE),
    quota: new DynamoSharedSendQuota(db, env.SLOTS_TABLE, new SesSendQuota()),
    settings: env.JOURNEY_SETTINGS,
    email: new SesEmailSender(createSesClient(), {
      from: env.EMAIL_FROM,
      ...(env.SES_CONFIGURATION_SET ? { configurationSet: env.SES_CONFIGURATION_SET } : {}),
    }),
    sms: unavailableSender('SMS'),
  };
  return workflowTask('send email', journeyTaskInput, async (input) => {
    const result = await contactStep(deps, { ...input, step: 'email' });
    publishStepOutcome('Email', result.outcome);
    return result;
  });
});
