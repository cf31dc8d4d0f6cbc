import { describe, expect, it } from 'vitest';
import { isStorableNumber } from '../../../functions/domain/validation.js';

describe('Storable numbers', () => {
  it('takes what DynamoDB stores exactly and refuses the rest', () => {
    expect(
      [0, -0, 1, -42, 2 ** 53 - 1, -(2 ** 53 - 1), 0.1, 12.345678, 1e-130, -1e-130].map(isStorableNumber),
    ).toEqual(Array(10).fill(true));
    // Past 2^53 a double has already lost digits (and the SDK writes those only as BigInt); below
    // 1e-130 DynamoDB refuses the number; neither JSON nor DynamoDB has infinities or NaN.
    expect(
      [2 ** 53, 2 ** 53 + 2, 1e200, -1e300, 1e-131, 5e-324, Infinity, -Infinity, NaN].map(isStorableNumber),
    ).toEqual(Array(9).fill(false));
  });
});
