/**
 * The API held to its own OpenAPI document: requests generated from the document the API serves
 * (`GET /v1/openapi.json`) — valid ones, and near-valid ones with one thing wrong (a field
 * missing or unknown, a value of the wrong type or past its limits, text that is not Unicode, an
 * id past its rule, a body that is not JSON) — sent to the local API one at a time. Each answer
 * is checked: never a 5xx, a status the document lists for the operation, a body that matches the
 * document's schema for that status, and after a 4xx the stores exactly as before.
 *
 * Generation is property-based (fast-check, seeded: a run is repeatable from its seed); answers
 * are checked with Ajv against the document's own schemas.
 */
import { createHash } from 'node:crypto';
import { DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import type { LocalStack } from '../../lib/local/local-stack.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema and OpenAPI are free-form JSON
type Json = any;

export interface Finding {
  request: string;
  status: number;
  problem: string;
}

export interface FuzzReport {
  seed: number;
  requests: number;
  byStatus: Record<string, number>;
  /** Answers of 500 and above. */
  serverErrors: Finding[];
  /** A status the document does not list for the operation, or a body that does not match its schema. */
  nonConforming: Finding[];
  /** A 4xx after which a store had changed. */
  partialWrites: Finding[];
}

interface Operation {
  method: string;
  path: string;
  op: Json;
}

/** Ids the generator prefers, so that valid requests reach existing records (and 2xx answers). */
export const KNOWN = {
  customerId: ['fz-1', 'fz-2', 'fz-3'],
  campaignId: ['fz-draft', 'fz-other'],
};

const MAX_STRING = 40;

/** An arbitrary of the values `schema` accepts (the subset of JSON Schema the document uses). */
export function valid(schema: Json, name = ''): fc.Arbitrary<unknown> {
  if (!schema || Object.keys(schema).length === 0) return fc.jsonValue({ maxDepth: 2 });
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return fc.oneof(...alternatives.map((s: Json) => valid(s, name)));
  const known = KNOWN[name as keyof typeof KNOWN];
  switch (schema.type) {
    case 'object': {
      const properties: Record<string, Json> = schema.properties ?? {};
      if (Object.keys(properties).length === 0 && typeof schema.additionalProperties === 'object')
        return fc.dictionary(
          fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/),
          valid(schema.additionalProperties),
          { maxKeys: 4 },
        );
      // Optional fields mostly left out: each one sent is one more chance of a refusal, and the
      // valid side of the contract (2xx answers, writes) needs requests that get through.
      const required = new Set<string>(schema.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, sub] of Object.entries(properties))
        record[key] = required.has(key)
          ? valid(sub, key)
          : fc.oneof(
              { weight: 3, arbitrary: fc.constant(undefined) },
              { weight: 1, arbitrary: valid(sub, key) },
            );
      return fc
        .record(record)
        .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));
    }
    case 'array':
      return fc.array(valid(schema.items ?? {}), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 4, 4)),
      });
    case 'string': {
      if (known) return fc.oneof(fc.constantFrom(...known), fc.constantFrom(...known), text(schema));
      return text(schema);
    }
    case 'integer':
      return fc.integer({
        min: Math.ceil(schema.minimum ?? (schema.exclusiveMinimum ?? -1_000_001) + 1e-9),
        max: Math.floor(schema.maximum ?? (schema.exclusiveMaximum ?? 1_000_001) - 1e-9),
      });
    case 'number': {
      const min = schema.minimum ?? schema.exclusiveMinimum ?? -Number.MAX_VALUE;
      const max = schema.maximum ?? schema.exclusiveMaximum ?? Number.MAX_VALUE;
      const inRange = (n: number) =>
        n >= min && n <= max && n !== schema.exclusiveMinimum && n !== schema.exclusiveMaximum;
      // Every magnitude JSON allows: the schema's bounds say nothing of what a store can hold.
      const edges = [min, max, 0, 1e-200, 5e-324, 1e-130, 0.1, 2 ** 53 + 2, 1e126, 1e300, -1e-200].filter(
        inRange,
      );
      const ordinary = fc
        .double({ min: Math.max(min, -1e6), max: Math.min(max, 1e6), noNaN: true, noDefaultInfinity: true })
        .map((n) => Math.round(n * 100) / 100)
        .filter(inRange);
      return edges.length ? fc.oneof(ordinary, fc.constantFrom(...edges)) : ordinary;
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

function text(schema: Json): fc.Arbitrary<string> {
  if (schema.format === 'date-time')
    return fc
      .date({ min: new Date('2020-01-01'), max: new Date(), noInvalidDate: true })
      .map((d) => d.toISOString());
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'email') return fc.emailAddress();
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? MAX_STRING, MAX_STRING));
  if (schema.pattern)
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Number.POSITIVE_INFINITY));
  return fc.string({ minLength, maxLength });
}

/** Values no schema of ours accepts anywhere, or only at their very edge. */
const HOSTILE: fc.Arbitrary<unknown> = fc.constantFrom(
  1e-200,
  -1e-200,
  2 ** 53 + 2,
  1e300,
  -1,
  0,
  '',
  'x'.repeat(5_000),
  '\ud800',
  'a\u0000b',
  '<script>alert(1)</script>',
  '\r\nX-Injected: 1',
  null,
  true,
  [],
  {},
  { __proto__: 1 },
  [[[[[[[[[[[]]]]]]]]]]],
);

/** One thing wrong: a field dropped or added, or a value replaced by a hostile one. */
function nearValid(value: unknown): fc.Arbitrary<unknown> {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (Array.isArray(v)) for (const [i, item] of v.entries()) walk(item, [...path, i]);
    else if (v && typeof v === 'object') for (const [k, item] of Object.entries(v)) walk(item, [...path, k]);
  };
  walk(value, []);
  return fc.tuple(fc.constantFrom(...paths), fc.nat(3), HOSTILE).map(([path, how, hostile]) => {
    const copy = structuredClone(value) as Json;
    if (path.length === 0) return how === 0 ? hostile : copy;
    const parent = path.slice(0, -1).reduce((v: Json, k) => v[k], copy);
    const key = path[path.length - 1] as string | number;
    if (how === 0 && !Array.isArray(parent)) delete parent[key];
    else if (how === 1 && !Array.isArray(parent)) parent[`unknown_${String(key)}`] = hostile;
    else parent[key] = hostile;
    return copy;
  });
}

/** A path parameter: valid by its schema (or a known id), or past its rule. */
function pathValue(schema: Json, name: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: valid(schema, name) as fc.Arbitrary<string> },
    {
      weight: 1,
      // Already escaped where encodeURIComponent could not (a lone surrogate's CESU-8 bytes).
      arbitrary: fc.constantFrom('x'.repeat(3_000), 'UPPER case', '%E0%A4%A', '%00', 'a/b', '%ED%A0%80'),
    },
  );
}

interface GeneratedRequest {
  method: string;
  path: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  operation: Operation;
}

function requestArbitrary(document: Json, operations: Operation[]): fc.Arbitrary<GeneratedRequest> {
  return fc.constantFrom(...operations).chain((operation) => {
    const { op, path, method } = operation;
    const parameters: Json[] = op.parameters ?? [];
    const pathParams = parameters.filter((p) => p.in === 'path');
    const queryParams = parameters.filter((p) => p.in === 'query');
    const keyed = parameters.some((p) => p.in === 'header' && p.name === 'Idempotency-Key');
    const bodySchema = op.requestBody?.content?.['application/json']?.schema;
    const body: fc.Arbitrary<string | undefined> = bodySchema
      ? valid(bodySchema).chain((v) =>
          fc.oneof(
            { weight: 3, arbitrary: fc.constant(JSON.stringify(v)) },
            { weight: 5, arbitrary: nearValid(v).map((m) => JSON.stringify(m)) },
            { weight: 1, arbitrary: fc.constantFrom('{', '[]', 'null', '{"a":1,"a":2}', '') },
          ),
        )
      : fc.constant(undefined);
    return fc
      .record({
        values: fc.tuple(...pathParams.map((p) => pathValue(p.schema, p.name))),
        query: fc.record(Object.fromEntries(queryParams.map((p) => [p.name, valid(p.schema, p.name)])), {
          requiredKeys: [],
        }),
        body,
        key: keyed
          ? fc.option(fc.oneof(fc.uuid(), fc.constantFrom('fz-key-1', 'x'.repeat(300))))
          : fc.constant(null),
        contentType: fc.constantFrom(
          'application/json',
          'application/json',
          'application/json',
          'text/plain',
        ),
      })
      .map(({ values, query, body, key, contentType }) => {
        let filled = path;
        pathParams.forEach((p, i) => {
          const value = values[i] as string;
          filled = filled.replace(`{${p.name}}`, value.includes('%') ? value : encodeURIComponent(value));
        });
        const search = new URLSearchParams(
          Object.entries(query).flatMap(([k, v]): [string, string][] =>
            v === undefined ? [] : [[k, String(v)]],
          ),
        ).toString();
        const headers: Record<string, string> = {};
        if (body !== undefined) headers['content-type'] = contentType;
        if (key) headers['idempotency-key'] = key;
        return {
          method: method.toUpperCase(),
          path,
          url: `${document.servers[0].url}${filled}${search ? `?${search}` : ''}`,
          headers,
          ...(body !== undefined ? { body } : {}),
          operation,
        };
      });
  });
}

/** A digest of every item of every table: equal before and after means nothing was written. */
async function storesDigest(db: DynamoDBClient, tables: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const table of tables) {
    const items: string[] = [];
    for await (const page of paginateScan({ client: db }, { TableName: table }))
      for (const item of page.Items ?? []) items.push(JSON.stringify(item, Object.keys(item).sort()));
    hash.update(`${table}:${items.sort().join('\n')}`);
  }
  return hash.digest('hex');
}

/** Waits until no campaign run or journey is running (their writes are not the request's). */
async function quiesce(stack: LocalStack): Promise<void> {
  const sfn = await stack.stepFunctions();
  for (let i = 0; i < 200 && sfn.list().some((e) => e.status === 'RUNNING'); i++)
    await new Promise((r) => setTimeout(r, 25));
}

export async function fuzzApi(
  stack: LocalStack,
  options: { seed: number; requests: number; onProgress?: (done: number) => void },
): Promise<FuzzReport> {
  const auth = { authorization: `Bearer ${stack.token}` };
  const document: Json = await (await fetch(`${stack.apiUrl}/v1/openapi.json`, { headers: auth })).json();
  document.servers = [{ url: stack.apiUrl }];
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  addFormats.default(ajv);
  ajv.addSchema({ $id: 'doc', components: document.components } as Json);
  const schemaFor = (schema: Json) =>
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/'));
  const operations: Operation[] = Object.entries<Json>(document.paths).flatMap(([path, ops]) =>
    Object.entries<Json>(ops).map(([method, op]) => ({ method, path, op })),
  );
  const db = new DynamoDBClient({
    endpoint: stack.dynamodbEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const tables = Object.values(stack.tables);
  const report: FuzzReport = {
    seed: options.seed,
    requests: 0,
    byStatus: {},
    serverErrors: [],
    nonConforming: [],
    partialWrites: [],
  };
  const samples = fc.sample(requestArbitrary(document, operations), {
    seed: options.seed,
    numRuns: options.requests,
  });
  for (const request of samples) {
    await quiesce(stack);
    const before = await storesDigest(db, tables);
    const response = await fetch(request.url, {
      method: request.method,
      headers: { ...auth, ...request.headers },
      ...(request.body !== undefined ? { body: request.body } : {}),
      redirect: 'manual',
    });
    const text = await response.text();
    const status = response.status;
    report.requests++;
    report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
    const label = `${request.method} ${request.url.replace(stack.apiUrl, '')}${request.body !== undefined ? ` ${request.body.slice(0, 200)}` : ''}`;
    const finding = (problem: string): Finding => ({ request: label, status, problem });
    if (status >= 500) report.serverErrors.push(finding(text.slice(0, 300)));
    const documented = request.operation.op.responses?.[String(status)];
    if (!documented) report.nonConforming.push(finding(`status ${status} is not documented`));
    else {
      const declared = documented.$ref
        ? document.components.responses[documented.$ref.split('/').pop()]
        : documented;
      const [mediaType, media] = Object.entries<Json>(declared.content ?? {})[0] ?? [];
      const type = response.headers.get('content-type') ?? '';
      if (mediaType && !type.startsWith(mediaType))
        report.nonConforming.push(finding(`answered ${type}, the document says ${mediaType}`));
      else if (mediaType?.endsWith('json') && media?.schema) {
        const validate = ajv.compile(schemaFor(media.schema));
        if (!validate(text ? JSON.parse(text) : undefined))
          report.nonConforming.push(finding(`body: ${ajv.errorsText(validate.errors)}`));
      }
    }
    if (status >= 400 && status < 500) {
      await quiesce(stack);
      if ((await storesDigest(db, tables)) !== before) report.partialWrites.push(finding('a store changed'));
    }
    options.onProgress?.(report.requests);
  }
  db.destroy();
  return report;
}

/** Data the generated requests can reach: a few customers with orders, and draft campaigns. */
export async function seedFuzzData(stack: LocalStack): Promise<void> {
  const call = (method: string, path: string, body: unknown) =>
    fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  for (const customerId of KNOWN.customerId)
    await call('PUT', `/v1/customers/${customerId}`, {
      email: `${customerId}@example.com`,
      consent: { email: true, sms: false },
    });
  await call('POST', '/v1/orders/batch', {
    orders: KNOWN.customerId.map((customerId, i) => ({
      orderId: `fz-order-${i}`,
      customerId,
      orderedAt: '2025-06-01T10:00:00Z',
      amount: 20 + i,
    })),
  });
  for (const campaignId of KNOWN.campaignId)
    await call('POST', '/v1/campaigns', {
      campaignId,
      name: campaignId,
      email: { subject: 'We miss you', html: '<p>Hello</p>', text: 'Hello' },
      sms: { text: 'Hello' },
    });
}
