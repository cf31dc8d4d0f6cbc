/**
 * The current scoring model as a marketer judges it: which model, fitted when and on how many
 * customers, its parameters and warnings, how many customers it scored, and the backtest kept
 * with it (AUC against recency with intervals, holdout error, tracking curve).
 */
import type { CurrentModel, ModelStore, StoredModel } from '../ports/scoring-store.js';
import { UseCaseError } from './use-case-error.js';

export type ScoringModelView = Omit<StoredModel, 'rfm'> &
  Pick<CurrentModel, 'churnThreshold' | 'publishedAt' | 'scored' | 'unchanged' | 'skipped'>;

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
  return {
    ...rest,
    churnThreshold: current.churnThreshold,
    publishedAt: current.publishedAt,
    scored: current.scored,
    unchanged: current.unchanged,
    skipped: current.skipped,
  };
}
