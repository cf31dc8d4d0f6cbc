/** Where campaigns are kept (adapter: DynamoDB). */
import type {
  Campaign,
  CampaignRunFailure,
  CampaignStatus,
  FittedCampaignModel,
  LaunchSummary,
} from '../domain/journey/campaign.js';
import type { CampaignReport } from '../domain/journey/campaign-report.js';
import type { EmailStats, FeedbackKind } from '../domain/journey/delivery-feedback.js';

export interface CampaignStore {
  get(campaignId: string): Promise<Campaign | undefined>;
  /** Stores a new campaign; `exists` when the id is taken. */
  create(campaign: Campaign): Promise<'created' | 'exists'>;
  /**
   * Replaces a draft's definition; false when there is no such draft (absent, or launched since)
   * or, with `seenUpdatedAt`, when it changed since it was read.
   */
  replaceDraft(campaign: Campaign, seenUpdatedAt?: string): Promise<boolean>;
  /** Moves the status on when it is one of `from`; false otherwise. */
  setStatus(campaignId: string, status: CampaignStatus, from: readonly CampaignStatus[]): Promise<boolean>;
  /** Every campaign, newest first. */
  list(): Promise<Campaign[]>;
  /** Keeps what the launch did: audience size, holdout, exclusions by reason. */
  recordLaunch(campaignId: string, summary: LaunchSummary): Promise<void>;
  /** Keeps the report the campaign run built (large campaigns' reports are read from it). */
  recordReport(campaignId: string, report: CampaignReport): Promise<void>;
  /** Keeps which model a campaign with its own model was fitted (once, at launch). */
  recordFittedModel(campaignId: string, model: FittedCampaignModel): Promise<void>;
  /** Keeps why a campaign run stopped part-way (operators are alarmed; marketers see it here). */
  recordRunFailure(campaignId: string, failure: CampaignRunFailure): Promise<void>;
  /** Counts one piece of SES feedback; answers the campaign's counts after it. */
  countFeedback(campaignId: string, kind: FeedbackKind): Promise<EmailStats>;
}
