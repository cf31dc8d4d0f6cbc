import type { ProfileDefaults } from '../domain/customer.js';
import type { CurrencySettings } from '../domain/order.js';
import { clock as systemClock } from '../shared/clock.js';

/** Deployment-wide settings that shape how incoming customers and orders are read. */
export interface IngestSettings {
  profileDefaults: ProfileDefaults;
  currency: CurrencySettings;
  clock: () => Date;
}

/** The deployment defaults as configured (stage configuration, function environment). */
export interface IngestDefaults {
  timeZone: string;
  currency: string;
  exchangeRates: Record<string, number>;
}

export function ingestSettings(defaults: IngestDefaults, clock: () => Date = systemClock): IngestSettings {
  return {
    profileDefaults: { timeZone: defaults.timeZone },
    currency: { base: defaults.currency, rates: defaults.exchangeRates },
    clock,
  };
}
