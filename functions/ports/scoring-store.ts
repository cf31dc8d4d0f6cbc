import type { CustomerScores } from '../domain/scoring/customer-scores.js';
import type { ModelBacktest } from '../domain/scoring/model-backtest.js';
import type { PurchaseHistory, ScoringModel } from '../domain/scoring/scoring-model.js';

/** A customer as scoring reads it: the purchase history and the ledger revision it came from. */
export interface ScoringCandidate {
  customerId: string;
  /** The customer's ledger commit counter: scores remember it, so a re-run can tell nothing changed. */
  statsRev: number;
  history: PurchaseHistory;
}

/** Every customer with purchases, in independent segments that can be read in parallel. */
export interface CustomerPopulation {
  /** Pages of customers of one segment of `totalSegments`; customers without purchases are left out. */
  scan(segment: number, totalSegments: number): AsyncIterable<readonly ScoringCandidate[]>;
}

/** Scores as stored: one item per customer, the latest only. */
export interface StoredScores extends CustomerScores {
  customerId: string;
  statsRev: number;
}

/** What decides whether stored scores are still the ones a run would write. */
export type ScoreStamp = Pick<StoredScores, 'customerId' | 'modelVersion' | 'churnThreshold' | 'statsRev'>;

export interface ScoreStore {
  /** The stamps of the stored scores of these customers (absent when never scored). */
  stamps(customerIds: readonly string[]): Promise<Map<string, ScoreStamp>>;
  /** Replaces the scores of these customers. */
  put(scores: readonly StoredScores[]): Promise<void>;
  get(customerId: string): Promise<StoredScores | undefined>;
}

/** A fitted model as stored: immutable once written, named by its content-hash version. */
export interface StoredModel extends ScoringModel {
  fittedAt: string;
  /** Customers the model was fitted on. */
  customers: number;
  /** How the same fit did on a holdout before the as-of day (functions/domain/scoring/model-backtest.ts). */
  backtest?: ModelBacktest;
  /** Why there is no backtest (a history too short to hold a part out). */
  backtestSkipped?: string;
}

/** The model whose scores are complete: what audiences are selected by. */
export interface CurrentModel {
  version: string;
  asOf: string;
  churnThreshold: number;
  publishedAt: string;
  scored: number;
  unchanged: number;
  skipped: number;
}

export interface ModelStore {
  /** Stores a model; `exists` when this version was stored before (a re-run of the same data). */
  save(model: StoredModel): Promise<'created' | 'exists'>;
  get(version: string): Promise<StoredModel | undefined>;
  /**
   * Names the current model. A publication for an older as-of day than the current one is
   * refused (returns false), so a slow, late run never replaces a newer one.
   */
  publish(current: CurrentModel): Promise<boolean>;
  current(): Promise<CurrentModel | undefined>;
}
