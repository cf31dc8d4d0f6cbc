/**
 * GET /v1/call-tasks: the managers' queue by due time — `?status=open` (default), `done` or
 * `cancelled`, `&assignee=` one manager's, `&dueBefore=` an ISO instant.
 */

import { DynamoCallTaskStore } from '../adapters/dynamodb-call-task-store.js';
import { callTaskFilterSchema } from '../domain/journey/call-outcome.js';
import { validate } from '../domain/validation.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { clock } from '../shared/clock.js';
import { HttpProblem, httpHandler, json } from '../shared/http.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { listCallTasks } from '../use-cases/list-call-tasks.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.listCallTasks, (env) => {
  const deps = { tasks: new DynamoCallTaskStore(createDynamoClient(), env.CALL_TASKS_TABLE), clock };
  return httpHandler(async (event) => {
    const filter = validate(callTaskFilterSchema, event.queryStringParameters ?? {});
    if (!filter.ok)
      throw new HttpProblem(400, 'Invalid filter', filter.reasons.join('; '), { errors: filter.reasons });
    return json(200, { tasks: await listCallTasks(deps, filter.value) });
  });
});
