import { describe, expect, it } from 'vitest';
import {
  populationSummary,
  unfittableReason,
} from '../../../../functions/domain/scoring/fit-requirements.js';

describe('unfittableReason', () => {
  it('refuses one customer and a population without a repeat buyer, and says what would help', () => {
    expect(unfittableReason(populationSummary([3]))).toMatch(
      /one customer .* needs at least two .* --params/,
    );
    expect(unfittableReason(populationSummary([]))).toMatch(/no customer/);
    expect(unfittableReason(populationSummary([0, 0, 0]))).toMatch(
      /none of the 3 customers bought on a second day/,
    );
  });

  it('lets a population with two customers and a repeat buyer be fitted', () => {
    expect(unfittableReason(populationSummary([0, 1]))).toBeNull();
  });
});
