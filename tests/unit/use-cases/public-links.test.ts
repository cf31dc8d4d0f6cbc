import { describe, expect, it } from 'vitest';
import type { SendRecord } from '../../../functions/ports/journey-store.js';
import {
  CLICK_LINK_DAYS,
  type ClickDeps,
  followLink,
  LinkError,
} from '../../../functions/use-cases/public-links.js';

const SEND_ID = '7f1c2a4e-5b6d-4e8f-9a0b-1c2d3e4f5a6b';
const SENT_AT = '2026-06-01T10:00:00.000Z';

/** Deps where any attempt to end a journey or suppress a channel is counted. */
function deps(send: SendRecord | undefined, now: string) {
  const acted: string[] = [];
  const touch = (what: string) => async () => {
    acted.push(what);
    return undefined;
  };
  const d = {
    sends: { findBySendId: async (id: string) => (id === send?.sendId ? send : undefined) },
    campaigns: { get: async () => undefined },
    customers: {
      get: async () => ({ journeys: ['spring'] }),
      suppress: touch('suppress'),
      leaveJourney: touch('leave'),
    },
    journeys: { end: touch('end') },
    runs: { stop: touch('stop') },
    calls: { cancel: touch('cancel') },
    clock: () => new Date(now),
  } as unknown as ClickDeps;
  return { d, acted };
}

const sent = (status: SendRecord['status']): SendRecord => ({
  customerId: 'c-1',
  campaignId: 'spring',
  step: 'email',
  sendId: SEND_ID,
  claimedAt: SENT_AT,
  sentAt: SENT_AT,
  status,
});

describe('public links', () => {
  it('records a click within the link lifetime', async () => {
    const { d, acted } = deps(sent('sent'), '2026-06-20T00:00:00Z');
    expect(await followLink(d, SEND_ID)).toEqual({});
    expect(acted).toContain('end');
  });

  it(`refuses a click link older than ${CLICK_LINK_DAYS} days as expired, and ends nothing`, async () => {
    const late = new Date(Date.parse(SENT_AT) + (CLICK_LINK_DAYS + 1) * 86_400_000).toISOString();
    const { d, acted } = deps(sent('sent'), late);
    await expect(followLink(d, SEND_ID)).rejects.toMatchObject({ kind: 'expired' });
    expect(acted).toEqual([]);
  });

  it('treats a skipped send, an unknown id and a malformed id alike: unknown', async () => {
    for (const [send, id] of [
      [sent('skipped'), SEND_ID],
      [undefined, SEND_ID],
      [sent('sent'), 'c-1#spring#email'],
    ] as const) {
      const { d, acted } = deps(send, '2026-06-02T00:00:00Z');
      const error = await followLink(d, id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LinkError);
      expect((error as LinkError).kind).toBe('unknown');
      expect(acted).toEqual([]);
    }
  });
});
