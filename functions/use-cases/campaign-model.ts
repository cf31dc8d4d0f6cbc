/**
 * How a campaign sees the scored customers. By default as stored. With its own θ, the churn
 * moment is recomputed from the stored inputs with the model that scored each customer. With its
 * own model (`model`), that model is fitted on a random sample of the stored score inputs
 * (x, t_x, T and the mean repeat value are all a fit needs) and P(alive), CLV and the churn
 * moment are recomputed with it — the audience filters then read the campaign's model.
 *
 * The sample: whole segments of a 64-way parallel scan, read until 20,000 customers. Scan
 * segments split the table by key hash, so a segment is a uniform random sample; 20,000
 * customers pin four model parameters far tighter than the 2,357 of the published CDNOW fits,
 * and the fit takes a second or two.
 */
import type { AudienceCandidate } from '../domain/journey/audience.js';
import type { Campaign } from '../domain/journey/campaign.js';
import { churnMomentFor, createInputScorer } from '../domain/scoring/customer-scores.js';
import type { TransactionModelName } from '../domain/scoring/models.js';
import {
  type FitObservation,
  fitScoringModelTo,
  type ScoringModel,
} from '../domain/scoring/scoring-model.js';
import type { AudienceSource } from '../ports/audience-source.js';
import type { ModelStore, StoredModel } from '../ports/scoring-store.js';

const MODEL_SAMPLE = 20_000;
const SAMPLE_SPLIT = 64;

/** How the stage fits models (`scoring` in the stage configuration). */
export interface ModelFitSettings {
  unitDays: number;
  penalizer: number;
}

/**
 * The campaign's model fitted on a random sample of the stored scores; undefined when no scored
 * customer carries the inputs a fit needs (nothing scored yet).
 */
export async function fitCampaignModel(
  audience: AudienceSource,
  model: TransactionModelName,
  fit: ModelFitSettings,
): Promise<ScoringModel | undefined> {
  const sample: FitObservation[] = [];
  let asOf = '';
  for (let segment = 0; segment < SAMPLE_SPLIT && sample.length < MODEL_SAMPLE; segment++) {
    let cursor: string | undefined;
    do {
      const page = await audience.page(segment, SAMPLE_SPLIT, cursor, { modelInputs: true });
      for (const { inputs, asOf: scoredAsOf } of page.items) {
        if (!inputs || inputs.observedDays === undefined) continue;
        sample.push({
          x: inputs.repeatPurchases,
          txDays: inputs.lastPurchaseAfterDays,
          TDays: inputs.observedDays,
          meanRepeatValue: inputs.meanRepeatValue ?? 0,
          // Only RFM cut points read spend, and a campaign takes RFM segments from stored scores.
          spend: 0,
        });
        if (scoredAsOf && scoredAsOf > asOf) asOf = scoredAsOf;
      }
      cursor = page.cursor;
    } while (cursor);
  }
  if (sample.length === 0 || !asOf) return undefined;
  return fitScoringModelTo(sample, Date.parse(`${asOf}T00:00:00Z`) / 86_400_000, {
    model,
    unitDays: fit.unitDays,
    penalizer: fit.penalizer,
  });
}

export type CandidateView = (candidate: AudienceCandidate) => Promise<AudienceCandidate | undefined>;

/**
 * Candidates as the campaign judges them; undefined for one it cannot judge (its scores name no
 * stored model, or lack the inputs). `ownModel`: the campaign's own model, when it has one. No
 * view at all (null) when the campaign takes the stored scores as they are — the common case,
 * which then costs nothing per customer.
 */
export function campaignView(
  models: Pick<ModelStore, 'get'>,
  campaign: Pick<Campaign, 'churnThreshold' | 'model'>,
  ownModel?: ScoringModel,
): CandidateView | null {
  const theta = campaign.churnThreshold;
  if (campaign.model) {
    const scorers = new Map<number, ReturnType<typeof createInputScorer>>();
    return async (candidate) => {
      const { inputs } = candidate;
      if (!ownModel || !inputs || inputs.observedDays === undefined) return undefined;
      const at = theta ?? candidate.churnThreshold ?? 0.5;
      let scorer = scorers.get(at);
      if (!scorer) {
        scorer = createInputScorer(ownModel, at);
        scorers.set(at, scorer);
      }
      return { ...candidate, ...scorer(inputs) };
    };
  }
  if (theta === undefined) return null;
  const loaded = new Map<string, Promise<StoredModel | undefined>>();
  return async (candidate) => {
    if (candidate.churnThreshold === theta) return candidate;
    const { modelVersion, inputs } = candidate;
    if (!modelVersion || !inputs) return undefined;
    let model = loaded.get(modelVersion);
    if (!model) {
      model = models.get(modelVersion);
      loaded.set(modelVersion, model);
    }
    const stored = await model;
    return stored && { ...candidate, churnMomentOn: churnMomentFor(stored, inputs, theta) };
  };
}
