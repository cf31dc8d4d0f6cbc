/**
 * Upsert customers: validate each record, apply the deployment's defaults, store the valid ones.
 * Primary course: every record valid → profiles created or replaced (statistics untouched).
 * Alternate: invalid records are refused with every reason; with `allOrNothing` (the API) a single
 * invalid record means nothing is stored, without it (the importer) the valid ones land.
 */
import { type CustomerProfile, erasedReason } from '../domain/customer.js';
import { customerInputSchema, toProfile } from '../domain/customer-input.js';
import { type Validated, validate } from '../domain/validation.js';
import type { CustomerRepository, ProfileOutcome } from '../ports/customer-repository.js';
import type { IngestSettings } from './ingest-settings.js';

export interface UpsertCustomersDeps {
  customers: CustomerRepository;
  settings: Pick<IngestSettings, 'profileDefaults'>;
}

/** Validates one customer record: the profile to store, or every reason it is refused. */
export function checkCustomer(
  record: unknown,
  defaults: UpsertCustomersDeps['settings']['profileDefaults'],
): Validated<CustomerProfile> {
  const parsed = validate(customerInputSchema, record);
  return parsed.ok ? { ok: true, value: toProfile(parsed.value, defaults) } : parsed;
}

export async function upsertCustomers(
  deps: UpsertCustomersDeps,
  records: readonly unknown[],
  options: { allOrNothing?: boolean } = {},
): Promise<{ outcomes: ProfileOutcome[]; written: boolean }> {
  const checked = records.map((record) => checkCustomer(record, deps.settings.profileDefaults));
  if (options.allOrNothing && checked.some((c) => !c.ok)) {
    return {
      outcomes: checked.map((c) =>
        c.ok ? { status: 'unchanged' } : { status: 'rejected', reasons: c.reasons },
      ),
      written: false,
    };
  }
  const valid = checked.flatMap((c, i) =>
    c.ok ? [{ i, profile: toProfile(c.value, deps.settings.profileDefaults) }] : [],
  );
  if (options.allOrNothing) {
    // The store refuses an erased customer's personal data item by item: found first, the batch
    // is refused whole instead of half-written (an erasure in between is the store's to refuse).
    const existing = await deps.customers.getMany(valid.map((v) => v.profile.customerId));
    const erased = new Map(
      valid.flatMap(({ i, profile }) => {
        const at = existing.get(profile.customerId)?.erasedAt;
        return at ? [[i, at] as const] : [];
      }),
    );
    if (erased.size > 0)
      return {
        outcomes: checked.map((_, i) => {
          const at = erased.get(i);
          return at ? { status: 'rejected', reasons: [erasedReason(at)] } : { status: 'unchanged' };
        }),
        written: false,
      };
  }
  const stored = await deps.customers.upsertProfiles(valid.map((v) => v.profile));
  const outcomes: ProfileOutcome[] = checked.map((c) =>
    c.ok ? { status: 'unchanged' } : { status: 'rejected', reasons: c.reasons },
  );
  valid.forEach(({ i }, k) => {
    outcomes[i] = stored[k] ?? { status: 'unchanged' };
  });
  return { outcomes, written: true };
}
