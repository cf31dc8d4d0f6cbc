/**
 * The HTTP API's routes: one function of the manifest each (functions/manifest/functions.ts says
 * what it may touch and read). The CDK API construct and the local API server are both built
 * from this list, so a route exists locally exactly when it exists in AWS, with the same handler.
 */
import type { FunctionName } from '../functions/manifest/functions.js';

/**
 * Who calls the API, by job. `admin` may call every route (erasure only admin); the others only
 * the routes that name them: back-office systems feed data (`integration`), marketers run
 * campaigns (`marketer`), call-centre agents work the call queue (`agent`). In AWS each role is an
 * IAM managed policy (or a Cognito scope); locally, a bearer token each.
 */
export const CALLER_ROLES = ['admin', 'marketer', 'agent', 'integration'] as const;
export type CallerRole = (typeof CALLER_ROLES)[number];

export interface RouteDefinition {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** API Gateway resource path, with `{param}` placeholders. */
  path: string;
  /** The roles besides `admin` that may call it (none for public links, which need no credentials). */
  roles: readonly Exclude<CallerRole, 'admin'>[];
  /** The function that answers it (its manifest entry). */
  function: FunctionName;
  /**
   * Opened by customers from a message: no authorisation. The path's random send id is the
   * credential, and it only ever acts on the one send it names.
   */
  public?: true;
}

const ROUTES = [
  {
    method: 'PUT',
    path: '/v1/customers/{customerId}',
    roles: ['integration'],
    function: 'putCustomer',
  },
  {
    method: 'GET',
    path: '/v1/customers/{customerId}',
    roles: ['marketer', 'agent', 'integration'],
    function: 'getCustomer',
  },
  {
    method: 'GET',
    path: '/v1/customers/{customerId}/timeline',
    roles: ['marketer', 'agent'],
    function: 'customerTimeline',
  },
  {
    method: 'DELETE',
    path: '/v1/customers/{customerId}',
    roles: [],
    function: 'eraseCustomer',
  },
  {
    method: 'POST',
    path: '/v1/customers/batch',
    roles: ['integration'],
    function: 'batchCustomers',
  },
  {
    method: 'POST',
    path: '/v1/orders/batch',
    roles: ['integration'],
    function: 'batchOrders',
  },
  {
    method: 'POST',
    path: '/v1/events',
    roles: ['integration', 'agent'],
    function: 'recordEvent',
  },
  {
    method: 'GET',
    path: '/v1/openapi.json',
    roles: ['marketer', 'agent', 'integration'],
    function: 'openApi',
  },
  {
    method: 'GET',
    path: '/l/{sendId}',
    roles: [],
    function: 'followLink',
    public: true,
  },
  {
    method: 'GET',
    path: '/r/{sendId}/{reason}',
    roles: [],
    function: 'surveyAnswer',
    public: true,
  },
  {
    method: 'POST',
    path: '/r/{sendId}/{reason}',
    roles: [],
    function: 'surveyAnswer',
    public: true,
  },
  {
    method: 'GET',
    path: '/u/{sendId}',
    roles: [],
    function: 'unsubscribePage',
    public: true,
  },
  {
    method: 'POST',
    path: '/u/{sendId}',
    roles: [],
    function: 'unsubscribe',
    public: true,
  },
  {
    method: 'GET',
    path: '/v1/scoring-model',
    roles: ['marketer'],
    function: 'getScoringModel',
  },
  {
    method: 'GET',
    path: '/v1/call-tasks',
    roles: ['agent'],
    function: 'listCallTasks',
  },
  {
    method: 'POST',
    path: '/v1/call-tasks/{taskId}/{action}',
    roles: ['agent'],
    function: 'callTaskAction',
  },
  {
    method: 'POST',
    path: '/v1/campaigns',
    roles: ['marketer'],
    function: 'createCampaign',
  },
  {
    method: 'PUT',
    path: '/v1/code-pools/{poolId}',
    roles: ['marketer'],
    function: 'putCodePool',
  },
  {
    method: 'GET',
    path: '/v1/code-pools/{poolId}',
    roles: ['marketer'],
    function: 'getCodePool',
  },
  {
    method: 'GET',
    path: '/v1/campaigns',
    roles: ['marketer'],
    function: 'listCampaigns',
  },
  {
    method: 'PUT',
    path: '/v1/campaigns/{campaignId}',
    roles: ['marketer'],
    function: 'updateCampaign',
  },
  {
    method: 'GET',
    path: '/v1/campaigns/{campaignId}',
    roles: ['marketer'],
    function: 'getCampaign',
  },
  {
    method: 'POST',
    path: '/v1/campaigns/{campaignId}/preview',
    roles: ['marketer'],
    function: 'campaignPreview',
  },
  {
    method: 'GET',
    path: '/v1/campaigns/{campaignId}/report',
    roles: ['marketer'],
    function: 'campaignReport',
  },
  {
    method: 'POST',
    path: '/v1/campaigns/{campaignId}/{action}',
    roles: ['marketer'],
    function: 'campaignAction',
  },
] as const satisfies readonly RouteDefinition[];

/** The functions that answer the API. */
export type ApiFunctionName = (typeof ROUTES)[number]['function'];
export const API_ROUTES: readonly (RouteDefinition & { function: ApiFunctionName })[] = ROUTES;

/** Whether a caller in `role` may call `route` (public links aside: they take no credentials). */
export function roleMayCall(role: CallerRole, route: RouteDefinition): boolean {
  return role === 'admin' || (route.roles as readonly CallerRole[]).includes(role);
}

/** A route's path as an IAM resource pattern (no leading slash): a path parameter becomes `*`. */
export const routePattern = (route: Pick<RouteDefinition, 'path'>) =>
  route.path.slice(1).replace(/\{\w+\}/g, '*');

/** Whether an IAM pattern matches: its `*` stands for any characters, `/` included. */
const iamMatches = (pattern: string, text: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^$()|[\]\\{}]/g, '\\$&'))
      .join('.*')}$`,
  ).test(text);

/**
 * The routes none of `roles` may call that their allowed patterns still match — IAM's `*` crosses
 * `/`, so `GET v1/customers/*` (integration) also matches `v1/customers/x/timeline`. Each needs an
 * explicit Deny beside the Allow (a Deny wins), in the role policies and the group authoriser.
 */
export function shadowedRoutes(roles: readonly CallerRole[]): RouteDefinition[] {
  const allowed = API_ROUTES.filter((r) => !r.public && roles.some((role) => roleMayCall(role, r)));
  return API_ROUTES.filter(
    (r) =>
      !r.public &&
      !roles.some((role) => roleMayCall(role, r)) &&
      allowed.some((a) => a.method === r.method && iamMatches(routePattern(a), routePattern(r))),
  );
}
