/**
 * Stage configuration: one typed, validated object per deployment. `bin/app.ts` reads it from
 * CDK context (`-c stage=prod`, optionally `-c config=path/to/prod.json`) and fails synthesis
 * with a message naming every wrong or missing value.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as z from 'zod';
import { isKnownCurrency } from '../functions/domain/contact-rules.js';
import { timeZoneSchema } from '../functions/domain/customer.js';
import { exclusivitySchema } from '../functions/domain/journey/exclusivity.js';
import { contactWindowSchema } from '../functions/domain/journey/send-window.js';
import { TRANSACTION_MODELS } from '../functions/domain/scoring/models.js';
import { reasonsFrom } from '../functions/domain/validation.js';

/** CloudWatch Logs accepts only these retention periods (days). */
const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/**
 * Every region aws-cdk-lib knows (its fact tables: partitions, service principals, endpoints).
 * Loaded on the first config that names a region: the tables take a tenth of a second to load,
 * and the CLI's file commands (fit, score) read configs without one.
 */
let knownRegions: Set<string> | undefined;
function isKnownRegion(region: string): boolean {
  if (!knownRegions) {
    const { RegionInfo } = createRequire(import.meta.url)(
      'aws-cdk-lib/region-info',
    ) as typeof import('aws-cdk-lib/region-info');
    knownRegions = new Set(RegionInfo.regions.map((r) => r.name));
  }
  return knownRegions.has(region);
}

/**
 * A sender as SES takes it: `winback@mail.example.com` or `Example Shop <winback@mail.example.com>`.
 * The address's domain is the SES identity the sending function is allowed to use.
 */
const senderAddress = z.string().refine(
  (value) => {
    const address = /^[^<>]*<([^<>\s]+)>$/.exec(value.trim())?.[1] ?? value.trim();
    return z.email().safeParse(address).success;
  },
  {
    error: (i) =>
      `'${String(i.input)}' is not an email address such as winback@mail.example.com or "Example Shop <winback@mail.example.com>"`,
  },
);

/** Where the operators' topic sends alarms: one email address or one HTTPS endpoint per entry. */
const alertSubscription = z
  .strictObject({
    email: z.email({ error: 'must be an email address' }).optional(),
    https: z.url({ protocol: /^https$/, error: 'must be an https:// URL' }).optional(),
  })
  .refine((a) => (a.email === undefined) !== (a.https === undefined), {
    error: 'needs exactly one of email or https',
  });

const currencyCode = z
  .string()
  .refine(isKnownCurrency, { error: (i) => `'${String(i.input)}' is not an ISO 4217 currency code` });

const stageObject = z.strictObject({
  /** Names the deployment: stack names and resource names derive from it. */
  stage: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,19}$/, 'must be 2-20 lower-case letters, digits or -, starting with a letter'),
  /** Target account and region; the CLI's defaults when absent. */
  account: z
    .string()
    .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
    .optional(),
  region: z
    .string()
    .refine(isKnownRegion, {
      error: (i) => `'${String(i.input)}' is not an AWS region (e.g. eu-west-1, us-east-1)`,
    })
    .optional(),
  /** Applied to customers and orders that do not say otherwise. */
  defaults: z
    .strictObject({
      timeZone: timeZoneSchema.default('UTC'),
      currency: currencyCode.default('USD'),
      /** Units of the base currency per unit of another, e.g. { "EUR": 1.08 }. */
      exchangeRates: z.record(currencyCode, z.number().positive()).default({}),
    })
    .prefault({}),
  api: z
    .strictObject({
      /**
       * `iam` (SigV4) by default; `cognito`: a user pool's tokens, the pool of `cognitoUserPoolArn`
       * or, without one, a pool the stage creates (groups admin, marketer, agent, integration).
       */
      authorization: z.enum(['iam', 'cognito']).default('iam'),
      cognitoUserPoolArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/.+$/)
        .optional(),
      /**
       * With Cognito: the identifier of the user pool's resource server whose scopes name the
       * caller roles (`<server>/marketer`, …). When set, each method requires an access token
       * with the scope of a role that may call it; unset, an ID token whose Cognito groups name
       * a role that may call it.
       */
      cognitoResourceServer: z
        .string()
        .regex(/^[\w.:/-]{1,256}$/)
        .optional(),
      /** Optional AWS WAF web ACL to associate with the API stage. */
      webAclArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:wafv2:/)
        .optional(),
      throttle: z
        .strictObject({
          rateLimit: z.number().int().min(1).max(10_000).default(50),
          burstLimit: z.number().int().min(1).max(5_000).default(100),
        })
        .prefault({}),
      /** What the access logs keep beyond request id, time, method, path, status and size. */
      accessLogs: z
        .strictObject({
          /** The caller's IP address: personal data, so off unless you need it (abuse forensics). */
          includeClientIp: z.boolean().default(false),
          /** The caller's identity (IAM principal or Cognito user): off unless you audit callers. */
          includeCaller: z.boolean().default(false),
        })
        .prefault({}),
    })
    .prefault({})
    .refine((api) => !api.cognitoResourceServer || api.cognitoUserPoolArn, {
      message:
        'cognitoResourceServer names a resource server of your own user pool: set cognitoUserPoolArn too (a pool the stage creates has none; its groups are the roles)',
      path: ['cognitoResourceServer'],
    }),
  /**
   * The browser console (console/): static files on S3 behind CloudFront, which also forwards
   * `/v1/*` to the API, and sign-in with the Cognito user pool's managed login.
   */
  console: z
    .strictObject({
      enabled: z.boolean().default(false),
      /**
       * The user pool's managed login domain, `<prefix>.auth.<region>.amazoncognito.com`: created
       * with the pool the stage creates; with `api.cognitoUserPoolArn`, the prefix of that pool's
       * existing domain.
       */
      domainPrefix: z
        .string()
        .regex(
          /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
          'must be 1-63 lower-case letters, digits or -, not starting or ending with -',
        )
        .refine((p) => !/aws|amazon|cognito/.test(p), {
          error: 'may not contain aws, amazon or cognito (Cognito reserves them)',
        })
        .optional(),
    })
    .prefault({}),
  /** The scoring workflow: model, stored churn threshold, parallelism and its nightly schedule. */
  scoring: z
    .strictObject({
      /** Transaction model; Pareto/NBD won the CDNOW backtest (docs/scoring.md). */
      model: z.enum(TRANSACTION_MODELS).default('pareto'),
      /** θ of the stored churn moment; a campaign may ask for its own. */
      churnThreshold: z.number().gt(0).lt(1).default(0.5),
      /** Days per model time unit (7: weeks, as in the literature). */
      timeUnitDays: z.number().int().min(1).max(30).default(7),
      /** L2 penalty on the model parameters (0: plain maximum likelihood). */
      penalizer: z.number().min(0).max(100).default(0),
      /** Parallel scan segments (Map iterations) of a scoring run. */
      segments: z.number().int().min(1).max(100).default(8),
      /** EventBridge Scheduler expression of the regular run; null to run only on demand. */
      schedule: z
        .string()
        .regex(/^(cron|rate)\(.+\)$/, 'must be an EventBridge Scheduler cron(...) or rate(...) expression')
        .nullable()
        .default('cron(0 2 * * ? *)'),
      /** Time zone the schedule's cron expression is read in. */
      scheduleTimeZone: timeZoneSchema.default('UTC'),
    })
    .prefault({}),
  /** The journey rules every campaign follows, and where messages come from. */
  journeys: z
    .strictObject({
      /** Sender of campaign emails: an address of an SES-verified domain. */
      emailFrom: senderAddress.default('Reactivate <winback@example.com>'),
      /** Postal address printed in every email (CAN-SPAM). */
      postalAddress: z.string().min(1).default('Example Shop, 1 Example Street, Springfield'),
      /** Base URL of the public link endpoints; the API's URL when absent. */
      publicUrl: z.string().url().optional(),
      /** Local-time windows per channel in the customer's zone. SMS: 08:00–21:00 (TCPA). */
      windows: z
        .strictObject({
          email: contactWindowSchema.default({ start: '09:00', end: '20:00' }),
          sms: contactWindowSchema.default({ start: '08:00', end: '21:00' }),
          call: contactWindowSchema.default({ start: '09:00', end: '20:00' }),
        })
        .prefault({}),
      /** The managers: their business hours in their office's zone, and how many calls they make an hour. */
      manager: z
        .strictObject({
          window: contactWindowSchema.default({ start: '09:00', end: '17:00', weekdays: [1, 2, 3, 4, 5] }),
          timeZone: timeZoneSchema.default('UTC'),
          /** Calls the team makes per business hour: call tasks are spread over the business days by it. */
          callsPerHour: z.number().int().min(1).max(100_000).default(20),
        })
        .prefault({}),
      /**
       * The providers' rates, shared by every running campaign: sends are given slots ahead so no
       * second holds more than these (locally, `npm start -- --ses-rate/--sms-rate` enforce them).
       */
      pacing: z
        .strictObject({
          /**
           * Emails per second: at most the SES account's maximum send rate (`reactivate doctor`
           * compares them). 14/s is where SES production access usually starts.
           */
          emailPerSecond: z.number().gt(0, 'must be above 0').max(50_000).default(14),
          /**
           * SMS parts per second of the origination identity (a 2-part SMS takes two): 1 for a US
           * 10DLC or toll-free number, up to 100 for a short code.
           */
          smsPartsPerSecond: z.number().gt(0, 'must be above 0').max(10_000).default(1),
        })
        .prefault({}),
      /**
       * Priority between campaigns: one win-back journey per customer at a time, a cooldown after
       * one ends, the campaign of higher `priority` taking the customer (docs/journeys.md).
       */
      exclusivity: exclusivitySchema.prefault({}),
      /** At most this many messages per customer across campaigns within `days`. */
      frequencyCap: z
        .strictObject({
          messages: z.number().int().min(1).max(100).default(3),
          days: z.number().int().min(1).max(90).default(7),
        })
        .prefault({}),
      /** How often a journey of a paused campaign looks again. */
      pausedRecheckHours: z.number().min(0.01).max(168).default(6),
      /** A campaign pauses itself when its email hard-bounce or complaint rate reaches these. */
      pauseAt: z
        .strictObject({
          bounceRate: z.number().gt(0).max(0.1).default(0.02),
          complaintRate: z.number().gt(0).max(0.01).default(0.0008),
          /** Emails sent before the rates are judged. */
          minSent: z.number().int().min(1).default(200),
        })
        .prefault({}),
      sms: z
        .strictObject({
          type: z.enum(['Transactional', 'Promotional']).default('Promotional'),
          originationNumber: z
            .string()
            .regex(/^\+[1-9]\d{6,14}$/)
            .optional(),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Prices the campaign report estimates cost with (in the base currency). */
  reports: z
    .strictObject({
      /** Per email: SES's list price. */
      emailPrice: z.number().min(0).default(0.0001),
      /**
       * Per SMS part (segment: 160 GSM-7 or 70 UCS-2 characters, 153 / 67 each when longer), as
       * carriers bill: set your destination country's rate (US default: SNS price plus carrier fees).
       */
      smsPrice: z.number().min(0).default(0.0088),
      /** AWS per contacted journey: transitions, invocations, requests (docs/scale-and-cost.md). */
      awsPerJourney: z.number().min(0).default(0.00033),
      /**
       * Per manager call made (a call task whose outcome was recorded): the managers' time. The
       * default is a 5-minute call at USD 30 an hour; set your own.
       */
      callPrice: z.number().min(0).default(2.5),
      /**
       * A report request reads up to this many journeys; a larger campaign answers with the report
       * its campaign run builds (after the launch and at every completion check).
       */
      liveJourneys: z.number().int().min(0).max(200_000).default(20_000),
    })
    .prefault({}),
  /** How campaigns are launched and watched. */
  campaigns: z
    .strictObject({
      /** Parallel scan segments of a launch (one Lambda each). */
      segments: z.number().int().min(1).max(100).default(4),
      /**
       * StartExecution (launch) and StopExecution (cancel) calls per second across segments: the
       * account's refill rate — 300/s in us-east-1, us-west-2 and eu-west-1, 150/s elsewhere.
       */
      callsPerSecond: z.number().int().min(1).max(2000).default(150),
      /** How often a running campaign checks whether its last journey has ended. */
      completionCheckHours: z.number().min(0.01).max(168).default(6),
    })
    .prefault({}),
  /** Who hears about failures, and when. */
  operations: z
    .strictObject({
      /** Subscriptions of the stage's operators topic, which every alarm notifies. */
      alerts: z.array(alertSubscription).max(20).default([]),
      alarms: z
        .strictObject({
          /** Share of API requests answered with a 5xx within 5 minutes (2 of 3 periods). */
          apiServerErrorRate: z.number().gt(0).max(1).default(0.05),
          /** The account's SES bounce rate: SES reviews an account at 5%. */
          sesBounceRate: z.number().gt(0).lt(0.05, "must be below SES's review level of 0.05").default(0.02),
          /** The account's SES complaint rate: SES reviews an account at 0.1%. */
          sesComplaintRate: z
            .number()
            .gt(0)
            .lt(0.001, "must be below SES's review level of 0.001")
            .default(0.0008),
        })
        .prefault({}),
    })
    .prefault({}),
  logRetentionDays: z
    .number()
    .refine(
      (d) => (RETENTION_DAYS as readonly number[]).includes(d),
      `must be one of ${RETENTION_DAYS.join(', ')}`,
    )
    .default(90),
});

/** The stage configuration; a console needs Cognito groups as roles and a sign-in domain. */
export const stageConfigSchema = stageObject.superRefine((config, ctx) => {
  if (!config.console.enabled) return;
  const refuse = (message: string, path: string[]) => ctx.addIssue({ code: 'custom', message, path });
  if (config.api.authorization === 'iam')
    refuse(
      "console.enabled needs api.authorization 'cognito': a browser cannot sign API requests with SigV4 (that would need a Cognito identity pool handing out AWS credentials); the console signs users in with the user pool and sends its ID token",
      ['console', 'enabled'],
    );
  else if (config.api.cognitoResourceServer)
    refuse(
      'console.enabled cannot be combined with api.cognitoResourceServer: the console sends ID tokens whose Cognito groups are the roles, while the resource-server mode asks for access-token scopes',
      ['console', 'enabled'],
    );
  if (!config.console.domainPrefix)
    refuse(
      "console.domainPrefix is required when the console is enabled: the prefix of the user pool's managed login domain (<prefix>.auth.<region>.amazoncognito.com)",
      ['console', 'domainPrefix'],
    );
});

export type StageConfig = z.output<typeof stageConfigSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function parseStageConfig(input: unknown, source = 'stage configuration'): StageConfig {
  const result = stageConfigSchema.safeParse(input);
  if (!result.success)
    throw new ConfigError(`${source} is invalid:\n  - ${reasonsFrom(result.error).join('\n  - ')}`);
  return result.data;
}

/** Reads the stage from CDK context: `stage` (default dev) and an optional JSON file `config`. */
export function loadStageConfig(context: (key: string) => unknown): StageConfig {
  const file = context('config');
  let fromFile: Record<string, unknown> = {};
  if (typeof file === 'string') {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ConfigError(`cannot read the configuration file ${file}: ${(error as Error).message}`);
    }
  }
  const stage = context('stage') ?? fromFile.stage ?? 'dev';
  return parseStageConfig(
    { ...fromFile, stage },
    typeof file === 'string' ? file : `stage '${String(stage)}'`,
  );
}

/** Stateful resources survive a stack deletion everywhere but in dev. */
export const isDevStage = (config: StageConfig) => config.stage === 'dev';
