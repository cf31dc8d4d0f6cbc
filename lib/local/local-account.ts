/**
 * The AWS account the local stack pretends to be, for the read-only calls `reactivate doctor`
 * makes (SES v2 GetAccount and GetEmailIdentity, SNS's SMS settings, the stage's schedule group
 * and state machines). By default it looks like a new account: SES and SMS sandboxes, 200 emails
 * a day at 1 a second, a USD 1 SMS spend limit, no origination number — so doctor shows locally
 * what it would say about a fresh account. `reactivate start --account production` simulates one
 * that has left both sandboxes. Either way the sender's domain is verified with DKIM (the local
 * inbox accepts its mail), and the stage's schedule group and state machines exist.
 */
import { sendingIdentityNames } from '../../functions/domain/readiness/email-readiness.js';
import type { StageConfig } from '../config.js';
import { journeyResourceNames } from '../journey-environment.js';

export const LOCAL_ACCOUNT_KINDS = ['sandbox', 'production'] as const;
export type LocalAccountKind = (typeof LOCAL_ACCOUNT_KINDS)[number];

export interface LocalOriginationNumber {
  PhoneNumber: string;
  Status: string;
  Iso2CountryCode: string;
  RouteType: string;
  NumberCapabilities: string[];
}

export interface LocalAccount {
  kind: LocalAccountKind;
  /** The GetAccount answer, in SES v2's JSON shape. */
  ses: Record<string, unknown>;
  /** GetEmailIdentity answers by identity (lower case). */
  identities: Record<string, Record<string, unknown>>;
  sms: { inSandbox: boolean; monthlySpendLimit: string; originationNumbers: LocalOriginationNumber[] };
  /** Schedule groups that exist (GetScheduleGroup). */
  scheduleGroups: string[];
  /** State machines that exist (DescribeStateMachine), by ARN: their names. */
  stateMachines: Record<string, string>;
  createdAt: Date;
}

/** `stateMachineArn`: the ARN the local stack gives a state machine of that name. */
export function localAccount(
  kind: LocalAccountKind,
  config: StageConfig,
  stateMachineArn: (name: string) => string,
  createdAt = new Date(),
): LocalAccount {
  const production = kind === 'production';
  const domain = sendingIdentityNames(config.journeys.emailFrom)?.domain;
  const names = journeyResourceNames(config.stage);
  const number = config.journeys.sms.originationNumber;
  return {
    kind,
    ses: {
      DedicatedIpAutoWarmupEnabled: false,
      EnforcementStatus: 'HEALTHY',
      ProductionAccessEnabled: production,
      SendingEnabled: true,
      SendQuota: production
        ? { Max24HourSend: 50_000, MaxSendRate: 14, SentLast24Hours: 0 }
        : { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 0 },
      SuppressionAttributes: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      Details: {
        AdditionalContactEmailAddresses: [],
        ContactLanguage: 'EN',
        MailType: 'MARKETING',
        ReviewDetails: production ? { CaseId: 'local-0001', Status: 'GRANTED' } : { CaseId: '', Status: '' },
        UseCaseDescription: 'Win-back campaigns (the local stack)',
        WebsiteURL: 'http://localhost',
      },
    },
    identities: domain
      ? {
          [domain]: {
            IdentityType: 'DOMAIN',
            VerifiedForSendingStatus: true,
            VerificationStatus: 'SUCCESS',
            FeedbackForwardingStatus: true,
            DkimAttributes: {
              SigningEnabled: true,
              Status: 'SUCCESS',
              SigningAttributesOrigin: 'AWS_SES',
              Tokens: ['local1', 'local2', 'local3'],
            },
          },
        }
      : {},
    sms: {
      inSandbox: !production,
      monthlySpendLimit: production ? '1000' : '1',
      originationNumbers:
        production && number
          ? [
              {
                PhoneNumber: number,
                Status: 'ACTIVE',
                Iso2CountryCode: 'US',
                RouteType: config.journeys.sms.type,
                NumberCapabilities: ['SMS'],
              },
            ]
          : [],
    },
    scheduleGroups: ['default', names.scheduleGroup],
    stateMachines: Object.fromEntries(
      [names.stateMachine, names.campaignStateMachine].map((name) => [stateMachineArn(name), name]),
    ),
    createdAt,
  };
}
