/**
 * What marketers do with campaigns through the API: create a draft (its templates checked then,
 * never at send time), read them, and start, pause, resume or cancel one. Every action is
 * idempotent — repeating it answers as the first time did — and a start or cancel hands the
 * work to a campaign run whose execution name is derived from the campaign, so a repeated start
 * never launches twice.
 */
import * as z from 'zod';
import {
  CAMPAIGN_ACTIONS,
  type Campaign,
  type CampaignAction,
  campaignIdSchema,
  campaignSettingsObject,
  campaignSettingsSchema,
  campaignTransition,
  offersOf,
} from '../domain/journey/campaign.js';
import type { CampaignStore } from '../ports/campaign-store.js';
import type { OfferCodeStore } from '../ports/offer-code-store.js';
import type { WorkflowRuns } from '../ports/workflow-runs.js';
import { UseCaseError } from './use-case-error.js';

export const campaignDefinitionSchema = campaignSettingsSchema.extend({ campaignId: campaignIdSchema });
/** The definition's fields without the checks across them: what the OpenAPI document derives from. */
export const campaignDefinitionObject = campaignSettingsObject.extend({ campaignId: campaignIdSchema });
export type CampaignDefinition = z.output<typeof campaignDefinitionSchema>;

export { CAMPAIGN_ACTIONS, type CampaignAction };
export const campaignActionSchema = z.enum(CAMPAIGN_ACTIONS);

export interface CampaignDeps {
  campaigns: CampaignStore;
  /** The code pools a definition may name: it must exist and not have expired. */
  codes: Pick<OfferCodeStore, 'pool'>;
  /** The campaign state machine: launch and cancel runs. */
  runs: WorkflowRuns;
  clock: () => Date;
}

/** The campaign does not exist, or its status does not allow the action. */
export class CampaignError extends UseCaseError {
  override readonly name = 'CampaignError';
}

/** A definition refused for a field the stores decide on (a code pool that is missing or expired). */
export class CampaignFieldError extends Error {
  override readonly name = 'CampaignFieldError';
  constructor(
    readonly pointer: string,
    readonly reason: string,
  ) {
    super(`${pointer}: ${reason}`);
  }
}

/** Every code pool the definition names (its offer, its rules', variants' and reasons' offers) must be there and valid today. */
async function checkCodePool(deps: Pick<CampaignDeps, 'codes' | 'clock'>, definition: CampaignDefinition) {
  const today = deps.clock().toISOString().slice(0, 10);
  for (const { path, offer } of offersOf(definition)) {
    const at = `/${path.join('/')}`;
    const codes = offer?.codes;
    if (codes?.source !== 'pool') continue;
    const pool = await deps.codes.pool(codes.poolId, today);
    if (!pool)
      throw new CampaignFieldError(
        `${at}/codes/poolId`,
        `there is no code pool '${codes.poolId}': upload it first (PUT /v1/code-pools/${codes.poolId})`,
      );
    if (pool.expired)
      throw new CampaignFieldError(
        `${at}/codes/poolId`,
        `code pool '${codes.poolId}' expired on ${pool.expiresOn}: upload new codes as a new pool`,
      );
  }
}

/** Execution names of a campaign's runs: one launch and one cancel per campaign, ever. */
export const campaignRunName = (campaignId: string, action: 'launch' | 'cancel') => `${action}-${campaignId}`;

export async function createCampaign(
  deps: Pick<CampaignDeps, 'campaigns' | 'codes' | 'clock'>,
  definition: CampaignDefinition,
): Promise<Campaign> {
  await checkCodePool(deps, definition);
  const now = deps.clock().toISOString();
  const campaign: Campaign = { ...definition, status: 'draft', createdAt: now, updatedAt: now };
  if ((await deps.campaigns.create(campaign)) === 'exists')
    throw new CampaignError('conflict', `a campaign with the id '${definition.campaignId}' exists already`);
  return campaign;
}

/**
 * Replaces a draft's definition (the console's edit form). Once started a campaign's definition is
 * what its journeys were promised: a conflict. The id in the path is the campaign's; a body that
 * names another is refused.
 */
export async function updateDraft(
  deps: Pick<CampaignDeps, 'campaigns' | 'codes' | 'clock'>,
  campaignId: string,
  definition: CampaignDefinition,
  /** The `updatedAt` of the draft the editor read (`If-Match`): another edit since is refused. */
  seenUpdatedAt?: string,
): Promise<Campaign> {
  if (definition.campaignId !== campaignId)
    throw new CampaignError(
      'conflict',
      `the body names campaign '${definition.campaignId}', the path '${campaignId}'`,
    );
  const before = await getCampaign(deps, campaignId);
  if (before.status !== 'draft')
    throw new CampaignError(
      'conflict',
      `campaign '${campaignId}' is ${before.status}: only a draft can be edited`,
    );
  const stale = () =>
    new CampaignError(
      'stale',
      `campaign '${campaignId}' was changed since you read it (at ${before.updatedAt}): load it again and repeat your edit`,
    );
  if (seenUpdatedAt !== undefined && before.updatedAt !== seenUpdatedAt) throw stale();
  await checkCodePool(deps, definition);
  const campaign: Campaign = {
    ...definition,
    status: 'draft',
    createdAt: before.createdAt,
    updatedAt: deps.clock().toISOString(),
  };
  if (!(await deps.campaigns.replaceDraft(campaign, seenUpdatedAt))) {
    // Refused: either started meanwhile, or (with If-Match) edited by someone else first.
    if ((await deps.campaigns.get(campaignId))?.status === 'draft') throw stale();
    throw new CampaignError(
      'conflict',
      `campaign '${campaignId}' was started meanwhile: only a draft can be edited`,
    );
  }
  return campaign;
}

export async function getCampaign(
  deps: Pick<CampaignDeps, 'campaigns'>,
  campaignId: string,
): Promise<Campaign> {
  const campaign = await deps.campaigns.get(campaignId);
  if (!campaign) throw new CampaignError('not-found', `no campaign '${campaignId}'`);
  return campaign;
}

export async function actOnCampaign(
  deps: Pick<CampaignDeps, 'campaigns' | 'runs' | 'clock'>,
  campaignId: string,
  action: CampaignAction,
): Promise<Campaign> {
  const before = await getCampaign(deps, campaignId);
  const transition = campaignTransition(before.status, action);
  if (transition.kind === 'refused') throw new CampaignError('conflict', transition.reason);
  // Conditional on the status just read: of two concurrent requests one moves the status; the
  // other is fine when it was the same action, and a conflict otherwise.
  if (
    transition.kind === 'move' &&
    !(await deps.campaigns.setStatus(campaignId, transition.to, [before.status])) &&
    (await getCampaign(deps, campaignId)).status !== transition.to
  )
    throw new CampaignError('conflict', 'the campaign changed meanwhile; read it and try again');
  // Runs are started on every (repeated) request too: a request that failed after the status
  // change is completed by its retry, and the deterministic name makes a second start a no-op.
  if (action === 'start')
    await deps.runs.start(campaignRunName(campaignId, 'launch'), { campaignId, action: 'launch' });
  if (action === 'cancel' && before.status !== 'draft')
    await deps.runs.start(campaignRunName(campaignId, 'cancel'), { campaignId, action: 'cancel' });
  return getCampaign(deps, campaignId);
}
