/** The scored customers a campaign selects from (adapter: DynamoDB scan segments). */
import type { AudienceCandidate } from '../domain/journey/audience.js';
import type { Page } from './page.js';

/** The scored customers a campaign selects from, in independent scan segments. */
export interface AudienceSource {
  /** `modelInputs`: also what fitting and rescoring with another model needs (T, mean value, as-of). */
  page(
    segment: number,
    totalSegments: number,
    cursor?: string,
    options?: { modelInputs?: boolean },
  ): Promise<Page<AudienceCandidate>>;
}
