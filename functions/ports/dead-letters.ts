/**
 * What `reactivate redrive` needs: a dead-letter queue to read and empty, and the target that
 * takes its messages again. Anything a port cannot do is thrown; a target that refuses one
 * message throws for that message only.
 */

/** One message of a dead-letter queue, hidden from other readers while it is worked on. */
export interface DeadLetter {
  id: string;
  body: string;
  /** The handle of this receipt: deleting needs it. */
  receipt: string;
}

/** SQS: GetQueueAttributes, ReceiveMessage, DeleteMessage. */
export interface DeadLetterQueue {
  /** Messages waiting, and messages received by someone and not yet deleted (in flight). */
  depth(): Promise<{ waiting: number; inFlight: number }>;
  /** Up to `max` (1–10) messages, hidden from other receives for a while; none when it is empty. */
  receive(max: number): Promise<DeadLetter[]>;
  remove(letter: DeadLetter): Promise<void>;
}

/** Lambda Invoke or Step Functions StartExecution: hands one message's input back to its target. */
export interface RedriveTarget {
  /** A description for people, e.g. `function arn:aws:lambda:…`. */
  readonly name: string;
  deliver(input: unknown, letter: DeadLetter): Promise<void>;
}
