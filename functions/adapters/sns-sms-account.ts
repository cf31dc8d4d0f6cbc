/**
 * What SNS says about sending SMS from this account and region: its origination numbers
 * (ListOriginationNumbers), the monthly spend limit (GetSMSAttributes) and whether it is still
 * in the SMS sandbox (GetSMSSandboxAccountStatus). Read-only.
 */
import {
  GetSMSAttributesCommand,
  GetSMSSandboxAccountStatusCommand,
  paginateListOriginationNumbers,
  type SNSClient,
} from '@aws-sdk/client-sns';
import type { OriginationNumberFacts } from '../domain/readiness/sms-readiness.js';
import type { SmsAccount } from '../ports/readiness.js';

export class SnsSmsAccount implements SmsAccount {
  constructor(private readonly sns: SNSClient) {}

  async originationNumbers(): Promise<OriginationNumberFacts[]> {
    const numbers: OriginationNumberFacts[] = [];
    for await (const page of paginateListOriginationNumbers({ client: this.sns }, {}))
      for (const n of page.PhoneNumbers ?? [])
        if (n.PhoneNumber)
          numbers.push({
            phoneNumber: n.PhoneNumber,
            status: n.Status ?? 'UNKNOWN',
            ...(n.Iso2CountryCode ? { countryCode: n.Iso2CountryCode } : {}),
            ...(n.RouteType ? { routeType: n.RouteType } : {}),
            capabilities: n.NumberCapabilities ?? [],
          });
    return numbers;
  }

  async monthlySpendLimit(): Promise<number | null> {
    const out = await this.sns.send(new GetSMSAttributesCommand({ attributes: ['MonthlySpendLimit'] }));
    const limit = out.attributes?.MonthlySpendLimit;
    return limit === undefined || limit === '' ? null : Number(limit);
  }

  async inSandbox(): Promise<boolean> {
    const out = await this.sns.send(new GetSMSSandboxAccountStatusCommand({}));
    return out.IsInSandbox ?? true;
  }
}
