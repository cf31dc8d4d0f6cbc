import type { ProfileDefaults } from '../domain/customer.js';
import type { CurrencySettings } from '../domain/order.js';

/** Deployment-wide settings that shape how incoming customers and orders are read. */
export interface IngestSettings {
  profileDefaults: ProfileDefaults;
  currency: CurrencySettings;
  clock: () => Date;
}
