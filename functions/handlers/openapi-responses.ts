/**
 * The bodies of the API's successful answers, as JSON Schema, for the OpenAPI document. The
 * handlers build them from the use cases' types; the contract tests (tests/contract) hold every
 * answer of the local API to these schemas, so they cannot drift from what is sent.
 */
import { CAMPAIGN_STATUSES } from '../domain/journey/campaign.js';

type Schema = Record<string, unknown>;

const string = { type: 'string' };
const dateTime = { type: 'string', format: 'date-time' };
const integer = { type: 'integer', minimum: 0 };
const object = (required: string[], properties: Record<string, Schema>, open = true): Schema => ({
  type: 'object',
  required,
  properties,
  additionalProperties: open,
});
const nullable = (schema: Schema) => ({ oneOf: [schema, { type: 'null' }] });
const number = { type: 'number' };
const counts = { type: 'object', additionalProperties: integer };
const interval = object(['low', 'high'], { low: number, high: number });
/** A share with its Wilson 95 % interval (null while the group is empty). */
const rate = object(['count', 'of', 'rate', 'ci95'], {
  count: integer,
  of: integer,
  rate: nullable(number),
  ci95: nullable(interval),
});
const date = { type: 'string', format: 'date' };

/** The latest scores of a customer (docs/scoring.md): what the console's customer page shows. */
const scores = object(
  ['model', 'modelVersion', 'scoredAt', 'asOf', 'pAlive', 'churnThreshold', 'churnMomentOn', 'rfm'],
  {
    model: string,
    modelVersion: string,
    scoredAt: dateTime,
    asOf: date,
    inputs: object([], {
      repeatPurchases: integer,
      lastPurchaseAfterDays: number,
      observedDays: number,
      firstPurchaseOn: date,
      lastPurchaseOn: date,
      spend: number,
      meanRepeatValue: nullable(number),
      /** Present when the churn moment came from the customer's own purchase cycle. */
      purchaseCycle: object(['gaps', 'usualGapDays', 'logGapSd'], {
        gaps: integer,
        usualGapDays: number,
        logGapSd: number,
      }),
    }),
    pAlive: number,
    pAliveIn90Days: number,
    expectedPurchases90Days: number,
    expectedPurchases365Days: number,
    expectedNextOrderOn: date,
    churnThreshold: number,
    churnMomentOn: nullable(date),
    /** What the churn moment (and P(alive)) came from: the population's model or the customer's own cycle. */
    churnMomentMethod: { enum: ['model', 'purchase-cycle'] },
    /** How the transaction model was fitted: maximum likelihood, or shrunk to a prior for a small population. */
    modelFit: { enum: ['maximum-likelihood', 'shrunk-to-prior'] },
    expectedOrderValue: number,
    clv365Days: number,
    rfm: object(['recency', 'frequency', 'monetary', 'segment'], {
      recency: integer,
      frequency: integer,
      monetary: integer,
      segment: string,
    }),
    regularity: nullable({ enum: ['X', 'Y', 'Z'] }),
    gapCv: nullable(number),
    lapsedCategories: { type: 'array', items: string },
  },
);

const pair = { type: 'array', items: number, minItems: 2, maxItems: 2 };
const parameters = { type: 'object', additionalProperties: number };

/** The current scoring model with its backtest (functions/use-cases/get-scoring-model.ts). */
const scoringModel = object(
  [
    'version',
    'asOf',
    'unitDays',
    'transaction',
    'spend',
    'warnings',
    'fittedAt',
    'customers',
    'churnThreshold',
  ],
  {
    version: string,
    asOf: date,
    unitDays: integer,
    transaction: object(['model', 'params', 'logLikelihood', 'customers', 'converged'], {
      model: { enum: ['bgnbd', 'mbgnbd', 'pareto'] },
      params: parameters,
      logLikelihood: number,
      customers: integer,
      converged: { type: 'boolean' },
      /** Present when the population was too small to fit alone: the prior it was shrunk towards. */
      prior: object(['center', 'logSd', 'clockFactor', 'source'], {
        center: { type: 'object', additionalProperties: number },
        logSd: number,
        clockFactor: number,
        source: string,
      }),
    }),
    spend: object(['params', 'logLikelihood', 'sampleMean', 'customers'], {
      params: nullable(parameters),
      logLikelihood: nullable(number),
      sampleMean: number,
      customers: integer,
    }),
    warnings: { type: 'array', items: string },
    fittedAt: dateTime,
    customers: integer,
    churnThreshold: number,
    publishedAt: dateTime,
    scored: integer,
    unchanged: integer,
    skipped: integer,
    backtestSkipped: string,
    backtest: object(
      ['calibrationEnd', 'holdoutEnd', 'unitDays', 'firstDay', 'customers', 'auc', 'holdout', 'tracking'],
      {
        calibrationEnd: date,
        holdoutEnd: date,
        unitDays: integer,
        firstDay: date,
        customers: integer,
        sampledFrom: integer,
        auc: nullable(
          object(['model', 'recency', 'interval95', 'modelOverRecency'], {
            model: number,
            recency: number,
            interval95: object(['model', 'recency'], { model: pair, recency: pair }),
            modelOverRecency: object(['difference', 'interval95'], { difference: number, interval95: pair }),
          }),
        ),
        holdout: object(['actual', 'expected', 'error'], {
          actual: number,
          expected: number,
          error: nullable(number),
        }),
        /** Absent from models stored before it was kept; the last row (`7+`) gathers the frequent. */
        byFrequency: {
          type: 'array',
          items: object(['frequency', 'customers', 'actualMean', 'expectedMean'], {
            frequency: string,
            customers: integer,
            actualMean: number,
            expectedMean: number,
          }),
        },
        tracking: {
          type: 'array',
          items: object(['time', 'actual', 'expected'], { time: number, actual: number, expected: number }),
        },
      },
    ),
    /**
     * P(alive) by repeat purchases (rows) and time of the last purchase (columns, in model units)
     * for a customer observed T units, from the backtest's first day to the as-of day
     * (functions/domain/scoring/model-alive-matrix.ts). Absent when the model has no backtest.
     */
    aliveMatrix: object(['T', 'frequencies', 'recencies', 'pAlive'], {
      T: number,
      frequencies: { type: 'array', items: integer },
      recencies: { type: 'array', items: number },
      pAlive: { type: 'array', items: { type: 'array', items: number } },
    }),
  },
);

/** A customer's journeys and P(alive) curve (functions/use-cases/customer-timeline.ts). */
const customerTimeline = object(['customerId', 'journeys', 'pAlive'], {
  customerId: string,
  journeys: {
    type: 'array',
    items: object(['campaignId', 'campaignName', 'customerId', 'status', 'enrolledAt', 'timeline'], {
      campaignId: string,
      campaignName: string,
      customerId: string,
      status: { enum: ['active', 'held-out', 'not-enrolled', 'ended', 'completed', 'failed'] },
      enrolledAt: dateTime,
      exitReason: string,
      churnMomentOn: nullable(date),
      timeline: {
        type: 'array',
        items: object(['at', 'step', 'outcome'], {
          at: dateTime,
          step: { enum: ['start', 'email', 'sms', 'call', 'call-task', 'exit'] },
          outcome: string,
          reason: string,
        }),
      },
    }),
  },
  pAlive: nullable(
    object(['churnThreshold', 'churnMomentOn', 'points'], {
      churnThreshold: number,
      churnMomentOn: nullable(date),
      points: { type: 'array', items: object(['on', 'pAlive'], { on: date, pAlive: number }) },
    }),
  ),
});

const stepFigures = {
  eligible: integer,
  sent: integer,
  skipped: counts,
  responded: integer,
};

/** A campaign's report (functions/domain/journey/campaign-report.ts says what each count means). */
const report = object(['campaignId', 'status', 'generatedAt', 'builtBy', 'journeys', 'steps'], {
  campaignId: string,
  status: { enum: [...CAMPAIGN_STATUSES] },
  generatedAt: dateTime,
  builtBy: { enum: ['request', 'campaign run'] },
  attributionDays: integer,
  journeys: object(
    [
      'enrolled',
      'heldOut',
      'notEnrolled',
      'active',
      'waiting',
      'contacted',
      'completed',
      'endedByCustomer',
      'endedByCampaign',
      'failed',
      'failures',
    ],
    {
      enrolled: integer,
      heldOut: integer,
      notEnrolled: integer,
      active: integer,
      waiting: integer,
      contacted: integer,
      completed: integer,
      endedByCustomer: integer,
      endedByCampaign: integer,
      failed: integer,
      failures: counts,
    },
  ),
  steps: object([], {
    email: object([], {
      ...stepFigures,
      delivered: integer,
      bounced: integer,
      complained: integer,
      opened: integer,
      clicked: integer,
      unsubscribed: integer,
    }),
    sms: object([], {
      ...stepFigures,
      parts: {
        ...integer,
        description: 'The parts (segments) the carriers bill for the texts sent; SMS cost is per part.',
      },
    }),
    call: object([], {
      scheduled: integer,
      skipped: counts,
      tasks: integer,
      open: integer,
      done: integer,
      results: counts,
      leavingReasons: counts,
    }),
  }),
  responses: counts,
  stopped: counts,
  surveys: object(['answers', 'leavingReasons'], { answers: integer, leavingReasons: counts }),
  kpis: object(
    [
      'reactivationRate',
      'incrementalReactivations',
      'averageOrderValue',
      'revenue',
      'incrementalRevenue',
      'totalCost',
      'costPerIncrementalReactivation',
      'expectedValueOfReactivated',
    ],
    {
      reactivationRate: rate,
      incrementalReactivations: nullable(object(['value', 'ci95'], { value: number, ci95: interval })),
      averageOrderValue: object(['enrolled', 'heldOut'], {
        enrolled: nullable(number),
        heldOut: nullable(number),
      }),
      revenue: nullable(number),
      incrementalRevenue: nullable(number),
      totalCost: number,
      costPerIncrementalReactivation: nullable(
        object(['value', 'ci95'], {
          value: number,
          ci95: object(['low', 'high'], { low: number, high: nullable(number) }),
        }),
      ),
      expectedValueOfReactivated: {
        ...number,
        description:
          "The scoring model's 365-day value, at enrolment, of the enrolled customers who came back",
      },
    },
  ),
  variants: nullable(
    object(['variants', 'pairwise', 'winner'], {
      variants: {
        type: 'array',
        items: object(['id', 'share', 'enrolled', 'reactivation', 'lift', 'revenue'], {
          id: string,
          name: string,
          share: number,
          enrolled: integer,
          reactivation: rate,
          lift: nullable(
            object(['difference', 'ci95', 'significant'], {
              difference: number,
              ci95: interval,
              significant: { type: 'boolean' },
            }),
          ),
          revenue: nullable(object(['meanA', 'meanB', 'difference', 'ci95'], {})),
        }),
      },
      pairwise: {
        type: 'array',
        items: object(['a', 'b', 'difference', 'ci95', 'significant'], {
          a: string,
          b: string,
          difference: number,
          ci95: interval,
          significant: { type: 'boolean' },
        }),
      },
      winner: {
        ...nullable(string),
        description: "The variant whose reactivation interval lies above every other's; null until one does",
      },
    }),
  ),
  leavingReasons: {
    type: 'object',
    description: "Why customers left, from survey answers and managers' call outcomes",
    additionalProperties: object(['survey', 'call', 'total'], {
      survey: integer,
      call: integer,
      total: integer,
    }),
  },
  offers: object(
    ['codesGiven', 'fellBack', 'redemptions', 'redeemedCodes', 'redeemedByOthers', 'discountGiven'],
    {
      codesGiven: { ...integer, description: 'Journeys that got a personal code of their own' },
      fellBack: object(['sharedCode', 'noMessage'], { sharedCode: integer, noMessage: integer }),
      redemptions: { ...integer, description: "Orders that redeemed a journey's code" },
      redeemedCodes: integer,
      redeemedByOthers: { ...integer, description: 'Redemptions by someone other than the recipient' },
      discountGiven: number,
      byRule: {
        ...counts,
        description: 'Enrolled journeys by the offer rule they fell under (campaign offer: none matched)',
      },
      withheld: object(['noOffer', 'noMessage'], { noOffer: integer, noMessage: integer }),
    },
  ),
  reactivation: object(['enrolled', 'heldOut', 'lift', 'relativeLift', 'significant'], {
    enrolled: rate,
    heldOut: rate,
    lift: nullable(object(['difference', 'ci95'], { difference: number, ci95: interval })),
    relativeLift: nullable(number),
    significant: { type: 'boolean' },
  }),
  revenue: nullable(
    object(['meanA', 'meanB', 'difference', 'ci95', 'incremental'], {
      meanA: number,
      meanB: number,
      difference: number,
      ci95: nullable(interval),
      incremental: number,
    }),
  ),
  cost: object(['email', 'sms', 'calls', 'aws', 'discounts', 'total'], {
    email: number,
    sms: number,
    calls: { ...number, description: 'Calls made (an outcome recorded) at reports.callPrice' },
    aws: number,
    discounts: { ...number, description: 'What redeemed codes took off their orders' },
    total: number,
  }),
  roi: nullable(
    object(['value', 'ci95', 'significant'], {
      value: number,
      ci95: nullable(interval),
      significant: { type: 'boolean' },
    }),
  ),
});

const customer = object(['customerId', 'status', 'consent', 'purchases', 'scores'], {
  customerId: string,
  status: { enum: ['active', 'erased'] },
  email: string,
  phone: string,
  firstName: string,
  timeZone: string,
  locale: string,
  consent: object(['email', 'sms'], { email: { type: 'boolean' }, sms: { type: 'boolean' } }),
  attributes: { type: 'object' },
  purchases: nullable(object(['orders'], { orders: integer, spend: { type: 'number' } })),
  scores: nullable(scores),
});

const campaign = object(['campaignId', 'name', 'status', 'createdAt', 'updatedAt'], {
  campaignId: string,
  name: string,
  status: { enum: [...CAMPAIGN_STATUSES] },
  createdAt: dateTime,
  updatedAt: dateTime,
  launch: object(['launchedAt', 'scanned', 'selected', 'started', 'heldOut', 'excluded'], {
    launchedAt: dateTime,
    scanned: integer,
    selected: integer,
    started: integer,
    heldOut: integer,
    excluded: counts,
  }),
  emailStats: counts,
  /** The latest report the campaign's run built. */
  report,
  runFailure: object(['run', 'reason', 'at'], {
    run: { enum: ['launch', 'cancel'] },
    reason: string,
    at: dateTime,
  }),
});

const callTask = object(['taskId', 'campaignId', 'customerId', 'status', 'dueAt', 'createdAt', 'context'], {
  taskId: string,
  campaignId: string,
  customerId: string,
  status: { enum: ['open', 'done', 'cancelled'] },
  dueAt: dateTime,
  createdAt: dateTime,
  context: { type: 'object' },
  assignee: string,
  /** Who reached the customer last: the task goes to someone else. */
  previousContact: object(['managerId', 'at'], { managerId: string, at: dateTime }),
  outcome: { type: 'object' },
});

const batchResult = object(['summary', 'results'], {
  summary: { type: 'object', additionalProperties: integer },
  results: {
    type: 'array',
    items: object(['index', 'status'], { index: integer, status: string }),
  },
});

const customerExample = {
  customerId: 'c-1001',
  status: 'active',
  email: 'ana@example.com',
  firstName: 'Ana',
  timeZone: 'America/Los_Angeles',
  consent: { email: true, sms: false },
  attributes: { tier: 'gold' },
  purchases: { orders: 4, spend: 182.5, lastPurchaseAt: '2026-03-01T18:30:00.000Z' },
  scores: null,
};
const campaignExample = {
  campaignId: 'spring-winback',
  name: 'Spring win-back',
  status: 'draft',
  createdAt: '2026-03-02T09:00:00.000Z',
  updatedAt: '2026-03-02T09:00:00.000Z',
};
const callTaskExample = {
  taskId: 'call-spring-winback-c-1001',
  campaignId: 'spring-winback',
  customerId: 'c-1001',
  status: 'open',
  dueAt: '2026-03-20T16:00:00.000Z',
  createdAt: '2026-03-20T15:59:58.000Z',
  context: { firstName: 'Ana', lastPurchaseAt: '2026-03-01T18:30:00.000Z' },
};

/** An example of each answer (validated against its schema by tests/unit/handlers/openapi-document.test.ts). */
export const RESPONSE_EXAMPLES: Record<string, unknown> = {
  CustomerTimeline: {
    customerId: 'c-1001',
    journeys: [
      {
        campaignId: 'spring-winback',
        campaignName: 'Spring win-back',
        customerId: 'c-1001',
        status: 'ended',
        enrolledAt: '2026-03-02T09:05:00.000Z',
        exitReason: 'purchase',
        timeline: [
          { at: '2026-03-02T09:05:00.000Z', step: 'start', outcome: 'enrolled' },
          { at: '2026-03-09T17:00:00.000Z', step: 'email', outcome: 'sent' },
          { at: '2026-03-10T12:31:00.000Z', step: 'exit', outcome: 'purchase' },
        ],
      },
    ],
    pAlive: {
      churnThreshold: 0.5,
      churnMomentOn: '2026-03-16',
      points: [
        { on: '2025-11-20', pAlive: 1 },
        { on: '2026-03-16', pAlive: 0.49 },
      ],
    },
  },
  ScoringModel: {
    version: '3f9a0c1b2d4e',
    asOf: '1998-06-30',
    unitDays: 7,
    transaction: {
      model: 'pareto',
      params: { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 },
      logLikelihood: -9594.98,
      customers: 23570,
      converged: true,
    },
    spend: {
      params: { p: 6.25, q: 3.74, v: 15.44 },
      logLikelihood: -41230.5,
      sampleMean: 35.2,
      customers: 7857,
    },
    warnings: [],
    fittedAt: '2026-03-02T02:00:11.000Z',
    customers: 23570,
    churnThreshold: 0.5,
    publishedAt: '2026-03-02T02:03:40.000Z',
    scored: 23570,
    unchanged: 0,
    skipped: 0,
    backtest: {
      calibrationEnd: '1997-12-30',
      holdoutEnd: '1998-06-30',
      unitDays: 7,
      firstDay: '1997-01-01',
      customers: 23570,
      auc: {
        model: 0.781,
        recency: 0.762,
        interval95: { model: [0.773, 0.789], recency: [0.754, 0.77] },
        modelOverRecency: { difference: 0.019, interval95: [0.015, 0.023] },
      },
      holdout: { actual: 5652, expected: 5483.2, error: -0.03 },
      byFrequency: [
        { frequency: '0', customers: 14722, actualMean: 0.11, expectedMean: 0.12 },
        { frequency: '1', customers: 4412, actualMean: 0.34, expectedMean: 0.33 },
        { frequency: '7+', customers: 415, actualMean: 3.9, expectedMean: 3.7 },
      ],
      tracking: [
        { time: 0, actual: 0, expected: 0 },
        { time: 52, actual: 9842, expected: 9790.1 },
        { time: 78, actual: 15494, expected: 15273.3 },
      ],
    },
    aliveMatrix: {
      T: 77.86,
      frequencies: [0, 1, 2],
      recencies: [0, 38.93, 77.86],
      pAlive: [
        [0.16, 0.16, 0.16],
        [0.04, 0.59, 1],
        [0.01, 0.5, 1],
      ],
    },
  },
  CodePool: {
    poolId: 'spring-codes',
    name: 'Spring 2027, 20 % off',
    expiresOn: '2027-04-30',
    size: 25000,
    uploadedAt: '2027-02-01T09:00:00.000Z',
    claimed: 1200,
    remaining: 23800,
    expired: false,
  },
  Customer: customerExample,
  Campaign: campaignExample,
  CallTask: callTaskExample,
  BatchResult: {
    summary: { accepted: 1, unchanged: 1 },
    results: [
      { index: 0, status: 'accepted' },
      { index: 1, status: 'unchanged' },
    ],
  },
  CampaignList: { campaigns: [campaignExample] },
  CallTaskList: { tasks: [callTaskExample] },
  ResponseOutcome: { customerId: 'c-1001', ended: ['spring-winback'] },
  Preview: {
    campaignId: 'spring-winback',
    generatedAt: '2026-03-02T09:05:00.000Z',
    audience: { scanned: 21000, selected: 3200, heldOut: 320, reached: 2880, bySegment: {}, excluded: {} },
    channels: { email: 2600, sms: 900, callOnly: 120 },
    firstEmailDays: { '2026-03-09': 1400, '2026-03-10': 1200 },
    plannedByDay: {
      email: { '2026-03-09': 1400, '2026-03-10': 1200 },
      sms: { '2026-03-12': 500, '2026-03-13': 400 },
      call: { '2026-03-16': 120 },
    },
    otherCampaigns: {
      heldBack: { 'in another campaign': 40, 'cooling down': 12 },
      heldBackBy: { 'vip-winback': 40 },
      takenOver: 0,
      takenOverFrom: {},
    },
    warnings: [
      {
        code: 'no-callable-hours',
        count: 2,
        message:
          "no callable hours: 2 customers — their calling window never meets the managers' hours (09:00–17:00 UTC)",
      },
    ],
    sample: [],
  },
  Report: {
    campaignId: 'spring-winback',
    status: 'running',
    generatedAt: '2026-04-02T09:00:00.000Z',
    builtBy: 'campaign run',
    journeys: {
      enrolled: 2880,
      heldOut: 320,
      notEnrolled: 0,
      active: 310,
      waiting: 120,
      contacted: 2760,
      completed: 2210,
      endedByCustomer: 301,
      endedByCampaign: 0,
      failed: 59,
      failures: { 'States.Timeout': 59 },
    },
    steps: { email: { sent: 2590 } },
  },
};

/** The reusable schemas (`components.schemas`). */
export const RESPONSE_SCHEMAS: Record<string, Schema> = {
  Customer: customer,
  Campaign: campaign,
  CallTask: callTask,
  BatchResult: batchResult,
  CampaignList: object(['campaigns'], {
    campaigns: { type: 'array', items: { $ref: '#/components/schemas/Campaign' } },
  }),
  CallTaskList: object(['tasks'], {
    tasks: { type: 'array', items: { $ref: '#/components/schemas/CallTask' } },
  }),
  ResponseOutcome: object(['customerId', 'ended'], {
    customerId: string,
    ended: { type: 'array', items: string },
  }),
  Preview: object(
    [
      'campaignId',
      'generatedAt',
      'audience',
      'channels',
      'firstEmailDays',
      'plannedByDay',
      'warnings',
      'sample',
    ],
    {
      campaignId: string,
      generatedAt: dateTime,
      audience: object(['scanned', 'selected', 'heldOut', 'reached'], {
        scanned: integer,
        selected: integer,
        heldOut: integer,
        reached: integer,
        bySegment: counts,
        byVariant: {
          ...counts,
          description: "The reached by the variant they would get (base: the campaign's own messages)",
        },
        excluded: counts,
      }),
      channels: object(['email', 'sms', 'callOnly'], {
        email: integer,
        sms: integer,
        callOnly: integer,
        skipped: object(['email', 'sms'], { email: counts, sms: counts }),
        notEnrolled: counts,
        estimatedFrom: object(['profiles', 'of'], { profiles: integer, of: integer }),
      }),
      firstEmailDays: counts,
      plannedByDay: object(['email', 'sms', 'call'], { email: counts, sms: counts, call: counts }),
      sample: {
        type: 'array',
        items: object(['customerId', 'timeZone', 'timeline'], {
          customerId: string,
          variant: string,
          timeZone: string,
          timeline: {
            type: 'array',
            items: object(['step', 'at', 'local'], {
              step: { enum: ['email', 'sms', 'call'] },
              at: dateTime,
              local: string,
            }),
          },
          email: object(['subject', 'text'], { subject: string, text: string }),
          sms: string,
        }),
      },
      otherCampaigns: object(['heldBack', 'heldBackBy', 'takenOver', 'takenOverFrom'], {
        heldBack: object([], { 'in another campaign': integer, 'cooling down': integer }),
        heldBackBy: { type: 'object', additionalProperties: integer },
        takenOver: integer,
        takenOverFrom: { type: 'object', additionalProperties: integer },
      }),
      warnings: {
        type: 'array',
        items: object(['code', 'count', 'message'], {
          code: {
            enum: [
              'mostly-call-only',
              'unreachable',
              'no-callable-hours',
              'calls-over-capacity',
              'emails-over-rate',
              'sms-over-rate',
              'held-back',
              'takes-over',
              'code-pool-too-small',
              'code-pool-expires',
            ],
          },
          count: integer,
          message: string,
          days: { type: 'object', additionalProperties: integer },
        }),
      },
    },
  ),
  Report: report,
  ScoringModel: scoringModel,
  CustomerTimeline: customerTimeline,
  CodePool: object(['poolId', 'expiresOn', 'size', 'uploadedAt', 'claimed', 'remaining', 'expired'], {
    poolId: string,
    name: string,
    expiresOn: date,
    size: integer,
    uploadedAt: dateTime,
    claimed: { ...integer, description: 'Codes journeys have claimed (one each)' },
    remaining: integer,
    expired: { type: 'boolean', description: 'Past expiresOn: journeys no longer claim from it' },
  }),
};

for (const [name, example] of Object.entries(RESPONSE_EXAMPLES))
  RESPONSE_SCHEMAS[name] = { ...RESPONSE_SCHEMAS[name], examples: [example] };

export const ref = (name: keyof typeof RESPONSE_SCHEMAS & string) => ({
  $ref: `#/components/schemas/${name}`,
});
