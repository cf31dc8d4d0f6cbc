/** GET /v1/code-pools/{poolId}: a pool's size, expiry, and how many of its codes journeys have claimed. */

import { DynamoOfferCodeStore } from '../adapters/dynamodb-offer-code-store.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { clock } from '../shared/clock.js';
import { httpHandler, json, pathParameter } from '../shared/http.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { getCodePool } from '../use-cases/code-pools.js';
import { POOL_ID } from './path-rules.js';
import { answeringUseCaseErrors } from './use-case-errors.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.getCodePool, (env) => {
  const deps = { codes: new DynamoOfferCodeStore(createDynamoClient(), env.OFFER_CODES_TABLE), clock };
  return httpHandler(async (event) => {
    const poolId = pathParameter(event, 'poolId', POOL_ID);
    return json(200, await answeringUseCaseErrors(() => getCodePool(deps, poolId)));
  });
});
