/** GET /v1/call-tasks: the managers' queue, open tasks by due time (`?status=done` for the rest). */
import { z } from 'zod';
import { HttpProblem, httpHandler, json } from '../shared/http.js';
import { callTaskListContext } from './composition.js';

const deps = callTaskListContext();
const statusSchema = z.enum(['open', 'done', 'cancelled']).default('open');

export const handler = httpHandler(async (event) => {
  const status = statusSchema.safeParse(event.queryStringParameters?.status ?? undefined);
  if (!status.success) throw new HttpProblem(400, 'Invalid status', 'status must be open, done or cancelled');
  return json(200, { tasks: await deps.tasks.list(status.data) });
});
