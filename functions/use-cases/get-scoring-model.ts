/**
 * The current scoring model as a marketer judges it: which model, fitted when and on how many
 * customers, its parameters and warnings, how many customers it scored, the backtest kept with
 * it (AUC against recency with intervals, holdout error, calibration by frequency, tracking
 * curve), and the P(alive) matrix its parameters give (absent when the model has no backtest to
 * date its first purchase day).
 */
import type { AliveMatrix } from '../domain/scoring/alive-matrix-chart.js';
import { modelAliveMatrix } from '../domain/scoring/model-alive-matrix.js';
import type { CurrentModel, ModelStore, StoredModel } from '../ports/scoring-store.js';
import { UseCaseError } from './use-case-error.js';

export type ScoringModelView = Omit<StoredModel, 'rfm'> &
  Pick<CurrentModel, 'churnThreshold' | 'publishedAt' | 'scored' | 'unchanged' | 'skipped'> & {
    aliveMatrix?: AliveMatrix;
  };

export async function getScoringModel(deps: {
  models: Pick<ModelStore, 'current' | 'get'>;
}): Promise<ScoringModelView> {
  const current = await deps.models.current();
  if (!current)
    throw new UseCaseError(
      'not-found',
      'no scoring model yet: import orders, then run scoring (`reactivate score --local` or the scoring workflow)',
    );
  const model = await deps.models.get(current.version);
  if (!model) throw new UseCaseError('not-found', `the current model ${current.version} is not stored`);
  const { rfm: _cuts, ...rest } = model;
  const matrix = modelAliveMatrix(model);
  return {
    ...rest,
    churnThreshold: current.churnThreshold,
    publishedAt: current.publishedAt,
    scored: current.scored,
    unchanged: current.unchanged,
    skipped: current.skipped,
    ...(matrix && { aliveMatrix: matrix }),
  };
}
