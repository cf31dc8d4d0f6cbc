/**
 * The small subsets of AWS APIs the handlers call, served on the local API's port so the
 * handlers' real SDK clients work unchanged (`AWS_ENDPOINT_URL_SFN`, `_SNS`, `_SCHEDULER`):
 *  - Step Functions (JSON 1.0): StartExecution, StopExecution, DescribeExecution;
 *  - SNS (Query/XML): Publish to a phone number (kept, listed at `GET /_local/sms`) or a topic
 *    (kept, listed at `GET /_local/notifications`);
 *  - EventBridge Scheduler (REST JSON): CreateSchedule and DeleteSchedule of one-time `at()`
 *    schedules, fired by the stack's clock into the target's handler, deleted after completion.
 * `GET /_local/executions` lists the executions (journeys, campaign runs) with their state transitions.
 * And the read-only calls `reactivate doctor` makes, answered from the simulated account
 * (local-account.ts): SES v2 GetAccount and GetEmailIdentity (aws-ses-v2-local, which serves the
 * sending API and the inbox, has no identities), SNS ListOriginationNumbers, GetSMSAttributes and
 * GetSMSSandboxAccountStatus, Scheduler GetScheduleGroup and Step Functions DescribeStateMachine.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { smsParts } from '../../functions/domain/journey/sms-parts.js';
import type { LocalAccount } from './local-account.js';
import type { LocalClock } from './local-clock.js';
import type { LocalSendRates } from './local-send-rates.js';
import { type LocalExecution, type LocalStepFunctions, ServiceError } from './local-step-functions.js';

export interface SentSms {
  messageId: string;
  phoneNumber: string;
  message: string;
  smsType?: string;
  sentAt: string;
}

export interface LocalSchedule {
  name: string;
  groupName: string;
  at: string;
  state: 'pending' | 'fired' | 'failed' | 'deleted';
  attempts: number;
}

export interface LocalAwsOptions {
  clock: LocalClock;
  /** The journey and campaign state machines, synthesized on first use (it takes a few seconds). */
  stepFunctions: () => Promise<LocalStepFunctions>;
  /** Runs a schedule's target with its input (the call-task handler). */
  invokeTarget: (arn: string, input: unknown) => Promise<unknown>;
  /** The simulated account the read-only calls describe. */
  account: LocalAccount;
  /** aws-ses-v2-local, which SendEmail is handed to once the send rate allows it. */
  sesUrl: string;
  /** The providers' send rates: every email and SMS is counted, and refused above a set rate. */
  rates: LocalSendRates;
}

export interface LocalAws {
  route(req: IncomingMessage, res: ServerResponse): boolean;
  sms: SentSms[];
  notifications: { topicArn: string; message: string; sentAt: string }[];
  schedules: Map<string, LocalSchedule>;
  close(): void;
}

const epochSeconds = (ms: number) => ms / 1000;

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  contentType = 'application/json',
): void {
  res.writeHead(status, { 'content-type': contentType }).end(JSON.stringify(value));
}

export function startLocalAws(options: LocalAwsOptions): LocalAws {
  const { clock, account } = options;
  const sms: SentSms[] = [];
  const notifications: LocalAws['notifications'] = [];
  const schedules = new Map<string, LocalSchedule>();
  const timers = new Map<string, AbortController>();

  const describe = (e: LocalExecution) => ({
    executionArn: e.executionArn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: e.status,
    startDate: epochSeconds(e.startDate),
    ...(e.stopDate ? { stopDate: epochSeconds(e.stopDate) } : {}),
    input: e.input,
    ...(e.error ? { error: e.error } : {}),
    ...(e.cause ? { cause: e.cause } : {}),
  });

  async function stepFunctions(req: IncomingMessage, res: ServerResponse, action: string): Promise<void> {
    const input = JSON.parse((await body(req)) || '{}');
    const json = (v: unknown): void => sendJson(res, 200, v, 'application/x-amz-json-1.0');
    try {
      // Answered without the state machines, which are synthesized on first use (seconds).
      if (action === 'DescribeStateMachine') return json(describeStateMachine(input.stateMachineArn));
      const sfn = await options.stepFunctions();
      if (action === 'StartExecution') {
        const e = sfn.start(input.stateMachineArn, input.name ?? randomUUID(), input.input ?? '{}');
        return json({ executionArn: e.executionArn, startDate: epochSeconds(e.startDate) });
      }
      if (action === 'StopExecution') {
        const e = sfn.stop(input.executionArn, input.error, input.cause);
        return json({ stopDate: epochSeconds(e.stopDate ?? clock.now()) });
      }
      if (action === 'DescribeExecution') return json(describe(sfn.describe(input.executionArn)));
      throw new ServiceError('UnknownOperationException', `${action} is not served by the local stack`);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      res
        .writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': error.name })
        .end(JSON.stringify({ __type: error.name, message: error.message }));
    }
  }

  function describeStateMachine(arn: string) {
    const name = account.stateMachines[arn];
    if (!name) throw new ServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return {
      stateMachineArn: arn,
      name,
      status: 'ACTIVE',
      type: 'STANDARD',
      definition: '{}',
      roleArn: 'arn:aws:iam::000000000000:role/local-state-machine',
      creationDate: epochSeconds(account.createdAt.getTime()),
    };
  }

  /** SNS's SMS account reads, in its Query protocol's XML. */
  function snsRead(action: string): string | undefined {
    const { sms } = account;
    const wrap = (result: string) =>
      `<${action}Response xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`;
    if (action === 'GetSMSSandboxAccountStatus') return wrap(`<IsInSandbox>${sms.inSandbox}</IsInSandbox>`);
    if (action === 'GetSMSAttributes')
      return wrap(
        `<attributes><entry><key>MonthlySpendLimit</key><value>${sms.monthlySpendLimit}</value></entry></attributes>`,
      );
    if (action === 'ListOriginationNumbers')
      return wrap(
        `<PhoneNumbers>${sms.originationNumbers
          .map(
            (n) =>
              `<member><PhoneNumber>${n.PhoneNumber}</PhoneNumber><Status>${n.Status}</Status><Iso2CountryCode>${n.Iso2CountryCode}</Iso2CountryCode><RouteType>${n.RouteType}</RouteType><NumberCapabilities>${n.NumberCapabilities.map((c) => `<member>${c}</member>`).join('')}</NumberCapabilities></member>`,
          )
          .join('')}</PhoneNumbers>`,
      );
    return undefined;
  }

  async function sns(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await body(req));
    const read = snsRead(form.get('Action') ?? '');
    if (read !== undefined) {
      res.writeHead(200, { 'content-type': 'text/xml' }).end(read);
      return;
    }
    const messageId = randomUUID();
    const sentAt = new Date(clock.now()).toISOString();
    const phoneNumber = form.get('PhoneNumber');
    const topicArn = form.get('TopicArn');
    const message = form.get('Message') ?? '';
    if (form.get('Action') !== 'Publish' || (!phoneNumber && !topicArn)) {
      res
        .writeHead(400, { 'content-type': 'text/xml' })
        .end(
          '<ErrorResponse><Error><Type>Sender</Type><Code>InvalidParameter</Code><Message>only Publish to a phone number or topic is served locally</Message></Error></ErrorResponse>',
        );
      return;
    }
    if (phoneNumber && !options.rates.admit('sms', smsParts(message))) {
      res
        .writeHead(429, { 'content-type': 'text/xml' })
        .end(
          `<ErrorResponse><Error><Type>Sender</Type><Code>Throttled</Code><Message>Rate exceeded for the origination identity's SMS parts per second</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
        );
      return;
    }
    if (phoneNumber) {
      let smsType: string | undefined;
      for (let i = 1; form.has(`MessageAttributes.entry.${i}.Name`); i++)
        if (form.get(`MessageAttributes.entry.${i}.Name`) === 'AWS.SNS.SMS.SMSType')
          smsType = form.get(`MessageAttributes.entry.${i}.Value.StringValue`) ?? undefined;
      sms.push({ messageId, phoneNumber, message, ...(smsType ? { smsType } : {}), sentAt });
    } else if (topicArn) notifications.push({ topicArn, message, sentAt });
    res
      .writeHead(200, { 'content-type': 'text/xml' })
      .end(
        `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
      );
  }

  const schedulerError = (res: ServerResponse, status: number, type: string, message: string): void => {
    res
      .writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type })
      .end(JSON.stringify({ Message: message }));
  };

  function fire(key: string, schedule: LocalSchedule, target: { Arn: string; Input?: string }): void {
    const abort = new AbortController();
    timers.set(key, abort);
    void (async () => {
      await clock.sleepUntil(Date.parse(`${schedule.at}Z`), abort.signal);
      while (!abort.signal.aborted && schedule.state === 'pending') {
        schedule.attempts++;
        try {
          await clock.whileWorking(() => options.invokeTarget(target.Arn, JSON.parse(target.Input ?? '{}')));
          schedule.state = 'fired';
        } catch {
          // Scheduler retries with backoff; after the retry policy, the event goes to the DLQ.
          if (schedule.attempts >= 3) schedule.state = 'failed';
          else await clock.sleepUntil(clock.now() + 60_000 * schedule.attempts, abort.signal);
        }
      }
      // ActionAfterCompletion: DELETE
      if (schedule.state === 'fired') schedules.delete(key);
      timers.delete(key);
    })();
  }

  const SCHEDULE_NAME = /^[0-9a-zA-Z-_.]{1,64}$/;
  const CLIENT_TOKEN = /^[a-zA-Z0-9-_]{1,64}$/;

  async function scheduler(req: IncomingMessage, res: ServerResponse, name: string, url: URL): Promise<void> {
    if (req.method === 'POST') {
      const input = JSON.parse((await body(req)) || '{}');
      const groupName = input.GroupName ?? 'default';
      const key = `${groupName}/${name}`;
      // The service's own input constraints (the API reference's patterns and lengths).
      if (!SCHEDULE_NAME.test(name))
        return schedulerError(res, 400, 'ValidationException', `Name '${name}' must match ${SCHEDULE_NAME}`);
      if (input.ClientToken !== undefined && !CLIENT_TOKEN.test(input.ClientToken))
        return schedulerError(res, 400, 'ValidationException', `ClientToken must match ${CLIENT_TOKEN}`);
      if (schedules.has(key))
        return schedulerError(res, 409, 'ConflictException', `Schedule ${name} already exists.`);
      const at = /^at\((\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\)$/.exec(input.ScheduleExpression ?? '')?.[1];
      if (!at || (input.ScheduleExpressionTimezone ?? 'UTC') !== 'UTC')
        return schedulerError(
          res,
          400,
          'ValidationException',
          'only at() schedules in UTC are served locally',
        );
      const schedule: LocalSchedule = { name, groupName, at, state: 'pending', attempts: 0 };
      schedules.set(key, schedule);
      fire(key, schedule, input.Target);
      return sendJson(res, 200, { ScheduleArn: `arn:aws:scheduler:us-east-1:000000000000:schedule/${key}` });
    }
    if (req.method === 'DELETE') {
      const key = `${url.searchParams.get('groupName') ?? 'default'}/${name}`;
      const schedule = schedules.get(key);
      if (!schedule)
        return schedulerError(res, 404, 'ResourceNotFoundException', `Schedule ${name} does not exist.`);
      schedule.state = 'deleted';
      timers.get(key)?.abort();
      schedules.delete(key);
      return sendJson(res, 200, {});
    }
    return schedulerError(res, 400, 'ValidationException', `${req.method} is not served locally`);
  }

  function scheduleGroup(res: ServerResponse, name: string): void {
    if (!account.scheduleGroups.includes(name)) {
      schedulerError(res, 404, 'ResourceNotFoundException', `Schedule group ${name} does not exist.`);
      return;
    }
    const created = epochSeconds(account.createdAt.getTime());
    sendJson(res, 200, {
      Arn: `arn:aws:scheduler:us-east-1:000000000000:schedule-group/${name}`,
      Name: name,
      State: 'ACTIVE',
      CreationDate: created,
      LastModificationDate: created,
    });
  }

  /** SES v2 GetAccount and GetEmailIdentity of the simulated account. */
  function sesRead(res: ServerResponse, path: string): boolean {
    if (path === '/v2/email/account') {
      sendJson(res, 200, account.ses);
      return true;
    }
    const identity = /^\/v2\/email\/identities\/([^/]+)$/.exec(path)?.[1];
    if (identity === undefined) return false;
    const found = account.identities[decodeURIComponent(identity).toLowerCase()];
    if (found) sendJson(res, 200, found);
    else
      res
        .writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'NotFoundException' })
        .end(JSON.stringify({ message: `Email identity ${decodeURIComponent(identity)} does not exist.` }));
    return true;
  }

  /** SES v2 SendEmail: refused above the maximum send rate, as SES does, else handed to aws-ses-v2-local. */
  async function sendEmail(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = await body(req);
    if (!options.rates.admit('email')) {
      res
        .writeHead(429, {
          'content-type': 'application/json',
          'x-amzn-errortype': 'TooManyRequestsException',
        })
        .end(JSON.stringify({ message: 'Maximum sending rate exceeded.' }));
      return;
    }
    const answer = await fetch(`${options.sesUrl}${req.url}`, {
      method: 'POST',
      headers: {
        'content-type': req.headers['content-type'] ?? 'application/json',
        // aws-ses-v2-local wants to see a SigV4 header (it checks nothing in it).
        authorization: req.headers.authorization ?? 'AWS4-HMAC-SHA256 local',
      },
      body: request,
    });
    res
      .writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' })
      .end(await answer.text());
  }

  const fail = (res: ServerResponse) => (error: unknown) => {
    if (!res.headersSent) sendJson(res, 500, { message: String(error) });
  };

  return {
    sms,
    notifications,
    schedules,
    route(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const target = req.headers['x-amz-target'];
      if (typeof target === 'string' && target.startsWith('AWSStepFunctions.')) {
        stepFunctions(req, res, target.slice('AWSStepFunctions.'.length)).catch(fail(res));
        return true;
      }
      if (
        req.method === 'POST' &&
        url.pathname === '/' &&
        /x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')
      ) {
        sns(req, res).catch(fail(res));
        return true;
      }
      const group = /^\/schedule-groups\/([^/]+)$/.exec(url.pathname);
      if (group && req.method === 'GET') {
        scheduleGroup(res, decodeURIComponent(group[1] as string));
        return true;
      }
      if (req.method === 'GET' && sesRead(res, url.pathname)) return true;
      if (req.method === 'POST' && url.pathname === '/v2/email/outbound-emails') {
        sendEmail(req, res).catch(fail(res));
        return true;
      }
      if (req.method === 'GET' && url.pathname === '/_local/rates') {
        sendJson(res, 200, options.rates.stats());
        return true;
      }
      const schedule = /^\/schedules\/([^/]+)$/.exec(url.pathname);
      if (schedule) {
        scheduler(req, res, decodeURIComponent(schedule[1] as string), url).catch(fail(res));
        return true;
      }
      if (req.method === 'GET' && url.pathname === '/_local/sms') {
        sendJson(res, 200, { messages: sms });
        return true;
      }
      if (req.method === 'GET' && url.pathname === '/_local/notifications') {
        sendJson(res, 200, { notifications });
        return true;
      }
      if (req.method === 'GET' && url.pathname === '/_local/executions') {
        options
          .stepFunctions()
          .then((sfn) =>
            sendJson(res, 200, {
              executions: sfn.list().map((e) => ({ ...describe(e), transitions: e.transitions })),
            }),
          )
          .catch(fail(res));
        return true;
      }
      return false;
    },
    close() {
      for (const t of timers.values()) t.abort();
    },
  };
}
