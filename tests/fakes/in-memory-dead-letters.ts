/**
 * The dead-letter ports of `reactivate redrive`, for use-case tests: an SQS-like queue whose
 * received messages stay hidden (in flight) until deleted, and a target that takes every input
 * but those it is told to refuse, the way a Lambda function or state machine refuses one message.
 */
import type { DeadLetter, DeadLetterQueue, RedriveTarget } from '../../functions/ports/dead-letters.js';

export interface InMemoryDeadLettersOptions {
  /**
   * Whether a received message stays hidden from later receives until it is deleted (a visibility
   * timeout longer than the test, the default), or is visible again at once (a timeout that is over
   * before the next receive: what a target refused comes straight back).
   */
  hideReceived?: boolean;
}

/** A dead-letter queue of these bodies, message `m0` with receipt `r0` first. */
export class InMemoryDeadLetters implements DeadLetterQueue {
  readonly visible: DeadLetter[];
  readonly hidden: DeadLetter[] = [];
  /** ReceiveMessage calls made, the empty ones included. */
  receives = 0;
  private readonly hideReceived: boolean;

  constructor(bodies: string[], options: InMemoryDeadLettersOptions = {}) {
    this.visible = bodies.map((body, i) => ({ id: `m${i}`, body, receipt: `r${i}` }));
    this.hideReceived = options.hideReceived ?? true;
  }

  async depth() {
    return { waiting: this.visible.length, inFlight: this.hidden.length };
  }

  async receive(max: number) {
    this.receives += 1;
    const batch = this.visible.splice(0, max);
    (this.hideReceived ? this.hidden : this.visible).push(...batch);
    return batch.map((letter) => ({ ...letter }));
  }

  /** Deletes the message of this receipt wherever it is; a receipt of a message already gone is a no-op, as in SQS. */
  async remove(letter: DeadLetter) {
    for (const letters of [this.hidden, this.visible]) {
      const at = letters.findIndex((l) => l.receipt === letter.receipt);
      if (at >= 0) letters.splice(at, 1);
    }
  }

  /** The ids of what is still in the queue, visible or not. */
  get left() {
    return [...this.visible, ...this.hidden].map((l) => l.id).sort();
  }
}

/** A target that takes every input but those `refuse` picks, and remembers what it took. */
export class RecordingRedriveTarget implements RedriveTarget {
  readonly name = 'function test';
  /** The inputs taken, in order. */
  readonly got: unknown[] = [];
  /** The messages refused, with the input they held. */
  readonly refused: { input: unknown; letter: DeadLetter }[] = [];

  /**
   * @param refuse which inputs to refuse (none by default)
   * @param error the message of the error a refused input is thrown with
   */
  constructor(
    private readonly refuse: (input: unknown) => boolean = () => false,
    private readonly error = 'CallTaskStoreUnavailable: still broken',
  ) {}

  async deliver(input: unknown, letter: DeadLetter) {
    if (this.refuse(input)) {
      this.refused.push({ input, letter });
      throw new Error(this.error);
    }
    this.got.push(input);
  }
}
