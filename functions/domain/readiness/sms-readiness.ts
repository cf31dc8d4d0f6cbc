/**
 * SMS readiness from what SNS says about the account: the configured origination number is the
 * account's own, active and able to send SMS (without one, SNS picks a shared number, which US
 * and Canadian carriers block); the account is out of the SMS sandbox (in it, texts reach only
 * verified phone numbers); and the monthly spend limit — SNS stops sending when it is reached —
 * covers what a campaign's texts would cost.
 */
import { count, GUIDES, isRead, type Probe, type ReadinessCheck, unreadable } from './readiness-check.js';

/** One of the account's origination numbers, as ListOriginationNumbers returns it. */
export interface OriginationNumberFacts {
  phoneNumber: string;
  /** ACTIVE, PENDING, … */
  status: string;
  countryCode?: string;
  routeType?: string;
  capabilities: string[];
}

export interface SmsFacts {
  region: string;
  /** The configured `journeys.sms.originationNumber`, if any. */
  originationNumber?: string;
  numbers: Probe<OriginationNumberFacts[]>;
  /** `MonthlySpendLimit` in USD; null when unset (the account default, USD 1). */
  monthlySpendLimit: Probe<number | null>;
  inSandbox: Probe<boolean>;
  /** Estimated price of one text (`reports.smsPrice`). */
  smsPrice: number;
}

/** What SNS allows a month when the account never raised its spend limit. */
export const DEFAULT_SMS_SPEND_LIMIT_USD = 1;

const check = (id: string, title: string) => ({ id: `sms.${id}`, area: 'sms' as const, title });

function originationCheck(f: SmsFacts): ReadinessCheck {
  const base = check('origination', 'SMS origination number');
  if (!isRead(f.numbers)) return unreadable(base, f.numbers);
  const numbers = f.numbers.value;
  if (!f.originationNumber) {
    const owned = numbers.map((n) => n.phoneNumber);
    return {
      ...base,
      status: 'warn',
      message: owned.length
        ? `journeys.sms.originationNumber is not set, so SNS picks the sender: set it to one of the account's numbers (${owned.join(', ')})`
        : `journeys.sms.originationNumber is not set and the account has no origination number in ${f.region}: SNS sends from a shared number, which US and Canadian carriers block — register a toll-free or 10DLC number: ${GUIDES.smsOriginationNumbers}`,
    };
  }
  const number = numbers.find((n) => n.phoneNumber === f.originationNumber);
  if (!number)
    return {
      ...base,
      status: 'fail',
      message: `${f.originationNumber} (journeys.sms.originationNumber) is not an origination number of this account in ${f.region}: request or register it, or fix the setting — ${GUIDES.smsOriginationNumbers}`,
    };
  if (number.status !== 'ACTIVE')
    return {
      ...base,
      status: 'fail',
      message: `${number.phoneNumber} is ${number.status}, not ACTIVE: US toll-free and 10DLC numbers send once their registration is approved — ${GUIDES.smsOriginationNumbers}`,
    };
  if (!number.capabilities.includes('SMS'))
    return {
      ...base,
      status: 'fail',
      message: `${number.phoneNumber} cannot send SMS (capabilities: ${number.capabilities.join(', ') || 'none'}): use a number with SMS`,
    };
  const about = [number.countryCode, number.routeType?.toLowerCase()].filter(Boolean).join(', ');
  return {
    ...base,
    status: 'ok',
    message: `${number.phoneNumber} is active for SMS${about ? ` (${about})` : ''}`,
  };
}

function sandboxCheck(f: SmsFacts): ReadinessCheck {
  const base = check('sandbox', 'SMS sandbox');
  if (!isRead(f.inSandbox)) return unreadable(base, f.inSandbox);
  if (!f.inSandbox.value)
    return { ...base, status: 'ok', message: `the account is out of the SMS sandbox in ${f.region}` };
  return {
    ...base,
    status: 'fail',
    message: `the account is in the SMS sandbox in ${f.region}: texts reach only verified phone numbers — move it to production: ${GUIDES.smsSandbox}`,
  };
}

function spendLimitCheck(f: SmsFacts, volume: number | undefined): ReadinessCheck {
  const base = check('spend-limit', 'SMS monthly spend limit');
  if (!isRead(f.monthlySpendLimit)) return unreadable(base, f.monthlySpendLimit);
  const limit = f.monthlySpendLimit.value ?? DEFAULT_SMS_SPEND_LIMIT_USD;
  const usd = `USD ${count(limit, 2)}`;
  const texts = f.smsPrice > 0 ? Math.floor(limit / f.smsPrice) : Number.POSITIVE_INFINITY;
  const raise = `raise it: ${GUIDES.smsSpendLimit}`;
  if (volume === undefined) {
    const covers = Number.isFinite(texts)
      ? `about ${count(texts)} texts at ${f.smsPrice} each (reports.smsPrice)`
      : '';
    if (limit <= DEFAULT_SMS_SPEND_LIMIT_USD)
      return {
        ...base,
        status: 'warn',
        message: `${usd} a month (a new account's limit) pays for ${covers || 'few texts'}; SNS stops sending at the limit — ${raise}`,
      };
    return { ...base, status: 'ok', message: `${usd} a month${covers ? `: ${covers}` : ''}` };
  }
  const cost = volume * f.smsPrice;
  if (cost > limit)
    return {
      ...base,
      status: 'warn',
      message: `up to ${count(volume)} texts at ${f.smsPrice} each (reports.smsPrice) cost up to ${count(cost, 2)}, over the ${usd} monthly limit; SNS stops sending at the limit — ${raise}`,
    };
  return {
    ...base,
    status: 'ok',
    message: `up to ${count(volume)} texts cost up to ${count(cost, 2)}, within the ${usd} monthly limit`,
  };
}

/** The SMS checks. `volume`: customers a campaign would reach (at most one text each). */
export function smsChecks(f: SmsFacts, volume?: number): ReadinessCheck[] {
  return [originationCheck(f), sandboxCheck(f), spendLimitCheck(f, volume)];
}
