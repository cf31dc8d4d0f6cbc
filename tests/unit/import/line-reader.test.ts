import { describe, expect, it } from 'vitest';
import { type Line, readLines } from '../../../functions/import/line-reader.js';

async function collect(chunks: (string | Uint8Array)[], maxLineBytes?: number): Promise<Line[]> {
  async function* source() {
    for (const c of chunks) yield typeof c === 'string' ? Buffer.from(c) : c;
  }
  const lines: Line[] = [];
  for await (const line of readLines(source(), maxLineBytes ? { maxLineBytes } : {})) lines.push(line);
  return lines;
}

describe('Function: readLines', () => {
  it('numbers lines, strips CRLF and a byte-order mark, and keeps a last line without newline', async () => {
    expect(await collect(['\uFEFFa,b\r\nc,d\r\n', 'e,f'])).toEqual([
      { line: 1, text: 'a,b' },
      { line: 2, text: 'c,d' },
      { line: 3, text: 'e,f' },
    ]);
  });

  it('joins lines split across chunks, even one byte at a time', async () => {
    const bytes = [...Buffer.from('héllo\nwörld\n')].map((b) => Uint8Array.of(b));
    expect(await collect(bytes)).toEqual([
      { line: 1, text: 'héllo' },
      { line: 2, text: 'wörld' },
    ]);
  });

  it('reports a line that is not valid UTF-8 and goes on', async () => {
    expect(
      await collect([Buffer.from('ok\n'), Uint8Array.of(0x61, 0xff, 0xfe, 0x0a), Buffer.from('fine\n')]),
    ).toEqual([
      { line: 1, text: 'ok' },
      { line: 2, error: 'line is not valid UTF-8' },
      { line: 3, text: 'fine' },
    ]);
  });

  it('skips and reports a 10 MB line without holding it, then reads on', async () => {
    // Prepare: a 10 MB line arriving in 64 KiB chunks
    const big = Buffer.alloc(64 * 1024, 0x61);
    const chunks: Uint8Array[] = [
      Buffer.from('first\n'),
      ...Array.from({ length: 160 }, () => big),
      Buffer.from('\nlast\n'),
    ];

    // Act
    const lines = await collect(chunks);

    // Assess
    expect(lines).toEqual([
      { line: 1, text: 'first' },
      { line: 2, error: 'line is 10,485,760 bytes long; the limit is 1,048,576' },
      { line: 3, text: 'last' },
    ]);
  });

  it('reads lines inside one chunk the same way: CRLF, a BOM, an invalid line and a long one among good ones', async () => {
    // Prepare: every line within one chunk, so the whole-chunk decoding is used
    const chunk = Buffer.concat([
      Buffer.from('\uFEFFa,b\r\nc,d\n'),
      Uint8Array.of(0x61, 0xff, 0x0a),
      Buffer.from(`${'x'.repeat(40)}\n\nlast\r\ntail`),
    ]);

    // Act
    const lines = await collect([chunk], 32);

    // Assess
    expect(lines).toEqual([
      { line: 1, text: 'a,b' },
      { line: 2, text: 'c,d' },
      { line: 3, error: 'line is not valid UTF-8' },
      { line: 4, error: 'line is 40 bytes long; the limit is 32' },
      { line: 5, text: '' },
      { line: 6, text: 'last' },
      { line: 7, text: 'tail' },
    ]);
  });

  it('gives the same lines whatever the chunk size', async () => {
    const text = 'h\u00e9,1\r\n\n\uFEFFx,2\nw\u00f6rld,\u20ac\nend';
    const whole = await collect([text]);
    for (const size of [1, 2, 3, 5, 7]) {
      const bytes = Buffer.from(text);
      const chunks = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) =>
        bytes.subarray(i * size, (i + 1) * size),
      );
      expect(await collect(chunks)).toEqual(whole);
    }
    expect(whole.map((l) => ('text' in l ? l.text : l.error))).toEqual([
      'h\u00e9,1',
      '',
      'x,2',
      'w\u00f6rld,\u20ac',
      'end',
    ]);
  });
});
