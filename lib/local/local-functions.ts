/**
 * The product's Lambda functions in the local stack's process: each handler module loaded once
 * and composed from its own variables — the ones its manifest entry names, with the local
 * stack's values — never from the process's environment, so a function that reads a variable
 * its entry lacks fails here as it would in AWS.
 */
import { environmentFor, type SettingValues } from '../../functions/manifest/environment.js';
import { FUNCTIONS, type FunctionName } from '../../functions/manifest/functions.js';
import type { TableName } from '../../functions/manifest/tables.js';
import type { ResourceVariable } from '../../functions/manifest/variables.js';

export type LocalHandler = (event: unknown, context?: unknown) => Promise<unknown>;

export interface LocalFunctionValues {
  tables: Readonly<Record<TableName, string>>;
  settings: SettingValues;
  resources: Readonly<Record<ResourceVariable, string>>;
}

export interface LocalFunctions {
  /** The function's handler, composed on first use. */
  handler(name: FunctionName): Promise<LocalHandler>;
  /** The variables the function gets. */
  environment(name: FunctionName): Record<string, string>;
}

interface HandlerModule {
  withEnvironment(env: Readonly<Record<string, string | undefined>>): LocalHandler;
}

/** `values` is read on first use of each function (the API's URL is known once it listens). */
export function localFunctions(values: () => LocalFunctionValues): LocalFunctions {
  const loaded = new Map<FunctionName, Promise<LocalHandler>>();
  const environment = (name: FunctionName) => environmentFor(FUNCTIONS[name], values());
  return {
    environment,
    handler(name) {
      let handler = loaded.get(name);
      if (!handler) {
        const url = new URL(`../../functions/handlers/${FUNCTIONS[name].handler}.ts`, import.meta.url);
        handler = import(url.href).then((m: HandlerModule) => m.withEnvironment(environment(name)));
        // A module that failed to load is tried again next time (the error reaches the caller).
        handler.catch(() => loaded.delete(name));
        loaded.set(name, handler);
      }
      return handler;
    },
  };
}

/** The function of a manifest entry, by the entry itself. */
export function functionNamed(spec: unknown): FunctionName {
  const found = (Object.keys(FUNCTIONS) as FunctionName[]).find((name) => FUNCTIONS[name] === spec);
  if (!found) throw new Error('a function of the app has no manifest entry');
  return found;
}
