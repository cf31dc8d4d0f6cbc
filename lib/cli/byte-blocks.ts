/**
 * Text written straight into blocks of bytes, for output of a million lines: no string per line
 * or per field, and numbers printed exactly as JavaScript prints them (`String(n)`) without making
 * a string for the everyday ones. Each block has a buffer of its own, so a worker thread can hand
 * it over to another thread without a copy.
 */

/** Bytes a block is filled to before it is handed over (one write, or one message, per block). */
const BLOCK_BYTES = 1 << 20;

export class ByteBlocks {
  private block = NO_BLOCK;
  private at = 0;

  constructor(private readonly blockBytes = BLOCK_BYTES) {}

  /** Whether the block holds at least the bytes it is filled to. */
  get full(): boolean {
    return this.at >= this.blockBytes;
  }

  get empty(): boolean {
    return this.at === 0;
  }

  /** The bytes written since the last take; a new block starts (made when first written to). */
  take(): Uint8Array<ArrayBuffer> {
    const filled = this.block.subarray(0, this.at);
    this.block = NO_BLOCK;
    this.at = 0;
    return filled;
  }

  byte(b: number): void {
    this.room(1);
    this.block[this.at++] = b;
  }

  /** A string as UTF-8: byte by byte while it is ASCII (ids, dates, names), else in one call. */
  text(s: string): void {
    this.room(s.length);
    const block = this.block;
    const from = this.at;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) {
        this.room(3 * s.length);
        this.at = from + this.block.write(s, from, 'utf8');
        return;
      }
      block[from + i] = c;
    }
    this.at = from + s.length;
  }

  /**
   * A number as `String(n)` prints it. A finite number from 1e-6 up to 1e15 that some decimal of at
   * most 15 significant digits gives back is printed from that decimal's digits: no two such
   * decimals give the same double, so that decimal, without trailing zeros, is the shortest that
   * round-trips — what `String` prints. Any other number goes through `String`.
   */
  number(n: number): void {
    const magnitude = Math.abs(n);
    if (magnitude === 0) {
      this.byte(0x30); // 0 and -0 alike
      return;
    }
    if (!(magnitude >= 1e-6 && magnitude < 1e15)) {
      this.text(String(n));
      return;
    }
    const negative = n < 0;
    if (Number.isInteger(magnitude)) {
      this.decimal(magnitude, 0, negative);
      return;
    }
    // Scores hold six significant digits: their decimal is tried first, then every count of decimals.
    const sixDigits = 5 - decade(magnitude);
    if (sixDigits >= 0 && this.decimalOf(magnitude, sixDigits, negative)) return;
    for (let decimals = 1; decimals < POWERS_OF_TEN.length; decimals++) {
      // More decimals only make more digits: past 15, `String`'s digits are not these.
      if (Math.round(magnitude * (POWERS_OF_TEN[decimals] as number)) >= 1e15) break;
      if (this.decimalOf(magnitude, decimals, negative)) return;
    }
    this.text(String(n));
  }

  /** Writes `magnitude` from its decimal of `decimals` places when that gives it back; whether it did. */
  private decimalOf(magnitude: number, decimals: number, negative: boolean): boolean {
    const scale = POWERS_OF_TEN[decimals] as number;
    let digits = Math.round(magnitude * scale);
    // An integer below 2^53 over an exact power of ten: the double nearest the decimal.
    if (digits >= 1e15 || digits / scale !== magnitude) return false;
    let places = decimals;
    while (places > 0 && digits % 10 === 0) {
      digits /= 10;
      places--;
    }
    this.decimal(digits, places, negative);
    return true;
  }

  /** `digits` (an integer below 1e15) with a decimal point `decimals` places from its right. */
  private decimal(digits: number, decimals: number, negative: boolean): void {
    this.room(41);
    if (negative) this.block[this.at++] = 0x2d;
    const block = this.block;
    // The digits right to left into the end of the room made, then moved into place.
    let length = 0;
    const tail = this.at + 39;
    for (let rest = digits; rest > 0 || length === 0; length++) {
      const q = Math.floor(rest / 10);
      block[tail - length] = 0x30 + (rest - q * 10);
      rest = q;
    }
    let at = this.at;
    const first = tail - length + 1;
    if (decimals >= length) {
      block[at++] = 0x30;
      block[at++] = 0x2e;
      for (let k = length; k < decimals; k++) block[at++] = 0x30;
      for (let k = first; k <= tail; k++) block[at++] = block[k] as number;
    } else {
      const point = first + length - decimals;
      for (let k = first; k <= tail; k++) {
        if (k === point) block[at++] = 0x2e;
        block[at++] = block[k] as number;
      }
    }
    this.at = at;
  }

  /** Makes room for `bytes` more: a longer block when a line outgrows the slack. */
  private room(bytes: number): void {
    if (this.at + bytes <= this.block.length) return;
    const longer = ByteBlocks.fresh(Math.max(this.blockBytes, 2 * this.block.length, this.at + bytes));
    this.block.copy(longer, 0, 0, this.at);
    this.block = longer;
  }

  /** A buffer of its own (not a slice of Node's pool, which handing it over would take away). */
  private static fresh(blockBytes: number): Buffer<ArrayBuffer> {
    return Buffer.allocUnsafeSlow(blockBytes + SLACK);
  }
}

/** The block after a take, until something is written. */
const NO_BLOCK = Buffer.from(new ArrayBuffer(0));
/** Room past the block's fill mark for the line that crosses it. */
const SLACK = 64 * 1024;

/** ⌊log₁₀ m⌋ for 1e-6 ≤ m < 1e15, by comparison (off by one at worst near a power: only a first guess). */
function decade(magnitude: number): number {
  let exponent = 0;
  if (magnitude >= 1) {
    while (exponent < 14 && magnitude >= (POWERS_OF_TEN[exponent + 1] as number)) exponent++;
    return exponent;
  }
  while (exponent > -6 && magnitude * (POWERS_OF_TEN[-exponent] as number) < 1) exponent--;
  return exponent;
}

/** 10^0 … 10^22: the powers of ten a double holds exactly. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, n) => 10 ** n);
