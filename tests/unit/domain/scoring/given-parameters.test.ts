import { beforeAll, describe, expect, it } from 'vitest';
import { betaGeometricLogLikelihood } from '../../../../functions/domain/scoring/beta-geometric.js';
import { compress, type FitData } from '../../../../functions/domain/scoring/fit-data.js';
import { atGivenParameters } from '../../../../functions/domain/scoring/given-parameters.js';
import { fitScoringModelTo } from '../../../../functions/domain/scoring/scoring-model.js';
import { calibrationSummary, readCdnow } from '../../../support/order-files.js';

const PUBLISHED = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
let summary: Awaited<ReturnType<typeof calibrationSummary>>;
let data: FitData;

beforeAll(async () => {
  summary = calibrationSummary(await readCdnow());
  data = compress(summary, 7);
});

describe('atGivenParameters', () => {
  it('keeps the parameters and reports their log-likelihood on the data', () => {
    const model = atGivenParameters('bgnbd', PUBLISHED, data);
    expect(model.params).toBe(PUBLISHED);
    expect(model.customers).toBe(2357);
    expect(model.logLikelihood).toBe(betaGeometricLogLikelihood('bgnbd', PUBLISHED, data));
  });
});

describe('fitScoringModelTo with givenParams', () => {
  it('scores at the given transaction parameters and still fits the spend model', () => {
    const observations = summary.map((c) => ({
      x: c.x,
      txDays: c.txDays,
      TDays: c.TDays,
      meanRepeatValue: c.meanValue,
      spend: c.meanValue * (c.x + 1),
    }));

    const model = fitScoringModelTo(observations, 10_134, {
      model: 'bgnbd',
      unitDays: 7,
      givenParams: PUBLISHED,
    });

    expect(model.transaction.params).toEqual(PUBLISHED);
    expect(model.spend.params?.p).toBeCloseTo(6.25, 1);
  });
});
