/** The send ledger (adapter: DynamoDB): at most one message per (campaign, customer, step). */
import type { FeedbackKind } from '../domain/journey/delivery-feedback.js';
import type { JourneyStep } from '../domain/journey/journey-rules.js';
import type { SendClaim, SendRecord } from '../domain/journey/send.js';

export interface SendLedger {
  /** Conditional put: `claimed`, or the record that holds the key already. */
  claim(claim: SendClaim): Promise<{ claimed: true } | { claimed: false; existing: SendRecord }>;
  markSent(claim: SendClaim, messageId: string, sentAt: string): Promise<void>;
  /** Gives a claim back after the provider refused the message (nothing was sent). */
  release(claim: SendClaim): Promise<void>;
  /** Messages (sent or in flight) to this customer from any campaign since the instant. */
  countSince(customerId: string, since: string): Promise<number>;
  get(customerId: string, campaignId: string, step: JourneyStep): Promise<SendRecord | undefined>;
  /** The send a public link names (index read: a send appears there within a second). */
  findBySendId(sendId: string): Promise<SendRecord | undefined>;
  /** Notes one kind of SES feedback on the send: true the first time, false for a repeat. */
  markFeedback(send: SendRecord, kind: FeedbackKind, at: string): Promise<boolean>;
}
