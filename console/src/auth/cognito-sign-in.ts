/**
 * Sign-in with the Cognito user pool's managed login: the authorization-code flow with PKCE (no
 * client secret in a browser). The user's groups are their roles; the ID token, which carries
 * them, is what the API's authorizer checks.
 */
import { ROLES, type Role, type Session } from './session.js';

export interface CognitoConfig {
  kind: 'cognito';
  /** `https://<prefix>.auth.<region>.amazoncognito.com` */
  domain: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
}

const PENDING = 'reactivate.pkce';

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

function randomString(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

export async function startCognitoSignIn(config: CognitoConfig, returnTo: string): Promise<void> {
  const verifier = randomString();
  const state = randomString();
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL('/oauth2/authorize', config.domain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: config.scopes.join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** The claims of a JWT (not verified here: the API verifies every request). */
function claimsOf(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(decodeURIComponent(escape(json))) as Record<string, unknown>;
}

/** Completes a sign-in when the page is Cognito's redirect back (`?code=…&state=…`). */
export async function completeCognitoSignIn(
  config: CognitoConfig,
): Promise<{ session: Session; returnTo: string } | undefined> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const refused = params.get('error');
  if (!code && !refused) return undefined;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as {
    verifier: string;
    state: string;
    returnTo: string;
  } | null;
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', location.pathname + location.hash);
  if (!pending || pending.state !== params.get('state'))
    throw new Error('The sign-in answer does not match the request made here: sign in again.');
  if (refused || !code)
    throw new Error(`Sign-in refused: ${params.get('error_description') ?? refused ?? 'no code'}.`);
  const response = await fetch(new URL('/oauth2/token', config.domain), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: config.redirectUri,
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error(`Cognito refused the sign-in (${response.status}).`);
  const tokens = (await response.json()) as { id_token: string };
  const claims = claimsOf(tokens.id_token);
  const groups = (claims['cognito:groups'] as string[] | undefined) ?? [];
  const roles = groups.filter((g): g is Role => (ROLES as readonly string[]).includes(g));
  return {
    session: {
      token: tokens.id_token,
      roles,
      name: String(claims.email ?? claims['cognito:username'] ?? claims.sub),
      kind: 'cognito',
      // The ID token's own expiry (`expires_in` is the access token's): a minute early.
      expiresAt: Number(claims.exp) * 1000 - 60_000,
    },
    returnTo: pending.returnTo,
  };
}

/**
 * Signs out of the managed login too: without it the pool's session cookie would sign the next
 * person at this browser straight back in. Cognito redirects back to the console afterwards.
 */
export function cognitoSignOutUrl(config: CognitoConfig): string {
  const url = new URL('/logout', config.domain);
  url.search = new URLSearchParams({ client_id: config.clientId, logout_uri: config.redirectUri }).toString();
  return url.toString();
}
