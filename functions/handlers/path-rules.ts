/** What each id in a path may be: the same rules as in a body, checked before any store is read. */
import { CUSTOMER_ID_PATTERN, CUSTOMER_ID_RULE } from '../domain/customer.js';
import { CAMPAIGN_ID_PATTERN, CAMPAIGN_ID_RULE } from '../domain/journey/campaign.js';
import { POOL_ID_PATTERN, POOL_ID_RULE } from '../domain/journey/offer-codes.js';
import { pathRule } from '../shared/http.js';

export const CUSTOMER_ID = pathRule(CUSTOMER_ID_PATTERN, CUSTOMER_ID_RULE);
export const CAMPAIGN_ID = pathRule(CAMPAIGN_ID_PATTERN, CAMPAIGN_ID_RULE);
/** Call tasks are named by their schedule (EventBridge Scheduler's name rule). */
export const TASK_ID = pathRule(/^[0-9a-zA-Z._-]{1,64}$/, 'must be 1-64 letters, digits or . _ -');
export const POOL_ID = pathRule(POOL_ID_PATTERN, POOL_ID_RULE);
