/**
 * A transaction model at parameters given rather than fitted (a saved fit, or another tool's):
 * scoring then costs no fit, and the log-likelihood says how well those parameters describe the
 * data at hand (compare it with a fit's on the same data).
 */
import type { FitData } from './fit-data.js';
import {
  type FittedTransactionModel,
  type TransactionModelName,
  type TransactionParameters,
  transactionLogLikelihood,
} from './models.js';

export function atGivenParameters(
  model: TransactionModelName,
  params: TransactionParameters,
  data: FitData,
): FittedTransactionModel {
  return {
    model,
    params,
    logLikelihood: transactionLogLikelihood(model, params, data),
    customers: data.customers,
    // Nothing was searched for, so nothing can have failed to converge.
    converged: true,
  };
}
