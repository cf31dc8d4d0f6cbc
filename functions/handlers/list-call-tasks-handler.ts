/**
 * GET /v1/call-tasks: the managers' queue by due time — `?status=open` (default), `done` or
 * `cancelled`, `&assignee=` one manager's, `&dueBefore=` an ISO instant.
 */
import { callTaskFilterSchema } from '../domain/journey/call-outcome.js';
import { validate } from '../domain/validation.js';
import { HttpProblem, httpHandler, json } from '../shared/http.js';
import { listCallTasks } from '../use-cases/call-tasks.js';
import { callTaskQueueContext } from './composition.js';

const deps = callTaskQueueContext();

export const handler = httpHandler(async (event) => {
  const filter = validate(callTaskFilterSchema, event.queryStringParameters ?? {});
  if (!filter.ok)
    throw new HttpProblem(400, 'Invalid filter', filter.reasons.join('; '), { errors: filter.reasons });
  return json(200, { tasks: await listCallTasks(deps, filter.value) });
});
