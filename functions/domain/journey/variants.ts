/**
 * A/B variants: up to four versions of a campaign's messages and/or offer, each given to a share
 * of the audience beside the holdout. The campaign's own messages are the `base` variant and get
 * what the shares leave. Assignment is deterministic — the same place in the campaign as the
 * holdout's draw (`campaignBucket`) — so a customer's variant is the same at the preview, the
 * launch and every step, and the shares hold to the sampling error of a uniform draw.
 */
import * as z from 'zod';
import { storableNumber } from '../validation.js';
import { campaignBucket } from './journey-rules.js';
import { templateSchema } from './templates.js';

/** The campaign's own messages and offer: what a customer outside every variant's share gets. */
export const BASE_VARIANT = 'base';
export const MAX_VARIANTS = 4;

export const variantSchema = <O extends z.ZodType>(offerSchema: O) =>
  z.strictObject({
    id: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,15}$/, 'must be 1-16 lower-case letters, digits or -, starting with a letter')
      .refine((id) => id !== BASE_VARIANT, `'${BASE_VARIANT}' names the campaign's own messages`),
    name: z.string().trim().min(1).max(80).optional(),
    /** Percent of the whole audience (the holdout's share is counted in the same 100). */
    share: storableNumber().gt(0).max(100),
    /** The variant's own templates; a field left out is the campaign's. */
    email: z
      .strictObject({
        subject: templateSchema(200).optional(),
        html: templateSchema(100_000).optional(),
        text: templateSchema(50_000).optional(),
      })
      .optional(),
    sms: z.strictObject({ text: templateSchema(480) }).optional(),
    /** The variant's own offer (description, shared code, personal codes); the campaign's when absent. */
    offer: offerSchema.optional(),
  });

export interface Variant {
  id: string;
  name?: string;
  share: number;
  email?: { subject?: string; html?: string; text?: string };
  sms?: { text: string };
  offer?: unknown;
}

/**
 * The variant of a customer who is not held out: the first whose share their place falls in
 * (after the holdout's), or `base` past them all.
 */
export function assignVariant(
  campaignId: string,
  customerId: string,
  holdoutPercent: number,
  variants: readonly Pick<Variant, 'id' | 'share'>[] | undefined,
): string {
  if (!variants || variants.length === 0) return BASE_VARIANT;
  const place = campaignBucket(campaignId, customerId);
  let upTo = holdoutPercent;
  for (const v of variants) {
    upTo += v.share;
    if (place < upTo) return v.id;
  }
  return BASE_VARIANT;
}

/** Problems with a campaign's variants as a whole: ids twice, shares past 100 % with the holdout. */
export function variantProblems(
  variants: readonly Pick<Variant, 'id' | 'share'>[],
  holdoutPercent: number,
): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const seen = new Set<string>();
  variants.forEach((v, i) => {
    if (seen.has(v.id))
      problems.push({ path: ['variants', i, 'id'], message: `variant '${v.id}' appears twice` });
    seen.add(v.id);
  });
  const total = variants.reduce((n, v) => n + v.share, 0);
  if (total + holdoutPercent > 100 + 1e-9)
    problems.push({
      path: ['variants'],
      message: `the variants' shares (${total} %) and the holdout (${holdoutPercent} %) add up to ${total + holdoutPercent} %: at most 100 %`,
    });
  return problems;
}
