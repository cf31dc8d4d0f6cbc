/**
 * `ByteBlocks` writes what the strings would have held: every number exactly as `String(n)` prints
 * it (the scores file must not change by a digit), text as UTF-8, and blocks that are whole lines.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteBlocks } from '../../../lib/cli/byte-blocks.js';

function printed(write: (out: ByteBlocks) => void): string {
  const out = new ByteBlocks();
  write(out);
  return Buffer.from(out.take()).toString('utf8');
}

/** Six significant digits, as the scorer rounds its figures. */
const sixDigits = (n: number) => Number(n.toPrecision(6));

describe('ByteBlocks.number', () => {
  it('prints the numbers scores hold as String does', () => {
    const cases = [
      0,
      -0,
      1,
      -1,
      0.1,
      0.5,
      0.123456,
      0.136428,
      11.6671,
      1e-6,
      9.99999e-7,
      1.5e-7,
      0.000001,
      0.0000123,
      999999,
      1000000,
      123456789012345,
      999999999999999,
      1e15,
      1e21,
      1.7976931348623157e308,
      5e-324,
      0.1 + 0.2,
      1 / 3,
      2 / 3,
      Math.PI,
      100,
      1e3,
      12.5,
      3.0000000000000004,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      2 ** 53,
      2 ** 53 + 2,
      0.30000000000000004,
    ];
    for (const n of cases)
      expect(
        printed((out) => out.number(n)),
        String(n),
      ).toBe(String(n));
  });

  it('prints any double as String does', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { minLength: 500, maxLength: 1_000 }), (numbers) => {
        expect(lines(numbers)).toBe(numbers.map((n) => `${n}\n`).join(''));
      }),
      { numRuns: 300 },
    );
  });

  it('prints rounded figures and whole numbers of every size as String does', () => {
    const sizes = fc.double({ min: -1e16, max: 1e16, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(sizes, fc.integer({ min: -8, max: 0 })), { minLength: 500, maxLength: 1_000 }),
        (pairs) => {
          const numbers = pairs.flatMap(([n, shift]) => [sixDigits(n * 10 ** shift), Math.round(n)]);
          expect(lines(numbers)).toBe(numbers.map((n) => `${n}\n`).join(''));
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** The numbers printed one a line into one block. */
function lines(numbers: number[]): string {
  return printed((out) => {
    for (const n of numbers) {
      out.number(n);
      out.byte(0x0a);
    }
  });
}

describe('ByteBlocks', () => {
  it('writes text as UTF-8, grows for a line longer than its slack, and starts afresh on take', () => {
    // Prepare: a block of 16 bytes
    const out = new ByteBlocks(16);

    // Act: a line past the block's size and its slack, then another after a take
    const long = `é${'x'.repeat(100_000)}ü`;
    out.text(long);
    out.byte(0x0a);
    const first = out.take();
    out.text('abc');

    // Assess
    expect(Buffer.from(first).toString('utf8')).toBe(`${long}\n`);
    expect(out.full).toBe(false);
    expect(Buffer.from(out.take()).toString('utf8')).toBe('abc');
    expect(out.empty).toBe(true);
  });

  it('writes a number that crosses the end of its room', () => {
    // Prepare: a block filled to a few bytes short of its room (the block's size and its slack)
    for (let short = 0; short < 48; short++) {
      const out = new ByteBlocks(8);
      out.text('x'.repeat(8 + 64 * 1024 - short));

      // Act
      out.number(-123456.789012);
      out.number(0.000123);

      // Assess
      const text = Buffer.from(out.take()).toString();
      expect(text.slice(8 + 64 * 1024 - short)).toBe('-123456.7890120.000123');
    }
  });

  it('hands over blocks whose buffers are their own (a worker moves them)', () => {
    const out = new ByteBlocks(8);
    out.text('0123456789');
    expect(out.full).toBe(true);
    const block = out.take();
    expect(block.byteOffset).toBe(0);
    const moved = structuredClone(block, { transfer: [block.buffer] });
    expect(Buffer.from(moved).toString()).toBe('0123456789');
  });
});
