/**
 * A function's environment, derived from its manifest entry: its tables' names, its grants'
 * resources and its other variables. The schema checks them at cold start (a missing or malformed
 * variable fails loudly, naming it); the types make the composition root's reads and the CDK
 * construct's values checked at compile time.
 */
import * as z from 'zod';
import type { FunctionSpec } from './functions.js';
import { GRANTS, type Grant } from './grants.js';
import { TABLE_VARIABLES, type TableName, type TableVariable } from './tables.js';
import {
  IDENTITY_VARIABLES,
  type IdentityVariable,
  RESOURCE_VARIABLES,
  type ResourceVariable,
  SETTING_VARIABLES,
  type SettingVariable,
} from './variables.js';

const tableName = z.string().min(3);
const VARIABLE_SCHEMAS = {
  ...SETTING_VARIABLES,
  ...RESOURCE_VARIABLES,
  ...IDENTITY_VARIABLES,
  ...(Object.fromEntries(Object.values(TABLE_VARIABLES).map((v) => [v, tableName])) as Record<
    TableVariable,
    typeof tableName
  >),
};
type VariableSchemas = typeof VARIABLE_SCHEMAS;
export type Variable = keyof VariableSchemas;

export type TableVariablesOf<S extends FunctionSpec> = (typeof TABLE_VARIABLES)[keyof S['tables'] &
  TableName];
export type GrantVariablesOf<S extends FunctionSpec> = (typeof GRANTS)[S['grants'][number]][number];
/** Every variable the function reads. */
export type VariablesOf<S extends FunctionSpec> =
  | TableVariablesOf<S>
  | GrantVariablesOf<S>
  | S['variables'][number];

/** What the handler gets: each variable parsed (JSON settings as objects, numbers as numbers). */
export type EnvironmentOf<S extends FunctionSpec> = { [V in VariablesOf<S>]: z.output<VariableSchemas[V]> };

type Raw<V extends Variable> = undefined extends z.input<VariableSchemas[V]> ? string | undefined : string;
/** The settings a stage's configuration gives (the same for every function that reads them). */
export type SettingValues = { [V in SettingVariable]: Raw<V> };
/**
 * The resource names and ARNs a function's grants and variables need, as a deployment sets them
 * (the identity provider's too, for the one function that reads it).
 */
export type ResourceValuesOf<S extends FunctionSpec> = {
  [V in VariablesOf<S> & (ResourceVariable | IdentityVariable)]: Raw<V>;
};
/** Resource values of any function: what a deployment that runs many of them holds. */
type AnyResourceValues = Readonly<Partial<Record<ResourceVariable | IdentityVariable, string | undefined>>>;

/** The names of the variables a function reads, sorted. */
export function variablesOf(spec: FunctionSpec): Variable[] {
  const names = new Set<Variable>([
    ...(Object.keys(spec.tables) as TableName[]).map((t) => TABLE_VARIABLES[t]),
    ...spec.grants.flatMap((g: Grant) => GRANTS[g]),
    ...spec.variables,
  ]);
  return [...names].sort();
}

/** The schema of a function's environment. */
export function environmentSchema<S extends FunctionSpec>(spec: S): z.ZodType<EnvironmentOf<S>> {
  const shape = Object.fromEntries(variablesOf(spec).map((v) => [v, VARIABLE_SCHEMAS[v]]));
  return z.object(shape) as unknown as z.ZodType<EnvironmentOf<S>>;
}

/**
 * The variables of a function as a deployment sets them: table names, and the settings and
 * resources it reads, picked from the deployment's values — only its own.
 */
export function environmentFor<S extends FunctionSpec>(
  spec: S,
  values: {
    tables: Readonly<Record<TableName, string>>;
    settings: SettingValues;
    // Checked for completeness where a function is made (HouseFunctionProps); here, any will do.
    resources: AnyResourceValues;
  },
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [table, variable] of Object.entries(TABLE_VARIABLES) as [TableName, TableVariable][])
    if (table in spec.tables) env[variable] = values.tables[table];
  const given: Record<string, string | undefined> = { ...values.settings, ...values.resources };
  for (const name of variablesOf(spec)) {
    const value = given[name];
    if (!(name in env) && value !== undefined) env[name] = value;
  }
  return env;
}
