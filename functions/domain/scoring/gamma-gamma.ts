/**
 * Gamma-Gamma spend model (Fader & Hardie 2013, note 025): a customer's repeat purchases have
 * mean value ν⁻¹·p with ν ~ Gamma(q, γ); fitted on customers with at least one repeat purchase
 * day, from x and the mean value of the repeat days (the first day is excluded, as in the paper).
 * Spend is assumed independent of purchase timing, which is what lets CLV multiply the two.
 */
import type { FitOptions, FitOutcome } from './beta-geometric.js';
import { bounded, minimizeBfgs, minimizeNelderMead, withNumericGradient } from './optimizer.js';
import { lnGamma } from './special-functions.js';

export interface GammaGammaParameters {
  p: number;
  q: number;
  gamma: number;
}

export interface SpendObservation {
  /** Repeat purchase days. */
  x: number;
  /** Mean value of the repeat purchase days. */
  meanValue: number;
}

export function gammaGammaLogLikelihood(
  params: GammaGammaParameters,
  data: readonly SpendObservation[],
): number {
  const { p, q, gamma } = params;
  const lnGammaQ = lnGamma(q);
  const lnG = Math.log(gamma);
  let ll = 0;
  for (const { x, meanValue } of data) {
    if (x <= 0 || meanValue <= 0) continue;
    const px = p * x;
    ll +=
      lnGamma(px + q) -
      lnGamma(px) -
      lnGammaQ +
      q * lnG +
      (px - 1) * Math.log(meanValue) +
      px * Math.log(x) -
      (px + q) * Math.log(gamma + x * meanValue);
  }
  return ll;
}

/**
 * The log-likelihood above as a function of the parameters, for repeated evaluation: customers
 * grouped by x, so the lnΓ terms are computed once per distinct x and each customer costs one
 * logarithm (ln m̄ is taken once, here).
 */
function groupedLogLikelihood(data: readonly SpendObservation[]) {
  const sorted = data.filter((d) => d.x > 0 && d.meanValue > 0).sort((a, b) => a.x - b.x);
  const xs = Float64Array.from(sorted, (d) => d.x);
  const means = Float64Array.from(sorted, (d) => d.meanValue);
  const logMeans = means.map(Math.log);
  return (p: number, q: number, gamma: number): number => {
    const lnGammaQ = lnGamma(q);
    const lnG = Math.log(gamma);
    let ll = 0;
    for (let i = 0; i < xs.length; ) {
      const x = xs[i] as number;
      const px = p * x;
      const shared = lnGamma(px + q) - lnGamma(px) - lnGammaQ + q * lnG + px * Math.log(x);
      let sum = 0;
      let count = 0;
      for (; i < xs.length && xs[i] === x; i++, count++) {
        sum += (px - 1) * (logMeans[i] as number) - (px + q) * Math.log(gamma + x * (means[i] as number));
      }
      ll += count * shared + sum;
    }
    return ll;
  };
}

/** Only repeat buyers with a positive mean value inform the model. */
export function spendSample(data: readonly SpendObservation[]): SpendObservation[] {
  return data.filter((d) => d.x > 0 && d.meanValue > 0 && Number.isFinite(d.meanValue));
}

/**
 * Three parameters are pinned down long before 20,000 customers; an evenly spaced sample keeps
 * the fit at a second or so for a million customers instead of a minute.
 */
const SAMPLE_LIMIT = 20_000;
/** Customers the rough search of a large sample looks at. */
const ROUGH_SAMPLE = 2_000;

function evenSample<T>(items: T[], limit: number): T[] {
  if (items.length <= limit) return items;
  const step = items.length / limit;
  return Array.from({ length: limit }, (_, i) => items[Math.floor(i * step)] as T);
}

export function fitGammaGamma(
  observations: readonly SpendObservation[],
  options: FitOptions = {},
): FitOutcome<GammaGammaParameters> {
  const data = evenSample(spendSample(observations), SAMPLE_LIMIT);
  if (data.length < 2)
    throw new RangeError('Gamma-Gamma needs at least two customers with a repeat purchase');
  const penalizer = options.penalizer ?? 0;
  // Scale money so the mean is about 1: the optimiser then sees the same surface for cents or yen.
  const scale = data.reduce((s, d) => s + d.meanValue, 0) / data.length;
  const objectiveOn = (sample: readonly SpendObservation[]) => {
    const logLikelihood = groupedLogLikelihood(
      sample.map((d) => ({ x: d.x, meanValue: d.meanValue / scale })),
    );
    return (logParams: readonly number[]) => {
      const [p, q, gamma] = logParams.map(Math.exp) as [number, number, number];
      return -logLikelihood(p, q, gamma) / sample.length + penalizer * (p * p + q * q + gamma * gamma);
    };
  };
  const objective = objectiveOn(data);
  // Nelder–Mead's hundreds of steps only find the basin: on a tenth of a large sample; BFGS then
  // polishes on all of it.
  const roughSample = evenSample(data, ROUGH_SAMPLE);
  const rough = minimizeNelderMead(bounded(objectiveOn(roughSample)), [0, 0, 0], {
    tolerance: 1e-12,
    maxIterations: 1500,
  });
  const roughValue = roughSample === data ? rough.value : objective(rough.x);
  const result = minimizeBfgs(withNumericGradient(bounded(objective)), rough.x, { gradientTolerance: 1e-8 });
  const chosen = result.value <= roughValue ? result : { ...rough, value: roughValue };
  const [p, q, gammaScaled] = chosen.x.map(Math.exp) as [number, number, number];
  const params = { p, q, gamma: gammaScaled * scale };
  return {
    params,
    logLikelihood: gammaGammaLogLikelihood(params, data),
    iterations: chosen.iterations,
    converged: chosen.converged,
  };
}

/**
 * E[mean repeat value | x, mean value]: a weighted mean of the population mean pγ/(q − 1) and
 * the customer's own mean, the weight on the customer growing with x. Needs q > 1 for the
 * population mean to exist; otherwise `fallbackMean` (the sample mean) stands in for it.
 */
export function gammaGammaExpectedValue(
  params: GammaGammaParameters,
  x: number,
  meanValue: number,
  fallbackMean: number,
): number {
  const { p, q, gamma } = params;
  const populationMean = q > 1 ? (p * gamma) / (q - 1) : fallbackMean;
  if (x <= 0 || !(meanValue > 0)) return populationMean;
  const px = p * x;
  if (q > 1) return (p * gamma + px * meanValue) / (px + q - 1);
  const weight = px / (px + q);
  return (1 - weight) * populationMean + weight * meanValue;
}
