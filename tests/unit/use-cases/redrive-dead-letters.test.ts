/**
 * Redrive over an in-memory dead-letter queue: every message goes back to its target and leaves
 * the queue only once the target took it; what the target refuses again stays, with its error.
 */
import { describe, expect, it } from 'vitest';
import { redriveDeadLetters, targetInput } from '../../../functions/use-cases/redrive-dead-letters.js';
import { InMemoryDeadLetters, RecordingRedriveTarget } from '../../fakes/in-memory-dead-letters.js';

const event = (n: number) =>
  JSON.stringify({ campaignId: 'c1', customerId: `cust-${n}`, scheduleName: `s-${n}` });

describe('Use case: redrive dead letters', () => {
  it('hands every message back to its target and empties the queue, ten at a time', async () => {
    // Prepare
    const queue = new InMemoryDeadLetters(Array.from({ length: 23 }, (_, n) => event(n)));
    const fn = new RecordingRedriveTarget();

    // Act
    const summary = await redriveDeadLetters(queue, fn, 1000);

    // Assess
    expect(summary).toEqual({ redriven: 23, failed: [] });
    expect(queue.left).toEqual([]);
    expect(fn.got).toHaveLength(23);
    expect(fn.got[0]).toEqual({ campaignId: 'c1', customerId: 'cust-0', scheduleName: 's-0' });
    expect(queue.receives).toBe(4); // 10 + 10 + 3, then an empty receive
  });

  it('keeps what the target refuses again in the queue and reports it with the error', async () => {
    const queue = new InMemoryDeadLetters([event(1), event(2), event(3)]);
    const fn = new RecordingRedriveTarget(
      (input) => (input as { customerId: string }).customerId === 'cust-2',
    );

    const summary = await redriveDeadLetters(queue, fn, 1000);

    expect(summary.redriven).toBe(2);
    expect(summary.failed).toEqual([{ id: 'm1', error: 'CallTaskStoreUnavailable: still broken' }]);
    expect(queue.left).toEqual(['m1']);
  });

  it('stops at the limit and leaves the rest for the next run', async () => {
    const queue = new InMemoryDeadLetters(Array.from({ length: 15 }, (_, n) => event(n)));

    const summary = await redriveDeadLetters(queue, new RecordingRedriveTarget(), 12);

    expect(summary.redriven).toBe(12);
    expect(queue.left).toHaveLength(3);
  });

  it('does not deliver a message twice in one run when a refused one becomes visible again', async () => {
    // Prepare: a queue whose visibility timeout is over at once (refused messages come straight back)
    const queue = new InMemoryDeadLetters([event(1)], { hideReceived: false });
    const fn = new RecordingRedriveTarget(() => true);

    // Act
    const summary = await redriveDeadLetters(queue, fn, 1000);

    // Assess
    expect(summary.failed).toHaveLength(1);
    expect(queue.receives).toBe(2);
  });

  it('refuses a body that is not JSON instead of delivering it', async () => {
    const queue = new InMemoryDeadLetters(['not json']);

    const summary = await redriveDeadLetters(queue, new RecordingRedriveTarget(), 1000);

    expect(summary.failed[0]?.error).toMatch(/not JSON/);
    expect(queue.left).toEqual(['m0']);
  });
});

describe('targetInput', () => {
  it('is the event itself for Scheduler, EventBridge and Lambda dead letters', () => {
    expect(targetInput(event(7))).toEqual({ campaignId: 'c1', customerId: 'cust-7', scheduleName: 's-7' });
    expect(targetInput('{}')).toEqual({});
  });

  it("is the request payload of a Lambda on-failure destination's record", () => {
    const record = {
      version: '1.0',
      timestamp: '2026-12-01T10:00:00.000Z',
      requestContext: {
        requestId: 'r',
        functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:f',
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      requestPayload: { campaignId: 'c1', customerId: 'cust-9', scheduleName: 's-9' },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'boom' },
    };

    expect(targetInput(JSON.stringify(record))).toEqual(record.requestPayload);
  });
});
