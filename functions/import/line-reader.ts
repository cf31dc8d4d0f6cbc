/**
 * Splits a byte stream into numbered lines without ever holding more than one line in memory,
 * and without letting one bad line spoil the rest: a line longer than the limit is skipped and
 * reported, a line that is not valid UTF-8 is reported, and reading goes on with the next line.
 */

export type Line = { line: number; text: string } | { line: number; error: string };

export interface LineReaderOptions {
  /** Longest accepted line in bytes. @default 1 MiB */
  maxLineBytes?: number;
}

const NEWLINE = 0x0a;
const CR = 0x0d;

export async function* readLines(
  source: AsyncIterable<Uint8Array>,
  options: LineReaderOptions = {},
): AsyncGenerator<Line> {
  const maxBytes = options.maxLineBytes ?? 1024 * 1024;
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let pieces: Uint8Array[] = [];
  let size = 0;
  let oversized = 0;
  let lineNumber = 1;

  const finish = (): Line => {
    const n = lineNumber++;
    if (oversized > 0) {
      const bytes = oversized;
      oversized = 0;
      return {
        line: n,
        error: `line is ${bytes.toLocaleString('en-US')} bytes long; the limit is ${maxBytes.toLocaleString('en-US')}`,
      };
    }
    let bytes = pieces.length === 1 ? (pieces[0] as Uint8Array) : Buffer.concat(pieces, size);
    pieces = [];
    size = 0;
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    try {
      // The decoder drops a byte-order mark only at the start of its input, i.e. of each line;
      // a BOM is only legitimate on line 1, and harmless to drop elsewhere.
      return { line: n, text: decoder.decode(bytes) };
    } catch {
      return { line: n, error: 'line is not valid UTF-8' };
    }
  };

  for await (const chunk of source) {
    let start = 0;
    while (start < chunk.length) {
      const end = chunk.indexOf(NEWLINE, start);
      const stop = end === -1 ? chunk.length : end;
      const piece = chunk.subarray(start, stop);
      if (oversized > 0 || size + piece.length > maxBytes) {
        oversized = (oversized || size) + piece.length;
        pieces = [];
        size = 0;
      } else if (piece.length > 0) {
        pieces.push(piece);
        size += piece.length;
      }
      if (end === -1) break;
      yield finish();
      start = end + 1;
    }
  }
  if (size > 0 || oversized > 0) yield finish();
}
