/**
 * Saved parameters for `score --params` and `backtest --params`: the JSON that `reactivate fit
 * --json` prints (its `model`, `timeUnit` and `params`; other fields are ignored), or a file
 * written by hand in the same shape. Everything is checked before any scoring: a file that would
 * score at nonsense parameters stops with a message naming the field (UsageError, exit 2).
 */
import { readFileSync } from 'node:fs';
import { TRANSACTION_MODELS, type TransactionModelName } from '../../functions/domain/scoring/model-names.js';
import { UsageError } from './usage-error.js';

/** The parameters of each model `fit` supports, by the names `fit --json` gives them. */
export const PARAMETER_NAMES = {
  bgnbd: ['r', 'alpha', 'a', 'b'],
  mbgnbd: ['r', 'alpha', 'a', 'b'],
  pareto: ['r', 'alpha', 's', 'beta'],
  gg: ['p', 'q', 'gamma'],
} as const;
export type SavedModel = keyof typeof PARAMETER_NAMES;

/** lifetimes calls Gamma-Gamma's scale `v`; ours is `gamma`. Either is accepted. */
const ALIASES: Record<string, string> = { v: 'gamma' };

/** The parameters measured in time: rates of purchase and drop-out, per time unit. */
const RATE_PARAMETERS = new Set(['alpha', 'beta']);

export interface SavedParameters {
  model: SavedModel;
  /** The time unit the rates are in; absent for Gamma-Gamma, whose parameters have none. */
  timeUnit?: string;
  params: Record<string, number>;
}

export function readParamsFile(path: string, timeUnits: Readonly<Record<string, number>>): SavedParameters {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --params ${path}: ${(error as Error).message}`);
  }
  return parseSavedParameters(text, path, timeUnits);
}

export function parseSavedParameters(
  text: string,
  source: string,
  timeUnits: Readonly<Record<string, number>>,
): SavedParameters {
  const fail = (why: string) => new UsageError(`--params ${source}: ${why}`);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw fail(`not JSON (${(error as Error).message}); expected the output of 'reactivate fit --json'`);
  }
  if (!isObject(document)) throw fail("expected a JSON object with 'model', 'timeUnit' and 'params'");
  const { model, timeUnit, params } = document;
  // Own keys only: `model: "toString"` names no model (`in` would find Object's method).
  if (typeof model !== 'string' || !Object.hasOwn(PARAMETER_NAMES, model))
    throw fail(
      `'model' must be one of ${Object.keys(PARAMETER_NAMES).join(', ')}, got ${JSON.stringify(model)}`,
    );
  const saved = model as SavedModel;
  if (!isObject(params)) throw fail("'params' must be an object of the model's parameters");
  const values: Record<string, number> = {};
  for (const [key, value] of Object.entries(params)) values[ALIASES[key] ?? key] = value as number;
  for (const name of PARAMETER_NAMES[saved]) {
    const value = values[name];
    if (value === undefined)
      throw fail(`'params.${name}' is missing (${saved} needs ${PARAMETER_NAMES[saved].join(', ')})`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
      throw fail(`'params.${name}' must be a finite number > 0, got ${JSON.stringify(value)}`);
  }
  const chosen = Object.fromEntries(PARAMETER_NAMES[saved].map((n) => [n, values[n] as number]));
  if (saved === 'gg') return { model: saved, params: chosen };
  if (typeof timeUnit !== 'string' || !Object.hasOwn(timeUnits, timeUnit))
    throw fail(
      `'timeUnit' must be one of ${Object.keys(timeUnits).join(', ')}, got ${JSON.stringify(timeUnit)}: α${saved === 'pareto' ? ' and β are rates' : ' is a rate'} per time unit`,
    );
  return { model: saved, timeUnit, params: chosen };
}

/**
 * The saved transaction model for scoring with `--model` (when given) and in `timeUnit`: the
 * rate parameters are converted exactly (α per week is 7·α per day; r, a, b and s have no unit).
 */
export function transactionParameters(
  saved: SavedParameters,
  source: string,
  requested: { model?: TransactionModelName; timeUnit: string },
  timeUnits: Readonly<Record<string, number>>,
): { model: TransactionModelName; params: Record<string, number> } {
  if (saved.model === 'gg')
    throw new UsageError(
      `--params ${source} holds Gamma-Gamma (spend) parameters; --params takes a transaction model's (${TRANSACTION_MODELS.join(', ')}): the spend model is fitted from the data`,
    );
  if (requested.model !== undefined && requested.model !== saved.model)
    throw new UsageError(
      `--params ${source} holds ${saved.model} parameters but --model is ${requested.model}: leave out --model or pass a ${requested.model} file`,
    );
  const factor = (timeUnits[saved.timeUnit as string] as number) / (timeUnits[requested.timeUnit] as number);
  const params = Object.fromEntries(
    Object.entries(saved.params).map(([name, value]) => [
      name,
      RATE_PARAMETERS.has(name) ? value * factor : value,
    ]),
  );
  return { model: saved.model, params };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
