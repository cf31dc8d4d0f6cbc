/**
 * In-memory implementations of the scoring ports, for use-case tests: the same contract as the
 * DynamoDB adapters (a model version stored once, a publication never going back to an older
 * as-of day, scan segments that split the table between them, pages with an opaque cursor), none
 * of the I/O.
 */
import type { AudienceCandidate } from '../../functions/domain/journey/audience.js';
import type { AudienceSource } from '../../functions/ports/audience-source.js';
import type { Page } from '../../functions/ports/page.js';
import type {
  CurrentModel,
  CustomerPopulation,
  ModelStore,
  ScoringCandidate,
  StoredModel,
} from '../../functions/ports/scoring-store.js';

const copy = <T>(value: T): T => structuredClone(value);

/** A scan segment: every total-th item, as DynamoDB splits a table between segments by key hash. */
const segmentOf = <T>(items: readonly T[], segment: number, totalSegments: number) =>
  items.filter((_, i) => i % totalSegments === segment);

/** Fitted models by version, and the current one: `exists` on a second save, forward-only publication. */
export class InMemoryModels implements ModelStore {
  readonly items = new Map<string, StoredModel>();
  /** What `current()` answers: the last publication that was not refused. */
  published: CurrentModel | undefined;

  constructor(models: readonly StoredModel[] = []) {
    for (const model of models) this.items.set(model.version, copy(model));
  }

  async save(model: StoredModel) {
    if (this.items.has(model.version)) return 'exists' as const;
    this.items.set(model.version, copy(model));
    return 'created' as const;
  }

  async get(version: string) {
    const m = this.items.get(version);
    return m && copy(m);
  }

  /** Refused for an older as-of day than the current model's; the same day replaces it. */
  async publish(current: CurrentModel) {
    if (this.published && current.asOf < this.published.asOf) return false;
    this.published = copy(current);
    return true;
  }

  async current() {
    return this.published && copy(this.published);
  }
}

/**
 * The scores table as a launch reads it: segment `s` of `n` holds the candidates whose index is
 * `s` modulo `n`. Without a page size a segment is one page; with one, pages end with a cursor.
 * Candidates come back whole whatever `modelInputs` says (the adapter projects fewer fields
 * without it); `requests` keeps what was asked.
 */
export class InMemoryAudience implements AudienceSource {
  readonly items: AudienceCandidate[];
  readonly requests: { segment: number; totalSegments: number; cursor?: string; modelInputs: boolean }[] = [];

  constructor(
    candidates: readonly AudienceCandidate[],
    private readonly options: { pageSize?: number } = {},
  ) {
    this.items = candidates.map(copy);
  }

  async page(
    segment: number,
    totalSegments: number,
    cursor?: string,
    options: { modelInputs?: boolean } = {},
  ): Promise<Page<AudienceCandidate>> {
    this.requests.push({
      segment,
      totalSegments,
      ...(cursor !== undefined ? { cursor } : {}),
      modelInputs: Boolean(options.modelInputs),
    });
    const items = segmentOf(this.items, segment, totalSegments);
    const start = cursor === undefined ? 0 : Number(cursor);
    if (cursor !== undefined && !(Number.isSafeInteger(start) && start > 0 && start < items.length))
      throw new Error(`the cursor ${cursor} is not one this audience gave out`);
    const end = this.options.pageSize ? start + this.options.pageSize : items.length;
    return {
      items: items.slice(start, end).map(copy),
      ...(end < items.length ? { cursor: String(end) } : {}),
    };
  }
}

/**
 * Every customer with purchases, as scoring reads it: segment `s` of `n` holds the candidates
 * whose index is `s` modulo `n`, in pages of `pageSize` (one page without it); customers without
 * purchase days are left out, and a segment with none yields no page.
 */
export class InMemoryPopulation implements CustomerPopulation {
  readonly items: ScoringCandidate[];

  constructor(
    candidates: readonly ScoringCandidate[],
    private readonly options: { pageSize?: number } = {},
  ) {
    this.items = candidates.map(copy);
  }

  async *scan(segment: number, totalSegments: number): AsyncIterable<readonly ScoringCandidate[]> {
    const items = segmentOf(this.items, segment, totalSegments).filter(
      (c) => c.history.purchaseDays.length > 0,
    );
    const size = this.options.pageSize ?? Math.max(1, items.length);
    for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size).map(copy);
  }
}
