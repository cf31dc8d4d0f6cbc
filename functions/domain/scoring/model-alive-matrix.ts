/**
 * The frequency/recency P(alive) matrix of a stored model, for the console's model page: the
 * same cells as the CLI's `--matrix` chart (alive-matrix-chart.ts), sized to be read as a table.
 * The customer the cells describe was observed from the data's first purchase day to the model's
 * as-of day — the longest anyone could have been, as lifetimes' matrix takes the data's largest T.
 * The stored model keeps that day only with its backtest, so a model without one has no matrix.
 */
import { type AliveMatrix, aliveMatrix } from './alive-matrix-chart.js';
import { type FittedTransactionModel, transactionModel } from './models.js';

/** Repeat purchases 0 … 10: where most of a shop's customers are, and as many rows as a page reads. */
export const ALIVE_MATRIX_MAX_FREQUENCY = 10;
/** The last purchase at 0, a tenth, … all of T: eleven columns stay legible as text on a page. */
export const ALIVE_MATRIX_COLUMNS = 11;

export function modelAliveMatrix(model: {
  asOf: string;
  unitDays: number;
  transaction: FittedTransactionModel;
  backtest?: { firstDay: string };
}): AliveMatrix | undefined {
  if (!model.backtest) return undefined;
  const days = (Date.parse(model.asOf) - Date.parse(model.backtest.firstDay)) / 86_400_000;
  const T = days / model.unitDays;
  if (!(T > 0)) return undefined;
  // Parameters no fit would give (a hand-written --params) can make the special functions refuse
  // or a cell NaN: the page then goes without the matrix rather than the whole model answer failing
  // (and JSON would carry null where the schema says number).
  let matrix: AliveMatrix;
  try {
    matrix = aliveMatrix(
      transactionModel(model.transaction),
      ALIVE_MATRIX_MAX_FREQUENCY,
      T,
      ALIVE_MATRIX_COLUMNS,
    );
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
  return matrix.pAlive.every((row) => row.every(Number.isFinite)) ? matrix : undefined;
}
