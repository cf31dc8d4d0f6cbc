/**
 * PUT /v1/code-pools/{poolId}: upload a pool of offer codes (the CSV a shop platform exported, in
 * a JSON body with the last day they are valid). All of it is stored, or nothing: a bad line is
 * a 422 naming every bad line.
 */

import { DynamoOfferCodeStore } from '../adapters/dynamodb-offer-code-store.js';
import { validate } from '../domain/validation.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { clock } from '../shared/clock.js';
import { HttpProblem, httpHandler, json, pathParameter, readJsonBody } from '../shared/http.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { codePoolUploadSchema, PoolUploadError, uploadCodePool } from '../use-cases/code-pools.js';
import { POOL_ID } from './path-rules.js';
import { answeringUseCaseErrors } from './use-case-errors.js';

/** A pool file of 200,000 codes fits; Lambda takes at most 6 MB in a request. */
const MAX_POOL_BODY_BYTES = 5 * 1024 * 1024;

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.putCodePool, (env) => {
  const deps = { codes: new DynamoOfferCodeStore(createDynamoClient(), env.OFFER_CODES_TABLE), clock };
  return httpHandler(async (event) => {
    const poolId = pathParameter(event, 'poolId', POOL_ID);
    const parsed = validate(codePoolUploadSchema, readJsonBody(event, MAX_POOL_BODY_BYTES));
    if (!parsed.ok)
      throw new HttpProblem(400, 'Invalid code pool', parsed.reasons.join('; '), { errors: parsed.fields });
    try {
      return json(201, await answeringUseCaseErrors(() => uploadCodePool(deps, poolId, parsed.value)));
    } catch (error) {
      if (!(error instanceof PoolUploadError)) throw error;
      throw new HttpProblem(422, 'Invalid code pool', error.message, { errors: error.errors });
    }
  });
});
