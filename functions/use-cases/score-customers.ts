/**
 * Scoring every customer in the store, in three steps that the scoring state machine runs as
 * three Lambda tasks (and `reactivate score --local` runs in one process):
 *
 * 1. `fitPopulationModel` reads every customer's purchase history (all scan segments in
 *    parallel), fits the scoring model as of today and stores it under its content-hash version.
 * 2. `scoreSegment` scores the customers of one scan segment with that model and writes their
 *    scores; segments run in parallel (a Map state in AWS).
 * 3. `publishModel` names the model current once every segment is done, so readers never see a
 *    model whose scores are half written.
 *
 * A re-run is idempotent: the same data gives the same model version, and a customer whose stored
 * scores already carry that version, the same θ and the same ledger revision is left untouched.
 */
import { type CustomerScores, createScorer } from '../domain/scoring/customer-scores.js';
import { backtestModel } from '../domain/scoring/model-backtest.js';
import type { TransactionModelName } from '../domain/scoring/models.js';
import { fitScoringModel, type PurchaseHistory, type ScoringModel } from '../domain/scoring/scoring-model.js';
import { epochDay } from '../domain/timestamps.js';
import type {
  CurrentModel,
  CustomerPopulation,
  ModelStore,
  ScoreStore,
  StoredScores,
} from '../ports/scoring-store.js';
import { PopulationSnapshot } from './population-snapshot.js';

export interface ScoringSettings {
  model: TransactionModelName;
  /** P(alive) threshold of the stored churn moment; campaigns may ask for another. */
  churnThreshold: number;
  /** Days per model time unit. */
  unitDays: number;
  penalizer: number;
  /** Parallel scan segments. */
  segments: number;
}

export interface ScoringDeps {
  population: CustomerPopulation;
  scores: ScoreStore;
  models: ModelStore;
  clock: () => Date;
}

export interface FittedRun {
  version: string;
  asOf: string;
  customers: number;
  warnings: string[];
  /** This version was stored before: stored scores may already be current, so compare first. */
  rerun: boolean;
  /** The segment numbers to score, one Map iteration each. */
  segments: number[];
}

export interface SegmentCounts {
  /** Scores written. */
  scored: number;
  /** Stored scores that were already those of this run. */
  unchanged: number;
  /** Customers whose first purchase is after the model's as-of day. */
  skipped: number;
}

export class ModelNotFoundError extends Error {
  override readonly name = 'ModelNotFoundError';
}

/** No customer had bought by the as-of day: there is no model to fit and nothing to score. */
export class NothingToScoreError extends Error {
  override readonly name = 'NothingToScoreError';
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export async function fitPopulationModel(
  deps: Pick<ScoringDeps, 'population' | 'models' | 'clock'>,
  settings: ScoringSettings,
  options: { asOf?: string } = {},
): Promise<FittedRun> {
  const fittedAt = deps.clock().toISOString();
  const asOfDay = epochDay(options.asOf ?? fittedAt.slice(0, 10));
  const histories: PurchaseHistory[] = [];
  await Promise.all(
    range(settings.segments).map(async (segment) => {
      for await (const page of deps.population.scan(segment, settings.segments))
        for (const candidate of page) histories.push(candidate.history);
    }),
  );
  if (histories.length === 0)
    throw new NothingToScoreError('no customer has a purchase yet: import orders first');
  let model: ScoringModel;
  try {
    model = fitScoringModel(histories, asOfDay, {
      model: settings.model,
      unitDays: settings.unitDays,
      penalizer: settings.penalizer,
    });
  } catch (error) {
    if (error instanceof RangeError) throw new NothingToScoreError(error.message);
    throw error;
  }
  // The fit held the event loop for seconds: let it see the connections closed meanwhile before
  // the next request picks one of them.
  await new Promise((resolve) => setImmediate(resolve));
  // How far to trust it: the same fit on the data up to a calibration day, judged on what came
  // after (kept with the model; the console's model page shows it).
  const check = backtestModel(histories, asOfDay, {
    model: settings.model,
    unitDays: settings.unitDays,
    penalizer: settings.penalizer,
  });
  await new Promise((resolve) => setImmediate(resolve));
  const saved = await deps.models.save({
    ...model,
    fittedAt,
    customers: model.transaction.customers,
    ...('backtest' in check ? { backtest: check.backtest } : { backtestSkipped: check.skipped }),
  });
  return {
    version: model.version,
    asOf: model.asOf,
    customers: histories.length,
    warnings: model.warnings,
    rerun: saved === 'exists',
    segments: range(settings.segments),
  };
}

export interface SegmentJob {
  version: string;
  segment: number;
  totalSegments: number;
  churnThreshold: number;
  /** Compare with stored scores before writing (a re-run); a new version skips the reads. */
  compare: boolean;
}

const isCurrent = (
  stored: Pick<StoredScores, 'modelVersion' | 'churnThreshold' | 'statsRev'>,
  next: StoredScores,
) =>
  stored.modelVersion === next.modelVersion &&
  stored.churnThreshold === next.churnThreshold &&
  stored.statsRev === next.statsRev;

export async function scoreSegment(
  deps: ScoringDeps,
  job: SegmentJob,
  onPage?: (counts: SegmentCounts) => void,
): Promise<SegmentCounts> {
  const model = await deps.models.get(job.version);
  if (!model) throw new ModelNotFoundError(`no scoring model with version ${job.version}`);
  const score = createScorer(model, epochDay(model.asOf), {
    theta: job.churnThreshold,
    scoredAt: deps.clock().toISOString(),
  });
  const counts: SegmentCounts = { scored: 0, unchanged: 0, skipped: 0 };
  for await (const page of deps.population.scan(job.segment, job.totalSegments)) {
    const stamps = job.compare ? await deps.scores.stamps(page.map((c) => c.customerId)) : undefined;
    const writes: StoredScores[] = [];
    const pageCounts: SegmentCounts = { scored: 0, unchanged: 0, skipped: 0 };
    for (const candidate of page) {
      const scores: CustomerScores | undefined = score(candidate.history);
      if (!scores) {
        pageCounts.skipped++;
        continue;
      }
      const next = { customerId: candidate.customerId, statsRev: candidate.statsRev, ...scores };
      const stored = stamps?.get(candidate.customerId);
      if (stored && isCurrent(stored, next)) pageCounts.unchanged++;
      else writes.push(next);
    }
    await deps.scores.put(writes);
    pageCounts.scored = writes.length;
    Object.assign(counts, addCounts([counts, pageCounts]));
    onPage?.(pageCounts);
  }
  return counts;
}

export function addCounts(all: readonly SegmentCounts[]): SegmentCounts {
  return all.reduce(
    (sum, c) => ({
      scored: sum.scored + c.scored,
      unchanged: sum.unchanged + c.unchanged,
      skipped: sum.skipped + c.skipped,
    }),
    { scored: 0, unchanged: 0, skipped: 0 },
  );
}

export interface Publication {
  current: CurrentModel;
  /** False when a newer model was already current: this run's scores stay, unnamed. */
  published: boolean;
}

export async function publishModel(
  deps: Pick<ScoringDeps, 'models' | 'clock'>,
  run: { version: string; churnThreshold: number; segments: readonly SegmentCounts[] },
): Promise<Publication> {
  const model = await deps.models.get(run.version);
  if (!model) throw new ModelNotFoundError(`no scoring model with version ${run.version}`);
  const current: CurrentModel = {
    version: run.version,
    asOf: model.asOf,
    churnThreshold: run.churnThreshold,
    publishedAt: deps.clock().toISOString(),
    ...addCounts(run.segments),
  };
  return { current, published: await deps.models.publish(current) };
}

export interface ScoringRun extends FittedRun, SegmentCounts {
  published: boolean;
}

/** All three steps in one process (the local stack's `reactivate score --local`), the table read once. */
export async function scoreAllCustomers(
  deps: ScoringDeps,
  settings: ScoringSettings,
  options: {
    asOf?: string;
    onFitted?: (run: FittedRun) => void;
    onPage?: (counts: SegmentCounts) => void;
  } = {},
): Promise<ScoringRun> {
  // The fit's scan is replayed to the scoring: one read of the table per run.
  const population = new PopulationSnapshot(deps.population);
  const fitted = await fitPopulationModel({ ...deps, population }, settings, options);
  options.onFitted?.(fitted);
  const segments = await Promise.all(
    fitted.segments.map((segment) =>
      scoreSegment(
        { ...deps, population },
        {
          version: fitted.version,
          segment,
          totalSegments: settings.segments,
          churnThreshold: settings.churnThreshold,
          compare: fitted.rerun,
        },
        options.onPage,
      ),
    ),
  );
  const { published } = await publishModel(deps, {
    version: fitted.version,
    churnThreshold: settings.churnThreshold,
    segments,
  });
  return { ...fitted, ...addCounts(segments), published };
}
