/**
 * Email readiness from what SES v2 says about the account: can the configured sender send
 * (a verified identity for its address or, better, its domain), is the mail DKIM-signed, is the
 * account out of the sandbox (in it, SES refuses every recipient that is not itself verified —
 * every real customer), is sending enabled and healthy, and does the campaign fit the daily quota
 * and maximum send rate.
 */
import { count, GUIDES, isRead, type Probe, type ReadinessCheck, unreadable } from './readiness-check.js';

/** What GetEmailIdentity says about one identity. */
export interface SesIdentityFacts {
  /** SES's `VerificationStatus`: SUCCESS, PENDING, FAILED, TEMPORARY_FAILURE or NOT_STARTED. */
  verificationStatus: string;
  verifiedForSending: boolean;
  /** Easy DKIM of the identity; null when SES reports none. */
  dkim: { signingEnabled: boolean; status: string } | null;
}

/** What GetAccount says about sending in the region. */
export interface SesAccountFacts {
  productionAccess: boolean;
  sendingEnabled: boolean;
  /** HEALTHY, PROBATION or SHUTDOWN. */
  enforcementStatus: string;
  /** Emails per 24 hours; negative when SES sets no limit. */
  max24HourSend: number;
  /** Emails per second. */
  maxSendRate: number;
  sentLast24Hours: number;
  /** A production-access request and its review status, if one was made. */
  review?: { status: string; caseId?: string };
}

export interface EmailFacts {
  region: string;
  /** The configured `journeys.emailFrom`. */
  from: string;
  /** The configured `journeys.pacing.emailPerSecond`, when known. */
  emailPerSecond?: number;
  /** The identities of the sender's domain and address; null value: no such identity. */
  domainIdentity: Probe<SesIdentityFacts | null>;
  addressIdentity: Probe<SesIdentityFacts | null>;
  account: Probe<SesAccountFacts>;
}

/** The address and domain of a sender such as `Shop <winback@shop.example>`; null if it holds none. */
export function sendingIdentityNames(from: string): { address: string; domain: string } | null {
  const address = (/<([^<>\s]+)>\s*$/.exec(from)?.[1] ?? from.trim()).toLowerCase();
  const at = /^[^\s@]+@([a-z0-9-]+(\.[a-z0-9-]+)+)$/.exec(address);
  return at?.[1] ? { address, domain: at[1] } : null;
}

const check = (id: string, title: string) => ({ id: `email.${id}`, area: 'email' as const, title });

function identityCheck(f: EmailFacts): ReadinessCheck {
  const base = check('identity', 'SES sending identity');
  const names = sendingIdentityNames(f.from);
  if (!names)
    return {
      ...base,
      status: 'fail',
      message: `journeys.emailFrom '${f.from}' holds no email address: set it to an address of your domain`,
    };
  if (!isRead(f.domainIdentity)) return unreadable(base, f.domainIdentity);
  const domain = f.domainIdentity.value;
  if (domain?.verifiedForSending)
    return { ...base, status: 'ok', message: `${names.domain} is verified for sending (domain identity)` };
  if (!isRead(f.addressIdentity)) return unreadable(base, f.addressIdentity);
  const address = f.addressIdentity.value;
  if (address?.verifiedForSending)
    return {
      ...base,
      status: 'ok',
      message: `${names.address} is verified for sending (address identity)`,
    };
  const pending = domain ?? address;
  if (pending)
    return {
      ...base,
      status: 'fail',
      message: `${domain ? names.domain : names.address} is an identity in ${f.region} but its verification is ${pending.verificationStatus}: publish the DNS records SES shows for it and wait for SUCCESS — ${GUIDES.sesVerifyDomain}`,
    };
  return {
    ...base,
    status: 'fail',
    message: `no SES identity for ${names.domain} or ${names.address} in ${f.region}: create and verify the domain — ${GUIDES.sesVerifyDomain}`,
  };
}

function dkimCheck(f: EmailFacts): ReadinessCheck {
  const base = check('dkim', 'DKIM signing');
  const names = sendingIdentityNames(f.from);
  if (!names) return { ...base, status: 'fail', message: 'no sender address to sign for (see the identity)' };
  if (!isRead(f.domainIdentity)) return unreadable(base, f.domainIdentity);
  const dkim = f.domainIdentity.value?.dkim;
  const advice = `mailbox providers reject or file unsigned bulk mail as spam — set up Easy DKIM: ${GUIDES.sesDkim}`;
  if (!f.domainIdentity.value)
    return {
      ...base,
      status: 'warn',
      message: `${names.domain} is not an SES identity, so emails are not DKIM-signed for it: ${advice}`,
    };
  if (!dkim?.signingEnabled)
    return { ...base, status: 'warn', message: `DKIM signing is off for ${names.domain}: ${advice}` };
  if (dkim.status === 'SUCCESS')
    return { ...base, status: 'ok', message: `${names.domain} signs with DKIM (status SUCCESS)` };
  if (dkim.status === 'PENDING')
    return {
      ...base,
      status: 'warn',
      message: `DKIM for ${names.domain} is PENDING: SES has not found its CNAME records in DNS yet — publish them and wait (${GUIDES.sesDkim})`,
    };
  return {
    ...base,
    status: 'warn',
    message: `DKIM for ${names.domain} is ${dkim.status}: check its CNAME records in DNS — ${advice}`,
  };
}

function productionAccessCheck(f: EmailFacts): ReadinessCheck {
  const base = check('production-access', 'SES production access');
  if (!isRead(f.account)) return unreadable(base, f.account);
  const a = f.account.value;
  if (a.productionAccess)
    return { ...base, status: 'ok', message: `the account has production access in ${f.region}` };
  const review = a.review?.status
    ? ` (a request is ${a.review.status}${a.review.caseId ? `, case ${a.review.caseId}` : ''})`
    : '';
  return {
    ...base,
    status: 'fail',
    message: `the account is in the SES sandbox in ${f.region}${review}: emails reach only verified addresses, at most ${count(a.max24HourSend)} a day — request production access: ${GUIDES.sesProductionAccess}`,
  };
}

function sendingCheck(f: EmailFacts): ReadinessCheck {
  const base = check('sending', 'SES sending status');
  if (!isRead(f.account)) return unreadable(base, f.account);
  const a = f.account.value;
  if (!a.sendingEnabled)
    return {
      ...base,
      status: 'fail',
      message: `email sending is paused for the account in ${f.region} (enforcement ${a.enforcementStatus}): see the reputation dashboard and resume it — ${GUIDES.sesReputation}`,
    };
  if (a.enforcementStatus === 'SHUTDOWN')
    return {
      ...base,
      status: 'fail',
      message: `SES shut down sending for the account in ${f.region}: contact AWS Support — ${GUIDES.sesReputation}`,
    };
  if (a.enforcementStatus === 'PROBATION')
    return {
      ...base,
      status: 'warn',
      message: `the account is under review (PROBATION) for its bounce or complaint rate: fix the cause before a large send, or SES may pause it — ${GUIDES.sesReputation}`,
    };
  return { ...base, status: 'ok', message: `sending enabled, reputation ${a.enforcementStatus}` };
}

/** `45 s`, `26 min`, `3.2 h`: how long sending at the maximum rate takes. */
function duration(seconds: number): string {
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.ceil(seconds / 60)} min`;
  return `${count(seconds / 3600, 1)} h`;
}

function quotaCheck(f: EmailFacts, volume: number | undefined): ReadinessCheck {
  const base = check('quota', 'SES daily quota and send rate');
  if (!isRead(f.account)) return unreadable(base, f.account);
  const a = f.account.value;
  if (a.max24HourSend === 0)
    return {
      ...base,
      status: 'fail',
      message: `SES allows no emails a day in ${f.region}: see the account's sending status in the SES console — ${GUIDES.sesReputation}`,
    };
  const unlimited = a.max24HourSend < 0;
  const quota = unlimited ? 'no daily limit' : `${count(a.max24HourSend)}/day`;
  const rate = `${count(a.maxSendRate, 1)}/s`;
  const sent = `${count(a.sentLast24Hours)} sent in the last 24 h`;
  if (volume === undefined)
    return {
      ...base,
      status: 'ok',
      message: `${quota} at ${rate}, ${sent} — pass --volume <customers> to compare with a campaign`,
    };
  const emails = `${count(volume)} ${volume === 1 ? 'email' : 'emails'}`;
  const pace = a.maxSendRate > 0 ? `; at ${rate} they take at least ${duration(volume / a.maxSendRate)}` : '';
  if (unlimited) return { ...base, status: 'ok', message: `${emails}: no daily limit${pace}` };
  if (volume > a.max24HourSend) {
    const days = Math.ceil(volume / a.max24HourSend);
    return {
      ...base,
      status: 'warn',
      message: `${emails} need ${days} days at the current ${quota} quota (SES refuses sends over it): request a higher quota — ${GUIDES.sesQuotaIncrease}`,
    };
  }
  const left = Math.max(0, a.max24HourSend - a.sentLast24Hours);
  if (volume > left)
    return {
      ...base,
      status: 'warn',
      message: `${emails} fit the ${quota} quota, but ${sent} leave ${count(left)} for now: the rest go as the 24-hour window rolls on${pace}`,
    };
  return { ...base, status: 'ok', message: `${emails} fit the ${quota} quota (${sent})${pace}` };
}

/**
 * The configured send rate against the account's maximum: above it, the journeys pace at the
 * account's rate (they read it from SES), so emails go out slower than configured — a warning.
 */
function paceCheck(f: EmailFacts): ReadinessCheck | undefined {
  if (f.emailPerSecond === undefined) return undefined;
  const base = check('pace', 'Email send rate (journeys.pacing.emailPerSecond)');
  if (!isRead(f.account)) return unreadable(base, f.account);
  const max = f.account.value.maxSendRate;
  if (f.emailPerSecond > max)
    return {
      ...base,
      status: 'warn',
      message: `journeys.pacing.emailPerSecond is ${count(f.emailPerSecond, 1)}/s, above the account's maximum send rate of ${count(max, 1)}/s in ${f.region}: the journeys send at ${count(max, 1)}/s, the account's rate — request a higher rate to send faster — ${GUIDES.sesQuotaIncrease}`,
    };
  return {
    ...base,
    status: 'ok',
    message: `${count(f.emailPerSecond, 1)}/s, within the account's ${count(max, 1)}/s`,
  };
}

/** The email checks, in the order a person fixes them. `volume`: customers a campaign would email. */
export function emailChecks(f: EmailFacts, volume?: number): ReadinessCheck[] {
  const pace = paceCheck(f);
  return [
    identityCheck(f),
    dkimCheck(f),
    productionAccessCheck(f),
    sendingCheck(f),
    quotaCheck(f, volume),
    ...(pace ? [pace] : []),
  ];
}
