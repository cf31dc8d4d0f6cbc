/**
 * The stage's dead-letter queues, by the name `reactivate redrive --queue` takes. The workflow
 * stack publishes each one's URL and redrive target as a stack output (`Redrive<Name>`); the CLI
 * reads those outputs, so it needs no AWS CDK at run time and no hard-coded ARN.
 */

export const DEAD_LETTER_QUEUES = {
  'call-schedules': {
    description:
      'call schedules EventBridge Scheduler could not deliver, and call tasks that failed to be created',
    target: 'function',
  },
  'email-feedback': {
    description: 'SES events EventBridge could not deliver, and events the feedback function failed on',
    target: 'function',
  },
  'scoring-schedule': {
    description: 'nightly scoring runs EventBridge Scheduler could not start',
    target: 'stateMachine',
  },
} as const satisfies Record<string, { description: string; target: RedriveTargetKind }>;

export type DeadLetterQueueName = keyof typeof DEAD_LETTER_QUEUES;
export const DEAD_LETTER_QUEUE_NAMES = Object.keys(DEAD_LETTER_QUEUES) as DeadLetterQueueName[];

/** What a message is handed back to: a Lambda function (invoked) or a state machine (started). */
export type RedriveTargetKind = 'function' | 'stateMachine';

/** The value of a `Redrive<Name>` output: where the queue is and what takes its messages. */
export interface RedriveOutput {
  queue: DeadLetterQueueName;
  queueUrl: string;
  target: RedriveTargetKind;
  targetArn: string;
}

/** `call-schedules` → `RedriveCallSchedules`: the output's key (its logical id, kept stable). */
export const redriveOutputKey = (queue: DeadLetterQueueName) =>
  `Redrive${queue.replace(/(^|-)([a-z])/g, (_, _dash: string, c: string) => c.toUpperCase())}`;
