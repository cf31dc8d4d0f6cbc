/** A dead-letter queue in SQS: its depth, and its messages received and deleted one receipt at a time. */
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { DeadLetter, DeadLetterQueue } from '../ports/dead-letters.js';

export class SqsDeadLetterQueue implements DeadLetterQueue {
  /**
   * @param hideSeconds how long a received message stays hidden: longer than its target takes
   *   (the functions time out after 30 s), so a message is never delivered twice in one run.
   */
  constructor(
    private readonly sqs: Pick<SQSClient, 'send'>,
    private readonly queueUrl: string,
    private readonly hideSeconds = 300,
  ) {}

  async depth(): Promise<{ waiting: number; inFlight: number }> {
    const { Attributes } = await this.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: this.queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return {
      waiting: Number(Attributes?.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
    };
  }

  async receive(max: number): Promise<DeadLetter[]> {
    const { Messages } = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.queueUrl,
        MaxNumberOfMessages: max,
        VisibilityTimeout: this.hideSeconds,
        // A short wait asks every SQS server, so an almost empty queue still answers with its messages.
        WaitTimeSeconds: 1,
      }),
    );
    return (Messages ?? []).flatMap((m) =>
      m.MessageId && m.ReceiptHandle
        ? [{ id: m.MessageId, body: m.Body ?? '', receipt: m.ReceiptHandle }]
        : [],
    );
  }

  async remove(letter: DeadLetter): Promise<void> {
    await this.sqs.send(new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: letter.receipt }));
  }
}
