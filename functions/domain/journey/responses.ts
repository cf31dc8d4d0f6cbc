/**
 * What a customer does that ends their journey at once — a response — as opposed to what ends it
 * from our side (a cancelled campaign, an erasure, a failure). Reports count only these as
 * responses.
 */
export const RESPONSE_KINDS = [
  'purchase',
  'click',
  'reply',
  'unsubscribe',
  'complaint',
  'sms-opt-out',
  'survey',
] as const;
export type ResponseKind = (typeof RESPONSE_KINDS)[number];

/** Whether a journey's exit reason is the customer's doing ('purchased': a purchase a step found). */
export function isCustomerResponse(exitReason: string): boolean {
  return exitReason === 'purchased' || (RESPONSE_KINDS as readonly string[]).includes(exitReason);
}
