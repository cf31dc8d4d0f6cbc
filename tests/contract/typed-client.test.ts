/**
 * A client generated from the API's own OpenAPI document works: the types openapi-typescript
 * makes of `GET /v1/openapi.json` (console/src/api/api-types.ts, kept current by `npm run
 * api:types`) and openapi-fetch create, preview and start a campaign on the local stack — with
 * the statuses and bodies the types promise.
 */
import { readFileSync } from 'node:fs';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { paths } from '../../console/src/api/api-types.js';
import type { LocalStack } from '../../lib/local/local-stack.js';
import { startTestStack } from '../support/local-stack.js';
import { API_TYPES_FILE, apiTypes } from './generate-api-types.js';

describe('A client generated from the OpenAPI document', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startTestStack({ timeScale: 86_400 });
  });
  afterAll(() => stack.close());

  it('is generated from the current document (npm run api:types)', async () => {
    expect(readFileSync(API_TYPES_FILE, 'utf8')).toBe(await apiTypes());
  });

  it('creates, previews and starts a campaign, typed end to end', async () => {
    // Prepare
    const api = createClient<paths>({
      baseUrl: stack.apiUrl,
      headers: { authorization: `Bearer ${stack.token}` },
    });

    // Act
    const created = await api.POST('/v1/campaigns', {
      body: {
        campaignId: 'typed',
        name: 'Typed client',
        email: { subject: 'We miss you', html: '<p>Hello {{firstName}}</p>', text: 'Hello {{firstName}}' },
        sms: { text: 'Hello' },
      },
      params: { header: { 'Idempotency-Key': 'typed-create-1' } },
    });
    const preview = await api.POST('/v1/campaigns/{campaignId}/preview', {
      params: { path: { campaignId: 'typed' } },
    });
    const started = await api.POST('/v1/campaigns/{campaignId}/{action}', {
      params: { path: { campaignId: 'typed', action: 'start' } },
    });
    const refused = await api.GET('/v1/campaigns/{campaignId}', {
      params: { path: { campaignId: 'NOT VALID' } },
    });

    // Assess
    expect(created.response.status).toBe(201);
    expect(created.data?.status).toBe('draft');
    expect(preview.data?.audience.reached).toBe(0);
    expect(started.response.status).toBe(202);
    expect(started.data?.campaignId).toBe('typed');
    expect(refused.response.status).toBe(400);
    expect(refused.error?.detail).toMatch(/^campaignId in the path must be/);
  });
});
