/**
 * A Lambda function's module: its handler, composed from its own environment by its own
 * composition root (the adapters and clients its use case needs, nothing else).
 *
 * In Lambda the composition runs at module load, in the init phase (which runs before the first
 * request is waiting, on a full CPU). Elsewhere it runs on first use, or from variables handed
 * over explicitly: the local stack runs every handler in one process and gives each only the
 * variables its manifest entry names.
 */
import { type EnvironmentOf, environmentSchema } from '../manifest/environment.js';
import type { FunctionSpec } from '../manifest/functions.js';
import { parseEnvironment } from './environment.js';

// biome-ignore lint/suspicious/noExplicitAny: any handler signature
type AnyHandler = (...args: any[]) => Promise<unknown>;

export interface LambdaFunction<H extends AnyHandler> {
  /** Lambda's entry point. */
  handler: H;
  /** The handler composed from these variables instead of the process's. */
  withEnvironment(env: Readonly<Record<string, string | undefined>>): H;
}

export function lambdaFunction<S extends FunctionSpec, H extends AnyHandler>(
  spec: S,
  compose: (env: EnvironmentOf<S>) => H,
): LambdaFunction<H> {
  const schema = environmentSchema(spec);
  const withEnvironment = (env: Readonly<Record<string, string | undefined>>) =>
    compose(parseEnvironment(schema, env));
  let composed = process.env.AWS_LAMBDA_FUNCTION_NAME ? withEnvironment(process.env) : undefined;
  const handler = ((...args: Parameters<H>) => {
    composed ??= withEnvironment(process.env);
    return composed(...args);
  }) as H;
  return { handler, withEnvironment };
}
