/**
 * The adapter with aws-jwt-verify itself, the pool's keys installed instead of fetched: tokens
 * signed here with a key of the test's own, as Cognito signs them.
 */
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CognitoIdTokenVerifier } from '../../../functions/adapters/cognito-id-token-verifier.js';

const POOL = 'eu-west-1_AbCdEf123';
const ISSUER = `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}`;
const KID = 'test-key-1';

const poolKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 });

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

function sign(claims: Record<string, unknown>, key: KeyObject = poolKey.privateKey, kid = KID): string {
  const head = base64url(JSON.stringify({ alg: 'RS256', kid, typ: 'JWT' }));
  const body = base64url(JSON.stringify(claims));
  const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(key);
  return `${head}.${body}.${base64url(signature)}`;
}

const now = () => Math.floor(Date.now() / 1000);
const idClaims = (overrides: Record<string, unknown> = {}) => ({
  sub: 'u-1',
  iss: ISSUER,
  aud: 'console-client',
  token_use: 'id',
  auth_time: now() - 60,
  iat: now() - 60,
  exp: now() + 3600,
  'cognito:username': 'ana',
  'cognito:groups': ['marketer'],
  ...overrides,
});

function verifier(): CognitoIdTokenVerifier {
  const v = new CognitoIdTokenVerifier(POOL);
  const jwk = poolKey.publicKey.export({ format: 'jwk' });
  v.cacheKeys({ keys: [{ ...jwk, kid: KID, alg: 'RS256', use: 'sig' } as never] });
  return v;
}

describe('CognitoIdTokenVerifier (aws-jwt-verify)', () => {
  it("accepts an ID token of the pool, from any of its app clients, and reads the user's groups", async () => {
    const claims = await verifier().verify(sign(idClaims({ aud: 'an-integration-client' })));

    expect(claims).toMatchObject({ sub: 'u-1', 'cognito:groups': ['marketer'] });
  });

  it.each([
    ['an expired token', sign(idClaims({ exp: now() - 10 }))],
    [
      'a token of another pool',
      sign(idClaims({ iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other' })),
    ],
    ['an access token', sign(idClaims({ token_use: 'access' }))],
    ['a token signed by another key', sign(idClaims(), otherKey.privateKey)],
    ['a token whose claims were changed after signing', tampered()],
  ])('refuses %s', async (_, token) => {
    await expect(verifier().verify(token)).rejects.toThrow();
  });
});

/** A valid token whose payload now claims the admin group, its signature the original's. */
function tampered(): string {
  const [head, , signature] = sign(idClaims()).split('.');
  return `${head}.${base64url(JSON.stringify(idClaims({ 'cognito:groups': ['admin'] })))}.${signature}`;
}
