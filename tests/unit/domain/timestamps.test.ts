import { describe, expect, it } from 'vitest';
import { parseOrderTime } from '../../../functions/domain/timestamps.js';

describe('Function: parseOrderTime', () => {
  it.each([
    ['2024-03-01', '2024-03-01T00:00:00.000Z', '2024-03-01'],
    ['2024-03-01T23:30:00Z', '2024-03-01T23:30:00.000Z', '2024-03-01'],
    ['2024-03-01T23:30:00+02:00', '2024-03-01T21:30:00.000Z', '2024-03-01'],
    ['2024-03-01T01:30:00.250-05:00', '2024-03-01T06:30:00.250Z', '2024-03-01'],
    ['2024-03-01 08:00', '2024-03-01T08:00:00.000Z', '2024-03-01'],
  ])('reads %s as the instant %s on the shop day %s', (input, instant, day) => {
    expect(parseOrderTime(input)).toEqual({ instant, day });
  });

  it('keeps the day as the shop wrote it even when the instant is on another UTC day', () => {
    expect(parseOrderTime('2024-03-02T00:30:00+09:00')).toEqual({
      instant: '2024-03-01T15:30:00.000Z',
      day: '2024-03-02',
    });
  });

  it.each([
    '2024-02-30',
    '2023-02-29',
    '2024-13-01',
    '2024-03-01T24:00:00Z',
    '01/03/2024',
    'yesterday',
    '2024-03-01T10:00:00+25:00',
    '',
  ])('refuses %s', (input) => {
    expect(parseOrderTime(input)).toBeUndefined();
  });
});
