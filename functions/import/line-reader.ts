/**
 * Splits a byte stream into numbered lines without ever holding more than one line (plus the
 * chunk at hand) in memory, and without letting one bad line spoil the rest: a line longer than
 * the limit is skipped and reported, a line that is not valid UTF-8 is reported, and reading goes
 * on with the next line.
 *
 * Lines come in batches, one per chunk read: a reader of millions of rows pays for one await per
 * chunk rather than one per line, and a chunk of valid UTF-8 (nearly always all of it) is decoded
 * in one call instead of line by line.
 */
import { isUtf8 } from 'node:buffer';

export type Line = { line: number; text: string } | { line: number; error: string };

export interface LineReaderOptions {
  /** Longest accepted line in bytes. @default 1 MiB */
  maxLineBytes?: number;
}

const NEWLINE = 0x0a;
const CR = 0x0d;
const BOM = 0xfeff;

class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  /** The start of a line that the next chunk completes. */
  private pieces: Uint8Array[] = [];
  private size = 0;
  /** Bytes of a line already known to be too long (its bytes are not kept). */
  private oversized = 0;
  private lineNumber = 1;

  constructor(private readonly maxBytes: number) {}

  /** The complete lines of `chunk` (with what earlier chunks left open). */
  push(chunk: Uint8Array, lines: Line[]): void {
    const first = chunk.indexOf(NEWLINE);
    if (first === -1) {
      this.carry(chunk);
      return;
    }
    this.carry(chunk.subarray(0, first));
    lines.push(this.finish());
    const last = chunk.lastIndexOf(NEWLINE);
    if (last > first) this.whole(chunk.subarray(first + 1, last), lines);
    this.carry(chunk.subarray(last + 1));
  }

  /** The last line, when the stream does not end with a newline. */
  end(lines: Line[]): void {
    if (this.size > 0 || this.oversized > 0) lines.push(this.finish());
  }

  private carry(piece: Uint8Array): void {
    if (this.oversized > 0 || this.size + piece.length > this.maxBytes) {
      this.oversized = (this.oversized || this.size) + piece.length;
      this.pieces = [];
      this.size = 0;
    } else if (piece.length > 0) {
      this.pieces.push(piece);
      this.size += piece.length;
    }
  }

  private finish(): Line {
    const line = this.lineNumber++;
    if (this.oversized > 0) {
      const bytes = this.oversized;
      this.oversized = 0;
      return { line, error: this.tooLong(bytes) };
    }
    const bytes =
      this.pieces.length === 1 ? (this.pieces[0] as Uint8Array) : Buffer.concat(this.pieces, this.size);
    this.pieces = [];
    this.size = 0;
    return this.decodeOne(line, bytes);
  }

  /** Lines that start and end inside one chunk: `block` holds them, newlines between. */
  private whole(block: Uint8Array, lines: Line[]): void {
    if (!isUtf8(block)) {
      let start = 0;
      while (start <= block.length) {
        const end = block.indexOf(NEWLINE, start);
        const stop = end === -1 ? block.length : end;
        const bytes = block.subarray(start, stop);
        const line = this.lineNumber++;
        lines.push(
          bytes.length > this.maxBytes
            ? { line, error: this.tooLong(bytes.length) }
            : this.decodeOne(line, bytes),
        );
        start = stop + 1;
      }
      return;
    }
    const text = Buffer.from(block.buffer, block.byteOffset, block.length).toString('utf8');
    let start = 0;
    while (start <= text.length) {
      const end = text.indexOf('\n', start);
      const stop = end === -1 ? text.length : end;
      let line = text.slice(start, stop);
      start = stop + 1;
      const n = this.lineNumber++;
      // UTF-8 takes at most 3 bytes per UTF-16 unit: only a line that might be too long is measured.
      const bytes = line.length * 3 > this.maxBytes ? Buffer.byteLength(line) : 0;
      if (bytes > this.maxBytes) {
        lines.push({ line: n, error: this.tooLong(bytes) });
        continue;
      }
      if (line.charCodeAt(line.length - 1) === CR) line = line.slice(0, -1);
      // As the per-line decoder does: a byte-order mark at the start of a line is dropped.
      if (line.charCodeAt(0) === BOM) line = line.slice(1);
      lines.push({ line: n, text: line });
    }
  }

  private decodeOne(line: number, raw: Uint8Array): Line {
    const bytes = raw.length > 0 && raw[raw.length - 1] === CR ? raw.subarray(0, raw.length - 1) : raw;
    try {
      // The decoder drops a byte-order mark only at the start of its input, i.e. of each line;
      // a BOM is only legitimate on line 1, and harmless to drop elsewhere.
      return { line, text: this.decoder.decode(bytes) };
    } catch {
      return { line, error: 'line is not valid UTF-8' };
    }
  }

  private tooLong(bytes: number): string {
    return tooLong(bytes, this.maxBytes);
  }
}

/** The lines of a byte stream, a batch per chunk read (never an empty batch). */
export async function* readLineBatches(
  source: AsyncIterable<Uint8Array>,
  options: LineReaderOptions = {},
): AsyncGenerator<Line[]> {
  const splitter = new LineSplitter(options.maxLineBytes ?? 1024 * 1024);
  for await (const chunk of source) {
    const lines: Line[] = [];
    splitter.push(chunk, lines);
    if (lines.length > 0) yield lines;
  }
  const last: Line[] = [];
  splitter.end(last);
  if (last.length > 0) yield last;
}

/** The lines of a byte stream, one at a time. */
export async function* readLines(
  source: AsyncIterable<Uint8Array>,
  options: LineReaderOptions = {},
): AsyncGenerator<Line> {
  for await (const batch of readLineBatches(source, options)) yield* batch;
}

/** What a byte-level reader is given of each line. */
export interface LineVisitor {
  /** A line's bytes `bytes[start, end)`, without its newline or a final carriage return. */
  line(line: number, bytes: Uint8Array, start: number, end: number): void;
  /** A line that cannot be read (longer than the limit), with the reason. */
  error(line: number, error: string): void;
}

/**
 * The lines of a byte stream handed to `visitor` as byte ranges of the chunk they lie in: no
 * string per line, for readers that parse bytes. The same lines, numbers and too-long errors as
 * `readLineBatches`; `decodeLine` gives a line's text (or its UTF-8 error) when a reader needs it.
 */
export async function scanLines(
  source: AsyncIterable<Uint8Array>,
  visitor: LineVisitor,
  options: LineReaderOptions = {},
): Promise<void> {
  const maxBytes = options.maxLineBytes ?? 1024 * 1024;
  let lineNumber = 1;
  let pieces: Uint8Array[] = [];
  let size = 0;
  let oversized = 0;
  const emit = (bytes: Uint8Array, start: number, end: number) => {
    const n = lineNumber++;
    if (end - start > maxBytes) visitor.error(n, tooLong(end - start, maxBytes));
    else visitor.line(n, bytes, start, end > start && bytes[end - 1] === CR ? end - 1 : end);
  };
  const carry = (piece: Uint8Array) => {
    if (oversized > 0 || size + piece.length > maxBytes) {
      oversized = (oversized || size) + piece.length;
      pieces = [];
      size = 0;
    } else if (piece.length > 0) {
      pieces.push(piece);
      size += piece.length;
    }
  };
  const finishCarried = () => {
    if (oversized > 0) {
      visitor.error(lineNumber++, tooLong(oversized, maxBytes));
      oversized = 0;
      return;
    }
    const bytes = pieces.length === 1 ? (pieces[0] as Uint8Array) : Buffer.concat(pieces, size);
    pieces = [];
    size = 0;
    emit(bytes, 0, bytes.length);
  };
  for await (const raw of source) {
    const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.length);
    let at = chunk.indexOf(NEWLINE);
    if (at === -1) {
      carry(chunk);
      continue;
    }
    carry(chunk.subarray(0, at));
    finishCarried();
    let from = at + 1;
    for (at = chunk.indexOf(NEWLINE, from); at !== -1; at = chunk.indexOf(NEWLINE, from)) {
      emit(chunk, from, at);
      from = at + 1;
    }
    carry(chunk.subarray(from));
  }
  if (size > 0 || oversized > 0) finishCarried();
}

const lineDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** A line's text as `readLines` gives it (a byte-order mark dropped), or its UTF-8 error. */
export function decodeLine(line: number, bytes: Uint8Array, start: number, end: number): Line {
  try {
    return { line, text: lineDecoder.decode(bytes.subarray(start, end)) };
  } catch {
    return { line, error: 'line is not valid UTF-8' };
  }
}

function tooLong(bytes: number, maxBytes: number): string {
  return `line is ${bytes.toLocaleString('en-US')} bytes long; the limit is ${maxBytes.toLocaleString('en-US')}`;
}
