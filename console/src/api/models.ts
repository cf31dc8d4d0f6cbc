/** The API's shapes the pages use, by name: all from the generated OpenAPI types. */
import type { components, operations } from './api-types.js';

type Schemas = components['schemas'];
export type Campaign = Schemas['Campaign'];
export type Report = Schemas['Report'];
export type Preview = Schemas['Preview'];
export type Customer = Schemas['Customer'];
export type CallTask = Schemas['CallTask'];
export type ScoringModel = Schemas['ScoringModel'];
export type CustomerTimeline = Schemas['CustomerTimeline'];
export type CampaignDefinition = NonNullable<
  operations['postCampaigns']['requestBody']
>['content']['application/json'];
export type CampaignAction = operations['postCampaignsCampaignIdAction']['parameters']['path']['action'];
export type CallOutcomeBody = Extract<
  NonNullable<operations['postCallTasksTaskIdAction']['requestBody']>['content']['application/json'],
  { reached: boolean }
>;

/**
 * A campaign as GET answers it: the definition it was created with (the request schema) plus
 * status, launch and report. The response schema leaves the definition open, so it is named here.
 */
export type StoredCampaign = Campaign & CampaignDefinition;

/** A fresh key per user action: a retried request is answered once (the API's Idempotency-Key). */
export const idempotencyKey = () => ({ 'Idempotency-Key': crypto.randomUUID() });
