/**
 * What SES v2 says about sending from this account and region (GetAccount) and about one
 * identity (GetEmailIdentity), as the readiness rules need it. Read-only.
 */
import {
  GetAccountCommand,
  GetEmailIdentityCommand,
  NotFoundException,
  type SESv2Client,
} from '@aws-sdk/client-sesv2';
import type { SesAccountFacts, SesIdentityFacts } from '../domain/readiness/email-readiness.js';
import type { EmailAccount } from '../ports/readiness.js';

export class SesEmailAccount implements EmailAccount {
  constructor(private readonly ses: SESv2Client) {}

  async account(): Promise<SesAccountFacts> {
    const a = await this.ses.send(new GetAccountCommand({}));
    const review = a.Details?.ReviewDetails;
    return {
      productionAccess: a.ProductionAccessEnabled ?? false,
      sendingEnabled: a.SendingEnabled ?? false,
      enforcementStatus: a.EnforcementStatus ?? 'UNKNOWN',
      max24HourSend: a.SendQuota?.Max24HourSend ?? 0,
      maxSendRate: a.SendQuota?.MaxSendRate ?? 0,
      sentLast24Hours: a.SendQuota?.SentLast24Hours ?? 0,
      ...(review?.Status
        ? { review: { status: review.Status, ...(review.CaseId ? { caseId: review.CaseId } : {}) } }
        : {}),
    };
  }

  async identity(name: string): Promise<SesIdentityFacts | null> {
    try {
      const i = await this.ses.send(new GetEmailIdentityCommand({ EmailIdentity: name }));
      return {
        verificationStatus: i.VerificationStatus ?? (i.VerifiedForSendingStatus ? 'SUCCESS' : 'NOT_STARTED'),
        verifiedForSending: i.VerifiedForSendingStatus ?? false,
        dkim: i.DkimAttributes
          ? {
              signingEnabled: i.DkimAttributes.SigningEnabled ?? false,
              status: i.DkimAttributes.Status ?? 'NOT_STARTED',
            }
          : null,
      };
    } catch (error) {
      if (error instanceof NotFoundException) return null;
      throw error;
    }
  }
}
