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
});
