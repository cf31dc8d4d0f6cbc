/** What a journey's steps send, as the send ledger keeps it. */
import type { JourneyStep } from './journey-rules.js';

/** The send ledger: one item per (campaign, customer, step), claimed before the provider is called. */
export interface SendClaim {
  customerId: string;
  campaignId: string;
  step: JourneyStep;
  /** Unique per claim; tags the provider's message so its events can be matched back. */
  sendId: string;
  claimedAt: string;
}

export interface SendRecord extends SendClaim {
  status: 'sending' | 'sent' | 'skipped';
  messageId?: string;
  sentAt?: string;
  reason?: string;
}
