/**
 * Erase a customer (GDPR Art. 17): personal data is removed, consent withdrawn, and the anonymous
 * purchase statistics kept so campaign reports stay whole. Erasing twice is harmless.
 */
import type { CustomerRepository } from '../ports/customer-repository.js';

export async function eraseCustomer(
  deps: { customers: CustomerRepository },
  customerId: string,
): Promise<boolean> {
  return deps.customers.erase(customerId);
}
