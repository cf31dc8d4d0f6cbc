/**
 * The closed lists a call outcome is recorded in, without the schema around them: the console's
 * outcome form offers exactly these (and bundles no validation library for it).
 */

/** Results when the customer was reached, and when not. */
export const REACHED_RESULTS = ['reactivated', 'will-return', 'not-interested', 'left'] as const;
export const UNREACHED_RESULTS = ['no-answer', 'wrong-number', 'voicemail'] as const;
export const LEAVING_REASONS = [
  'price',
  'quality',
  'delivery',
  'service',
  'competitor',
  'no-longer-needed',
  'moved',
  'other',
] as const;
