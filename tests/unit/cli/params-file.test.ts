import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../lib/cli/import-command.js';
import { parseSavedParameters, transactionParameters } from '../../../lib/cli/params-file.js';

const UNITS = { week: 7, day: 1 };
const parse = (document: unknown) => parseSavedParameters(JSON.stringify(document), 'fit.json', UNITS);
const bgnbd = {
  model: 'bgnbd',
  timeUnit: 'week',
  params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 },
};

describe('parseSavedParameters', () => {
  it("reads what 'fit --json' prints, ignoring the fields scoring does not need", () => {
    const saved = parse({ ...bgnbd, customers: 2357, logLikelihood: -9582.43, standardErrors: null });
    expect(saved).toEqual(bgnbd);
  });

  it("accepts lifetimes' name v for Gamma-Gamma's scale, and needs no time unit for it", () => {
    expect(parse({ model: 'gg', params: { p: 6.25, q: 3.74, v: 15.44 } })).toEqual({
      model: 'gg',
      params: { p: 6.25, q: 3.74, gamma: 15.44 },
    });
  });

  it.each([
    ['not JSON', '{"model": "bgnbd",', /not JSON/],
    ['an array', '[1, 2]', /expected a JSON object/],
    [
      'an unknown model',
      JSON.stringify({ ...bgnbd, model: 'magic' }),
      /'model' must be one of bgnbd, mbgnbd, pareto, gg, got "magic"/,
    ],
    [
      'a model named like an object method',
      JSON.stringify({ ...bgnbd, model: 'toString' }),
      /'model' must be one of bgnbd, mbgnbd, pareto, gg, got "toString"/,
    ],
    [
      'a time unit named like an object method',
      JSON.stringify({ ...bgnbd, timeUnit: 'constructor' }),
      /'timeUnit' must be one of week, day, got "constructor"/,
    ],
    [
      'a missing parameter',
      JSON.stringify({ ...bgnbd, params: { r: 1, alpha: 1, a: 1 } }),
      /'params.b' is missing/,
    ],
    [
      'a zero',
      JSON.stringify({ ...bgnbd, params: { ...bgnbd.params, a: 0 } }),
      /'params.a' must be a finite number > 0, got 0/,
    ],
    [
      'a negative',
      JSON.stringify({ ...bgnbd, params: { ...bgnbd.params, alpha: -4 } }),
      /'params.alpha' must be a finite number > 0, got -4/,
    ],
    [
      'a string',
      JSON.stringify({ ...bgnbd, params: { ...bgnbd.params, r: '0.24' } }),
      /'params.r' must be a finite number > 0, got "0.24"/,
    ],
    [
      'null (a NaN written by JSON)',
      JSON.stringify({ ...bgnbd, params: { ...bgnbd.params, r: null } }),
      /'params.r' must be a finite number > 0, got null/,
    ],
    [
      'the parameters of another model',
      JSON.stringify({ ...bgnbd, model: 'pareto' }),
      /'params.s' is missing \(pareto needs r, alpha, s, beta\)/,
    ],
    [
      'no time unit',
      JSON.stringify({ model: 'pareto', params: { r: 1, alpha: 1, s: 1, beta: 1 } }),
      /'timeUnit' must be one of week, day, got undefined/,
    ],
  ])('refuses %s with a message naming the field', (_, text, message) => {
    const attempt = () => parseSavedParameters(text, 'fit.json', UNITS);
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(message);
  });
});

describe('transactionParameters', () => {
  it('converts the rates exactly to the requested time unit (α per week is 7·α per day)', () => {
    const { model, params } = transactionParameters(parse(bgnbd), 'fit.json', { timeUnit: 'day' }, UNITS);
    expect(model).toBe('bgnbd');
    expect(params).toEqual({ r: 0.2426, alpha: 4.4136 * 7, a: 0.7929, b: 2.4259 });
  });

  it('converts both of Pareto/NBD rates, α and β', () => {
    const pareto = parse({
      model: 'pareto',
      timeUnit: 'day',
      params: { r: 0.55, alpha: 74, s: 0.6, beta: 81.9 },
    });
    const { params } = transactionParameters(pareto, 'p.json', { timeUnit: 'week' }, UNITS);
    expect(params.alpha).toBeCloseTo(74 / 7, 12);
    expect(params.beta).toBeCloseTo(81.9 / 7, 12);
    expect(params.s).toBe(0.6);
  });

  it('refuses a file for another model than --model, and a spend model', () => {
    expect(() =>
      transactionParameters(parse(bgnbd), 'fit.json', { model: 'pareto', timeUnit: 'week' }, UNITS),
    ).toThrow(/holds bgnbd parameters but --model is pareto/);
    const gg = parse({ model: 'gg', params: { p: 6, q: 3, gamma: 15 } });
    expect(() => transactionParameters(gg, 'gg.json', { timeUnit: 'week' }, UNITS)).toThrow(
      /Gamma-Gamma \(spend\) parameters/,
    );
  });
});
