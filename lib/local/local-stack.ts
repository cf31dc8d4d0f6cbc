/**
 * The embedded local stack: everything `npm start` runs on one machine with no AWS account.
 *  - DynamoDB: dynalite, on disk under the data folder (or in memory), tables from the CDK definitions;
 *  - SES v2: aws-ses-v2-local, with its web inbox;
 *  - the HTTP API: the Lambda handlers behind a local API Gateway stand-in.
 * The handlers' own SDK clients reach these through the standard AWS_ENDPOINT_URL_<SERVICE>
 * variables, so the code paths are those that run in AWS.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ResourceVariable } from '../../functions/manifest/variables.js';
import { CALLER_ROLES, type CallerRole } from '../api-routes.js';
import type { StageConfig } from '../config.js';
import { journeyResourceNames, stageSettings } from '../journey-environment.js';
import { listen } from './listen.js';
import { type LocalAccountKind, localAccount } from './local-account.js';
import { startLocalApi } from './local-api-server.js';
import { type LocalAws, startLocalAws } from './local-aws-endpoints.js';
import { type LocalClock, startLocalClock } from './local-clock.js';
import { startLocalConsole } from './local-console.js';
import { ensureTables, localTableNames, startLocalDynamo } from './local-dynamodb.js';
import { type LocalFunctions, type LocalFunctionValues, localFunctions } from './local-functions.js';
import { LocalLambdaConcurrency } from './local-lambda.js';
import { LocalSendRates } from './local-send-rates.js';
import {
  type LocalFault,
  LocalStepFunctions,
  localStateMachineArn,
  synthesizeWorkflows,
} from './local-step-functions.js';
import {
  assertNoStackRunning,
  DEFAULT_PORTS,
  type LocalPorts,
  type StackDescriptor,
} from './stack-descriptor.js';

// aws-ses-v2-local is CommonJS with an `exports.default`.
const sesLocal = (createRequire(import.meta.url)('aws-ses-v2-local') as typeof import('aws-ses-v2-local'))
  .default;

export interface LocalStackOptions {
  config: StageConfig;
  ports?: Partial<LocalPorts>;
  host?: string;
  /** Folder for data, the access token and the stack descriptor. @default .local */
  dataDir?: string;
  /** Keep DynamoDB in memory: nothing survives a restart. */
  inMemory?: boolean;
  /** A fixed access token; otherwise one kept in the data folder (or made per run in memory). */
  token?: string;
  /** Clock speed: 1 is real time, 86,400 a day per second (demos, tests). @default 1 */
  timeScale?: number;
  /**
   * Fault injection for tests of the failure paths: the named task state fails on every attempt
   * for these customers, as a step that can never succeed would in AWS.
   */
  faults?: readonly LocalFault[];
  /** The AWS account `reactivate doctor` finds here: a new one in the SES and SMS sandboxes, or one in production. @default sandbox */
  account?: LocalAccountKind;
  /** Function instances that may run at once (Lambda's concurrency limit). @default DEFAULT_LOCAL_CONCURRENCY */
  lambdaConcurrency?: number;
  /**
   * The providers' send rates the local SES and SMS endpoints enforce, per second of the stack's
   * clock (emails; SMS parts). Unset: counted, never refused.
   */
  sendRates?: { email?: number; sms?: number };
}

export interface LocalStack extends StackDescriptor {
  /** The admin token (every route). */
  token: string;
  /** A token per caller role (the admin's among them). */
  tokens: Record<CallerRole, string>;
  clock: LocalClock;
  aws: LocalAws;
  /** DynamoDB requests served so far, by operation. */
  dynamodbRequests: Record<string, number>;
  /** The journey and campaign state machines, synthesized on first use. */
  stepFunctions(): Promise<LocalStepFunctions>;
  /** The product's functions, each composed with its own variables. */
  functions: LocalFunctions;
  /** Lambda's concurrency limit over the workflows' tasks and the schedules' targets. */
  lambda: LocalLambdaConcurrency;
  /** Sends per second of the clock, counted and (when set) limited as the providers do. */
  rates: LocalSendRates;
  close(): Promise<void>;
}

function ensurePortFree(port: number, host: string, service: string): Promise<number> {
  const probe: Server = createServer();
  return listen(probe, port, host, service).then(
    () =>
      new Promise((resolve) => {
        const free = (probe.address() as AddressInfo).port;
        probe.close(() => resolve(free));
      }),
  );
}

const CALL_TARGET_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:create-call-task';

/** The resource variables of the local stack: its state machines, and stand-ins for the rest. */
function localResources(stage: string): Record<ResourceVariable, string> {
  const names = journeyResourceNames(stage);
  return {
    JOURNEY_STATE_MACHINE_ARN: localStateMachineArn(names.stateMachine),
    CAMPAIGN_STATE_MACHINE_ARN: localStateMachineArn(names.campaignStateMachine),
    CALL_SCHEDULE_GROUP: names.scheduleGroup,
    CALL_TARGET_ARN,
    CALL_TARGET_ROLE_ARN: 'arn:aws:iam::000000000000:role/local-scheduler',
    CALL_DLQ_ARN: 'arn:aws:sqs:us-east-1:000000000000:local-call-dead-letters',
    MANAGER_TOPIC_ARN: `arn:aws:sns:us-east-1:000000000000:${names.stateMachine}-managers`,
    SES_CONFIGURATION_SET: names.configurationSet,
  };
}

function tokenFor(options: LocalStackOptions, dataDir: string): string {
  if (options.token) return options.token;
  const file = join(dataDir, 'token');
  if (!options.inMemory && existsSync(file)) return readFileSync(file, 'utf8').trim();
  const token = randomBytes(24).toString('base64url');
  if (!options.inMemory) writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

/**
 * A token per caller role, derived from the admin token: stable across restarts without another
 * secret to keep, and none of them reveals the admin token.
 */
function roleTokens(adminToken: string): Record<CallerRole, string> {
  return Object.fromEntries(
    CALLER_ROLES.map((role) => [
      role,
      role === 'admin'
        ? adminToken
        : createHmac('sha256', adminToken).update(role).digest('base64url').slice(0, 32),
    ]),
  ) as Record<CallerRole, string>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  const host = options.host ?? '127.0.0.1';
  const dataDir = options.dataDir ?? '.local';
  assertNoStackRunning(dataDir);
  mkdirSync(dataDir, { recursive: true });
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closeOne of [...closers].reverse()) await closeOne().catch(() => undefined);
  };

  try {
    const dynamo = await startLocalDynamo({
      port: ports.dynamodb,
      host,
      ...(options.inMemory ? {} : { path: join(dataDir, 'dynamodb') }),
    });
    closers.push(dynamo.close);
    const tables = localTableNames();
    const admin = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await ensureTables(admin, tables);
    admin.destroy();

    const sesPort = await ensurePortFree(ports.ses, host, 'SES v2 (aws-ses-v2-local)');
    const ses = await sesLocal({ host, port: sesPort });
    closers.push(
      () =>
        new Promise((resolve) => {
          ses.close(() => resolve());
          // Connections kept alive (SendEmail arrives through the send-rate check's proxy) would
          // hold the close until they time out.
          ses.closeAllConnections();
        }),
    );
    const sesUrl = `http://${host}:${(ses.address() as AddressInfo).port}`;

    // The handlers run in this process: the runtime's variables (region, credentials, the SDK's
    // endpoints) are the process's, pointed here; each function's own come from the manifest.
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      // CloudWatch metrics (EMF on stdout) mean nothing here; tracing is off outside Lambda anyway.
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;

    const clock = startLocalClock(options.timeScale ?? 1);
    const names = journeyResourceNames(options.config.stage);
    let functionValues: LocalFunctionValues | undefined;
    const functions = localFunctions(() => {
      if (!functionValues) throw new Error('a function was called before the local API listened');
      return functionValues;
    });
    const lambda = new LocalLambdaConcurrency(options.lambdaConcurrency);
    let stepFunctions: Promise<LocalStepFunctions> | undefined;
    const journeys = () => {
      stepFunctions ??= synthesizeWorkflows(options.config).then((w) => {
        const sfn = new LocalStepFunctions(w, functions, clock, options.faults, lambda);
        closers.push(async () => sfn.close());
        return sfn;
      });
      return stepFunctions;
    };
    const rates = new LocalSendRates(clock, options.sendRates);
    const account = localAccount(options.account ?? 'sandbox', options.config, localStateMachineArn);
    // An enforced SES rate is the account's maximum send rate: GetAccount says so, as SES would.
    if (options.sendRates?.email !== undefined)
      account.ses.SendQuota = { ...(account.ses.SendQuota as object), MaxSendRate: options.sendRates.email };
    const aws = startLocalAws({
      clock,
      sesUrl,
      rates,
      account,
      stepFunctions: journeys,
      invokeTarget: async (arn, input) => {
        if (arn !== CALL_TARGET_ARN) throw new Error(`no local target ${arn}`);
        const handler = await functions.handler('createCallTask');
        // Scheduler invokes asynchronously: the invocation waits in Lambda's queue for an instance.
        // As Lambda does, the handler reads its own ARN from the context (it may reschedule itself).
        return lambda.invokeAsync('createCallTask', () => handler(input, { invokedFunctionArn: arn }));
      },
    });
    closers.push(async () => aws.close());

    const token = tokenFor(options, dataDir);
    const tokens = roleTokens(token);
    const webConsole = await startLocalConsole(tokens);
    const api = await startLocalApi({
      port: ports.api,
      host,
      tokens,
      functions,
      extraRoutes: (req, res) => {
        if (aws.route(req, res)) return true;
        if (webConsole.route(req, res)) return true;
        const json = (value: unknown) =>
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
        if (req.method !== 'GET') return false;
        if (req.url === '/_local/health') json({ status: 'ok' });
        else if (req.url === '/_local/lambda') json(lambda.stats());
        else if (req.url === '/_local/clock')
          json({ now: new Date(clock.now()).toISOString(), scale: clock.scale, ...clock.state() });
        else return false;
        return true;
      },
    });
    closers.push(api.close);
    Object.assign(process.env, {
      // SendEmail passes the send-rate check here on its way to aws-ses-v2-local.
      AWS_ENDPOINT_URL_SESV2: api.url,
      AWS_ENDPOINT_URL_SFN: api.url,
      AWS_ENDPOINT_URL_SNS: api.url,
      AWS_ENDPOINT_URL_SCHEDULER: api.url,
    });
    // The functions' own variables: what the CDK constructs set, pointed at this stack — but a
    // launch starts journeys no faster than this machine's Lambda capacity can take them (four a
    // second per instance; AWS takes the account's StartExecution rate in its stride, a laptop
    // does not). At two a second the launch left the machine two thirds idle; at four a 10,000-
    // customer launch took 146 s instead of 289, its refusals absorbed by the Retry, none failed.
    const { campaigns } = options.config;
    const localConfig = {
      ...options.config,
      campaigns: { ...campaigns, callsPerSecond: Math.min(campaigns.callsPerSecond, 4 * lambda.limit) },
    };
    functionValues = {
      tables,
      settings: stageSettings(localConfig, api.url),
      resources: localResources(options.config.stage),
    };

    const descriptor: StackDescriptor = {
      pid: process.pid,
      stage: options.config.stage,
      apiUrl: api.url,
      dynamodbEndpoint: dynamo.endpoint,
      sesUrl,
      tables,
      defaults: options.config.defaults,
      journeys: {
        stateMachineArn: localStateMachineArn(names.stateMachine),
        callScheduleGroup: names.scheduleGroup,
      },
      campaigns: { stateMachineArn: localStateMachineArn(names.campaignStateMachine) },
      startedAt: new Date().toISOString(),
    };
    const descriptorFile = join(dataDir, 'stack.json');
    writeFileSync(descriptorFile, `${JSON.stringify(descriptor, null, 2)}\n`, { mode: 0o600 });
    closers.unshift(async () => rmSync(descriptorFile, { force: true }));
    return {
      ...descriptor,
      token,
      tokens,
      clock,
      aws,
      dynamodbRequests: dynamo.requests,
      stepFunctions: journeys,
      functions,
      lambda,
      rates,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
