/**
 * POST /v1/call-tasks/{taskId}/assign `{"assignee": "m-7"}` gives the task to a manager (not to
 * the customer's previous contact, unless `"allowPreviousContact": true`: a 409 otherwise);
 * POST /v1/call-tasks/{taskId}/outcome closes it with what the call brought (reached, result,
 * reason for leaving, note) — the same outcome again answers the same, another one is a 409.
 */
import type * as z from 'zod';
import { DynamoCallTaskStore } from '../adapters/dynamodb-call-task-store.js';
import { DynamoCustomerRepository } from '../adapters/dynamodb-customer-repository.js';
import { callOutcomeSchema, callTaskAssignmentSchema } from '../domain/journey/call-outcome.js';
import { validate } from '../domain/validation.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { clock } from '../shared/clock.js';
import { HttpProblem, httpHandler, json, pathParameter, readJsonBody } from '../shared/http.js';
import { withIdempotencyKey } from '../shared/idempotency-key.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { assignCallTask, recordCallOutcome } from '../use-cases/call-tasks.js';
import { TASK_ID } from './path-rules.js';
import { answeringUseCaseErrors } from './use-case-errors.js';

const checked = <S extends z.ZodType>(schema: S, body: unknown, title: string): z.output<S> => {
  const parsed = validate(schema, body);
  if (!parsed.ok) throw new HttpProblem(400, title, parsed.reasons.join('; '), { errors: parsed.reasons });
  return parsed.value;
};

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.callTaskAction, (env) => {
  const db = createDynamoClient();
  const deps = {
    tasks: new DynamoCallTaskStore(db, env.CALL_TASKS_TABLE),
    customers: new DynamoCustomerRepository(db, env.CUSTOMERS_TABLE),
    clock,
  };
  return httpHandler(
    withIdempotencyKey(env.IDEMPOTENCY_TABLE, async (event) => {
      const taskId = pathParameter(event, 'taskId', TASK_ID);
      const action = pathParameter(event, 'action');
      if (action === 'assign') {
        const assignment = checked(callTaskAssignmentSchema, readJsonBody(event), 'Invalid assignment');
        return json(200, await answeringUseCaseErrors(() => assignCallTask(deps, taskId, assignment)));
      }
      if (action === 'outcome') {
        const outcome = checked(callOutcomeSchema, readJsonBody(event), 'Invalid outcome');
        return json(200, await answeringUseCaseErrors(() => recordCallOutcome(deps, taskId, outcome)));
      }
      throw new HttpProblem(404, 'Not Found', 'call tasks know the actions assign and outcome');
    }),
  );
});
