/**
 * `npm test`'s share of the contract fuzzing (tests/contract/api-fuzz.ts): a fixed seed, a few
 * hundred generated requests over every operation. `npm run test:fuzz` runs thousands.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../lib/local/local-stack.js';
import { startTestStack } from '../support/local-stack.js';
import { fuzzApi, seedFuzzData } from './api-fuzz.js';

describe('The API against its OpenAPI document: generated requests (seed 1)', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startTestStack({ timeScale: 86_400 });
    await seedFuzzData(stack);
  });
  afterAll(() => stack.close());

  it('never answers 5xx, answers only what the document lists, as it describes, and a 4xx writes nothing', async () => {
    const report = await fuzzApi(stack, { seed: 1, requests: 300 });

    expect(report.serverErrors).toEqual([]);
    expect(report.nonConforming).toEqual([]);
    expect(report.partialWrites).toEqual([]);
    expect(report.requests).toBe(300);
    // The generator reaches both sides: answers that did something, and refusals.
    expect(Object.keys(report.byStatus).some((s) => s.startsWith('2'))).toBe(true);
    expect(Object.keys(report.byStatus).some((s) => s.startsWith('4'))).toBe(true);
  }, 300_000);
});
