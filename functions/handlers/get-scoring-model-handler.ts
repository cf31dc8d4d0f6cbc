/** GET /v1/scoring-model: the current scoring model, its parameters and its backtest. */

import { DynamoModelStore } from '../adapters/dynamodb-model-store.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { httpHandler, json } from '../shared/http.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { getScoringModel } from '../use-cases/get-scoring-model.js';
import { answeringUseCaseErrors } from './use-case-errors.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.getScoringModel, (env) => {
  const deps = { models: new DynamoModelStore(createDynamoClient(), env.MODELS_TABLE) };
  return httpHandler(async () => json(200, await answeringUseCaseErrors(() => getScoringModel(deps))));
});
