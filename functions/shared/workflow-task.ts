/**
 * Lambda tasks of a state machine: the input is checked against a schema (a malformed input fails
 * the task with the error name `InvalidTaskInput`, which the state machine does not retry), and
 * each run logs what it did — identifiers and counts only.
 */
import type { Context } from 'aws-lambda';
import type * as z from 'zod';
import { reasonsFrom } from '../domain/validation.js';
import { logger } from './logger.js';

export class InvalidTaskInput extends Error {
  override readonly name = 'InvalidTaskInput';
}

/** What a task may read of its invocation (Lambda passes the whole context). */
export type TaskContext = Pick<Context, 'invokedFunctionArn'>;

export function workflowTask<S extends z.ZodType, R>(
  task: string,
  schema: S,
  run: (input: z.output<S>, context: TaskContext | undefined) => Promise<R>,
): (event: unknown, context?: TaskContext) => Promise<R> {
  return async (event, context) => {
    const parsed = schema.safeParse(event ?? {});
    if (!parsed.success)
      throw new InvalidTaskInput(`${task}: invalid input: ${reasonsFrom(parsed.error).join('; ')}`);
    const started = performance.now();
    const result = await run(parsed.data, context);
    logger.info(`${task} done`, { task, seconds: (performance.now() - started) / 1000, result });
    return result;
  };
}
