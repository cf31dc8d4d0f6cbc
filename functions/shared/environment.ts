/**
 * Typed function environments: each handler declares the variables it needs as a zod schema,
 * checked once at cold start (a missing or malformed variable fails loudly, naming it), and the
 * CDK construct that sets them is typed from the same schema.
 */
import { z } from 'zod';
import { timeZoneSchema } from '../domain/customer.js';
import { reasonsFrom } from '../domain/validation.js';
import { type IngestSettings, ingestSettings } from '../use-cases/ingest-settings.js';

export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}

export function parseEnvironment<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.output<S> {
  const result = schema.safeParse(env);
  if (!result.success)
    throw new EnvironmentError(`invalid function environment: ${reasonsFrom(result.error).join('; ')}`);
  return result.data;
}

export const tablesEnvironment = {
  CUSTOMERS_TABLE: z.string().min(3),
  ORDERS_TABLE: z.string().min(3),
};

export const ingestEnvironment = {
  DEFAULT_TIME_ZONE: timeZoneSchema,
  BASE_CURRENCY: z.string().regex(/^[A-Z]{3}$/),
  /** JSON object of units of base currency per unit of another currency. */
  EXCHANGE_RATES: z
    .string()
    .default('{}')
    .transform((text, ctx) => {
      try {
        return z.record(z.string().regex(/^[A-Z]{3}$/), z.number().positive()).parse(JSON.parse(text));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object such as {"EUR":1.08}' });
        return z.NEVER;
      }
    }),
};

/** Reads and erases customers. */
export const customersEnvironmentSchema = z.object({ CUSTOMERS_TABLE: tablesEnvironment.CUSTOMERS_TABLE });
/** Writes customer profiles. */
export const profilesEnvironmentSchema = z.object({
  CUSTOMERS_TABLE: tablesEnvironment.CUSTOMERS_TABLE,
  DEFAULT_TIME_ZONE: ingestEnvironment.DEFAULT_TIME_ZONE,
});
/** Records orders into the ledger. */
export const ingestEnvironmentSchema = z.object({ ...tablesEnvironment, ...ingestEnvironment });
export type IngestEnvironment = z.output<typeof ingestEnvironmentSchema>;

export function ingestSettingsFrom(
  env: Pick<IngestEnvironment, 'DEFAULT_TIME_ZONE' | 'BASE_CURRENCY' | 'EXCHANGE_RATES'>,
): IngestSettings {
  return ingestSettings({
    timeZone: env.DEFAULT_TIME_ZONE,
    currency: env.BASE_CURRENCY,
    exchangeRates: env.EXCHANGE_RATES,
  });
}
